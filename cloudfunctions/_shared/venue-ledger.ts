import { createHash } from 'node:crypto';
import type { BookingState, VenueLevel, VenueType } from '../../types';
import { Collections } from './collections';
import { dbErrorCode } from './db';
import { recordBookingChange } from './rollups';
import type { GridSlot } from './slot-grid';
import { getDoc, type Writer } from './tx';

/**
 * The venue booking engine's documents and its one write step, shared by every function that books a venue: the venue
 * function (residents, organizations, the waitlist) and the course function (a session scheduled into a venue).
 */

/** A venue as stored. Street/community names are denormalised so a list needs one query. */
export interface VenueDoc {
  _id: string;
  name: string;
  level: VenueLevel;
  type: VenueType;
  capacity: number;
  facilities: string[];
  address: string;
  streetId: string | null;
  streetName: string | null;
  communityId: string | null;
  communityName: string | null;
  photos: string[];
  opens: string;
  closes: string;
  slotMinutes: number;
  windowDays: number;
  maxConsecutive: number;
  needsApproval: boolean;
  blackoutDates: string[];
  active: boolean;
  sort: number;
  /** Set by administration (admin.saveVenue, retireVenue): when it last changed there, and why a venue was retired. */
  adminChangedAt?: Date;
  /** A new random value at each such change (changes in the same millisecond differ). */
  adminRevision?: string;
  retiredAt?: Date | null;
  retiredReason?: string | null;
}

/**
 * Who made a booking: a resident ('user'), the venue waitlist ('waitlist'), or an organisation event held in the venue
 * ('course': a course session; 'activity': a branch's activity) — see EVENT_SOURCES.
 */
export type BookingSource = 'user' | 'waitlist' | EventSource;

/**
 * Bookings held by an organisation event (a course session, an activity): confirmed at once, counted against nobody's
 * quota, never released as a no-show, no reminder, refused by venue.cancel (only the event frees them), completed when
 * they end.
 */
export const EVENT_SOURCES = ['course', 'activity'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];
export const isEventBooking = (b: Pick<BookingDoc, 'source'>): boolean => (EVENT_SOURCES as readonly string[]).includes(b.source);

export interface BookingDoc {
  _id: string;
  /** Fingerprint of the request that made it: a replay with other content is refused. */
  inputHash: string;
  venueId: string;
  venueName: string;
  venueAddress: string;
  openid: string;
  /** Contact phone given with this booking (the profile phone is used when absent). */
  phone: string | null;
  orgId: string | null;
  orgName: string | null;
  date: string;
  start: Date;
  end: Date;
  slotKeys: string[];
  state: BookingState;
  purpose: string;
  attendees: number;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
  rejectReason: string | null;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  reminderSent: boolean;
  source: BookingSource;
}

export interface LedgerDoc {
  _id: string;
  venueId: string;
  date: string;
  start: Date;
  /** The booking holding the slot, or BLACKOUT_HOLDER when a manager has closed the date. */
  bookingId: string;
  openid: string;
}

/**
 * A closed date holds every slot of the day in the ledger under this holder, so the database itself refuses a
 * booking of a closed date (and a date with bookings cannot be closed), whatever copy of the venue a function
 * instance has.
 */
export const BLACKOUT_HOLDER = 'blackout';

/**
 * The holders (`openid`) of bookings made for organisation events: no person (no WeChat openid, nor a local sign-in id,
 * has an '@'), so the booking is on no one's quota, list or slot grid as theirs, and no one can cancel it as theirs.
 */
export const EVENT_BOOKERS: Record<EventSource, string> = { course: '@course', activity: '@activity' };
export const COURSE_BOOKER = EVENT_BOOKERS.course;
export const ACTIVITY_BOOKER = EVENT_BOOKERS.activity;

export const isBlackoutEntry = (entry: Pick<LedgerDoc, 'bookingId'> | null | undefined): boolean => entry?.bookingId === BLACKOUT_HOLDER;

/** States in which a booking holds its slots and counts against the quota. */
export const HOLDING_STATES: BookingState[] = ['pending', 'confirmed', 'checked_in'];

/** Booking ids derive from an idempotency key, so the booking itself is the record of the request. */
export function bookingIdFor(idempotencyKey: string): string {
  return `bk_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;
}

export function ledgerEntry(w: Writer, key: string): Promise<LedgerDoc | null> {
  return getDoc<LedgerDoc>(w, Collections.slotLedger, key);
}

/** Claims a slot. The deterministic `_id` makes the database refuse a second holder (duplicate write / conflict). */
export async function holdSlot(w: Writer, entry: LedgerDoc): Promise<'held' | 'taken'> {
  try {
    await w.collection(Collections.slotLedger).add(entry);
    return 'held';
  } catch (e) {
    if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE') return 'taken';
    throw e;
  }
}

/** Inserts a booking; its deterministic `_id` makes the database refuse a second one for the same request. */
export async function insertBooking(w: Writer, doc: BookingDoc): Promise<'inserted' | 'exists'> {
  try {
    await w.collection(Collections.bookings).add(doc);
    await recordBookingChange(w, null, doc, new Date(doc.updatedAt).getTime());
    return 'inserted';
  } catch (e) {
    if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE') return 'exists';
    throw e;
  }
}

/** A slot someone else (or this booking, on a replay) already holds, with its ledger entry as committed. */
export interface TakenSlot {
  key: string;
  holder: LedgerDoc | null;
}

/**
 * Holds each slot for the booking, in order. Returns null when all are held, or the first slot already held (by a
 * booking — possibly this one, on a replay — or a closed date); the caller's transaction is then to be rolled back.
 */
export async function holdSlots(w: Writer, booking: Pick<BookingDoc, '_id' | 'venueId' | 'date' | 'openid'>, slots: GridSlot[]): Promise<TakenSlot | null> {
  for (const entry of ledgerEntries(booking, slots)) {
    if ((await holdSlot(w, entry)) === 'taken') return { key: entry._id, holder: await ledgerEntry(w, entry._id) };
  }
  return null;
}

/** The ledger entries holding `slots` for a booking (one per slot, `_id` = the slot key). */
export function ledgerEntries(booking: Pick<BookingDoc, '_id' | 'venueId' | 'date' | 'openid'>, slots: GridSlot[]): LedgerDoc[] {
  return slots.map((slot) => ({ _id: slot.key, venueId: booking.venueId, date: booking.date, start: new Date(slot.start), bookingId: booking._id, openid: booking.openid }));
}

/** The booking holding an organisation event's venue slots: its id derives from the event's (and, for an event that
 * re-books, a key of that booking: e.g. the activity's version). */
export const eventBookingId = (source: EventSource, key: string): string => bookingIdFor(`${source}:${key}`);
/** The booking holding a course session's venue slots: its id derives from the session's. */
export const courseBookingId = (sessionId: string): string => eventBookingId('course', sessionId);

/**
 * THE booking of an organisation event: `slots` (consecutive, one Beijing date) at `venue`, confirmed at once (no
 * approval), held by the source's EVENT_BOOKERS holder (no person), seating `capacity`, its purpose naming the event.
 */
export function eventBooking(o: { source: EventSource; bookingId: string; venue: VenueDoc; date: string; slots: GridSlot[]; purpose: string; capacity: number; now: number }): BookingDoc {
  const first = o.slots[0];
  const last = o.slots[o.slots.length - 1];
  if (!first || !last) throw new Error(`an event booking needs at least one slot`);
  return {
    _id: o.bookingId,
    inputHash: o.source,
    venueId: o.venue._id,
    venueName: o.venue.name,
    venueAddress: o.venue.address,
    openid: EVENT_BOOKERS[o.source],
    phone: null,
    orgId: null,
    orgName: null,
    date: o.date,
    start: new Date(first.start),
    end: new Date(last.end),
    slotKeys: o.slots.map((s) => s.key),
    state: 'confirmed',
    purpose: o.purpose,
    attendees: o.capacity,
    createdAt: new Date(o.now),
    updatedAt: new Date(o.now),
    expiresAt: null,
    rejectReason: null,
    cancelledAt: null,
    checkedInAt: null,
    // No reminder is due: the venue timer never sends one for an event's booking.
    reminderSent: true,
    source: o.source,
  };
}

/** A course session's booking (eventBooking), its purpose naming the course. */
export function courseBooking(o: { sessionId: string; venue: VenueDoc; date: string; slots: GridSlot[]; courseTitle: string; capacity: number; now: number }): BookingDoc {
  return eventBooking({ source: 'course', bookingId: courseBookingId(o.sessionId), venue: o.venue, date: o.date, slots: o.slots, purpose: `党课：《${o.courseTitle}》`, capacity: o.capacity, now: o.now });
}

/** Thrown inside an event's transaction when a slot is held (by a booking or a closed date): nothing is written. */
export class SlotHeld extends Error {
  constructor(readonly taken: TakenSlot) {
    super(`slot ${taken.key} is held`);
  }
}

/** Books an event's venue through the engine's one write step (hold the slots, insert the booking); throws SlotHeld. */
export async function bookEventSlots(w: Writer, doc: BookingDoc, slots: GridSlot[]): Promise<void> {
  const res = await bookSlots(w, doc, slots);
  if (res.kind === 'taken') throw new SlotHeld(res.taken);
  if (res.kind === 'exists') throw new Error(`booking ${doc._id} exists without its event`);
}

/** Cancels an event's booking and frees the ledger slots it holds (inside the caller's transaction). */
export async function cancelEventBooking(w: Writer, b: BookingDoc, now: number): Promise<void> {
  await w.collection(Collections.bookings).doc(b._id).update({ state: 'cancelled', cancelledAt: new Date(now), updatedAt: new Date(now) });
  await recordBookingChange(w, b, { ...b, state: 'cancelled' }, now);
  await releaseSlots(w, b);
}

/**
 * The engine's write step, inside the caller's transaction: hold these slots for this booking, then insert the booking.
 * 'taken': a slot is held by another booking or a closed date (or by this booking: a replay); 'exists': a booking with
 * this id exists (the same request, other slots). Either way the caller must roll back (throw).
 */
export async function bookSlots(w: Writer, doc: BookingDoc, slots: GridSlot[]): Promise<{ kind: 'booked' } | { kind: 'taken'; taken: TakenSlot } | { kind: 'exists' }> {
  const taken = await holdSlots(w, doc, slots);
  if (taken) return { kind: 'taken', taken };
  if ((await insertBooking(w, doc)) === 'exists') return { kind: 'exists' };
  return { kind: 'booked' };
}

/** Frees the ledger slots this booking still holds (inside the caller's transaction); returns their keys. */
export async function releaseSlots(w: Writer, b: Pick<BookingDoc, '_id' | 'slotKeys'>): Promise<string[]> {
  const held: string[] = [];
  for (const key of b.slotKeys) {
    const entry = await ledgerEntry(w, key);
    if (entry && entry.bookingId === b._id) held.push(key);
  }
  for (const key of held) await w.collection(Collections.slotLedger).doc(key).remove();
  return held;
}
