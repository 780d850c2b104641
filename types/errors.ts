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
  'VENUE.ORG_NOT_FOUND': 404,
  /** Only a member or leader of an organization may book in its name. */
  'VENUE.NOT_ORG_MEMBER': 403,
  'VENUE.BOOKING_NOT_FOUND': 404,
  /** The slot is held by another booking. */
  'VENUE.SLOT_TAKEN': 409,
  /** Outside the booking window (past, or beyond windowDays). */
  'VENUE.OUTSIDE_WINDOW': 400,
  /** Not a slot of this venue's opening hours / slot grid. */
  'VENUE.OUTSIDE_HOURS': 400,
  'VENUE.BLACKOUT': 400,
  'VENUE.NOT_ADJACENT': 400,
  'VENUE.TOO_MANY_SLOTS': 400,
  'VENUE.OVER_CAPACITY': 400,
  /** Already holding the maximum number of active future bookings. */
  'VENUE.QUOTA_EXCEEDED': 409,
  /** Booking suspended after repeated no-shows / late cancellations; details.until is the end date. */
  'VENUE.SUSPENDED': 403,
  /** The booking is not in a state that allows this (e.g. cancelling a cancelled booking). */
  'VENUE.BOOKING_STATE': 409,
  /** Check-in is only possible from 15 minutes before to 15 minutes after the start. */
  'VENUE.CHECKIN_CLOSED': 409,
  'VENUE.CHECKIN_CODE_INVALID': 400,
  'VENUE.BLACKOUT_HAS_BOOKINGS': 409,
  /** A pending booking can no longer be approved: its 48 hours (or its start) have passed. */
  'VENUE.APPROVAL_EXPIRED': 409,
  /** The slot is free: book it instead of queueing. */
  'VENUE.SLOT_FREE': 409,
  /** Too many people tried at once; try again. */
  'VENUE.BUSY': 409,
  /** Booking needs a phone to reach the person: none on the form and none on the profile. */
  'VENUE.PHONE_REQUIRED': 400,
  /** WeChat's phone-number code is invalid, used or expired (single use, 5 minutes). */
  'USER.PHONE_CODE_INVALID': 400,
  /** The account is being deleted, or was deleted and not opened again: writes about it are refused. */
  'ACCOUNT.DELETING': 409,
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
  /** Facts the UI needs to explain the error (e.g. `until` for a suspension). */
  details?: Record<string, string>;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export function httpStatusOf(code: string): number {
  return (ErrorCodes as Record<string, number>)[code] ?? 500;
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ErrorCodes, code);
}
