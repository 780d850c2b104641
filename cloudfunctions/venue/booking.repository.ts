import type { OrgMembership } from '../_shared/orgs';
import type { BookingState } from '../../types';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import { type Database, dbErrorCode } from '../_shared/db';
import { enqueueNotification, type NotificationKind } from '../_shared/notifications';
import { erasureMarkerId } from '../_shared/privacy';
import { recordBookingChange } from '../_shared/rollups';
import { getDoc, retryingTransaction, type Transaction, type Writer } from '../_shared/tx';
import {
  BLACKOUT_HOLDER,
  EVENT_SOURCES,
  HOLDING_STATES,
  holdSlot,
  insertBooking,
  isBlackoutEntry,
  ledgerEntry,
  releaseSlots,
  type BookingDoc,
  type LedgerDoc,
  type VenueDoc,
} from '../_shared/venue-ledger';

// The engine's documents live in _shared/venue-ledger.ts (the course and activity functions book venues too).
export { BLACKOUT_HOLDER, HOLDING_STATES, isBlackoutEntry, type BookingDoc, type LedgerDoc } from '../_shared/venue-ledger';

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

export interface BookingAccount {
  active: number;
  suspendedUntil: Date | null;
  /**
   * The person is deleting (or has deleted) their account: every write about them is refused. Set by
   * user.deleteAccount on this document, which every booking transaction reads and writes, so a transaction racing
   * the deletion conflicts and, retried, is refused.
   */
  erasing: boolean;
}

interface BookingAccountDoc {
  _id: string;
  active: number;
  suspendedUntil: Date | null;
  updatedAt: Date;
  erasing?: boolean;
}

export interface OrganizationDoc {
  _id: string;
  name: string;
}

/** Membership of organizations: on the person's user document (`orgs`); see _shared/orgs.ts. */
export type { OrgMembership };

/** Typed operations available inside one booking transaction. Rules live in the service; this only reads/writes. */
export class BookingTx {
  constructor(
    private readonly tx: Transaction,
    readonly now: number,
  ) {}

  get writer(): Writer {
    return this.tx;
  }

  /** The person's booking account: active future bookings (quota) and any suspension. */
  async account(openid: string): Promise<BookingAccount> {
    const doc = await getDoc<BookingAccountDoc>(this.tx, Collections.bookingAccounts, openid);
    // No account document: a deleted account's marker (kept under a keyed id once the deletion is done) still refuses.
    const erasing = doc ? doc.erasing === true : (await getDoc(this.tx, Collections.bookingAccounts, erasureMarkerId(openid))) !== null;
    return { active: doc?.active ?? 0, suspendedUntil: doc?.suspendedUntil ? new Date(doc.suspendedUntil) : null, erasing };
  }

  async saveAccount(openid: string, account: BookingAccount): Promise<void> {
    await this.tx.collection(Collections.bookingAccounts).doc(openid).set({
      active: Math.max(0, account.active),
      suspendedUntil: account.suspendedUntil,
      updatedAt: new Date(this.now),
      ...(account.erasing ? { erasing: true } : {}),
    });
  }

  ledger(key: string): Promise<LedgerDoc | null> {
    return ledgerEntry(this.tx, key);
  }

  /** Claims a slot. The deterministic `_id` makes the database refuse a second holder (duplicate write / conflict). */
  hold(entry: LedgerDoc): Promise<'held' | 'taken'> {
    return holdSlot(this.tx, entry);
  }

  /** Closes a date: holds each of its slots for BLACKOUT_HOLDER; 'taken' if a booking holds one (nothing is kept). */
  async holdForBlackout(venueId: string, date: string, slots: Array<{ key: string; start: number }>): Promise<'held' | 'taken'> {
    for (const slot of slots) {
      const held = await this.hold({ _id: slot.key, venueId, date, start: new Date(slot.start), bookingId: BLACKOUT_HOLDER, openid: '' });
      if (held === 'taken' && !isBlackoutEntry(await this.ledger(slot.key))) return 'taken';
    }
    return 'held';
  }

  booking(id: string): Promise<BookingDoc | null> {
    return getDoc<BookingDoc>(this.tx, Collections.bookings, id);
  }

  insertBooking(doc: BookingDoc): Promise<'inserted' | 'exists'> {
    return insertBooking(this.tx, doc);
  }

  /** Frees the ledger slots this booking still holds; returns their keys. */
  releaseHeld(b: Pick<BookingDoc, '_id' | 'slotKeys'>): Promise<string[]> {
    return releaseSlots(this.tx, b);
  }

  async updateBooking(id: string, patch: Partial<Omit<BookingDoc, '_id'>>): Promise<void> {
    // A change of state counts in the dashboard's rollups (a fact in this transaction).
    const before = patch.state ? await this.booking(id) : null;
    await this.tx.collection(Collections.bookings).doc(id).update({ ...patch, updatedAt: new Date(this.now) });
    if (before) await recordBookingChange(this.tx, before, { ...before, ...patch }, this.now);
  }

  async addStrike(openid: string, bookingId: string, reason: 'late_cancel' | 'no_show'): Promise<void> {
    await this.tx.collection(Collections.bookingStrikes).add({ _id: `${bookingId}:${reason}`, openid, bookingId, reason, at: new Date(this.now) });
  }

  waitlistEntry(id: string): Promise<WaitlistDoc | null> {
    return getDoc<WaitlistDoc>(this.tx, Collections.waitlist, id);
  }

  /** Adds (or reopens) a waitlist place. */
  async putWaitlist(doc: WaitlistDoc): Promise<void> {
    const { _id, ...rest } = doc;
    await this.tx.collection(Collections.waitlist).doc(_id).set(rest);
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

  /**
   * Runs `work` in a CloudBase transaction. On a write conflict it retries with jittered exponential backoff (the
   * SDK's own retry is immediate, which under a burst just collides again); before each retry `beforeRetry` may
   * settle the outcome from committed state (e.g. the slot is now taken) and spare the retry.
   */
  async transaction<T>(
    now: number,
    work: (tx: BookingTx) => Promise<T>,
    options: { attempts?: number; beforeRetry?: () => Promise<T | undefined> } = {},
  ): Promise<T> {
    return retryingTransaction(this.db(), (tx) => work(new BookingTx(tx, now)), options);
  }

  organization(id: string): Promise<OrganizationDoc | null> {
    return getDoc<OrganizationDoc>(this.db(), Collections.organizations, id);
  }

  /** The person's role in an organization, or null if they are neither its leader nor a member. */
  async membership(openid: string, orgId: string): Promise<OrgMembership['role'] | null> {
    const user = await getDoc<{ orgs?: OrgMembership[] }>(this.db(), Collections.users, openid);
    return user?.orgs?.find((m) => m.orgId === orgId)?.role ?? null;
  }

  /** The organizations the person may book for (they lead or belong to them). */
  async organizationsOf(openid: string): Promise<OrganizationDoc[]> {
    const user = await getDoc<{ orgs?: OrgMembership[] }>(this.db(), Collections.users, openid);
    const ids = (user?.orgs ?? []).map((m) => m.orgId);
    if (ids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.organizations).where({ _id: db.command.in(ids) }).orderBy('_id', 'asc').limit(1000).get();
    return res.data as OrganizationDoc[];
  }

  booking(id: string): Promise<BookingDoc | null> {
    return getDoc<BookingDoc>(this.db(), Collections.bookings, id);
  }

  /** The committed ledger entry of one slot, or null when nobody holds it. */
  ledgerEntry(key: string): Promise<LedgerDoc | null> {
    return getDoc<LedgerDoc>(this.db(), Collections.slotLedger, key);
  }

  /** Reopens a closed date: frees the slots held for the blackout (never a booking's). */
  async releaseBlackout(venueId: string, date: string): Promise<void> {
    await this.db().collection(Collections.slotLedger).where({ venueId, date, bookingId: BLACKOUT_HOLDER }).remove();
  }

  async ledgerFor(venueId: string, date: string): Promise<LedgerDoc[]> {
    const res = await this.db().collection(Collections.slotLedger).where({ venueId, date }).limit(1000).get();
    return res.data as LedgerDoc[];
  }

  async strikesSince(openid: string, since: Date): Promise<number> {
    const _ = this.db().command;
    const res = (await this.db().collection(Collections.bookingStrikes).where({ openid, at: _.gte(since) }).count()) as { total?: number };
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

  /** Bookings at these venues on the Beijing dates from `first` to `last` (both included), e.g. to find a check-in code's booking. */
  async bookingsBetween(venueIds: string[], first: string, last: string, states: BookingState[]): Promise<BookingDoc[]> {
    if (venueIds.length === 0) return [];
    const _ = this.db().command;
    const where = { venueId: _.in(venueIds), date: _.gte(first).and(_.lte(last)), state: _.in(states) };
    const res = await this.db().collection(Collections.bookings).where(where).orderBy('start', 'asc').limit(1000).get();
    return res.data as BookingDoc[];
  }

  /** A venue's pending or confirmed bookings that start after `now` (its future bookings), earliest first. */
  async futureBookingsAt(venueId: string, now: number): Promise<BookingDoc[]> {
    const _ = this.db().command;
    const where = { venueId, state: _.in(['pending', 'confirmed']), start: _.gt(new Date(now)) };
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

  /**
   * Bookings in `states` whose `field` is at or before `at` (timer work lists). An organisation event's booking (a course
   * session's, an activity's) is never on them: it is no one's to check in or be reminded of, and only the event frees it.
   */
  async due(states: BookingState[], field: 'start' | 'end' | 'expiresAt', at: Date, extra: Record<string, unknown> = {}): Promise<BookingDoc[]> {
    const _ = this.db().command;
    const res = await this.db()
      .collection(Collections.bookings)
      .where({ state: _.in(states), [field]: _.lte(at), source: _.nin([...EVENT_SOURCES]), ...extra })
      .orderBy(field, 'asc')
      .limit(200)
      .get();
    return res.data as BookingDoc[];
  }

  /** Organisation events' bookings still confirmed whose end is at or before `at` (the timer marks them completed). */
  async eventBookingsEnded(at: Date): Promise<BookingDoc[]> {
    const _ = this.db().command;
    const res = await this.db().collection(Collections.bookings).where({ source: _.in([...EVENT_SOURCES]), state: 'confirmed', end: _.lte(at) }).orderBy('end', 'asc').limit(200).get();
    return res.data as BookingDoc[];
  }

  async managedVenues(scope: { venueIds: string[]; streetIds: string[]; all: boolean }): Promise<VenueDoc[]> {
    const db = this.db();
    const _ = db.command;
    const where = scope.all ? {} : _.or([{ _id: _.in(scope.venueIds) }, { streetId: _.in(scope.streetIds) }]);
    const res = await db.collection(Collections.venues).where(where).orderBy('sort', 'asc').limit(500).get();
    return res.data as VenueDoc[];
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
    const res = (await this.db().collection(Collections.waitlist).where({ _id: id, openid, state: 'waiting' }).update({ state: 'left' })) as { updated?: number };
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
