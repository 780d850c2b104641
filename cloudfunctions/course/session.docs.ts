import { seatIdOf } from '../_shared/seats';

/** An offline session of a course (`course_sessions`). */
export interface SessionDoc {
  _id: string;
  courseId: string;
  /** Copied from the course when scheduled (the session keeps its title if the course is renamed). */
  courseTitle: string;
  membersOnly: boolean;
  start: Date;
  end: Date;
  place: string;
  address: string;
  /** The catalogue venue booked for it and the booking holding the venue's slots (both null without a venue). */
  venueId: string | null;
  bookingId: string | null;
  capacity: number;
  state: 'open' | 'cancelled';
  cancelReason: string | null;
  /** Who scheduled it (a district admin's openid). */
  by: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A person's place in a session (`session_signups`, `_id` = `<sessionId>:<openid>`). */
export interface SessionSignupDoc {
  _id: string;
  sessionId: string;
  courseId: string;
  openid: string;
  state: 'enrolled' | 'waitlisted' | 'cancelled';
  /** The seat held while enrolled (`<sessionId>:seat:<n>`). */
  seat: number | null;
  /** The waitlist ticket while waiting (`<sessionId>:ticket:<n>`): arrival order. */
  ticket: number | null;
  checkedInAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A seat or a waitlist ticket (`session_places`). */
export interface SessionPlaceDoc {
  _id: string;
  sessionId: string;
  kind: 'seat' | 'ticket';
  n: number;
  openid: string;
  /** Tickets: 'waiting' until promoted or given up (a ticket is never reused). */
  state?: 'waiting' | 'done';
  at: Date;
}

export const sessionSeatId = (sessionId: string, n: number): string => seatIdOf(sessionId, n);
export const sessionTicketId = (sessionId: string, n: number): string => `${sessionId}:ticket:${n}`;
export const sessionSignupId = (sessionId: string, openid: string): string => `${sessionId}:${openid}`;
