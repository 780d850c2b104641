import { useImageIn } from '../_shared/images';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import type { PartyBranchDoc } from '../_shared/branches';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { enqueueNotification, type NotificationKind } from '../_shared/notifications';
import { activityContribution, recordChange } from '../_shared/rollups';
import type { GridSlot } from '../_shared/slot-grid';
import { getDoc, retryingTransaction, type Transaction } from '../_shared/tx';
import { bookEventSlots, cancelEventBooking, ledgerEntry, type BookingDoc, type LedgerDoc, type VenueDoc } from '../_shared/venue-ledger';
import { activitySeatId, CLOSED_SEAT_HOLDER, type ActivityDoc, type ActivityPlaceDoc, type ActivitySignupDoc } from './activity.docs';

/** How many people one notice transaction tells (a change or cancellation reaches everyone in batches of this size). */
export const NOTICE_BATCH = 50;

/**
 * A change or cancellation notice: the activity keeps its last one (`notice`, with `noticePending` until everyone
 * confirmed or waiting has it); each sign-up told records its id (`noticeId`), so a batch a crash interrupted is
 * finished by the timer and nobody is told twice.
 */
export interface ActivityNotice {
  id: string;
  kind: Extract<NotificationKind, 'activity_changed' | 'activity_cancelled'>;
  title: string;
  body: string;
  at: Date;
}

/** The activity as the lifecycle writes it: its last notice, and whether it is still being sent. */
export type LifecycleActivityDoc = ActivityDoc & { notice?: ActivityNotice | null; noticePending?: boolean };
/** A sign-up with the last notice it was told. */
export type NoticedSignupDoc = ActivitySignupDoc & { noticeId?: string | null };

export interface CommunityDoc {
  _id: string;
  streetId: string;
  name: string;
}

/** Typed operations inside one lifecycle transaction (create, publish, update, cancel, a notice batch). */
export class LifecycleTx {
  constructor(
    private readonly tx: Transaction,
    readonly now: number,
  ) {}

  activity(id: string): Promise<LifecycleActivityDoc | null> {
    return getDoc<LifecycleActivityDoc>(this.tx, Collections.activities, id);
  }

  async addActivity(doc: LifecycleActivityDoc): Promise<void> {
    await this.tx.collection(Collections.activities).add(doc);
  }

  /** Replaces the activity's fields (every field but `_id`). */
  async saveActivity(doc: LifecycleActivityDoc): Promise<void> {
    const { _id, ...rest } = doc;
    // Published, cancelled after publishing, moved: counted in the dashboard's rollups (a fact in this transaction).
    const before = await this.activity(_id);
    await this.tx.collection(Collections.activities).doc(_id).set(rest);
    await recordChange(this.tx, activityContribution(before), activityContribution(doc), this.now);
  }

  /** The cover state of an accepted image this activity starts using (read and touched in this transaction: images.ts useImageIn). */
  useImage(imageId: string, usedBy: string): Promise<'checking' | 'ok'> {
    return useImageIn(this.tx, imageId, usedBy);
  }

  bookVenue(doc: BookingDoc, slots: GridSlot[]): Promise<void> {
    return bookEventSlots(this.tx, doc, slots);
  }

  booking(id: string): Promise<BookingDoc | null> {
    return getDoc<BookingDoc>(this.tx, Collections.bookings, id);
  }

  cancelBooking(b: BookingDoc): Promise<void> {
    return cancelEventBooking(this.tx, b, this.now);
  }

  seat(activityId: string, n: number): Promise<ActivityPlaceDoc | null> {
    return getDoc<ActivityPlaceDoc>(this.tx, Collections.activityPlaces, activitySeatId(activityId, n));
  }

  /** Moves a held seat to a free number (the seat document and the sign-up's `seat`). */
  async moveSeat(seat: ActivityPlaceDoc, to: number, signupId: string): Promise<void> {
    const { _id, ...rest } = seat;
    await this.tx.collection(Collections.activityPlaces).add({ ...rest, _id: activitySeatId(seat.activityId, to), n: to });
    await this.tx.collection(Collections.activityPlaces).doc(_id).remove();
    await this.tx.collection(Collections.activitySignups).doc(signupId).update({ seat: to, updatedAt: new Date(this.now) });
  }

  /**
   * Closes seat number `n` above a smaller capacity: a `closed` document with the seat's `_id`, created with `add`, so a
   * sign-up holding (or having just committed) that number conflicts with this transaction.
   */
  async closeSeat(activityId: string, n: number): Promise<void> {
    const doc: ActivityPlaceDoc = { _id: activitySeatId(activityId, n), activityId, kind: 'closed', n, openid: CLOSED_SEAT_HOLDER, at: new Date(this.now) };
    await this.tx.collection(Collections.activityPlaces).add(doc);
  }

  /** Reopens a closed seat number (a larger capacity): its place is free for anyone again. */
  async reopenSeat(id: string): Promise<void> {
    await this.tx.collection(Collections.activityPlaces).doc(id).remove();
  }

  signup(id: string): Promise<NoticedSignupDoc | null> {
    return getDoc<NoticedSignupDoc>(this.tx, Collections.activitySignups, id);
  }

  async markTold(signupId: string, noticeId: string): Promise<void> {
    await this.tx.collection(Collections.activitySignups).doc(signupId).update({ noticeId });
  }

  notify(n: { openid: string; kind: NotificationKind; title: string; body: string; activityId: string }): Promise<void> {
    return enqueueNotification(this.tx, n, this.now);
  }

  audit(entry: AuditEntry): Promise<void> {
    return appendAudit(this.tx, entry, this.now);
  }
}

/** The organiser's reads and transactions: activities, branches, places (venues, communities), sign-ups to tell. */
export class LifecycleRepository {
  constructor(private readonly db: () => Database) {}

  transaction<T>(now: number, work: (tx: LifecycleTx) => Promise<T>, options: { beforeRetry?: () => Promise<T | undefined> } = {}): Promise<T> {
    return retryingTransaction(this.db(), (tx) => work(new LifecycleTx(tx, now)), options);
  }

  activity(id: string): Promise<LifecycleActivityDoc | null> {
    return getDoc<LifecycleActivityDoc>(this.db(), Collections.activities, id);
  }

  branch(id: string): Promise<PartyBranchDoc | null> {
    return getDoc<PartyBranchDoc>(this.db(), Collections.partyBranches, id);
  }

  /** These branches (every branch when `ids` is null), in their order. */
  async branches(ids: string[] | null): Promise<PartyBranchDoc[]> {
    const db = this.db();
    if (ids !== null && ids.length === 0) return [];
    const res = await db
      .collection(Collections.partyBranches)
      .where(ids === null ? {} : { _id: db.command.in(ids) })
      .orderBy('sort', 'asc')
      .limit(1000)
      .get();
    return res.data as PartyBranchDoc[];
  }

  /** The venue as committed now (its capacity, approval and closed dates are judged on it). */
  venue(id: string): Promise<VenueDoc | null> {
    return getDoc<VenueDoc>(this.db(), Collections.venues, id);
  }

  community(id: string): Promise<CommunityDoc | null> {
    return getDoc<CommunityDoc>(this.db(), Collections.communities, id);
  }

  async streetName(id: string): Promise<string | null> {
    return (await getDoc<{ name: string }>(this.db(), Collections.streets, id))?.name ?? null;
  }

  ledgerEntry(key: string): Promise<LedgerDoc | null> {
    return ledgerEntry(this.db(), key);
  }

  /** Activities of these branches (every branch's when null), newest start first. */
  async activitiesOf(branchIds: string[] | null): Promise<LifecycleActivityDoc[]> {
    const db = this.db();
    if (branchIds !== null && branchIds.length === 0) return [];
    const res = await db
      .collection(Collections.activities)
      .where(branchIds === null ? {} : { branchId: db.command.in(branchIds) })
      .orderBy('start', 'desc')
      .limit(1000)
      .get();
    return res.data as LifecycleActivityDoc[];
  }

  /** Seat numbers held in an activity (one query). */
  async seatNumbers(activityId: string): Promise<number[]> {
    const res = await this.db().collection(Collections.activityPlaces).where({ activityId, kind: 'seat' }).field({ n: true }).limit(1000).get();
    return (res.data as Array<{ n: number }>).map((p) => p.n);
  }

  /** Ids of the activity's closed seat numbers in (`above`, `upTo`] (committed). */
  async closedSeats(activityId: string, above: number, upTo: number): Promise<string[]> {
    const _ = this.db().command;
    const res = await this.db()
      .collection(Collections.activityPlaces)
      .where({ activityId, kind: 'closed', n: _.gt(above).and(_.lte(upTo)) })
      .field({ _id: true })
      .limit(1000)
      .get();
    return (res.data as Array<{ _id: string }>).map((p) => p._id);
  }

  /** Up to `limit` people confirmed or waiting who have not been told notice `noticeId`. */
  async untold(activityId: string, noticeId: string, limit: number): Promise<NoticedSignupDoc[]> {
    const _ = this.db().command;
    const res = await this.db()
      .collection(Collections.activitySignups)
      .where({ activityId, state: _.in(['confirmed', 'waitlisted']), noticeId: _.neq(noticeId) })
      .limit(limit)
      .get();
    return res.data as NoticedSignupDoc[];
  }

  /** Activities with a notice still being sent, and activities cancelled lately (a sign-up may have raced the cancel). */
  async withNotices(since: Date): Promise<LifecycleActivityDoc[]> {
    const _ = this.db().command;
    const res = await this.db()
      .collection(Collections.activities)
      .where(_.or([{ noticePending: true }, { state: 'cancelled', end: _.gt(since) }]))
      .limit(200)
      .get();
    return res.data as LifecycleActivityDoc[];
  }
}
