/**
 * The course rules the app needs at run time, without zod (see activity-rules.ts). types/course.ts re-exports them.
 */

/** An enrolled place may be given up until this long before the start (a waiting place at any time). */
export const SESSION_FREE_CANCEL_MS = 2 * 60 * 60_000;
/** Attendance check-in opens this long before the start and closes this long after it. */
export const SESSION_CHECKIN_MS = 15 * 60_000;

/** How many questions a quiz draws from the course's bank, and how many must be right to pass. */
export const QUIZ_QUESTIONS = 3;
export const QUIZ_PASS = 2;
/** Quiz attempts a person may start per course and Beijing day. */
export const QUIZ_ATTEMPTS_PER_DAY = 3;
