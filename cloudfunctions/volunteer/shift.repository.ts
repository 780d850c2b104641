import { accountErasing, accountErasingNow } from '../_shared/erasure';
import { cancelOpenShift } from '../_shared/shift-cancel';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import { type Database, dbErrorCode } from '../_shared/db';
import { enqueueNotification, type NotificationKind } from '../_shared/notifications';
import { claimPlace, seatIdOf } from '../_shared/seats';
import { getDoc, retryingTransaction, type Transaction } from '../_shared/tx';
import type { SeatDoc, ShiftDoc, SignupDoc, VolunteerDoc } from '../_shared/volunteer.docs';

/** A station as shifts need it (copied onto the shift: name and street). */
export interface ShiftStationDoc {
  _id: string;
  name: string;
  streetId: string;
  active: boolean;
}

/** `shift_seats/<shiftId>:seat:<n>`. */
export const seatId = (shiftId: string, seat: number): string => seatIdOf(shiftId, seat);
/** `shift_signups/<shiftId>:<openid>`. */
export const signupId = (shiftId: string, openid: string): string => `${shiftId}:${openid}`;

/** Typed single-document operations inside one shift transaction. Rules live in the service. */
export class ShiftTx {
  constructor(
    private readonly tx: Transaction,
    readonly now: number,
  ) {}

  shift(id: string): Promise<ShiftDoc | null> {
    return getDoc<ShiftDoc>(this.tx, Collections.shifts, id);
  }

  signup(id: string): Promise<SignupDoc | null> {
    return getDoc<SignupDoc>(this.tx, Collections.shiftSignups, id);
  }

  /** Whether the person's account is being (or has been) deleted: their booking account or deletion marker says so. */
  erasing(openid: string): Promise<boolean> {
    return accountErasing(this.tx, openid);
  }

  /** Claims a place: the seat's deterministic `_id` makes the database refuse a second holder. */
  takeSeat(seat: SeatDoc): Promise<'held' | 'taken'> {
    return claimPlace(this.tx, Collections.shiftSeats, seat);
  }

  async removeSeat(id: string): Promise<void> {
    await this.tx.collection(Collections.shiftSeats).doc(id).remove();
  }

  /** A first sign-up: `add`, so the database refuses a second document for one person and shift. */
  async insertSignup(doc: SignupDoc): Promise<'inserted' | 'exists'> {
    try {
      await this.tx.collection(Collections.shiftSignups).add(doc);
      return 'inserted';
    } catch (e) {
      if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE') return 'exists';
      throw e;
    }
  }

  /** Rewrites a sign-up read in this transaction (a second write of it elsewhere makes this transaction conflict). */
  async putSignup(doc: SignupDoc): Promise<void> {
    const { _id, ...rest } = doc;
    await this.tx.collection(Collections.shiftSignups).doc(_id).set(rest);
  }

  async updateSignup(id: string, patch: Partial<Omit<SignupDoc, '_id'>>): Promise<void> {
    await this.tx.collection(Collections.shiftSignups).doc(id).update({ ...patch, updatedAt: new Date(this.now) });
  }

  async insertShift(doc: ShiftDoc): Promise<'inserted' | 'exists'> {
    try {
      await this.tx.collection(Collections.shifts).add(doc);
      return 'inserted';
    } catch (e) {
      if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE') return 'exists';
      throw e;
    }
  }

  notify(n: { openid: string; kind: NotificationKind; title: string; body: string; stationId?: string; shiftId?: string }): Promise<void> {
    return enqueueNotification(this.tx, n, this.now);
  }

  audit(entry: AuditEntry): Promise<void> {
    return appendAudit(this.tx, entry, this.now);
  }
}

export class ShiftRepository {
  constructor(private readonly db: () => Database) {}

  /** Runs `work` in a transaction, retried with backoff on conflicts; `beforeRetry` may settle from committed state. */
  transaction<T>(now: number, work: (tx: ShiftTx) => Promise<T>, options: { attempts?: number; beforeRetry?: () => Promise<T | undefined> } = {}): Promise<T> {
    return retryingTransaction(this.db(), (tx) => work(new ShiftTx(tx, now)), options);
  }

  /** Cancels an open shift of a station taken out of service and tells everyone signed up (_shared/shift-cancel.ts). */
  cancelOpenShift(shiftId: string, message: (shift: ShiftDoc) => { title: string; body: string }, now: number): Promise<boolean> {
    return cancelOpenShift(this.db(), shiftId, message, now);
  }

  station(id: string): Promise<ShiftStationDoc | null> {
    return getDoc<ShiftStationDoc>(this.db(), Collections.stations, id);
  }

  async stationsIn(scope: { stationIds: string[]; streetIds: string[]; all: boolean }): Promise<ShiftStationDoc[]> {
    const db = this.db();
    const _ = db.command;
    if (!scope.all && scope.stationIds.length === 0 && scope.streetIds.length === 0) return [];
    const where = scope.all ? {} : _.or([{ _id: _.in(scope.stationIds) }, { streetId: _.in(scope.streetIds) }]);
    const res = await db.collection(Collections.stations).where(where).limit(1000).get();
    return res.data as ShiftStationDoc[];
  }

  shift(id: string): Promise<ShiftDoc | null> {
    return getDoc<ShiftDoc>(this.db(), Collections.shifts, id);
  }

  async shiftsByIds(ids: string[]): Promise<ShiftDoc[]> {
    if (ids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.shifts).where({ _id: db.command.in(ids) }).limit(1000).get();
    return res.data as ShiftDoc[];
  }

  /** Shifts of these stations ending after `from`, every state, soonest first. */
  async shiftsOfStations(stationIds: string[], from: Date): Promise<ShiftDoc[]> {
    if (stationIds.length === 0) return [];
    const db = this.db();
    const _ = db.command;
    const res = await db.collection(Collections.shifts).where({ stationId: _.in(stationIds), end: _.gt(from) }).orderBy('start', 'asc').limit(500).get();
    return res.data as ShiftDoc[];
  }

  signup(id: string): Promise<SignupDoc | null> {
    return getDoc<SignupDoc>(this.db(), Collections.shiftSignups, id);
  }

  /** Whether the person's account is being (or has been) deleted (outside a transaction: one query). */
  erasing(openid: string): Promise<boolean> {
    return accountErasingNow(this.db(), openid);
  }

  /** A new sign-up; 'exists' when the person already has one for the shift (the database refuses a second). */
  async addSignup(doc: SignupDoc): Promise<'inserted' | 'exists'> {
    try {
      await this.db().collection(Collections.shiftSignups).add(doc);
      return 'inserted';
    } catch (e) {
      if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE') return 'exists';
      throw e;
    }
  }

  /** Reopens a cancelled sign-up as `doc`, only if it is still cancelled (atomic). */
  async rejoin(id: string, doc: SignupDoc): Promise<boolean> {
    const { _id, ...rest } = doc;
    const res = (await this.db().collection(Collections.shiftSignups).where({ _id: id, state: 'cancelled' }).update(rest)) as { updated?: number };
    return res.updated === 1;
  }

  /** The committed seats of a shift (at most its capacity). */
  async seats(shiftId: string): Promise<SeatDoc[]> {
    const res = await this.db().collection(Collections.shiftSeats).where({ shiftId }).limit(1000).get();
    return res.data as SeatDoc[];
  }

  /** People waiting for a place on the shift, first in line first. */
  async waiting(shiftId: string, limit = 1000): Promise<SignupDoc[]> {
    const res = await this.db()
      .collection(Collections.shiftSignups)
      .where({ shiftId, state: 'waitlisted' })
      .orderBy('waitingSince', 'asc')
      .orderBy('_id', 'asc')
      .limit(limit)
      .get();
    return res.data as SignupDoc[];
  }

  async waitingCount(shiftId: string): Promise<number> {
    const res = (await this.db().collection(Collections.shiftSignups).where({ shiftId, state: 'waitlisted' }).count()) as { total?: number };
    return res.total ?? 0;
  }

  /** 1-based place in the waitlist of a waiting sign-up (earlier waitingSince first, then by id). One query. */
  async positionOf(s: Pick<SignupDoc, '_id' | 'shiftId' | 'waitingSince'>): Promise<number> {
    const db = this.db();
    const since = new Date(s.waitingSince ?? 0);
    const res = await db
      .collection(Collections.shiftSignups)
      .where({ shiftId: s.shiftId, state: 'waitlisted', waitingSince: db.command.lte(since) })
      .field({ _id: true, waitingSince: true })
      .limit(1000)
      .get();
    const t = since.getTime();
    const ahead = (res.data as Array<Pick<SignupDoc, '_id' | 'waitingSince'>>).filter((o) => {
      const ot = new Date(o.waitingSince ?? 0).getTime();
      return ot < t || (ot === t && o._id < s._id);
    });
    return ahead.length + 1;
  }

  /**
   * Upcoming open shifts with people waiting (the timer's work list): the next 1,000 shifts to start, then their
   * waiting sign-ups — so people left waiting on shifts that have started never crowd out those still to come.
   */
  async shiftIdsWithWaiting(now: Date): Promise<string[]> {
    const db = this.db();
    const _ = db.command;
    const upcoming = await db.collection(Collections.shifts).where({ state: 'open', start: _.gt(now) }).orderBy('start', 'asc').field({ _id: true }).limit(1000).get();
    const ids = (upcoming.data as Array<{ _id: string }>).map((s) => s._id);
    const waiting = new Set<string>();
    for (let i = 0; i < ids.length; i += 100) {
      const res = (await db
        .collection(Collections.shiftSignups)
        .aggregate()
        .match({ state: 'waitlisted', shiftId: _.in(ids.slice(i, i + 100)) })
        .group({ _id: '$shiftId' })
        .limit(1000)
        .end()) as { data?: Array<{ _id: string }> };
      for (const r of res.data ?? []) waiting.add(r._id);
    }
    return ids.filter((id) => waiting.has(id));
  }

  /** The person's sign-ups (every state). */
  async signupsOf(openid: string): Promise<SignupDoc[]> {
    const res = await this.db().collection(Collections.shiftSignups).where({ openid }).limit(1000).get();
    return res.data as SignupDoc[];
  }

  async signupsFor(shiftIds: string[]): Promise<SignupDoc[]> {
    if (shiftIds.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.shiftSignups).where({ shiftId: db.command.in(shiftIds) }).limit(1000).get();
    return res.data as SignupDoc[];
  }

  /** Checked-in sign-ups of these shifts (managed list counts). */
  async checkedInFor(shiftIds: string[]): Promise<Array<Pick<SignupDoc, 'shiftId' | 'checkedInAt' | 'checkedOutAt'>>> {
    if (shiftIds.length === 0) return [];
    const db = this.db();
    const _ = db.command;
    const res = await db
      .collection(Collections.shiftSignups)
      .where({ shiftId: _.in(shiftIds), checkedInAt: _.neq(null) })
      .field({ shiftId: true, checkedInAt: true, checkedOutAt: true })
      .limit(1000)
      .get();
    return res.data as Array<Pick<SignupDoc, 'shiftId' | 'checkedInAt' | 'checkedOutAt'>>;
  }

  /** Stations where the person is a member. */
  async memberStationIds(openid: string): Promise<string[]> {
    const res = await this.db().collection(Collections.stationMembers).where({ openid, state: 'member' }).field({ stationId: true }).limit(1000).get();
    return (res.data as Array<{ stationId: string }>).map((m) => m.stationId);
  }

  async isMember(stationId: string, openid: string): Promise<boolean> {
    const m = await getDoc<{ state?: string }>(this.db(), Collections.stationMembers, `${stationId}:${openid}`);
    return m?.state === 'member';
  }

  async volunteers(openids: string[]): Promise<Array<Pick<VolunteerDoc, '_id' | 'realName' | 'phone'>>> {
    if (openids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.volunteers).where({ _id: db.command.in(openids) }).field({ realName: true, phone: true }).limit(1000).get();
    return res.data as Array<Pick<VolunteerDoc, '_id' | 'realName' | 'phone'>>;
  }

  async users(openids: string[]): Promise<Array<{ _id: string; nickname?: string | null; phone?: string | null }>> {
    if (openids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.users).where({ _id: db.command.in(openids) }).field({ nickname: true, phone: true }).limit(1000).get();
    return res.data as Array<{ _id: string; nickname?: string | null; phone?: string | null }>;
  }
}
