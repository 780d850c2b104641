import type { ActivityAudience, ActivityState, ActivityType } from '../../types';
import { seatIdOf } from '../_shared/seats';

/** An activity a branch posts (`activities`). */
export interface ActivityDoc {
  _id: string;
  branchId: string;
  branchName: string;
  title: string;
  type: ActivityType;
  description: string;
  /** The accepted cover (`images/<coverImageId>`), and whether the image check let it be shown to others. */
  coverImageId: string | null;
  /** The stored (resized) file of the cover, for building its URL. */
  coverFileId: string | null;
  coverState: 'checking' | 'ok' | 'rejected' | null;
  start: Date;
  end: Date;
  signUpDeadline: Date;
  /** Beijing date of the start (the feed's date filter). */
  date: string;
  /** A catalogue venue (its name as placeName) and the booking holding its slots while published; or an address. */
  venueId: string | null;
  bookingId: string | null;
  placeName: string;
  address: string;
  streetId: string | null;
  streetName: string | null;
  communityId: string | null;
  communityName: string | null;
  lat: number | null;
  lng: number | null;
  capacity: number;
  audience: ActivityAudience;
  state: ActivityState;
  cancelReason: string | null;
  /** Who created it (a branch secretary's or district admin's openid) and who last changed it. */
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  /** Bumped by every change (a concurrent edit re-reads). */
  version: number;
}

/** A person's place in an activity (`activity_signups`, `_id` = `<activityId>:<openid>`). */
export interface ActivitySignupDoc {
  _id: string;
  activityId: string;
  openid: string;
  state: 'confirmed' | 'waitlisted' | 'cancelled';
  /** The seat held while confirmed (`<activityId>:seat:<n>`). */
  seat: number | null;
  /** The waitlist ticket while waiting (`<activityId>:ticket:<n>`): arrival order. */
  ticket: number | null;
  checkedInAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A seat or a waitlist ticket (`activity_places`); or a closed seat number: when a smaller capacity leaves numbers
 * above it, each free one gets a `closed` document with the seat's `_id` (openid CLOSED_SEAT_HOLDER), so a sign-up that
 * read the old capacity finds the number taken (or conflicts with the change) — nobody is seated beyond the capacity.
 * A larger capacity removes the ones it reopens. Closed seats are nobody's: every reader of seats or tickets skips them.
 */
export interface ActivityPlaceDoc {
  _id: string;
  activityId: string;
  kind: 'seat' | 'ticket' | 'closed';
  n: number;
  openid: string;
  /** Tickets: 'waiting' until promoted or given up (a ticket is never reused). */
  state?: 'waiting' | 'done';
  at: Date;
}

/** An accepted upload (`images`): defined with the code that writes it. */
export type { ImageDoc } from '../_shared/images';

export const activitySeatId = (activityId: string, n: number): string => seatIdOf(activityId, n);
/** The holder written on a closed seat number (no openid starts with '@'). */
export const CLOSED_SEAT_HOLDER = '@closed';
export const activityTicketId = (activityId: string, n: number): string => `${activityId}:ticket:${n}`;
export const activitySignupId = (activityId: string, openid: string): string => `${activityId}:${openid}`;
