import type { BookingState } from '../../types';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import { type Database, dbErrorCode } from '../_shared/db';
import { enqueueNotification, type NotificationKind } from '../_shared/notifications';
import { getDoc, type Transaction, type Writer } from '../_shared/tx';
import type { VenueDoc } from './venue.repository';

export interface BookingDoc {
  _id: string;
  venueId: string;
  venueName: string;
  venueAddress: string;
  openid: string;
  bookerName: string;
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
  source: 'user' | 'waitlist';
}

export interface LedgerDoc {
  _id: string;
  venueId: string;
  date: string;
  start: Date;
  bookingId: string;
  openid: string;
}

export interface WaitlistDoc {
  _id: string;
  venueId: string;
  slotKey: string;
  date: string;
  start: Date;
  openid: string;
  purpose: string;
  attendees: number;
  phone: string | null;
  state: 'waiting' | 'booked' | 'skipped' | 'left';
  createdAt: Date;
  bookingId: string | null;
}

export interface IdempotencyDoc {
  _id: string;
  inputHash: string;
  resultId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface OrganizationDoc {
  _id: string;
  name: string;
}

/** States in which a booking holds its slots and counts against the quota. */
export const HOLDING_STATES: BookingState[] = ['pending', 'confirmed', 'checked_in'];

/** Typed operations available inside one booking transaction. Rules live in the service; this only reads/writes. */
export class BookingTx {
  constructor(
    private readonly tx: Transaction,
    readonly now: number,
  ) {}

  get writer(): Writer {
    return this.tx;
  }

  idempotency(key: string): Promise<IdempotencyDoc | null> {
    return getDoc<IdempotencyDoc>(this.tx, Collections.idempotencyKeys, key);
  }

  async rememberResult(key: string, inputHash: string, resultId: string, keepMs: number): Promise<void> {
    const doc: IdempotencyDoc = { _id: key, inputHash, resultId, createdAt: new Date(this.now), expiresAt: new Date(this.now + keepMs) };
    await this.tx.collection(Collections.idempotencyKeys).add(doc);
  }

  async activeCount(openid: string): Promise<number> {
    const q = await getDoc<{ active: number }>(this.tx, Collections.bookingQuotas, openid);
    return q?.active ?? 0;
  }

  async setActiveCount(openid: string, active: number): Promise<void> {
    await this.tx.collection(Collections.bookingQuotas).doc(openid).set({ active: Math.max(0, active), updatedAt: new Date(this.now) });
  }

  suspension(openid: string): Promise<{ until: Date } | null> {
    return getDoc<{ until: Date }>(this.tx, Collections.bookingSuspensions, openid);
  }

  ledger(key: string): Promise<LedgerDoc | null> {
    return getDoc<LedgerDoc>(this.tx, Collections.slotLedger, key);
  }

  async hold(entry: LedgerDoc): Promise<void> {
    await this.tx.collection(Collections.slotLedger).add(entry);
  }

  async release(keys: string[]): Promise<void> {
    for (const key of keys) await this.tx.collection(Collections.slotLedger).doc(key).remove();
  }

  booking(id: string): Promise<BookingDoc | null> {
    return getDoc<BookingDoc>(this.tx, Collections.bookings, id);
  }

  async insertBooking(doc: BookingDoc): Promise<void> {
    await this.tx.collection(Collections.bookings).add(doc);
  }

  async updateBooking(id: string, patch: Partial<Omit<BookingDoc, '_id'>>): Promise<void> {
    await this.tx.collection(Collections.bookings).doc(id).update({ ...patch, updatedAt: new Date(this.now) });
  }

  async addStrike(openid: string, bookingId: string, reason: 'late_cancel' | 'no_show'): Promise<void> {
    await this.tx.collection(Collections.bookingStrikes).add({ _id: `${bookingId}:${reason}`, openid, bookingId, reason, at: new Date(this.now) });
  }

  async suspend(openid: string, until: Date): Promise<void> {
    await this.tx.collection(Collections.bookingSuspensions).doc(openid).set({ until, since: new Date(this.now) });
  }

  async updateWaitlist(id: string, patch: Partial<Omit<WaitlistDoc, '_id'>>): Promise<void> {
    await this.tx.collection(Collections.waitlist).doc(id).update(patch);
  }

  notify(n: { openid: string; kind: NotificationKind; title: string; body: string; bookingId?: string }): Promise<void> {
    return enqueueNotification(this.tx, n, this.now);
  }

  audit(entry: AuditEntry): Promise<void> {
    return appendAudit(this.tx, entry, this.now);
  }
}

export class BookingRepository {
  constructor(private readonly db: () => Database) {}

  /** Runs `work` in a CloudBase transaction (retried by the SDK on write conflicts). */
  transaction<T>(now: number, work: (tx: BookingTx) => Promise<T>): Promise<T> {
    return this.db().runTransaction(async (tx: Transaction) => work(new BookingTx(tx, now)), 4) as Promise<T>;
  }

  venue(id: string): Promise<VenueDoc | null> {
    return getDoc<VenueDoc>(this.db(), Collections.venues, id);
  }

  organization(id: string): Promise<OrganizationDoc | null> {
    return getDoc<OrganizationDoc>(this.db(), Collections.organizations, id);
  }

  async organizations(): Promise<OrganizationDoc[]> {
    const res = await this.db().collection(Collections.organizations).orderBy('_id', 'asc').limit(1000).get();
    return res.data as OrganizationDoc[];
  }

  booking(id: string): Promise<BookingDoc | null> {
    return getDoc<BookingDoc>(this.db(), Collections.bookings, id);
  }

  ledgerEntry(key: string): Promise<LedgerDoc | null> {
    return getDoc<LedgerDoc>(this.db(), Collections.slotLedger, key);
  }

  async ledgerFor(venueId: string, date: string): Promise<LedgerDoc[]> {
    const res = await this.db().collection(Collections.slotLedger).where({ venueId, date }).limit(1000).get();
    return res.data as LedgerDoc[];
  }

  async suspension(openid: string): Promise<{ until: Date } | null> {
    return getDoc<{ until: Date }>(this.db(), Collections.bookingSuspensions, openid);
  }

  async strikesSince(openid: string, since: Date): Promise<number> {
    const _ = this.db().command;
    const res = await this.db().collection(Collections.bookingStrikes).where({ openid, at: _.gte(since) }).count();
    return res.total ?? 0;
  }

  async bookingsOf(openid: string, when: 'upcoming' | 'past', now: number): Promise<BookingDoc[]> {
    const db = this.db();
    const _ = db.command;
    const where =
      when === 'upcoming'
        ? { openid, end: _.gt(new Date(now)), state: _.in(HOLDING_STATES) }
        : _.or([
            { openid, end: _.lte(new Date(now)) },
            { openid, state: _.nin(HOLDING_STATES) },
          ]);
    const res = await db
      .collection(Collections.bookings)
      .where(where)
      .orderBy('start', when === 'upcoming' ? 'asc' : 'desc')
      .limit(100)
      .get();
    return res.data as BookingDoc[];
  }

  async bookingsAt(venueIds: string[], date: string, states?: BookingState[]): Promise<BookingDoc[]> {
    if (venueIds.length === 0) return [];
    const _ = this.db().command;
    const where: Record<string, unknown> = { venueId: _.in(venueIds), date };
    if (states) where.state = _.in(states);
    const res = await this.db().collection(Collections.bookings).where(where).orderBy('start', 'asc').limit(1000).get();
    return res.data as BookingDoc[];
  }

  async pendingAt(venueIds: string[]): Promise<BookingDoc[]> {
    if (venueIds.length === 0) return [];
    const _ = this.db().command;
    const res = await this.db()
      .collection(Collections.bookings)
      .where({ venueId: _.in(venueIds), state: 'pending' })
      .orderBy('start', 'asc')
      .limit(1000)
      .get();
    return res.data as BookingDoc[];
  }

  /** Bookings in `states` whose `field` is at or before `at` (timer work lists). */
  async due(states: BookingState[], field: 'start' | 'end' | 'expiresAt', at: Date, extra: Record<string, unknown> = {}): Promise<BookingDoc[]> {
    const _ = this.db().command;
    const res = await this.db()
      .collection(Collections.bookings)
      .where({ state: _.in(states), [field]: _.lte(at), ...extra })
      .orderBy(field, 'asc')
      .limit(200)
      .get();
    return res.data as BookingDoc[];
  }

  async managedVenues(scope: { venueIds: string[]; streetIds: string[]; all: boolean }): Promise<VenueDoc[]> {
    const db = this.db();
    const _ = db.command;
    const where = scope.all ? {} : _.or([{ _id: _.in(scope.venueIds) }, { streetId: _.in(scope.streetIds) }]);
    const res = await db.collection(Collections.venues).where(where).orderBy('sort', 'asc').limit(500).get();
    return res.data as VenueDoc[];
  }

  async bookingWithRequest(key: string): Promise<IdempotencyDoc | null> {
    return getDoc<IdempotencyDoc>(this.db(), Collections.idempotencyKeys, key);
  }

  // ---- waitlist

  async addToWaitlist(doc: WaitlistDoc): Promise<'added' | 'exists'> {
    try {
      await this.db().collection(Collections.waitlist).add(doc);
      return 'added';
    } catch (e) {
      if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE') return 'exists';
      throw e;
    }
  }

  waitlistEntry(id: string): Promise<WaitlistDoc | null> {
    return getDoc<WaitlistDoc>(this.db(), Collections.waitlist, id);
  }

  async reopenWaitlistEntry(id: string, doc: Omit<WaitlistDoc, '_id'>): Promise<void> {
    await this.db().collection(Collections.waitlist).doc(id).set(doc);
  }

  async leaveWaitlist(id: string, openid: string): Promise<boolean> {
    const res = await this.db().collection(Collections.waitlist).where({ _id: id, openid, state: 'waiting' }).update({ state: 'left' });
    return res.updated === 1;
  }

  async waitingFor(slotKey: string): Promise<WaitlistDoc[]> {
    const res = await this.db().collection(Collections.waitlist).where({ slotKey, state: 'waiting' }).orderBy('createdAt', 'asc').limit(100).get();
    return res.data as WaitlistDoc[];
  }

  async waitingOn(venueId: string, date: string): Promise<WaitlistDoc[]> {
    const res = await this.db().collection(Collections.waitlist).where({ venueId, date, state: 'waiting' }).limit(1000).get();
    return res.data as WaitlistDoc[];
  }

  /** Future waiting entries (the timer re-offers slots a crash may have left unoffered). */
  async waitingAfter(now: Date): Promise<WaitlistDoc[]> {
    const _ = this.db().command;
    const res = await this.db().collection(Collections.waitlist).where({ state: 'waiting', start: _.gt(now) }).orderBy('start', 'asc').limit(200).get();
    return res.data as WaitlistDoc[];
  }

  async markWaitlist(id: string, patch: Partial<Omit<WaitlistDoc, '_id'>>): Promise<void> {
    await this.db().collection(Collections.waitlist).doc(id).update(patch);
  }
}
