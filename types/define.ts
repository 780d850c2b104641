import type { z } from 'zod';
import type { Role } from './common';
import type { ErrorCode } from './errors';

/**
 * Who may call an action. `roles`: the function-level gate the runtime enforces before the handler runs ('any' =
 * every signed-in user). `objects`: the object-level rule the service enforces on the ids in the input — 'own'
 * (the caller's own objects), 'managed' (objects in the caller's management scope), 'none' (no object ids, or
 * public catalogue objects). The authorization suite checks both for every action.
 */
export interface Access {
  roles: 'any' | readonly Role[];
  objects: 'none' | 'own' | 'managed';
}

export const ANYONE: Access = { roles: 'any', objects: 'none' };
export const OWNER: Access = { roles: 'any', objects: 'own' };
export const VENUE_MANAGERS: Access = { roles: ['venue_manager', 'street_admin', 'district_admin'], objects: 'managed' };
/** Station managers act on the stations of their grant (`stationIds`); street admins on their street's; district admins on all. */
export const STATION_MANAGERS: Access = { roles: ['station_manager', 'street_admin', 'district_admin'], objects: 'managed' };
/** Street admins act on the objects of their street; district admins on all. */
export const ADMINS: Access = { roles: ['street_admin', 'district_admin'], objects: 'managed' };
/** Registered volunteers (the `volunteer` role, granted by volunteer.register) acting on their own places and records. */
export const VOLUNTEERS: Access = { roles: ['volunteer'], objects: 'own' };

export interface ActionSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** One line for the API reference (docs/api.md is generated from the contract). */
  summary: string;
  input: I;
  output: O;
  /** Mutating actions accept a requestId and are rate-limited and idempotent. */
  mutates: boolean;
  access: Access;
  /** Domain errors this action may answer, beyond the ones every action can (see docs/api.md). */
  errors?: readonly ErrorCode[];
  /**
   * Mutating actions only. 'runtime' (default): the function runtime stores the first response per requestId and
   * answers replays with it; 'native': the action is idempotent by construction (e.g. ids derived from the requestId).
   */
  idempotency?: 'runtime' | 'native';
  /** Mutating actions only: calls per openid per minute (default 30), counted in the database across instances. */
  perMinute?: number;
  /**
   * Mutating actions only. 'runtime' (default): every call counts before the handler runs. 'handler': the handler
   * counts (ctx.countAttempt) just before its first database work; calls it answers from memory do not count.
   */
  rateLimit?: 'runtime' | 'handler';
}

export const DEFAULT_MUTATIONS_PER_MINUTE = 30;

export function defineAction<I extends z.ZodType, O extends z.ZodType>(spec: ActionSpec<I, O>): ActionSpec<I, O> {
  return spec;
}
