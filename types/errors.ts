/**
 * Error codes shared by the cloud functions and the app. Runtime-light on purpose: the app imports this
 * module (not zod) so the main package stays small.
 *
 * Each code maps to the HTTP status the local runtime (and the H5 transport) answers with.
 */
export const ErrorCodes = {
  'INPUT.INVALID': 400,
  'INPUT.UNKNOWN_ACTION': 400,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.FORBIDDEN': 403,
  'NOT_FOUND': 404,
  'USER.NOT_FOUND': 404,
  'VENUE.NOT_FOUND': 404,
  'CONFLICT': 409,
  'IDEMPOTENCY.KEY_REUSED': 409,
  'RATE.LIMITED': 429,
  'INTERNAL': 500,
  'UNAVAILABLE': 503,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Field paths (dot-joined) → what is wrong with that field; present for INPUT.INVALID. */
  fields?: Record<string, string>;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function httpStatusOf(code: string): number {
  return (ErrorCodes as Record<string, number>)[code] ?? 500;
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ErrorCodes, code);
}
