import type { z } from 'zod';
import type { ActionSpec } from './define';
import { userContract } from './user';
import { adminContract } from './admin';
import { stationContract } from './station';
import { venueContract } from './venue';
import { volunteerContract } from './volunteer';
import { pointsContract } from './points';
import { courseContract } from './course';
import { activityContract } from './activity';
import { orgContract } from './org';

/** Every cloud function (a domain) and its actions. Both the app and the functions derive their types from here. */
export const contract = {
  user: userContract,
  venue: venueContract,
  station: stationContract,
  volunteer: volunteerContract,
  admin: adminContract,
  points: pointsContract,
  course: courseContract,
  activity: activityContract,
  org: orgContract,
} as const;

export type Contract = typeof contract;
export type FunctionName = keyof Contract;
export type ActionName<F extends FunctionName> = keyof Contract[F] & string;
type Spec<F extends FunctionName, A extends ActionName<F>> = Contract[F][A] extends ActionSpec ? Contract[F][A] : never;
/** What a caller sends (before defaults/transforms). */
export type ActionInput<F extends FunctionName, A extends ActionName<F>> = z.input<Spec<F, A>['input']>;
/** What the handler receives after parsing. */
export type ParsedInput<F extends FunctionName, A extends ActionName<F>> = z.output<Spec<F, A>['input']>;
export type ActionOutput<F extends FunctionName, A extends ActionName<F>> = z.output<Spec<F, A>['output']>;

export * from './errors';
export * from './common';
export * from './define';
export * from './user';
export * from './venue';
export * from './station';
export * from './volunteer';
export * from './notification';
export * from './admin';
export * from './points';
export * from './course';
export * from './activity';
export * from './org';
export * from './dashboard';
export * from './beijing-time';
