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
  'STATION.NOT_FOUND': 404,
  /** Leaving a station the caller does not belong to (and has not applied to). */
  'STATION.NOT_MEMBER': 404,
  /** Deciding on an application that is not pending (already decided or withdrawn). */
  'STATION.NOT_PENDING': 409,
  'SHIFT.NOT_FOUND': 404,
  /** Every place is taken (and the caller did not ask to wait). */
  'SHIFT.FULL': 409,
  /** The shift is for members of its station only. */
  'SHIFT.MEMBERS_ONLY': 403,
  /** The shift has started (or was cancelled): no more sign-ups. */
  'SHIFT.SIGNUP_CLOSED': 409,
  /** Too many people tried at once; try again. */
  'SHIFT.BUSY': 409,
  /** End not after start, start in the past, or longer than 12 hours. */
  'SHIFT.BAD_TIMES': 400,
  'SHIFT.NOT_SIGNED_UP': 404,
  /** Cancelling after the start. */
  'SHIFT.STARTED': 409,
  'SHIFT.CODE_INVALID': 400,
  /** A code of this shift from an older 30-second step: details.stepsAgo. */
  'SHIFT.CODE_EXPIRED': 400,
  /** The current code of another shift: details.shiftTitle. */
  'SHIFT.CODE_OTHER_SHIFT': 400,
  'SHIFT.LOCATION_REQUIRED': 400,
  /** Outside the geofence: details.distanceM, details.radiusM. */
  'SHIFT.TOO_FAR': 400,
  /** Check-in opens 30 minutes before the start: details.opensAt. */
  'SHIFT.CHECKIN_TOO_EARLY': 409,
  /** The shift has ended: no check-in. */
  'SHIFT.CHECKIN_CLOSED': 409,
  'SHIFT.ALREADY_CHECKED_IN': 409,
  'SHIFT.NOT_CHECKED_IN': 409,
  /** More than 2 hours after the end: the manager confirms instead. */
  'SHIFT.CHECKOUT_CLOSED': 409,
  'SHIFT.ALREADY_CHECKED_OUT': 409,
  /** Confirming a check-out before the shift has ended. */
  'SHIFT.NOT_ENDED': 409,
  'HOURS.ENTRY_NOT_FOUND': 404,
  /** A correction would take a volunteer's hours at the station below zero. */
  'HOURS.NEGATIVE_TOTAL': 409,
  /** No hours credited yet: nothing to certify. */
  'CERTIFICATE.NO_HOURS': 409,
  'CERTIFICATE.NOT_FOUND': 404,
  /** A volunteer (role granted by an admin) who has not registered their real name and phone yet. */
  'VOLUNTEER.NOT_REGISTERED': 409,
  'COURSE.NOT_FOUND': 404,
  /** The course is for party members only: details none; course.get says why in plain words. */
  'COURSE.MEMBERS_ONLY': 403,
  /** The course has no online lesson (offline sessions only). */
  'COURSE.NO_LESSON': 404,
  /** Three quiz attempts of this course today already (Beijing day). */
  'COURSE.QUIZ_LIMIT': 429,
  /** No such quiz attempt of the caller for this course. */
  'COURSE.ATTEMPT_NOT_FOUND': 404,
  /** No such course session (or it is not open to the caller). */
  'COURSE.SESSION_NOT_FOUND': 404,
  /** The session was cancelled by the organiser. */
  'COURSE.SESSION_CANCELLED': 409,
  /** Sign-up is closed: the session has started. */
  'COURSE.SIGNUP_CLOSED': 409,
  /** The caller holds no place (enrolled or waiting) in this session. */
  'COURSE.NOT_SIGNED_UP': 404,
  /** An enrolled place can be given up only until 2 hours before the start. */
  'COURSE.CANCEL_CLOSED': 409,
  /** Check-in is open from 15 minutes before to 15 minutes after the start. */
  'COURSE.CHECKIN_CLOSED': 409,
  /** The check-in code is not this session's current one. */
  'COURSE.CODE_WRONG': 400,
  /** Only enrolled people check in (a waiting place is not a seat). */
  'COURSE.NOT_ENROLLED': 409,
  'COURSE.ALREADY_CHECKED_IN': 409,
  /** Scheduling: the venue's slot is taken or closed (the venue error's reason is in details). */
  'COURSE.VENUE_TAKEN': 409,
  /** No such party branch, or not one the caller keeps. */
  'COURSE.BRANCH_NOT_FOUND': 404,
  /** A course needs at least 3 quiz questions to have a lesson; the editor says which field. */
  'COURSE.BANK_TOO_SMALL': 400,
  /** No such activity, or not one the caller may see (a members-only activity outside their branch; another's draft). */
  'ACTIVITY.NOT_FOUND': 404,
  /** Every place is taken and the caller did not ask to wait. */
  'ACTIVITY.FULL': 409,
  /** Sign-up is closed: the deadline (or the start) has passed. */
  'ACTIVITY.SIGNUP_CLOSED': 409,
  /** The activity was cancelled by its organiser. */
  'ACTIVITY.CANCELLED': 409,
  'ACTIVITY.NOT_SIGNED_UP': 404,
  /** A place can be given up only until the start. */
  'ACTIVITY.CANCEL_CLOSED': 409,
  /** Check-in is open from 30 minutes before the start to the end. */
  'ACTIVITY.CHECKIN_CLOSED': 409,
  'ACTIVITY.CODE_WRONG': 400,
  /** Only confirmed places check in (a waiting place is not a place). */
  'ACTIVITY.NOT_CONFIRMED': 409,
  'ACTIVITY.ALREADY_CHECKED_IN': 409,
  /** Publishing or moving: a venue slot is taken or closed, or the venue needs its manager's approval; details name the slot. */
  'ACTIVITY.VENUE_TAKEN': 409,
  /** Start/end/deadline out of order, in the past, over one Beijing day or longer than 12 hours. */
  'ACTIVITY.BAD_TIME': 400,
  /** Only a draft can be published. */
  'ACTIVITY.NOT_DRAFT': 409,
  /** The activity has ended: it can no longer be changed or cancelled. */
  'ACTIVITY.ENDED': 409,
  /** The new capacity is below the places already taken. */
  'ACTIVITY.CAPACITY_BELOW_TAKEN': 409,
  /** The cover is not the caller's upload, not a JPEG or PNG image (judged by its bytes), larger than 5 MB, or refused by the image check. */
  'ACTIVITY.IMAGE_INVALID': 400,
  /** No such party branch, or not one the caller organises for. */
  'ACTIVITY.BRANCH_NOT_FOUND': 404,
  /** No such organization in the register. */
  'ORG.NOT_FOUND': 404,
  /** The organization already has a recognised leader (someone else). */
  'ORG.ALREADY_CLAIMED': 409,
  /** The organization was merged into another (details.mergedInto): act on that one. */
  'ORG.MERGED': 409,
  /** An organization cannot be merged into itself. */
  'ORG.MERGE_SAME': 400,
  /** verify with `claim` but nobody is waiting to be recognised as leader. */
  'ORG.NO_CLAIM': 409,
  /** No such party organization, or not one in the caller's scope. */
  'ORG.PARTY_NOT_FOUND': 404,
  /** An organization's own party organization (单独组建) has exactly one member organization. */
  'ORG.PARTY_OWN_ONE': 400,
  /** Unknown street or community, or a community not in the street, or a level that does not fit (details.field). */
  'ADMIN.AREA_UNKNOWN': 400,
  /** Opening hours: closing must be after opening, with room for at least one slot. */
  'ADMIN.BAD_HOURS': 400,
  /** The venue was retired: it cannot be edited or booked. */
  'VENUE.RETIRED': 409,
  /** Retiring a venue with future bookings needs cancelBookings (details.count). */
  'VENUE.HAS_BOOKINGS': 409,
  /** The station was retired. */
  'STATION.RETIRED': 409,
  /** Retiring a station with future shifts needs cancelShifts (details.count). */
  'STATION.HAS_SHIFTS': 409,
  /**
   * Posted text failed the content-security check (risky or review): nothing was written. details.field (and fields)
   * name the refused input field; the matched word is never echoed.
   */
  'CONTENT.REJECTED': 422,
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
