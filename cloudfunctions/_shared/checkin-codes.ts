import { createHmac } from 'node:crypto';
import { DomainError } from './errors';

/**
 * Six-digit check-in codes derived with HMAC from a server secret (CHECKIN_SECRET, set as a function environment
 * variable in production; the local runtime sets one per data directory). Short enough for an elderly user to type,
 * bound to one booking or one venue-day, and worthless without the secret.
 */
function secret(): string {
  const s = process.env.CHECKIN_SECRET;
  if (!s || s.length < 16) throw new Error('CHECKIN_SECRET is not configured');
  return s;
}

function sixDigits(message: string): string {
  const mac = createHmac('sha256', secret()).update(message).digest();
  return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export const bookingCode = (bookingId: string): string => sixDigits(`booking:${bookingId}`);
export const venueDayCode = (venueId: string, date: string): string => sixDigits(`venue:${venueId}:${date}`);

/** Rotating codes (shift, course-session and activity check-in) change every 30 seconds. */
export const CODE_STEP_MS = 30_000;
export const codeStep = (now: number): number => Math.floor(now / CODE_STEP_MS);
/** What an organiser's rotating code checks people in to. */
export type RotatingSubject = 'shift' | 'session' | 'activity';
/** The six digits of a shift or session for one 30-second step: the organiser's phone shows the current step's. */
export const stepCode = (subject: RotatingSubject, id: string, step: number): string => sixDigits(`${subject}:${id}:${step}`);
export const shiftStepCode = (shiftId: string, step: number): string => stepCode('shift', shiftId, step);
export const sessionStepCode = (sessionId: string, step: number): string => stepCode('session', sessionId, step);
/** Whether `code` is the subject's code of the current or the previous step (the two the organiser's phone may show). */
export const isCurrentStepCode = (subject: RotatingSubject, id: string, code: string, now: number): boolean => {
  const step = codeStep(now);
  return code === stepCode(subject, id, step) || code === stepCode(subject, id, step - 1);
};
/** What a scan of the organiser's QR code reads: `redsail:<subject>:<id>:<code>`. */
export const rotatingQr = (subject: RotatingSubject, id: string, code: string): string => `redsail:${subject}:${id}:${code}`;

export function assertCode(expected: string, given: string): void {
  if (expected.length !== given.length || expected !== given) throw new DomainError('VENUE.CHECKIN_CODE_INVALID', 'wrong check-in code');
}
