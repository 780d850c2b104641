import type { z } from 'zod';
import type { ErrorCode } from './errors';

export interface ActionSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** One line for the API reference (docs/api.md is generated from the contract). */
  summary: string;
  input: I;
  output: O;
  /** Mutating actions accept a requestId and are rate-limited and idempotent. */
  mutates: boolean;
  /** Domain errors this action may answer, beyond the ones every action can (see docs/api.md). */
  errors?: readonly ErrorCode[];
}

export function defineAction<I extends z.ZodType, O extends z.ZodType>(spec: ActionSpec<I, O>): ActionSpec<I, O> {
  return spec;
}
