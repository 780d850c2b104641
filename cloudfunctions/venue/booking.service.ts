import { createHash } from 'node:crypto';
import { addDays, beijingClock, beijingDate, parseInstant, toBeijingIso } from '../../types/beijing-time';
import { shortDateTime } from '../../types/date-format';
import type { BookInput, Booking, ManagedBooking, WaitlistInput } from '../../types';
import type { Caller } from '../_shared/caller';
import { assertCode, bookingCode, venueDayCode } from '../_shared/checkin-codes';
import type { Clock } from '../_shared/clock';
import { dbErrorCode } from '../_shared/db';
import { DomainError } from '../_shared/errors';
import { KeyedLock, RecentlyTaken } from '../_shared/keyed-lock';
import type { NotificationKind } from '../_shared/notifications';
import type { UserRecord, UsersRepository } from '../_shared/users.repository';
import { HOLDING_STATES, isBlackoutEntry, type BookingDoc, type BookingRepository, type BookingTx, type LedgerDoc, type WaitlistDoc } from './booking.repository';
import { bookingIdFor, holdSlots, isEventBooking, type BookingSource, type EventSource } from '../_shared/venue-ledger';
import { CHECKIN_AFTER, CHECKIN_BEFORE, FREE_CANCEL_BEFORE, HOUR, managerView, MINUTE, ownerView } from './booking.views';
import { dateOfEarliest, resolveRequestedSlots, slotKey, type GridSlot } from '../_shared/slot-grid';
import { canManage } from '../_shared/venue-managers';
import { activeVenue, managedVenueIds } from './venue-access';
import type { VenueDoc, VenueRepository } from './venue.repository';

const DAY = 24 * HOUR;
/** At most this many active future bookings per person. */
export const MAX_ACTIVE_BOOKINGS = 3;
/** A pending booking lapses this long after it was made (or at its start, if sooner). */
export const PENDING_TTL = 48 * HOUR;
export const STRIKE_WINDOW = 60 * DAY;
export const STRIKES_TO_SUSPEND = 3;
export const SUSPENSION = 30 * DAY;
export const REMINDER_BEFORE = HOUR;

/** Audit entries carry the venue and its street, so street admins and venue managers can read their part. */
const auditScope = (venue: VenueDoc): Record<string, string> => ({ venueId: venue._id, ...(venue.streetId ? { streetId: venue.streetId } : {}) });

/** Every write about a person whose account is being (or has been) deleted is refused with this. */
const accountDeleting = (): DomainError => new DomainError('ACCOUNT.DELETING', 'the account is being deleted');

/** '12月3日 09:30', as the app writes dates (one formatter for pages and message texts). */
const fmt = (ms: number): string => shortDateTime(ms);


function hashInput(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

interface CreateBookingOptions {
  openid: string;
  phone: string | null;
  venue: VenueDoc;
  date: string;
  slots: GridSlot[];
  purpose: string;
  attendees: number;
  org: { id: string; name: string } | null;
  idempotencyKey: string;
  inputHash: string;
  source: Exclude<BookingSource, EventSource>;
}

export interface TickReport {
  expired: number;
  released: number;
  completed: number;
  reminded: number;
  waitlistBooked: number;
}

export class BookingService {
  /** Per-instance: one attempt at a time per slot, and a short memory of slots seen taken (see KeyedLock). */
  private readonly slotLock = new KeyedLock();
  private readonly recentlyTaken = new RecentlyTaken(3_000);

  constructor(
    private readonly repo: BookingRepository,
    private readonly venues: Pick<VenueRepository, 'get' | 'refresh'>,
    private readonly users: Pick<UsersRepository, 'findMany'>,
    private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------------ residents

  /** `countAttempt` counts the call against the rate limit; attempts answered from memory are not counted. */
  async book(caller: Caller, input: BookInput, requestId: string | undefined, countAttempt: () => Promise<void> = () => Promise.resolve()): Promise<Booking> {
    if (!requestId) throw new DomainError('INPUT.INVALID', 'requestId is required for booking', { requestId: 'required' });
    const idempotencyKey = `${caller.openid}:venue.book:${requestId}`;
    const starts = input.starts.map(parseInstant);
    const keys = starts.map((start) => slotKey(input.venueId, start));
    // Same-slot attempts in this instance queue here, before any database work: once one wins, the rest are
    // answered from memory instead of each colliding in its own transaction.
    return this.slotLock.run(keys, async () => {
      const known = await this.knownOutcome(keys, bookingIdFor(idempotencyKey));
      if (known) return ownerView(this.replay(known, hashInput(input)));
      await countAttempt();
      const now = this.clock.now();
      const [venue, org, member, profilePhone] = await Promise.all([
        activeVenue(this.venues, input.venueId, dateOfEarliest(starts)),
        input.orgId ? this.repo.organization(input.orgId) : Promise.resolve(null),
        input.orgId ? this.repo.membership(caller.openid, input.orgId) : Promise.resolve(null),
        // The manager must be able to reach the booker: a phone on the form, or else the one on the profile.
        input.phone ? Promise.resolve(input.phone) : this.users.findMany([caller.openid]).then((u) => u[0]?.phone ?? null),
      ]);
      if (!profilePhone) throw new DomainError('VENUE.PHONE_REQUIRED', '请留一个手机号，方便管理员联系您', { phone: '请填写11位手机号' });
      if (input.attendees > venue.capacity) {
        throw new DomainError('VENUE.OVER_CAPACITY', `at most ${venue.capacity} people`, undefined, { capacity: String(venue.capacity) });
      }
      const { date, slots } = resolveRequestedSlots(venue, starts, now);
      if (input.orgId && !org) throw new DomainError('VENUE.ORG_NOT_FOUND', 'no such organization');
      // Only its leaders and members book in an organization's name.
      if (org && !member) throw new DomainError('VENUE.NOT_ORG_MEMBER', 'not a member of this organization', undefined, { orgId: org._id });
      const doc = await this.createBooking({
        openid: caller.openid,
        phone: input.phone ?? null,
        venue,
        date,
        slots,
        purpose: input.purpose,
        attendees: input.attendees,
        org: org ? { id: org._id, name: org.name } : null,
        idempotencyKey,
        inputHash: hashInput(input),
        source: 'user',
      });
      return ownerView(doc);
    });
  }

  /**
   * From this instance's memory, checked against the ledger: the booking a replay refers to, or SLOT_TAKEN if another
   * booking holds one of the slots; undefined when memory cannot tell (the database decides). Memory alone never
   * refuses: a slot freed by another instance (cancel, reject, release) is not in this instance's memory, so a
   * remembered holder is confirmed with one read of the slot's committed ledger entry — far cheaper than the
   * booking transaction it spares — and forgotten when it has gone.
   */
  private async knownOutcome(keys: string[], bookingId: string): Promise<BookingDoc | undefined> {
    for (const key of keys) {
      const holder = this.recentlyTaken.holder(key);
      if (holder === undefined) continue;
      if (holder === bookingId || holder === null) {
        const replay = await this.repo.booking(bookingId);
        if (replay) return replay;
      }
      const entry = await this.repo.ledgerEntry(key);
      if (!entry) {
        this.recentlyTaken.forget(key);
        continue;
      }
      if (entry.bookingId === bookingId) return (await this.repo.booking(bookingId)) ?? undefined;
      this.recentlyTaken.mark(key, entry.bookingId);
      throw new DomainError('VENUE.SLOT_TAKEN', 'slot is taken');
    }
    return undefined;
  }

  /**
   * Books and remembers the outcome for the slot memory. Callers hold the slot lock. The venue is read afresh once
   * the booking has committed: when it was retired meanwhile (admin.retireVenue in another instance, whose sweep of
   * the venue's bookings may have run before this commit), the booking is cancelled at once and VENUE.NOT_FOUND
   * answered — so no booking outlives its venue's retirement, whichever commits first.
   */
  private async createBooking(o: CreateBookingOptions): Promise<BookingDoc> {
    try {
      const doc = await this.createBookingNow(o);
      doc.slotKeys.forEach((k) => this.recentlyTaken.mark(k, doc._id));
      const venue = await this.venues.refresh(doc.venueId);
      if (!venue || !venue.active) {
        await this.cancelForRetiredVenue(doc._id, venue?.retiredReason ?? '场地停止使用');
        throw new DomainError('VENUE.NOT_FOUND', 'the venue was retired');
      }
      return doc;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'VENUE.SLOT_TAKEN') o.slots.forEach((s) => this.recentlyTaken.mark(s.key, null));
      throw e;
    }
  }

  private async createBookingNow(o: CreateBookingOptions): Promise<BookingDoc> {
    const now = this.clock.now();
    const needsApproval = o.org !== null || o.venue.needsApproval;
    const start = (o.slots[0] as GridSlot).start;
    const end = (o.slots[o.slots.length - 1] as GridSlot).end;
    const doc: BookingDoc = {
      _id: bookingIdFor(o.idempotencyKey),
      inputHash: o.inputHash,
      venueId: o.venue._id,
      venueName: o.venue.name,
      venueAddress: o.venue.address,
      openid: o.openid,
      phone: o.phone,
      orgId: o.org?.id ?? null,
      orgName: o.org?.name ?? null,
      date: o.date,
      start: new Date(start),
      end: new Date(end),
      slotKeys: o.slots.map((s) => s.key),
      state: needsApproval ? 'pending' : 'confirmed',
      purpose: o.purpose,
      attendees: o.attendees,
      createdAt: new Date(now),
      updatedAt: new Date(now),
      expiresAt: needsApproval ? new Date(Math.min(now + PENDING_TTL, start)) : null,
      rejectReason: null,
      cancelledAt: null,
      checkedInAt: null,
      reminderSent: false,
      source: o.source,
    };
    type Outcome = { replay: BookingDoc } | { created: BookingDoc };
    /** After a conflict: decide from committed state when possible (our own earlier commit, or someone else's). */
    const settleFromCommitted = async (): Promise<Outcome | undefined> => {
      for (const slot of o.slots) {
        const holder = await this.repo.ledgerEntry(slot.key);
        if (holder && holder.bookingId !== doc._id) throw this.heldError(holder, slot.key);
      }
      const existing = await this.repo.booking(doc._id);
      return existing ? { replay: existing } : undefined;
    };
    let outcome: Outcome;
    try {
      outcome = await this.repo.transaction<Outcome>(
        now,
        async (tx) => {
          // Slots first: a replay finds them held by its own (deterministic) booking id and returns that booking.
          const taken = await holdSlots(tx.writer, doc, o.slots);
          if (taken) {
            const mine = taken.holder?.bookingId === doc._id ? await tx.booking(doc._id) : null;
            if (mine) return { replay: mine };
            throw this.heldError(taken.holder, taken.key);
          }
          const account = await tx.account(o.openid);
          if (account.erasing) throw accountDeleting();
          if (account.suspendedUntil && account.suspendedUntil.getTime() > now) {
            const until = beijingDate(account.suspendedUntil.getTime());
            throw new DomainError('VENUE.SUSPENDED', `booking suspended until ${until}`, undefined, { until });
          }
          if (account.active >= MAX_ACTIVE_BOOKINGS) {
            throw new DomainError('VENUE.QUOTA_EXCEEDED', `at most ${MAX_ACTIVE_BOOKINGS} active bookings`, undefined, { max: String(MAX_ACTIVE_BOOKINGS) });
          }
          // Its _id comes from the idempotency key: the database refuses a second booking for one request.
          if ((await tx.insertBooking(doc)) === 'exists') {
            // Same requestId, other slots: throwing rolls back the slots claimed above.
            throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'requestId was used for a different booking');
          }
          await tx.saveAccount(o.openid, { ...account, active: account.active + 1 });
          await tx.notify(this.bookedNotice(doc, o.source));
          return { created: doc };
        },
        { beforeRetry: settleFromCommitted },
      );
    } catch (e) {
      if (dbErrorCode(e) !== 'DATABASE_TRANSACTION_CONFLICT') throw e;
      // Retries ran out while others held the same documents: say what actually happened.
      const settled = await settleFromCommitted();
      if (!settled) throw new DomainError('VENUE.BUSY', 'too much contention, try again');
      outcome = settled;
    }
    return 'created' in outcome ? outcome.created : this.replay(outcome.replay, o.inputHash);
  }

  /** Why a slot held by someone else cannot be had: the date was closed, or another booking holds it. */
  private heldError(holder: LedgerDoc | null, key: string): DomainError {
    if (isBlackoutEntry(holder)) return new DomainError('VENUE.BLACKOUT', `${key} is on a closed date`);
    return new DomainError('VENUE.SLOT_TAKEN', `${key} is taken`);
  }

  /** A replayed request returns the booking it made — unless the same requestId now carries a different request. */
  private replay(existing: BookingDoc, inputHash: string): BookingDoc {
    if (existing.inputHash !== inputHash) throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'requestId was used for a different booking');
    return existing;
  }

  private bookedNotice(b: BookingDoc, source: 'user' | 'waitlist'): { openid: string; kind: NotificationKind; title: string; body: string; bookingId: string } {
    const when = `${fmt(new Date(b.start).getTime())}–${beijingClock(new Date(b.end).getTime())}`;
    if (b.state === 'pending') {
      return { openid: b.openid, kind: 'booking_pending', title: '预约已提交，等待审核', body: `${b.venueName} ${when}，管理员审核后会通知您。`, bookingId: b._id };
    }
    if (source === 'waitlist') {
      return { openid: b.openid, kind: 'waitlist_booked', title: '候补成功，场地已为您预约', body: `${b.venueName} ${when}，请按时到场签到。`, bookingId: b._id };
    }
    return { openid: b.openid, kind: 'booking_confirmed', title: '预约成功', body: `${b.venueName} ${when}，请在开始前后15分钟内签到。`, bookingId: b._id };
  }

  private async existingBooking(id: string): Promise<BookingDoc> {
    const b = await this.repo.booking(id);
    if (!b) throw new Error(`idempotency record points at missing booking ${id}`);
    return b;
  }

  /** Cancels the caller's own booking. Replays of one requestId are answered by the runtime's idempotency. */
  async cancel(caller: Caller, bookingId: string): Promise<Booking & { penalised: boolean }> {
    const now = this.clock.now();
    const { freed, penalised } = await this.repo.transaction(now, async (tx) => {
      const b = await tx.booking(bookingId);
      // Someone else's booking is reported as missing: ids are not a way to learn about other people.
      // An organisation event's booking (a course session's, an activity's) is cancelled only with its event.
      if (!b || b.openid !== caller.openid || isEventBooking(b)) throw new DomainError('VENUE.BOOKING_NOT_FOUND', 'no such booking');
      if ((b.state !== 'pending' && b.state !== 'confirmed') || new Date(b.start).getTime() <= now) {
        throw new DomainError('VENUE.BOOKING_STATE', `cannot cancel a ${b.state} booking`, undefined, { state: b.state });
      }
      if ((await tx.account(b.openid)).erasing) throw accountDeleting();
      const late = b.state === 'confirmed' && new Date(b.start).getTime() - now < FREE_CANCEL_BEFORE;
      await tx.updateBooking(b._id, { state: 'cancelled', cancelledAt: new Date(now) });
      await this.free(tx, b);
      if (late) await tx.addStrike(b.openid, b._id, 'late_cancel');
      await tx.notify({
        openid: b.openid,
        kind: 'booking_cancelled',
        title: '预约已取消',
        body: `${b.venueName} ${fmt(new Date(b.start).getTime())} 的预约已取消${late ? '。开始前2小时内取消，记爽约1次。' : '。'}`,
        bookingId: b._id,
      });
      return { freed: b, penalised: late };
    });
    if (penalised) await this.applySuspensionIfDue(caller.openid);
    await this.offerFreedSlots(freed);
    return { ...ownerView(await this.existingBooking(bookingId)), penalised };
  }

  /**
   * Cancels every booking of a person that still holds slots, without strikes (account deletion). Freed slots go
   * to the waitlist as usual. Returns how many were cancelled.
   */
  async releaseAllFor(openid: string): Promise<number> {
    let cancelled = 0;
    for (const b of await this.repo.bookingsOf(openid, 'upcoming', this.clock.now())) {
      const freed = await this.transition(b._id, b.state, () => true, async (tx, cur) => {
        await tx.updateBooking(cur._id, { state: 'cancelled', cancelledAt: new Date(this.clock.now()) });
        await this.free(tx, cur);
      });
      if (freed) {
        cancelled += 1;
        await this.offerFreedSlots(freed);
      }
    }
    return cancelled;
  }

  /**
   * Cancels every future pending or confirmed booking of a venue being retired (admin.retireVenue), each in its own
   * transaction through the engine's steps: its slots freed, the booker's quota place given back (no strike), the
   * booker told with the reason. Bookings of organisation events (a course session's, an activity's) are left to
   * their event. Swept until none is left (a booking changing at the same moment is retried). Returns how many were
   * cancelled.
   */
  async cancelAllAtRetiredVenue(venueId: string, reason: string): Promise<number> {
    let cancelled = 0;
    for (let round = 0; round < 5; round += 1) {
      const left = (await this.repo.futureBookingsAt(venueId, this.clock.now())).filter((b) => !isEventBooking(b));
      if (left.length === 0) break;
      for (const b of left) if (await this.cancelForRetiredVenue(b._id, reason)) cancelled += 1;
    }
    return cancelled;
  }

  /** Cancels one booking of a retired venue (if it is still pending or confirmed) and tells its booker why. */
  private async cancelForRetiredVenue(bookingId: string, reason: string): Promise<boolean> {
    const now = this.clock.now();
    const freed = await this.transition(bookingId, 'confirmed', () => true, (tx, cur) => this.retiredVenueCancel(tx, cur, reason, now)) ??
      (await this.transition(bookingId, 'pending', () => true, (tx, cur) => this.retiredVenueCancel(tx, cur, reason, now)));
    if (freed) freed.slotKeys.forEach((k) => this.recentlyTaken.forget(k));
    return freed !== null;
  }

  private async retiredVenueCancel(tx: BookingTx, b: BookingDoc, reason: string, now: number): Promise<void> {
    await tx.updateBooking(b._id, { state: 'cancelled', cancelledAt: new Date(now) });
    await this.free(tx, b);
    await tx.notify({
      openid: b.openid,
      kind: 'booking_cancelled',
      title: '场地停用，预约已取消',
      body: `${b.venueName} ${fmt(new Date(b.start).getTime())} 的预约已取消：这个场地停止使用了（${reason}）。给您添麻烦了，可以另选其他场地。`,
      bookingId: b._id,
    });
  }

  async mine(caller: Caller, when: 'upcoming' | 'past'): Promise<{ bookings: Booking[] }> {
    const docs = await this.repo.bookingsOf(caller.openid, when, this.clock.now());
    return { bookings: docs.map(ownerView) };
  }

  /** Resident checks in at the venue by its code of the day. */
  async checkIn(caller: Caller, venueId: string, code: string): Promise<Booking> {
    const now = this.clock.now();
    const venue = await activeVenue(this.venues, venueId);
    const today = beijingDate(now);
    assertCode(venueDayCode(venue._id, today), code);
    const todays = (await this.repo.bookingsAt([venue._id], today, ['confirmed'])).filter((b) => b.openid === caller.openid);
    const open = todays.find((b) => this.checkInOpen(b, now));
    if (!open) {
      if (todays.length > 0) throw new DomainError('VENUE.CHECKIN_CLOSED', 'check-in is not open now');
      throw new DomainError('VENUE.BOOKING_NOT_FOUND', 'no booking to check in here today');
    }
    return ownerView(await this.markCheckedIn(open._id, now));
  }

  private checkInOpen(b: BookingDoc, now: number): boolean {
    const start = new Date(b.start).getTime();
    return now >= start - CHECKIN_BEFORE && now <= start + CHECKIN_AFTER;
  }

  private async markCheckedIn(bookingId: string, now: number): Promise<BookingDoc> {
    await this.repo.transaction(now, async (tx) => {
      const b = await tx.booking(bookingId);
      if (!b || b.state !== 'confirmed') throw new DomainError('VENUE.BOOKING_STATE', 'booking is not awaiting check-in', undefined, { state: b?.state ?? 'missing' });
      if (!this.checkInOpen(b, now)) throw new DomainError('VENUE.CHECKIN_CLOSED', 'check-in is not open now');
      if ((await tx.account(b.openid)).erasing) throw accountDeleting();
      await tx.updateBooking(b._id, { state: 'checked_in', checkedInAt: new Date(now) });
    });
    return this.existingBooking(bookingId);
  }

  // ------------------------------------------------------------------ waitlist

  async joinWaitlist(caller: Caller, input: WaitlistInput): Promise<{ position: number; start: string }> {
    const now = this.clock.now();
    const start = parseInstant(input.start);
    const venue = await activeVenue(this.venues, input.venueId, dateOfEarliest([start]));
    if (input.attendees > venue.capacity) throw new DomainError('VENUE.OVER_CAPACITY', `at most ${venue.capacity} people`);
    const { date, slots } = resolveRequestedSlots(venue, [start], now);
    const slot = slots[0] as GridSlot;
    const holder = await this.repo.ledgerEntry(slot.key);
    if (!holder) throw new DomainError('VENUE.SLOT_FREE', 'the slot is free: book it');
    if (isBlackoutEntry(holder)) throw this.heldError(holder, slot.key);
    if (holder.openid === caller.openid) throw new DomainError('VENUE.BOOKING_STATE', 'you already hold this slot');
    const id = `${slot.key}:${caller.openid}`;
    const entry: WaitlistDoc = {
      _id: id,
      venueId: venue._id,
      slotKey: slot.key,
      date,
      start: new Date(slot.start),
      openid: caller.openid,
      purpose: input.purpose,
      attendees: input.attendees,
      phone: input.phone ?? null,
      state: 'waiting',
      createdAt: new Date(now),
      bookingId: null,
    };
    await this.repo.transaction(now, async (tx) => {
      const account = await tx.account(caller.openid);
      if (account.erasing) throw accountDeleting();
      const existing = await tx.waitlistEntry(id);
      if (!existing || existing.state !== 'waiting') await tx.putWaitlist(entry);
      // Written back unchanged: an account deletion marking this document meanwhile makes this transaction conflict.
      await tx.saveAccount(caller.openid, account);
    });
    const queue = await this.repo.waitingFor(slot.key);
    const position = queue.findIndex((w) => w.openid === caller.openid) + 1;
    return { position: position || queue.length, start: input.start };
  }

  async leaveWaitlist(caller: Caller, venueId: string, start: string): Promise<{ left: boolean }> {
    const key = slotKey(venueId, parseInstant(start));
    return { left: await this.repo.leaveWaitlist(`${key}:${caller.openid}`, caller.openid) };
  }

  /** Offers each freed future slot to the first person in its queue who may still book (quota, suspension). */
  private async offerFreedSlots(b: BookingDoc): Promise<number> {
    let booked = 0;
    for (const key of b.slotKeys) booked += await this.offerSlot(key);
    return booked;
  }

  private async offerSlot(key: string): Promise<number> {
    const queue = await this.repo.waitingFor(key);
    for (const entry of queue) {
      const now = this.clock.now();
      const venue = await this.venues.get(entry.venueId);
      if (!venue || !venue.active || new Date(entry.start).getTime() <= now) {
        await this.repo.markWaitlist(entry._id, { state: 'skipped' });
        continue;
      }
      try {
        const { date, slots } = resolveRequestedSlots(venue, [new Date(entry.start).getTime()], now);
        const doc = await this.slotLock.run([key], () => this.createBooking({
          openid: entry.openid,
          phone: entry.phone,
          venue,
          date,
          slots,
          purpose: entry.purpose,
          attendees: Math.min(entry.attendees, venue.capacity),
          org: null,
          idempotencyKey: `${entry.openid}:waitlist:${entry._id}:${new Date(entry.createdAt).getTime()}`,
          inputHash: 'waitlist',
          source: 'waitlist',
        }));
        await this.repo.markWaitlist(entry._id, { state: 'booked', bookingId: doc._id });
        return 1;
      } catch (e) {
        if (e instanceof DomainError && (e.code === 'VENUE.SLOT_TAKEN' || e.code === 'VENUE.BUSY')) return 0;
        if (e instanceof DomainError) {
          await this.repo.markWaitlist(entry._id, { state: 'skipped' });
          continue;
        }
        throw e;
      }
    }
    return 0;
  }

  // ------------------------------------------------------------------ managers

  async schedule(caller: Caller, venueId: string | undefined, date: string | undefined): Promise<{ date: string; bookings: ManagedBooking[] }> {
    const day = date ?? beijingDate(this.clock.now());
    const ids = await this.managedIds(caller, venueId);
    const docs = await this.repo.bookingsAt(ids, day, [...HOLDING_STATES, 'completed', 'released']);
    return { date: day, bookings: await this.forManager(docs) };
  }

  async pending(caller: Caller): Promise<{ bookings: ManagedBooking[] }> {
    const ids = await this.managedIds(caller, undefined);
    return { bookings: await this.forManager(await this.repo.pendingAt(ids)) };
  }

  async approve(caller: Caller, bookingId: string, requestId: string): Promise<ManagedBooking> {
    const now = this.clock.now();
    const { booking: b, venue } = await this.managedBooking(caller, bookingId);
    await this.repo.transaction(now, async (tx) => {
      const cur = await tx.booking(b._id);
      if (!cur || cur.state !== 'pending') throw new DomainError('VENUE.BOOKING_STATE', 'only pending bookings can be approved', undefined, { state: cur?.state ?? 'missing' });
      // Past its 48 hours or its start, a pending booking has lapsed (the timer expires it, without a strike).
      const lapsesAt = Math.min(new Date(cur.expiresAt ?? cur.start).getTime(), new Date(cur.start).getTime());
      if (lapsesAt <= now) throw new DomainError('VENUE.APPROVAL_EXPIRED', 'the pending booking has lapsed', undefined, { expiresAt: toBeijingIso(lapsesAt) });
      if ((await tx.account(cur.openid)).erasing) throw accountDeleting();
      await tx.updateBooking(cur._id, { state: 'confirmed', expiresAt: null });
      await tx.notify({ openid: cur.openid, kind: 'booking_approved', title: '预约已通过审核', body: `${cur.venueName} ${fmt(new Date(cur.start).getTime())} 的预约已通过，请按时到场签到。`, bookingId: cur._id });
      await tx.audit({ actor: caller.openid, action: 'venue.approve', target: `booking:${cur._id}`, summary: 'pending → confirmed', requestId, scope: auditScope(venue) });
    });
    return (await this.forManager([await this.existingBooking(bookingId)]))[0] as ManagedBooking;
  }

  async reject(caller: Caller, bookingId: string, reason: string, requestId: string): Promise<ManagedBooking> {
    const now = this.clock.now();
    const { booking: b, venue } = await this.managedBooking(caller, bookingId);
    const freed = await this.repo.transaction(now, async (tx) => {
      const cur = await tx.booking(b._id);
      if (!cur || cur.state !== 'pending') throw new DomainError('VENUE.BOOKING_STATE', 'only pending bookings can be rejected', undefined, { state: cur?.state ?? 'missing' });
      if ((await tx.account(cur.openid)).erasing) throw accountDeleting();
      await tx.updateBooking(cur._id, { state: 'rejected', rejectReason: reason });
      await this.free(tx, cur);
      await tx.notify({ openid: cur.openid, kind: 'booking_rejected', title: '预约未通过审核', body: `${cur.venueName} ${fmt(new Date(cur.start).getTime())}：${reason}`, bookingId: cur._id });
      await tx.audit({ actor: caller.openid, action: 'venue.reject', target: `booking:${cur._id}`, summary: `pending → rejected: ${reason}`, requestId, scope: auditScope(venue) });
      return cur;
    });
    await this.offerFreedSlots(freed);
    return (await this.forManager([await this.existingBooking(bookingId)]))[0] as ManagedBooking;
  }

  /**
   * Manager checks a booking in by the six digits the resident shows. The code is looked up across every venue the
   * caller manages (a manager at the door of one room may be shown a code for another of theirs), from yesterday to
   * the end of the booking window; a code for a venue they do not manage is never looked at, so it says only
   * "wrong code". When the booking cannot be checked in now, the error's details say what it is: venue, date, time,
   * who, and when check-in opens and closes. `venueId`, when given, must be one of the caller's venues.
   */
  async checkInBooking(caller: Caller, venueId: string | undefined, code: string): Promise<ManagedBooking> {
    const now = this.clock.now();
    if (venueId !== undefined) {
      const venue = await activeVenue(this.venues, venueId);
      if (!(await canManage(caller, venue))) throw new DomainError('AUTH.FORBIDDEN', 'not your venue');
    }
    const today = beijingDate(now);
    // Longer than any venue's booking window, so a code for a later day is recognised, not called wrong.
    const daysAhead = 60;
    const ids = await managedVenueIds(caller, this.repo);
    const candidates = (await this.repo.bookingsBetween(ids, addDays(today, -1), addDays(today, daysAhead), [...HOLDING_STATES, 'completed', 'released'])).filter(
      (b) => bookingCode(b._id) === code,
    );
    // Six digits can collide: prefer the booking that can be checked in now, then one waiting today, then the nearest.
    const match =
      candidates.find((b) => b.state === 'confirmed' && this.checkInOpen(b, now)) ??
      candidates.find((b) => b.state === 'confirmed' && b.date === today) ??
      [...candidates].sort((a, b) => Math.abs(new Date(a.start).getTime() - now) - Math.abs(new Date(b.start).getTime() - now))[0];
    if (!match) throw new DomainError('VENUE.CHECKIN_CODE_INVALID', 'no booking at your venues with this code');
    if (match.state !== 'confirmed' || !this.checkInOpen(match, now)) {
      const [view] = await this.forManager([match]);
      const details = {
        bookingId: match._id,
        venueName: match.venueName,
        date: match.date,
        start: toBeijingIso(new Date(match.start).getTime()),
        end: toBeijingIso(new Date(match.end).getTime()),
        bookerName: view?.bookerName ?? '居民',
        state: match.state,
        opensAt: view?.checkInOpensAt ?? '',
        closesAt: view?.checkInClosesAt ?? '',
      };
      if (match.state !== 'confirmed') throw new DomainError('VENUE.BOOKING_STATE', `the booking is ${match.state}`, undefined, details);
      throw new DomainError('VENUE.CHECKIN_CLOSED', 'check-in is not open now', undefined, details);
    }
    return (await this.forManager([await this.markCheckedIn(match._id, now)]))[0] as ManagedBooking;
  }

  /** Manager views carry the booker's name and reachable phone, looked up now rather than copied into bookings. */
  private async forManager(docs: BookingDoc[]): Promise<ManagedBooking[]> {
    const users = new Map<string, UserRecord>((await this.users.findMany([...new Set(docs.map((d) => d.openid))])).map((u) => [u.openid, u]));
    return docs.map((d) => managerView(d, users.get(d.openid) ?? null));
  }

  private async managedIds(caller: Caller, venueId: string | undefined): Promise<string[]> {
    const ids = await managedVenueIds(caller, this.repo);
    if (venueId === undefined) return ids;
    if (!ids.includes(venueId)) throw new DomainError('AUTH.FORBIDDEN', 'not your venue');
    return [venueId];
  }

  private async managedBooking(caller: Caller, bookingId: string): Promise<{ booking: BookingDoc; venue: VenueDoc }> {
    const booking = await this.repo.booking(bookingId);
    if (!booking) throw new DomainError('VENUE.BOOKING_NOT_FOUND', 'no such booking');
    const venue = await this.venues.get(booking.venueId);
    if (!venue || !(await canManage(caller, venue))) throw new DomainError('AUTH.FORBIDDEN', 'not your venue');
    return { booking, venue };
  }

  // ------------------------------------------------------------------ shared steps

  /** Gives a booking's slots back and its quota place back (inside the caller's transaction). */
  private async free(tx: BookingTx, b: BookingDoc): Promise<void> {
    const held = await tx.releaseHeld(b);
    held.forEach((k) => this.recentlyTaken.forget(k));
    const account = await tx.account(b.openid);
    await tx.saveAccount(b.openid, { ...account, active: account.active - 1 });
  }

  private async applySuspensionIfDue(openid: string): Promise<void> {
    const now = this.clock.now();
    const strikes = await this.repo.strikesSince(openid, new Date(now - STRIKE_WINDOW));
    if (strikes < STRIKES_TO_SUSPEND) return;
    const until = new Date(now + SUSPENSION);
    await this.repo.transaction(now, async (tx) => {
      const account = await tx.account(openid);
      if (account.erasing) return;
      if (account.suspendedUntil && account.suspendedUntil.getTime() >= until.getTime() - MINUTE) return;
      await tx.saveAccount(openid, { ...account, suspendedUntil: until });
      await tx.notify({
        openid,
        kind: 'booking_released',
        title: '预约资格暂停通知',
        body: `60天内爽约已达${STRIKES_TO_SUSPEND}次，预约资格暂停至${beijingDate(until.getTime())}。`,
      });
    });
  }

  // ------------------------------------------------------------------ timer

  /** Housekeeping run by the timer trigger every minute: each step is idempotent and safe to run concurrently. */
  async tick(): Promise<TickReport> {
    const report: TickReport = { expired: 0, released: 0, completed: 0, reminded: 0, waitlistBooked: 0 };
    const now = this.clock.now();

    for (const b of await this.repo.due(['pending'], 'expiresAt', new Date(now))) {
      const freed = await this.transition(b._id, 'pending', (cur) => new Date(cur.expiresAt ?? cur.start).getTime() <= now, async (tx, cur) => {
        await tx.updateBooking(cur._id, { state: 'expired' });
        await this.free(tx, cur);
        await tx.notify({ openid: cur.openid, kind: 'booking_expired', title: '预约未获审核，已失效', body: `${cur.venueName} ${fmt(new Date(cur.start).getTime())} 的预约在审核期内未获处理，已自动失效。`, bookingId: cur._id });
      });
      if (freed) {
        report.expired += 1;
        report.waitlistBooked += await this.offerFreedSlots(freed);
      }
    }

    for (const b of await this.repo.due(['confirmed'], 'start', new Date(now - CHECKIN_AFTER))) {
      const freed = await this.transition(b._id, 'confirmed', (cur) => new Date(cur.start).getTime() + CHECKIN_AFTER <= now, async (tx, cur) => {
        await tx.updateBooking(cur._id, { state: 'released' });
        await this.free(tx, cur);
        await tx.addStrike(cur.openid, cur._id, 'no_show');
        await tx.notify({ openid: cur.openid, kind: 'booking_released', title: '未按时签到，预约已释放', body: `${cur.venueName} ${fmt(new Date(cur.start).getTime())} 开始后15分钟内未签到，场地已释放，记爽约1次。`, bookingId: cur._id });
      });
      if (freed) {
        report.released += 1;
        await this.applySuspensionIfDue(freed.openid);
        report.waitlistBooked += await this.offerFreedSlots(freed);
      }
    }

    for (const b of await this.repo.due(['checked_in'], 'end', new Date(now))) {
      const done = await this.transition(b._id, 'checked_in', (cur) => new Date(cur.end).getTime() <= now, async (tx, cur) => {
        await tx.updateBooking(cur._id, { state: 'completed' });
        const account = await tx.account(cur.openid);
        await tx.saveAccount(cur.openid, { ...account, active: account.active - 1 });
      });
      if (done) report.completed += 1;
    }

    // An organisation event's booking ends with its event: completed, on nobody's quota (its slots stay in the past).
    for (const b of await this.repo.eventBookingsEnded(new Date(now))) {
      const done = await this.transition(b._id, 'confirmed', (cur) => isEventBooking(cur) && new Date(cur.end).getTime() <= now, async (tx, cur) => {
        await tx.updateBooking(cur._id, { state: 'completed' });
      });
      if (done) report.completed += 1;
    }

    for (const b of await this.repo.due(['confirmed'], 'start', new Date(now + REMINDER_BEFORE), { reminderSent: false })) {
      if (new Date(b.start).getTime() <= now) continue;
      const sent = await this.transition(b._id, 'confirmed', (cur) => !cur.reminderSent, async (tx, cur) => {
        await tx.updateBooking(cur._id, { reminderSent: true });
        await tx.notify({ openid: cur.openid, kind: 'booking_reminder', title: '预约即将开始', body: `${cur.venueName} ${fmt(new Date(cur.start).getTime())} 开始，签到码 ${bookingCode(cur._id)}。`, bookingId: cur._id });
      });
      if (sent) report.reminded += 1;
    }

    // Slots freed while a previous run crashed before offering them.
    const offered = new Set<string>();
    for (const w of await this.repo.waitingAfter(new Date(now))) {
      if (offered.has(w.slotKey)) continue;
      offered.add(w.slotKey);
      if (!(await this.repo.ledgerEntry(w.slotKey))) report.waitlistBooked += await this.offerSlot(w.slotKey);
    }
    return report;
  }

  /** Runs a state change if the booking is still in `from` and `ready`; returns the booking as it was, or null. */
  private async transition(
    id: string,
    from: BookingDoc['state'],
    ready: (b: BookingDoc) => boolean,
    change: (tx: BookingTx, b: BookingDoc) => Promise<void>,
  ): Promise<BookingDoc | null> {
    try {
      return await this.repo.transaction(this.clock.now(), async (tx) => {
        const cur = await tx.booking(id);
        if (!cur || cur.state !== from || !ready(cur)) return null;
        await change(tx, cur);
        return cur;
      });
    } catch (e) {
      // Another run is handling this booking right now.
      if (dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') return null;
      throw e;
    }
  }
}
