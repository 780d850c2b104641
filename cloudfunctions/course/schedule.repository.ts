import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { enqueueNotification, type NotificationKind } from '../_shared/notifications';
import type { GridSlot } from '../_shared/slot-grid';
import { getDoc, retryingTransaction, type Transaction } from '../_shared/tx';
import { bookEventSlots, cancelEventBooking, ledgerEntry, type BookingDoc, type LedgerDoc, type VenueDoc } from '../_shared/venue-ledger';
import type { CourseDoc } from './course.repository';
import { sessionSeatId, sessionTicketId, type SessionDoc, type SessionSignupDoc } from './session.docs';

/** How many sign-ups one cancellation transaction closes (the first one also cancels the session and its booking). */
export const CANCEL_BATCH = 50;

/** Typed operations inside one scheduling or cancelling transaction. */
export class ScheduleTx {
  constructor(
    private readonly tx: Transaction,
    readonly now: number,
  ) {}

  session(id: string): Promise<SessionDoc | null> {
    return getDoc<SessionDoc>(this.tx, Collections.courseSessions, id);
  }

  async addSession(doc: SessionDoc): Promise<void> {
    await this.tx.collection(Collections.courseSessions).add(doc);
  }

  async updateSession(id: string, patch: Partial<Omit<SessionDoc, '_id'>>): Promise<void> {
    await this.tx.collection(Collections.courseSessions).doc(id).update({ ...patch, updatedAt: new Date(this.now) });
  }

  /** Books the venue through the engine's one write step (hold the slots, insert the booking); throws SlotHeld. */
  bookVenue(doc: BookingDoc, slots: GridSlot[]): Promise<void> {
    return bookEventSlots(this.tx, doc, slots);
  }

  booking(id: string): Promise<BookingDoc | null> {
    return getDoc<BookingDoc>(this.tx, Collections.bookings, id);
  }

  /** Cancels the session's booking and frees the ledger slots it holds. */
  cancelBooking(b: BookingDoc): Promise<void> {
    return cancelEventBooking(this.tx, b, this.now);
  }

  signup(id: string): Promise<SessionSignupDoc | null> {
    return getDoc<SessionSignupDoc>(this.tx, Collections.sessionSignups, id);
  }

  /** Ends a person's place as the session is cancelled: the seat is freed or the ticket closed (never reused). */
  async cancelSignup(s: SessionSignupDoc): Promise<void> {
    if (s.state === 'enrolled' && s.seat !== null) await this.tx.collection(Collections.sessionPlaces).doc(sessionSeatId(s.sessionId, s.seat)).remove();
    if (s.state === 'waitlisted' && s.ticket !== null) await this.tx.collection(Collections.sessionPlaces).doc(sessionTicketId(s.sessionId, s.ticket)).update({ state: 'done' });
    await this.tx.collection(Collections.sessionSignups).doc(s._id).update({ state: 'cancelled', seat: null, ticket: null, updatedAt: new Date(this.now) });
  }

  notify(n: { openid: string; kind: NotificationKind; title: string; body: string; sessionId: string; courseId: string }): Promise<void> {
    return enqueueNotification(this.tx, n, this.now);
  }

  audit(entry: AuditEntry): Promise<void> {
    return appendAudit(this.tx, entry, this.now);
  }
}

/** Sessions as the scheduler writes them, the venue and course they are made from, and their sign-ups. */
export class ScheduleRepository {
  constructor(private readonly db: () => Database) {}

  transaction<T>(now: number, work: (tx: ScheduleTx) => Promise<T>, options: { beforeRetry?: () => Promise<T | undefined> } = {}): Promise<T> {
    return retryingTransaction(this.db(), (tx) => work(new ScheduleTx(tx, now)), options);
  }

  /** A course as stored, published or not (an admin may schedule a course before publishing it). */
  course(id: string): Promise<CourseDoc | null> {
    return getDoc<CourseDoc>(this.db(), Collections.courses, id);
  }

  /** The venue as committed now (not a cached catalogue copy: its closed dates and capacity are judged on it). */
  venue(id: string): Promise<VenueDoc | null> {
    return getDoc<VenueDoc>(this.db(), Collections.venues, id);
  }

  session(id: string): Promise<SessionDoc | null> {
    return getDoc<SessionDoc>(this.db(), Collections.courseSessions, id);
  }

  ledgerEntry(key: string): Promise<LedgerDoc | null> {
    return ledgerEntry(this.db(), key);
  }

  /** Up to `limit` sign-ups of a session that still hold a seat or a waiting place. */
  /** Cancelled sessions that start after `since` (the timer ends sign-ups that raced the cancellation). */
  async cancelledSince(since: Date): Promise<SessionDoc[]> {
    const db = this.db();
    const res = await db.collection(Collections.courseSessions).where({ state: 'cancelled', start: db.command.gt(since) }).limit(200).get();
    return res.data as SessionDoc[];
  }

  async liveSignups(sessionId: string, limit: number): Promise<SessionSignupDoc[]> {
    const _ = this.db().command;
    const res = await this.db()
      .collection(Collections.sessionSignups)
      .where({ sessionId, state: _.in(['enrolled', 'waitlisted']) })
      .limit(limit)
      .get();
    return res.data as SessionSignupDoc[];
  }
}
