import { randomBytes } from 'node:crypto';
import { ACTIVITY_MAX_HOURS, type ActivityDraft } from '../../types/activity';
import { beijingDate, parseInstant, toBeijingIso } from '../../types/beijing-time';
import { dateOf, monthDayText, timeRange, whenText } from '../../types/date-format';
import type { ActionOutput, ActivityDetail, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import { assertPostable, contentChecker } from '../_shared/content-security';
import { dbErrorCode } from '../_shared/db';
import { DomainError } from '../_shared/errors';
import { acceptImage } from '../_shared/images';
import type { RuntimeDeps } from '../_shared/runtime';
import { freeSeatNumbers } from '../_shared/seats';
import { resolveRequestedSlots, type GridSlot } from '../_shared/slot-grid';
import { canManage } from '../_shared/venue-managers';
import { eventBooking, eventBookingId, isBlackoutEntry, SlotHeld, type BookingDoc, type LedgerDoc, type VenueDoc } from '../_shared/venue-ledger';
import { activitySignupId, type ActivityDoc, type ActivityPlaceDoc } from './activity.docs';
import { ActivityRepository } from './activity.repository';
import { LifecycleRepository, NOTICE_BATCH, type ActivityNotice, type LifecycleActivityDoc, type LifecycleTx } from './lifecycle.repository';
import { organizerScope, organizes } from './organizers';
import { coverUrlOf, toDetail, toSummary } from './view';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The timer looks for sign-ups that raced a cancellation in activities that ended up to this long ago. */
const STRAGGLER_WINDOW_MS = 7 * 24 * HOUR;
/** Seats read at once inside a transaction (when a smaller capacity moves seats down). */
const SEAT_READS_AT_ONCE = 25;

type Place = Pick<ActivityDoc, 'venueId' | 'placeName' | 'address' | 'streetId' | 'streetName' | 'communityId' | 'communityName' | 'lat' | 'lng'>;
type Cover = Pick<ActivityDoc, 'coverImageId' | 'coverFileId' | 'coverState'>;
interface Times {
  start: number;
  end: number;
  deadline: number;
  date: string;
}
/** A catalogue venue's slots for an activity (consecutive, one date), or none (an address). */
interface Slots {
  venue: VenueDoc;
  date: string;
  slots: GridSlot[];
}
type VenueTakenReason = 'booked' | 'closed' | 'approval';

const ms = (d: Date | string | number): number => new Date(d).getTime();

/** A venue slot that cannot be had: booked by someone else, closed that day, or needing its manager's approval. */
function venueTaken(reason: VenueTakenReason, slotStart: number): DomainError {
  return new DomainError('ACTIVITY.VENUE_TAKEN', `the venue is ${reason} at ${toBeijingIso(slotStart)}`, undefined, { slot: toBeijingIso(slotStart), reason });
}
const reasonOf = (holder: LedgerDoc | null): VenueTakenReason => (isBlackoutEntry(holder) ? 'closed' : 'booked');

const badTime = (field: string, message: string, why: string): DomainError => new DomainError('ACTIVITY.BAD_TIME', why, { [`activity.${field}`]: message });

/** Restarts a publish or an update whose activity changed since it was read. */
class StaleActivity extends Error {}

/** Runs `once` again (a few times) when the activity changed between its reads and its transaction. */
async function fresh<T>(once: () => Promise<T>): Promise<T> {
  for (let round = 0; ; round++) {
    try {
      return await once();
    } catch (e) {
      if (e instanceof StaleActivity && round < 4) continue;
      if (e instanceof StaleActivity) throw new DomainError('CONFLICT', 'the activity is being changed, try again');
      throw e;
    }
  }
}

/**
 * Times of an activity: now < start < end on one Beijing date, at most ACTIVITY_MAX_HOURS, and now < deadline ≤ start
 * (the deadline defaults to the start). Each failure is ACTIVITY.BAD_TIME naming its field.
 */
export function checkTimes(draft: Pick<ActivityDraft, 'start' | 'end' | 'signUpDeadline'>, now: number): Times {
  const start = parseInstant(draft.start);
  const end = parseInstant(draft.end);
  const deadline = draft.signUpDeadline !== undefined ? parseInstant(draft.signUpDeadline) : start;
  if (start <= now) throw badTime('start', '开始时间要晚于现在', 'the activity must start in the future');
  if (end <= start) throw badTime('end', '结束时间要晚于开始时间', 'the end must come after the start');
  if (beijingDate(end) !== beijingDate(start)) throw badTime('end', '活动要在同一天内结束', 'the activity must end on the day it starts');
  if (end - start > ACTIVITY_MAX_HOURS * HOUR) throw badTime('end', `活动最长${ACTIVITY_MAX_HOURS}小时`, `at most ${ACTIVITY_MAX_HOURS} hours`);
  if (deadline <= now || deadline > start) throw badTime('signUpDeadline', '报名截止时间要晚于现在，且不晚于活动开始', 'the deadline must lie between now and the start');
  return { start, end, deadline, date: beijingDate(start) };
}

/** What a change says to the people signed up, in plain words; null when nothing they need to know changed. */
export function changeText(before: Pick<ActivityDoc, 'title' | 'start' | 'end' | 'placeName'>, after: Pick<ActivityDoc, 'start' | 'end' | 'placeName'>): string | null {
  const parts: string[] = [];
  const [os, oe, ns, ne] = [ms(before.start), ms(before.end), ms(after.start), ms(after.end)];
  if (os !== ns || oe !== ne) {
    const was = dateOf(os) === dateOf(ns) ? timeRange(os, oe) : `${monthDayText(dateOf(os))} ${timeRange(os, oe)}`;
    parts.push(`时间改为 ${monthDayText(dateOf(ns))} ${timeRange(ns, ne)}（原 ${was}）`);
  }
  if (before.placeName !== after.placeName) parts.push(`地点改为 ${after.placeName}（原 ${before.placeName}）`);
  return parts.length === 0 ? null : `「${before.title}」${parts.join('；')}。`;
}

/** Organisers' side: drafts, publishing into a venue, changes (re-booking, notices), cancelling. */
export class LifecycleService {
  private readonly repo: LifecycleRepository;
  private readonly reads: ActivityRepository;

  constructor(readonly deps: RuntimeDeps) {
    this.repo = new LifecycleRepository(deps.db);
    this.reads = new ActivityRepository(deps.db);
  }

  private readonly coverUrl = (fileId: string): string => coverUrlOf(this.deps)(fileId);

  /** THE detail (view.ts) as its organiser sees it. */
  private async view(doc: ActivityDoc): Promise<ActivityDetail> {
    const counts = (await this.reads.counts([doc._id])).get(doc._id) ?? { taken: 0, waiting: 0 };
    return toDetail(doc, counts, null, { viewer: null, coverUrl: this.coverUrl, organizer: true, canSignUp: false, reason: null });
  }

  async organized(caller: Caller): Promise<ActionOutput<'activity', 'organized'>> {
    const scope = await organizerScope(caller);
    const ids = scope.all ? null : scope.branchIds;
    const [branches, docs] = await Promise.all([this.repo.branches(ids), this.repo.activitiesOf(ids)]);
    const counts = await this.reads.counts(docs.map((d) => d._id));
    return {
      branches: branches.map((b) => ({ id: b._id, name: b.name })),
      items: docs.map((d) => toSummary(d, counts.get(d._id) ?? { taken: 0, waiting: 0 }, null, { viewer: null, coverUrl: this.coverUrl, organizer: true })),
    };
  }

  async create(caller: Caller, input: ParsedInput<'activity', 'create'>, requestId: string): Promise<ActionOutput<'activity', 'create'>> {
    const now = this.deps.clock.now();
    const branch = await this.branchFor(caller, input.branchId);
    const draft = input.activity;
    await this.assertPostable(caller, draft);
    const times = checkTimes(draft, now);
    const place = await this.place(draft.place);
    const id = `act_${randomBytes(12).toString('hex')}`;
    const cover = await this.cover(caller, draft.coverFileId, null, id);
    const doc: LifecycleActivityDoc = {
      _id: id,
      branchId: branch._id,
      branchName: branch.name,
      ...this.fields(draft, times, place, cover),
      bookingId: null,
      state: 'draft',
      cancelReason: null,
      createdBy: caller.openid,
      updatedBy: caller.openid,
      createdAt: new Date(now),
      updatedAt: new Date(now),
      publishedAt: null,
      version: 1,
      notice: null,
      noticePending: false,
    };
    await this.repo.transaction(now, async (tx) => {
      // The image's state as of this transaction: a verdict committing meanwhile conflicts with it (never lost).
      if (doc.coverImageId) doc.coverState = await tx.useImage(doc.coverImageId, `activity:${id}`);
      await tx.addActivity(doc);
      await tx.audit({ actor: caller.openid, action: 'activity.create', target: `activity:${id}`, summary: `草稿「${doc.title}」${whenText(times.start, times.end)} ${doc.placeName}，${doc.capacity}人`, requestId, scope: scopeOf(doc) });
    });
    return this.view(doc);
  }

  async publish(caller: Caller, input: ParsedInput<'activity', 'publish'>, requestId: string): Promise<ActionOutput<'activity', 'publish'>> {
    return fresh(() => this.publishOnce(caller, input, requestId));
  }

  private async publishOnce(caller: Caller, input: ParsedInput<'activity', 'publish'>, requestId: string): Promise<ActionOutput<'activity', 'publish'>> {
    const now = this.deps.clock.now();
    const found = await this.organised(caller, input.activityId);
    if (found.state !== 'draft') throw new DomainError('ACTIVITY.NOT_DRAFT', `the activity is ${found.state}`);
    const times = checkTimes({ start: toBeijingIso(ms(found.start)), end: toBeijingIso(ms(found.end)), signUpDeadline: toBeijingIso(ms(found.signUpDeadline)) }, now);
    const at = found.venueId ? await this.slotsAt(caller, found.venueId, times, found.capacity, now) : null;
    const version = found.version + 1;
    const booking = at ? this.bookingOf(found, at, version, found.title, found.capacity, now) : null;
    const saved = await this.booked<LifecycleActivityDoc>(at, [booking?._id ?? null], (options) =>
      this.repo.transaction(now, async (tx) => {
        const cur = await tx.activity(found._id);
        if (!cur) throw new DomainError('ACTIVITY.NOT_FOUND', 'no such activity');
        if (cur.state !== 'draft') throw new DomainError('ACTIVITY.NOT_DRAFT', `the activity is ${cur.state}`);
        if (cur.version !== found.version) throw new StaleActivity();
        if (booking && at) await tx.bookVenue(booking, at.slots);
        const next: LifecycleActivityDoc = { ...cur, state: 'published', bookingId: booking?._id ?? null, publishedAt: new Date(now), updatedAt: new Date(now), updatedBy: caller.openid, version };
        await tx.saveActivity(next);
        await tx.audit({
          actor: caller.openid,
          action: 'activity.publish',
          target: `activity:${cur._id}`,
          summary: `draft → published「${cur.title}」${whenText(times.start, times.end)} ${cur.placeName}${booking ? `，场地预约 ${booking._id}` : ''}`,
          requestId,
          scope: scopeOf(cur),
        });
        return next;
      }, options),
    );
    return this.view(saved);
  }

  async update(caller: Caller, input: ParsedInput<'activity', 'update'>, requestId: string): Promise<ActionOutput<'activity', 'update'>> {
    return fresh(() => this.updateOnce(caller, input, requestId));
  }

  private async updateOnce(caller: Caller, input: ParsedInput<'activity', 'update'>, requestId: string): Promise<ActionOutput<'activity', 'update'>> {
    const now = this.deps.clock.now();
    const found = await this.organised(caller, input.activityId);
    if (found.state === 'cancelled') throw new DomainError('ACTIVITY.CANCELLED', 'the activity is cancelled');
    const published = found.state === 'published';
    if (published && ms(found.end) <= now) throw new DomainError('ACTIVITY.ENDED', 'the activity has ended');
    const draft = input.activity;
    await this.assertPostable(caller, draft);
    const times = checkTimes(draft, now);
    const place = await this.place(draft.place);
    const moved = times.start !== ms(found.start) || times.end !== ms(found.end) || place.venueId !== found.venueId;
    // A published activity in a venue holds the venue's slots: a new time or venue books anew (its capacity is judged too).
    const at = published && place.venueId ? await this.slotsAt(caller, place.venueId, times, draft.capacity, now, !moved) : null;
    const cover = await this.cover(caller, draft.coverFileId, found, found._id);
    const version = found.version + 1;
    const booking = at && moved ? this.bookingOf(found, at, version, draft.title, draft.capacity, now) : null;
    const next: LifecycleActivityDoc = {
      ...found,
      ...this.fields(draft, times, place, cover),
      bookingId: published ? (moved ? (booking?._id ?? null) : found.bookingId) : null,
      updatedAt: new Date(now),
      updatedBy: caller.openid,
      version,
    };
    const said = published ? changeText(found, next) : null;
    const notice: ActivityNotice | null = said ? { id: `ntc_${randomBytes(8).toString('hex')}`, kind: 'activity_changed', title: '活动有变动', body: `${said}请留意。`, at: new Date(now) } : null;
    if (notice) Object.assign(next, { notice, noticePending: true });
    const changes = summaryOfChanges(found, next);

    // A larger capacity reopens the seat numbers a smaller one closed (committed: only an update changes them, and an
    // update that committed since `found` was read makes this one start again).
    const reopened = published && draft.capacity > found.capacity ? await this.repo.closedSeats(found._id, found.capacity, draft.capacity) : [];

    const saved = await this.booked<LifecycleActivityDoc>(at && moved ? at : null, [booking?._id ?? null, found.bookingId], (options) =>
      this.repo.transaction(now, async (tx) => {
        const cur = await tx.activity(found._id);
        if (!cur) throw new DomainError('ACTIVITY.NOT_FOUND', 'no such activity');
        if (cur.version !== found.version) throw new StaleActivity();
        if (published && moved) {
          // Re-booking: the old booking's slots are freed and the new ones held in this one transaction (or neither).
          const old = cur.bookingId ? await tx.booking(cur.bookingId) : null;
          if (old && old.state === 'confirmed') await tx.cancelBooking(old);
          if (booking && at) await tx.bookVenue(booking, at.slots);
        }
        if (published && draft.capacity < cur.capacity) await this.shrinkSeats(tx, cur, draft.capacity);
        for (const id of reopened) await tx.reopenSeat(id);
        if (next.coverImageId && next.coverImageId !== cur.coverImageId) next.coverState = await tx.useImage(next.coverImageId, `activity:${cur._id}`);
        await tx.saveActivity(next);
        await tx.audit({ actor: caller.openid, action: 'activity.update', target: `activity:${cur._id}`, summary: `${cur.state}「${next.title}」：${changes}`, requestId, scope: scopeOf(next) });
        return next;
      }, options),
    );
    if (notice) await this.sendNotice(saved._id).catch(() => 0);
    if (published && draft.capacity > found.capacity) await this.promote(saved._id);
    return this.view(saved);
  }

  async cancelActivity(caller: Caller, input: ParsedInput<'activity', 'cancelActivity'>, requestId: string): Promise<ActionOutput<'activity', 'cancelActivity'>> {
    const now = this.deps.clock.now();
    const found = await this.organised(caller, input.activityId);
    if (found.state === 'cancelled') throw new DomainError('ACTIVITY.CANCELLED', 'the activity is cancelled');
    if (found.state === 'published' && ms(found.end) <= now) throw new DomainError('ACTIVITY.ENDED', 'the activity has ended');
    const saved = await this.repo.transaction(now, async (tx) => {
      const cur = await tx.activity(found._id);
      if (!cur) throw new DomainError('ACTIVITY.NOT_FOUND', 'no such activity');
      if (cur.state === 'cancelled') throw new DomainError('ACTIVITY.CANCELLED', 'the activity is cancelled');
      const published = cur.state === 'published';
      if (published && ms(cur.end) <= now) throw new DomainError('ACTIVITY.ENDED', 'the activity has ended');
      const next: LifecycleActivityDoc = { ...cur, state: 'cancelled', cancelReason: input.reason, updatedAt: new Date(now), updatedBy: caller.openid, version: cur.version + 1 };
      if (published) {
        // The venue is freed with the cancellation; everyone confirmed or waiting is told, in batches after it commits.
        const booking = cur.bookingId ? await tx.booking(cur.bookingId) : null;
        if (booking && booking.state === 'confirmed') await tx.cancelBooking(booking);
        const body = `您报名的「${cur.title}」（${whenText(ms(cur.start), ms(cur.end))}，${cur.placeName}）已取消：${input.reason}。给您带来不便，请谅解。`;
        Object.assign(next, { notice: { id: `ntc_${randomBytes(8).toString('hex')}`, kind: 'activity_cancelled', title: '活动已取消', body, at: new Date(now) }, noticePending: true });
      }
      await tx.saveActivity(next);
      await tx.audit({ actor: caller.openid, action: 'activity.cancelActivity', target: `activity:${cur._id}`, summary: `${cur.state} → cancelled「${cur.title}」：${input.reason}`, requestId, scope: scopeOf(cur) });
      return next;
    });
    if (saved.noticePending) await this.sendNotice(saved._id).catch(() => 0);
    return this.view(saved);
  }

  /** Timer: finishes notices a crash interrupted, and tells people whose sign-up raced a cancellation. */
  async tick(): Promise<Record<string, number>> {
    const now = this.deps.clock.now();
    let told = 0;
    for (const doc of await this.repo.withNotices(new Date(now - STRAGGLER_WINDOW_MS))) told += await this.sendNotice(doc._id);
    return { noticesSent: told };
  }

  /**
   * Sends the activity's last notice to everyone confirmed or waiting who has not had it, NOTICE_BATCH per transaction
   * (each message and its mark together), then clears `noticePending`. Returns how many were told.
   */
  async sendNotice(activityId: string): Promise<number> {
    const now = this.deps.clock.now();
    let told = 0;
    for (;;) {
      const doc = await this.repo.activity(activityId);
      const notice = doc?.notice;
      if (!doc || !notice) return told;
      const batch = await this.repo.untold(activityId, notice.id, NOTICE_BATCH);
      if (batch.length === 0) {
        if (doc.noticePending) {
          await this.repo.transaction(now, async (tx) => {
            const cur = await tx.activity(activityId);
            if (cur?.notice?.id === notice.id && cur.noticePending) await tx.saveActivity({ ...cur, noticePending: false });
          });
        }
        return told;
      }
      told += await this.repo.transaction(now, async (tx) => {
        const cur = await tx.activity(activityId);
        // A newer notice replaced this one: it is sent instead (the next round reads it).
        if (cur?.notice?.id !== notice.id) return 0;
        let n = 0;
        for (const s of batch) {
          const live = await tx.signup(s._id);
          if (!live || (live.state !== 'confirmed' && live.state !== 'waitlisted') || live.noticeId === notice.id) continue;
          await tx.notify({ openid: live.openid, kind: notice.kind, title: notice.title, body: notice.body, activityId });
          await tx.markTold(live._id, notice.id);
          n += 1;
        }
        return n;
      });
    }
  }

  // ------------------------------------------------------------------ rules

  /** The activity if the caller organises it; another branch's (or none) is ACTIVITY.NOT_FOUND. */
  private async organised(caller: Caller, activityId: string): Promise<LifecycleActivityDoc> {
    const doc = await this.repo.activity(activityId);
    if (!doc || !(await organizes(caller, doc))) throw new DomainError('ACTIVITY.NOT_FOUND', 'no such activity');
    return doc;
  }

  /**
   * The branch a new activity is for: the caller's one branch; with several grants (or as a district admin) the one
   * named, which must be theirs (any branch for a district admin). Anything else is ACTIVITY.BRANCH_NOT_FOUND.
   */
  private async branchFor(caller: Caller, branchId: string | undefined): Promise<{ _id: string; name: string }> {
    const scope = await organizerScope(caller);
    const notFound = (why: string): DomainError => new DomainError('ACTIVITY.BRANCH_NOT_FOUND', why, { branchId: '请选择您负责的党支部' });
    const only = scope.branchIds.length === 1 ? scope.branchIds[0] : undefined;
    const id = branchId ?? only;
    if (id === undefined) throw notFound(scope.branchIds.length > 1 ? 'several branches: name one' : 'name the branch');
    if (branchId !== undefined && !scope.all && !scope.branchIds.includes(branchId)) throw notFound('not a branch of the caller');
    const branch = await this.repo.branch(id);
    if (!branch) throw notFound('no such branch');
    return branch;
  }

  /** Content security before anything is written: the title and the description others will read. */
  private assertPostable(caller: Caller, draft: ActivityDraft): Promise<void> {
    return assertPostable(contentChecker(this.deps), caller.openid, 3, [
      { field: 'activity.title', text: draft.title },
      { field: 'activity.description', text: draft.description },
    ]);
  }

  /** Where: a catalogue venue (its name and address) or an address (its community and street named when given). */
  private async place(p: ActivityDraft['place']): Promise<Place> {
    if (p.kind === 'venue') {
      const v = await this.repo.venue(p.venueId);
      if (!v || !v.active) throw new DomainError('VENUE.NOT_FOUND', 'no such venue');
      return { venueId: v._id, placeName: v.name, address: v.address, streetId: v.streetId, streetName: v.streetName, communityId: v.communityId, communityName: v.communityName, lat: null, lng: null };
    }
    let area: Pick<Place, 'streetId' | 'streetName' | 'communityId' | 'communityName'> = { streetId: null, streetName: null, communityId: null, communityName: null };
    if (p.communityId !== undefined) {
      const c = await this.repo.community(p.communityId);
      if (!c) throw new DomainError('INPUT.INVALID', 'no such community', { 'activity.place.communityId': '没有找到这个社区' });
      area = { streetId: c.streetId, streetName: await this.repo.streetName(c.streetId), communityId: c._id, communityName: c.name };
    }
    return { venueId: null, placeName: p.address, address: p.address, ...area, lat: p.lat ?? null, lng: p.lng ?? null };
  }

  /** The cover: none, the one the activity has (its image id sent back), or a new upload accepted for the activity. */
  private async cover(caller: Caller, fileId: string | null, current: ActivityDoc | null, activityId: string): Promise<Cover> {
    if (fileId === null) return { coverImageId: null, coverFileId: null, coverState: null };
    if (current && fileId === current.coverImageId) return { coverImageId: current.coverImageId, coverFileId: current.coverFileId, coverState: current.coverState };
    const image = await acceptImage(this.deps, { openid: caller.openid, fileId, usedBy: `activity:${activityId}` });
    return { coverImageId: image.imageId, coverFileId: image.fileId, coverState: image.state === 'pass' ? 'ok' : 'checking' };
  }

  /** The written fields of a draft. */
  private fields(draft: ActivityDraft, times: Times, place: Place, cover: Cover): Omit<ActivityDoc, '_id' | 'branchId' | 'branchName' | 'bookingId' | 'state' | 'cancelReason' | 'createdBy' | 'updatedBy' | 'createdAt' | 'updatedAt' | 'publishedAt' | 'version'> {
    return {
      title: draft.title,
      type: draft.type,
      description: draft.description,
      ...cover,
      start: new Date(times.start),
      end: new Date(times.end),
      signUpDeadline: new Date(times.deadline),
      date: times.date,
      ...place,
      capacity: draft.capacity,
      audience: draft.audience,
    };
  }

  /**
   * The venue's slots covering the activity, by the same rules course scheduling uses (slot-grid): whole slots from
   * the start (VENUE.OUTSIDE_HOURS), the booking window, at most the venue's consecutive slots, its capacity; a closed
   * date, or a venue needing approval whose manager the caller is not, is ACTIVITY.VENUE_TAKEN. `kept`: the activity
   * keeps the slots it holds (only the capacity is judged).
   */
  private async slotsAt(caller: Caller, venueId: string, times: Times, capacity: number, now: number, kept = false): Promise<Slots> {
    const venue = await this.repo.venue(venueId);
    if (!venue || !venue.active) throw new DomainError('VENUE.NOT_FOUND', 'no such venue');
    if (capacity > venue.capacity) {
      throw new DomainError('VENUE.OVER_CAPACITY', `the venue seats at most ${venue.capacity}`, { 'activity.capacity': `这个场地最多容纳${venue.capacity}人` }, { capacity: String(venue.capacity) });
    }
    if (kept) return { venue, date: times.date, slots: [] };
    const step = venue.slotMinutes * MINUTE;
    const starts = Array.from({ length: Math.ceil((times.end - times.start) / step) }, (_, i) => times.start + i * step);
    let resolved: { date: string; slots: GridSlot[] };
    try {
      resolved = resolveRequestedSlots(venue, starts, now);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'VENUE.BLACKOUT') throw venueTaken('closed', times.start);
      throw e;
    }
    if (venue.needsApproval && !(await canManage(caller, venue))) throw venueTaken('approval', times.start);
    return { venue, ...resolved };
  }

  /** The activity's booking of its venue slots (a new booking id per version: a re-booking never reuses one). */
  private bookingOf(doc: ActivityDoc, at: Slots, version: number, title: string, capacity: number, now: number): BookingDoc {
    return eventBooking({ source: 'activity', bookingId: eventBookingId('activity', `${doc._id}:${version}`), venue: at.venue, date: at.date, slots: at.slots, purpose: `活动：${title}`, capacity, now });
  }

  /**
   * Runs a transaction that books `at`'s slots: a slot held by another booking or a closed date is ACTIVITY.VENUE_TAKEN
   * naming it (nothing written). Under contention, a slot now held by a booking not the activity's (`ours`: the new
   * booking, and the old one being released) is the answer; otherwise the transaction is retried.
   */
  private async booked<T>(at: Slots | null, ours: Array<string | null>, run: (options: { beforeRetry: () => Promise<T | undefined> }) => Promise<T>): Promise<T> {
    const settle = async (): Promise<T | undefined> => {
      for (const slot of at?.slots ?? []) {
        const holder = await this.repo.ledgerEntry(slot.key);
        if (holder && !ours.includes(holder.bookingId)) throw venueTaken(reasonOf(holder), slot.start);
      }
      return undefined;
    };
    try {
      return await run({ beforeRetry: settle });
    } catch (e) {
      if (e instanceof SlotHeld) throw venueTaken(reasonOf(e.taken.holder), at?.slots.find((s) => s.key === e.taken.key)?.start ?? 0);
      if (dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') await settle();
      throw e;
    }
  }

  /**
   * A smaller capacity, inside the update's transaction: refused below the places taken; seats numbered above it move
   * down into free numbers (seat documents and sign-ups), so the seat documents still hold the capacity; and every
   * number above it up to the old capacity is closed (a document with the seat's `_id`), so a sign-up that read the old
   * capacity cannot take one: the database finds it taken, or the two transactions conflict (one is refused).
   */
  private async shrinkSeats(tx: LifecycleTx, cur: ActivityDoc, capacity: number): Promise<void> {
    const seats: ActivityPlaceDoc[] = [];
    for (let n = 1; n <= cur.capacity; n += SEAT_READS_AT_ONCE) {
      const numbers = Array.from({ length: Math.min(SEAT_READS_AT_ONCE, cur.capacity - n + 1) }, (_, i) => n + i);
      for (const seat of await Promise.all(numbers.map((k) => tx.seat(cur._id, k)))) if (seat) seats.push(seat);
    }
    if (seats.length > capacity) {
      throw new DomainError('ACTIVITY.CAPACITY_BELOW_TAKEN', `${seats.length} places are taken`, { 'activity.capacity': `已有${seats.length}人报名，名额不能少于${seats.length}` }, { taken: String(seats.length) });
    }
    const free = freeSeatNumbers(capacity, seats.map((s) => s.n));
    const above = seats.filter((s) => s.n > capacity);
    for (const [i, seat] of above.entries()) await tx.moveSeat(seat, free[i] as number, activitySignupId(cur._id, seat.openid));
    for (let n = capacity + 1; n <= cur.capacity; n++) await tx.closeSeat(cur._id, n);
  }

  /** A larger capacity seats people waiting (the sign-up service's promotion), after the change commits. */
  private async promote(activityId: string): Promise<number> {
    // Imported when needed: index.ts builds this service (no import cycle at load time).
    const { services } = await import('./index');
    // The change has committed: a failed promotion is healed by the sign-up timer.
    return services(this.deps).signups.promote(activityId).catch(() => 0);
  }
}

function scopeOf(doc: Pick<ActivityDoc, 'branchId' | 'venueId'>): Record<string, string> {
  return { branchId: doc.branchId, ...(doc.venueId ? { venueId: doc.venueId } : {}) };
}

/** A reviewer's line of what an update changed. */
function summaryOfChanges(before: ActivityDoc, after: ActivityDoc): string {
  const out: string[] = [];
  if (ms(before.start) !== ms(after.start) || ms(before.end) !== ms(after.end)) out.push(`时间 ${whenText(ms(before.start), ms(before.end))} → ${whenText(ms(after.start), ms(after.end))}`);
  if (before.placeName !== after.placeName) out.push(`地点 ${before.placeName} → ${after.placeName}`);
  if (before.capacity !== after.capacity) out.push(`名额 ${before.capacity} → ${after.capacity}`);
  if (before.title !== after.title) out.push(`标题 ${before.title} → ${after.title}`);
  if (ms(before.signUpDeadline) !== ms(after.signUpDeadline)) out.push('报名截止时间');
  if (before.description !== after.description) out.push('介绍');
  if (before.audience !== after.audience) out.push(`对象 ${before.audience} → ${after.audience}`);
  if (before.coverImageId !== after.coverImageId) out.push('封面');
  if (before.type !== after.type) out.push('类型');
  return out.length > 0 ? out.join('；') : '无变化';
}
