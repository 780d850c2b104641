import { createHash } from 'node:crypto';
import { retiredShiftMessage } from '../_shared/shift-cancel';
import type { ActionOutput, MyShift, ParsedInput, RosterEntry, ShiftSummary } from '../../types';
import { beijingClock, beijingDate, parseInstant, toBeijingIso } from '../../types/beijing-time';
import { shortDateTime, timeRange } from '../../types/date-format';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { type Database, dbErrorCode } from '../_shared/db';
import { DomainError } from '../_shared/errors';
import { maskPhone } from '../_shared/privacy';
import { ShiftListing, toShiftSummary } from '../_shared/shift-listing';
import { canManageStation, isOwnStationManager, stationScope } from '../_shared/station-scope';
import { KeyedLock } from '../_shared/keyed-lock';
import { freeSeatNumbers } from '../_shared/seats';
import type { SeatDoc, ShiftDoc, SignupDoc } from '../_shared/volunteer.docs';
import { FreshReads, freshTick } from './fresh-reads';
import { seatId, ShiftRepository, signupId } from './shift.repository';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Cancelling less than this before the start counts as a late cancellation. */
export const FREE_CANCEL_BEFORE = 2 * HOUR;
export const MAX_SHIFT_LENGTH = 12 * HOUR;
export const DEFAULT_RADIUS_M = 200;
/** Check-in opens this long before the start; check-out closes this long after the end (attendance rules). */
export const CHECKIN_OPENS_BEFORE = 30 * MINUTE;
export const CHECKOUT_CLOSES_AFTER = 2 * HOUR;
/** 我的服务 (past) and the managers' list look back this far. */
export const PAST_WINDOW = 90 * DAY;
export const MANAGED_LOOKBACK = 7 * DAY;
/** Seat attempts (each a fresh committed read and one transaction) before a sign-up answers SHIFT.BUSY. */
export const SEAT_ATTEMPTS = 24;

/** Shift ids derive from the request, so a replay racing past the runtime's idempotency cannot create a second shift. */
export function shiftIdFor(idempotencyKey: string): string {
  return `sh_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 20)}`;
}

const accountDeleting = (): DomainError => new DomainError('ACCOUNT.DELETING', 'the account is being deleted');
/** '12月3日 09:30–11:30', as messages write a shift's time. */
const when = (s: ShiftDoc): string => `${shortDateTime(new Date(s.start).getTime())}–${beijingClock(new Date(s.end).getTime())}`;
const ms = (d: Date | string | null | undefined): number | null => (d === null || d === undefined ? null : new Date(d).getTime());
const iso = (d: Date | string | null | undefined): string | null => {
  const t = ms(d);
  return t === null ? null : toBeijingIso(t);
};
const jitter = (max: number): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * max));

type SignUpResult = ActionOutput<'volunteer', 'signUp'>;
/** A seat attempt: the place (new or already held), or 'taken' (someone else got that seat: read again, try another). */
type SeatOutcome = { signup: SignupDoc } | 'taken';

export class ShiftService {
  private readonly repo: ShiftRepository;
  private readonly listing: ShiftListing;
  /** Per instance: one seat attempt at a time per shift, and committed seat/waitlist reads shared by a burst. */
  private readonly seatLock = new KeyedLock();
  private readonly shiftReads = new FreshReads<ShiftDoc | null>();
  private readonly seatReads = new FreshReads<SeatDoc[]>();
  private readonly waitingReads = new FreshReads<number>();
  /** Tick of this instance's last seat transaction per shift: later attempts read afresh. */
  private readonly lastSeatAttempt = new Map<string, number>();

  constructor(
    db: () => Database,
    private readonly clock: Clock,
  ) {
    this.repo = new ShiftRepository(db);
    this.listing = new ShiftListing(db);
  }

  // ------------------------------------------------------------------ volunteers

  async shifts(caller: Caller, input: ParsedInput<'volunteer', 'shifts'>): Promise<ActionOutput<'volunteer', 'shifts'>> {
    const now = this.clock.now();
    const [memberOf, docs] = await Promise.all([
      this.repo.memberStationIds(caller.openid),
      this.listing.shifts({ from: new Date(now), ...(input.stationId ? { stationIds: [input.stationId] } : {}), limit: 300 }),
    ]);
    const visible = docs.filter((d) => ms(d.start)! > now && (d.openTo === 'all' || memberOf.includes(d.stationId)));
    return { shifts: await this.listing.summaries(visible, caller.openid) };
  }

  async myShifts(caller: Caller, whenFilter: 'upcoming' | 'past'): Promise<ActionOutput<'volunteer', 'myShifts'>> {
    const now = this.clock.now();
    const signups = await this.repo.signupsOf(caller.openid);
    const shifts = new Map((await this.repo.shiftsByIds(signups.map((s) => s.shiftId))).map((d) => [d._id, d]));
    const rows = signups
      .map((s) => ({ s, d: shifts.get(s.shiftId) }))
      .filter((r): r is { s: SignupDoc; d: ShiftDoc } => r.d !== undefined)
      .filter(({ s, d }) => {
        const end = ms(d.end)!;
        if (whenFilter === 'upcoming') return (s.state === 'confirmed' || s.state === 'waitlisted') && end + CHECKOUT_CLOSES_AFTER > now && d.state === 'open';
        return end + CHECKOUT_CLOSES_AFTER <= now && end > now - PAST_WINDOW && s.state !== 'waitlisted';
      })
      .sort((a, b) => (whenFilter === 'upcoming' ? 1 : -1) * (ms(a.d.start)! - ms(b.d.start)!));
    const summaries = await this.listing.summaries(
      rows.map((r) => r.d),
      caller.openid,
    );
    const out: MyShift[] = [];
    for (const [i, { s, d }] of rows.entries()) {
      out.push({
        ...(summaries[i] as ShiftSummary),
        position: s.state === 'waitlisted' ? await this.repo.positionOf(s) : null,
        checkedInAt: iso(s.checkedInAt),
        checkedOutAt: iso(s.checkedOutAt),
        hours: s.hours ?? 0,
        lateCancel: s.lateCancel === true,
        checkInOpensAt: toBeijingIso(ms(d.start)! - CHECKIN_OPENS_BEFORE),
        checkOutClosesAt: toBeijingIso(ms(d.end)! + CHECKOUT_CLOSES_AFTER),
      });
    }
    return { shifts: out };
  }

  /**
   * Takes a place. The database enforces capacity: a place is the seat document `<shiftId>:seat:<n>`, created with
   * `add` in the same transaction as the sign-up, so two people can never hold one seat and no seat beyond the
   * capacity exists. A free seat is picked from a committed read; when someone else gets it first, read again and try
   * another. Nothing free → SHIFT.FULL, or a waitlist place when the caller asked to wait.
   */
  async signUp(caller: Caller, input: ParsedInput<'volunteer', 'signUp'>, _requestId: string): Promise<SignUpResult> {
    const now = this.clock.now();
    const arrived = freshTick();
    // Committed reads shared with the requests that arrived with this one (a burst costs one read per wave).
    const shift = await this.shiftReads.read(input.shiftId, arrived, () => this.repo.shift(input.shiftId));
    if (!shift) throw new DomainError('SHIFT.NOT_FOUND', 'no such shift');
    if (shift.state !== 'open' || ms(shift.start)! <= now) throw new DomainError('SHIFT.SIGNUP_CLOSED', 'the shift has started or was cancelled');
    if (shift.openTo === 'members' && !(await this.repo.isMember(shift.stationId, caller.openid))) {
      throw new DomainError('SHIFT.MEMBERS_ONLY', 'the shift is for members of its station');
    }
    // A full shift is answered from the seat read at once; else seat attempts on one shift run one at a time in this
    // instance (across instances the database decides).
    const first = await this.freeSeats(shift, arrived, caller.openid);
    const outcome = first === 'full' || 'signup' in first ? first : await this.seatLock.run([`shift:${shift._id}`], () => this.takeASeat(shift, caller.openid, arrived, now));
    if (outcome === 'busy') throw new DomainError('SHIFT.BUSY', 'too much contention, try again');
    if (outcome !== 'full') return this.placeOf(outcome.signup);
    if (input.wait) return this.joinWaitlist(shift, caller.openid, now);
    // Full: someone already waiting (or holding a place) is answered with their place, not refused.
    const existing = await this.repo.signup(signupId(shift._id, caller.openid));
    if (existing && existing.state !== 'cancelled') return this.placeOf(existing);
    throw new DomainError('SHIFT.FULL', 'every place is taken');
  }

  /**
   * The free seats as of a committed read that started after tick `since` (shared by every request that may use it),
   * 'full' when none is free beyond the people already waiting (freed places are theirs: the promotion or the timer
   * gives them out), or the caller's own place when an earlier attempt of theirs committed.
   */
  private async freeSeats(shift: ShiftDoc, since: number, openid: string): Promise<'full' | { free: number[] } | { signup: SignupDoc }> {
    const seats = await this.seatReads.read(shift._id, since, () => this.repo.seats(shift._id));
    if (seats.some((s) => s.openid === openid)) {
      const mine = await this.repo.signup(signupId(shift._id, openid));
      if (mine && mine.state === 'confirmed') return { signup: mine };
    }
    const free = freeSeatNumbers(shift.capacity, seats.map((s) => s.seat));
    if (free.length === 0) return 'full';
    const waiting = await this.waitingReads.read(shift._id, since, () => this.repo.waitingCount(shift._id));
    return free.length <= waiting ? 'full' : { free };
  }

  /** Under this instance's lock for the shift: pick a free seat from a committed read and try it; on a miss, read again. */
  private async takeASeat(shift: ShiftDoc, openid: string, arrived: number, now: number): Promise<'full' | 'busy' | { signup: SignupDoc }> {
    for (let attempt = 0; attempt < SEAT_ATTEMPTS; attempt++) {
      // A read that started after this request arrived and after this instance's last seat attempt on the shift.
      const view = await this.freeSeats(shift, Math.max(arrived, this.lastSeatAttempt.get(shift._id) ?? 0), openid);
      if (view === 'full' || 'signup' in view) return view;
      // A random free seat: attempts from other instances spread over the seats instead of colliding on the lowest.
      const seat = view.free[Math.floor(Math.random() * view.free.length)] as number;
      const outcome = await this.tryConfirm(shift, openid, seat, now);
      if (this.lastSeatAttempt.size > 5_000) this.lastSeatAttempt.clear();
      this.lastSeatAttempt.set(shift._id, freshTick());
      if (outcome !== 'taken') return outcome;
      if (attempt > 1) await jitter(Math.min(200, 10 * attempt));
    }
    return 'busy';
  }

  private async placeOf(s: SignupDoc): Promise<SignUpResult> {
    if (s.state === 'waitlisted') return { shiftId: s.shiftId, state: 'waitlisted', position: await this.repo.positionOf(s) };
    return { shiftId: s.shiftId, state: 'confirmed' };
  }

  private fresh(shift: ShiftDoc, openid: string, now: number, prior: SignupDoc | null): SignupDoc {
    return {
      _id: signupId(shift._id, openid),
      shiftId: shift._id,
      stationId: shift.stationId,
      openid,
      state: 'confirmed',
      seat: null,
      waitingSince: null,
      createdAt: prior ? new Date(prior.createdAt) : new Date(now),
      updatedAt: new Date(now),
      cancelledAt: null,
      lateCancel: false,
      checkedInAt: null,
      checkedOutAt: null,
      checkInDistanceM: null,
      checkOutDistanceM: null,
      hours: 0,
    };
  }

  /** One transaction: the seat (refused by the database if held) and the sign-up, with the confirmation message. */
  private async tryConfirm(shift: ShiftDoc, openid: string, seat: number, now: number): Promise<SeatOutcome> {
    const id = signupId(shift._id, openid);
    const settle = async (): Promise<SeatOutcome | undefined> => {
      const s = await this.repo.signup(id);
      return s && s.state !== 'cancelled' ? { signup: s } : 'taken';
    };
    try {
      return await this.repo.transaction<SeatOutcome>(
        now,
        async (tx) => {
          if (await tx.erasing(openid)) throw accountDeleting();
          const cur = await tx.signup(id);
          if (cur && cur.state !== 'cancelled') return { signup: cur };
          if ((await tx.takeSeat({ _id: seatId(shift._id, seat), shiftId: shift._id, seat, openid, at: new Date(now) })) === 'taken') return 'taken';
          const doc: SignupDoc = { ...this.fresh(shift, openid, now, cur), state: 'confirmed', seat };
          if (cur) await tx.putSignup(doc);
          else if ((await tx.insertSignup(doc)) === 'exists') throw new SignupRace();
          await tx.notify({
            openid,
            kind: 'shift_confirmed',
            title: '报名成功',
            body: `${shift.stationName}「${shift.title}」${when(shift)}，请提前到场签到。`,
            stationId: shift.stationId,
            shiftId: shift._id,
          });
          return { signup: doc };
        },
        // A conflict: another transaction wrote this seat or this sign-up. Our own place, if committed, answers;
        // otherwise read the seats again and try another.
        { attempts: 1, beforeRetry: settle },
      );
    } catch (e) {
      if (e instanceof SignupRace || dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') return (await settle()) ?? 'taken';
      throw e;
    }
  }

  /**
   * Joins the waitlist: one `add` of the sign-up (the database refuses a second one for the person and shift), or a
   * conditional update of a cancelled one. No transaction: nothing else changes, and a place the person got meanwhile
   * (a promotion, their own earlier call) is found and answered instead.
   */
  private async joinWaitlist(shift: ShiftDoc, openid: string, now: number): Promise<SignUpResult> {
    if (await this.repo.erasing(openid)) throw accountDeleting();
    const doc: SignupDoc = { ...this.fresh(shift, openid, now, null), state: 'waitlisted', waitingSince: new Date(now) };
    for (let attempt = 0; attempt < 3; attempt++) {
      if ((await this.repo.addSignup(doc)) === 'inserted') return this.placeOf(doc);
      const cur = await this.repo.signup(doc._id);
      if (cur && cur.state !== 'cancelled') return this.placeOf(cur);
      if (cur && (await this.repo.rejoin(doc._id, { ...doc, createdAt: new Date(cur.createdAt) }))) return this.placeOf(doc);
    }
    throw new DomainError('SHIFT.BUSY', 'too much contention, try again');
  }

  /** Gives up a place or a waitlist place before the start; a freed place goes to the next person waiting. */
  async cancel(caller: Caller, shiftId: string, _requestId: string): Promise<ActionOutput<'volunteer', 'cancel'>> {
    const now = this.clock.now();
    const shift = await this.repo.shift(shiftId);
    if (!shift) throw new DomainError('SHIFT.NOT_FOUND', 'no such shift');
    const start = ms(shift.start)!;
    const id = signupId(shift._id, caller.openid);
    const { late, freed } = await this.repo.transaction(now, async (tx) => {
      const cur = await tx.signup(id);
      if (!cur || cur.openid !== caller.openid || cur.state === 'cancelled') throw new DomainError('SHIFT.NOT_SIGNED_UP', 'no place on this shift');
      if (now >= start) throw new DomainError('SHIFT.STARTED', 'the shift has started');
      const confirmed = cur.state === 'confirmed';
      const lateCancel = confirmed && start - now < FREE_CANCEL_BEFORE;
      if (confirmed && cur.seat !== null) await tx.removeSeat(seatId(shift._id, cur.seat));
      await tx.updateSignup(id, { state: 'cancelled', seat: null, waitingSince: null, cancelledAt: new Date(now), lateCancel });
      return { late: lateCancel, freed: confirmed };
    });
    if (freed) {
      // Its own transactions; if this instance dies here, the timer promotes within a minute.
      await this.promote(shift._id).catch(() => 0);
    }
    return { shiftId: shift._id, state: 'cancelled', late };
  }

  /** Gives free places of an upcoming shift to the people waiting, first in line first. Returns how many were promoted. */
  async promote(shiftId: string): Promise<number> {
    let promoted = 0;
    for (let round = 0; round < 1000; round++) {
      const now = this.clock.now();
      const shift = await this.repo.shift(shiftId);
      if (!shift || shift.state !== 'open' || ms(shift.start)! <= now) return promoted;
      const [seats, next] = await Promise.all([this.repo.seats(shiftId), this.repo.waiting(shiftId, 1)]);
      const seat = freeSeatNumbers(shift.capacity, seats.map((s) => s.seat))[0] ?? 0;
      const first = next[0];
      if (seat === 0 || !first) return promoted;
      const outcome = await this.tryPromote(shift, first, seat, now);
      if (outcome === 'promoted') promoted += 1;
      else if (outcome === 'taken') await jitter(20);
    }
    return promoted;
  }

  private async tryPromote(shift: ShiftDoc, waiting: SignupDoc, seat: number, now: number): Promise<'promoted' | 'taken' | 'gone'> {
    try {
      return await this.repo.transaction(
        now,
        async (tx) => {
          const cur = await tx.signup(waiting._id);
          if (!cur || cur.state !== 'waitlisted') return 'gone' as const;
          if (await tx.erasing(cur.openid)) {
            await tx.updateSignup(cur._id, { state: 'cancelled', waitingSince: null, cancelledAt: new Date(now) });
            return 'gone' as const;
          }
          if ((await tx.takeSeat({ _id: seatId(shift._id, seat), shiftId: shift._id, seat, openid: cur.openid, at: new Date(now) })) === 'taken') return 'taken' as const;
          await tx.updateSignup(cur._id, { state: 'confirmed', seat, waitingSince: null });
          await tx.notify({
            openid: cur.openid,
            kind: 'shift_promoted',
            title: '候补成功，已为您报名',
            body: `${shift.stationName}「${shift.title}」${when(shift)} 有了空位，您已报名成功，请按时到场签到。`,
            stationId: shift.stationId,
            shiftId: shift._id,
          });
          return 'promoted' as const;
        },
        { attempts: 3 },
      );
    } catch (e) {
      if (dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') return 'taken';
      throw e;
    }
  }

  /** Timer: promotes waiting people wherever an upcoming shift has a free place (heals a crash after a cancel). */
  async tick(): Promise<Record<string, number>> {
    const ids = await this.repo.shiftIdsWithWaiting(new Date(this.clock.now()));
    let promoted = 0;
    for (const id of ids) promoted += await this.promote(id);
    return { shiftsWithWaiting: ids.length, promoted };
  }

  // ------------------------------------------------------------------ managers

  async managedShifts(caller: Caller, input: ParsedInput<'volunteer', 'managedShifts'>): Promise<ActionOutput<'volunteer', 'managedShifts'>> {
    const now = this.clock.now();
    const stations = await this.repo.stationsIn(await stationScope(caller));
    const ids = stations.map((s) => s._id).filter((id) => !input.stationId || id === input.stationId);
    const docs = await this.repo.shiftsOfStations(ids, new Date(now - MANAGED_LOOKBACK));
    const [summaries, checked] = await Promise.all([this.listing.summaries(docs, caller.openid), this.repo.checkedInFor(docs.map((d) => d._id))]);
    const ended = new Map(docs.map((d) => [d._id, ms(d.end)! <= now]));
    const checkedIn = new Map<string, number>();
    const needs = new Map<string, number>();
    for (const s of checked) {
      checkedIn.set(s.shiftId, (checkedIn.get(s.shiftId) ?? 0) + 1);
      if (!s.checkedOutAt && ended.get(s.shiftId)) needs.set(s.shiftId, (needs.get(s.shiftId) ?? 0) + 1);
    }
    return { shifts: summaries.map((s) => ({ ...s, checkedIn: checkedIn.get(s.id) ?? 0, needsConfirmation: needs.get(s.id) ?? 0 })) };
  }

  async createShift(caller: Caller, input: ParsedInput<'volunteer', 'createShift'>, requestId: string): Promise<ActionOutput<'volunteer', 'createShift'>> {
    const now = this.clock.now();
    const station = await this.repo.station(input.stationId);
    if (!station || station.active === false) throw new DomainError('STATION.NOT_FOUND', 'no such station');
    if (!(await canManageStation(caller, station))) throw new DomainError('AUTH.FORBIDDEN', 'not your station');
    const start = parseInstant(input.start);
    const end = parseInstant(input.end);
    if (start <= now) throw new DomainError('SHIFT.BAD_TIMES', 'the start has passed', { start: '开始时间不能早于现在' });
    if (end <= start) throw new DomainError('SHIFT.BAD_TIMES', 'the end is not after the start', { end: '结束时间要晚于开始时间' });
    if (end - start > MAX_SHIFT_LENGTH) throw new DomainError('SHIFT.BAD_TIMES', 'longer than 12 hours', { end: '一次服务不超过12小时' });
    const doc: ShiftDoc = {
      _id: shiftIdFor(`${caller.openid}:volunteer.createShift:${requestId}`),
      stationId: station._id,
      stationName: station.name,
      streetId: station.streetId,
      title: input.title,
      description: input.description,
      start: new Date(start),
      end: new Date(end),
      date: beijingDate(start),
      capacity: input.capacity,
      place: input.place,
      location: input.location ? { latitude: input.location.latitude, longitude: input.location.longitude } : null,
      radiusM: input.location ? (input.radiusM ?? DEFAULT_RADIUS_M) : null,
      skills: input.skills,
      openTo: input.openTo,
      state: 'open',
      createdBy: caller.openid,
      createdAt: new Date(now),
    };
    const saved = await this.repo.transaction(now, async (tx) => {
      if ((await tx.insertShift(doc)) === 'exists') return (await tx.shift(doc._id)) ?? doc;
      await tx.audit({
        actor: caller.openid,
        action: 'volunteer.createShift',
        target: `shift:${doc._id}`,
        summary: `${doc.title} ${beijingDate(start)} ${timeRange(start, end)}, ${doc.capacity} places`,
        requestId,
        scope: { stationId: station._id, streetId: station.streetId },
      });
      return doc;
    });
    // The station read afresh once the shift has committed: retired meanwhile (admin.retireStation in another
    // instance, whose sweep of its shifts may have run before this commit), the shift is cancelled at once.
    const fresh = await this.repo.station(station._id);
    if (!fresh || fresh.active === false) {
      await this.repo.cancelOpenShift(saved._id, (s) => retiredShiftMessage(station.name, s, (fresh as { retiredReason?: string } | null)?.retiredReason ?? '站点停止使用'), this.clock.now());
      throw new DomainError('STATION.NOT_FOUND', 'the station was retired');
    }
    return toShiftSummary(saved, 0, 0, 'none');
  }

  async roster(caller: Caller, shiftId: string): Promise<ActionOutput<'volunteer', 'roster'>> {
    const now = this.clock.now();
    const shift = await this.repo.shift(shiftId);
    if (!shift) throw new DomainError('SHIFT.NOT_FOUND', 'no such shift');
    if (!(await canManageStation(caller, { _id: shift.stationId, streetId: shift.streetId }))) throw new DomainError('AUTH.FORBIDDEN', 'not your station');
    const [own, signups, [summary]] = await Promise.all([
      isOwnStationManager(caller, shift.stationId),
      this.repo.signupsFor([shift._id]),
      this.listing.summaries([shift], caller.openid),
    ]);
    const openids = signups.map((s) => s.openid);
    const [volunteers, users] = await Promise.all([this.repo.volunteers(openids), this.repo.users(openids)]);
    const vol = new Map(volunteers.map((v) => [v._id, v]));
    const usr = new Map(users.map((u) => [u._id, u]));
    const ended = ms(shift.end)! <= now;
    const waiting = signups.filter((s) => s.state === 'waitlisted').sort((a, b) => (ms(a.waitingSince) ?? 0) - (ms(b.waitingSince) ?? 0) || a._id.localeCompare(b._id));
    const order = { confirmed: 0, waitlisted: 1, cancelled: 2 } as const;
    const entries: RosterEntry[] = signups
      .sort((a, b) => order[a.state] - order[b.state] || (a.seat ?? 0) - (b.seat ?? 0) || (ms(a.waitingSince) ?? 0) - (ms(b.waitingSince) ?? 0))
      .map((s) => {
        const v = vol.get(s.openid);
        const u = usr.get(s.openid);
        const phone = v?.phone ?? u?.phone ?? null;
        return {
          openid: s.openid,
          name: v?.realName || u?.nickname || '志愿者',
          phone: own ? phone : maskPhone(phone),
          state: s.state,
          position: s.state === 'waitlisted' ? waiting.indexOf(s) + 1 : null,
          checkedInAt: iso(s.checkedInAt),
          checkedOutAt: iso(s.checkedOutAt),
          distanceM: s.checkInDistanceM ?? s.checkOutDistanceM ?? null,
          hours: s.hours ?? 0,
          needsConfirmation: s.checkedInAt !== null && s.checkedInAt !== undefined && !s.checkedOutAt && ended,
        };
      });
    return { shift: summary as ShiftSummary, entries };
  }
}

/** Two sign-ups of one person raced: the database refused the second sign-up document (its seat is rolled back). */
class SignupRace extends Error {}
