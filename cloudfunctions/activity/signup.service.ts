import type { ActionOutput, ActivitySummary, ParsedInput } from '../../types';
import { ACTIVITY_CHECKIN_BEFORE_MS, ACTIVITY_POINTS } from '../../types/activity';
import { toBeijingIso } from '../../types/beijing-time';
import { shortDateTime } from '../../types/date-format';
import type { Caller } from '../_shared/caller';
import { isCurrentStepCode } from '../_shared/checkin-codes';
import { Collections } from '../_shared/collections';
import { DomainError } from '../_shared/errors';
import { PlaceQueue, type PlaceCounts } from '../_shared/place-queue';
import type { RuntimeDeps } from '../_shared/runtime';
import { activitySignupId, type ActivityDoc, type ActivitySignupDoc } from './activity.docs';
import { ActivityRepository } from './activity.repository';
import { memberOf, organizes } from './organizers';
import { recordSignupChange, SignupRepository } from './signup.repository';
import { coverUrlOf, mineOf, toSummary, viewerOf } from './view';

const ms = (d: Date | string): number => new Date(d).getTime();
const notFound = (): DomainError => new DomainError('ACTIVITY.NOT_FOUND', 'no such activity');
const cancelled = (): DomainError => new DomainError('ACTIVITY.CANCELLED', 'the activity was cancelled');
const notSignedUp = (): DomainError => new DomainError('ACTIVITY.NOT_SIGNED_UP', 'no place in this activity');
/** Sign-up closes at the deadline, and at the latest at the start. */
const signUpClosesAt = (a: ActivityDoc): number => Math.min(ms(a.signUpDeadline), ms(a.start));
/** 「title」12月3日 14:00 北大社区党群服务中心, as messages name an activity. */
const named = (a: ActivityDoc): string => `「${a.title}」${shortDateTime(ms(a.start))} ${a.placeName}`;

/**
 * Places in activities, on THE place engine (`_shared/place-queue.ts`) shared with course sessions: seats
 * `activity_places/<activityId>:seat:<n>` held by the database, gap-free waitlist tickets in arrival order, group
 * commit per activity and instance. A full activity answers ACTIVITY.FULL unless the person asked to wait. Cancelling
 * hands a seat to position 1 in the same transaction; attendance by the organiser's rotating code credits 红色积分 once
 * through the one points ledger.
 */
export class SignupService {
  private readonly activities: ActivityRepository;
  private readonly repo: SignupRepository;
  private readonly places: PlaceQueue<ActivityDoc, ActivitySignupDoc>;

  constructor(readonly deps: RuntimeDeps) {
    this.activities = new ActivityRepository(deps.db);
    this.repo = new SignupRepository(deps.db);
    const repo = this.repo;
    this.places = new PlaceQueue<ActivityDoc, ActivitySignupDoc>(
      {
        db: deps.db,
        owners: Collections.activities,
        places: Collections.activityPlaces,
        signups: Collections.activitySignups,
        ownerField: 'activityId',
        placed: 'confirmed',
        transaction: (now, work, options) => repo.transaction(now, (tx) => work(tx.raw), options),
        // The activity as the transaction's snapshot has it: a sign-up racing cancelActivity (or the deadline) is refused.
        assertOpen: (cur, now) => {
          if (!cur || cur.state === 'draft') throw notFound();
          if (cur.state === 'cancelled') throw cancelled();
          if (now >= signUpClosesAt(cur)) throw new DomainError('ACTIVITY.SIGNUP_CLOSED', 'sign-up has closed');
        },
        promotable: (cur, now) => cur.state === 'published' && ms(cur.start) > now,
        newSignup: (a, openid, now, prior) => ({
          _id: activitySignupId(a._id, openid),
          activityId: a._id,
          openid,
          state: 'confirmed',
          seat: null,
          ticket: null,
          checkedInAt: null,
          createdAt: prior ? new Date(prior.createdAt) : new Date(now),
          updatedAt: new Date(now),
        }),
        message: (kind, a) => {
          if (kind === 'placed') return { kind: 'activity_confirmed', title: '活动报名成功', body: `${named(a)}，请按时参加。活动开始前30分钟起可以签到。`, activityId: a._id };
          if (kind === 'waitlisted') return { kind: 'activity_waitlisted', title: '已进入候补名单', body: `${named(a)} 名额已满，您已排入候补。有人取消时按先后顺序递补，递补成功会通知您。`, activityId: a._id };
          return { kind: 'activity_promoted', title: '候补成功，已为您报名', body: `${named(a)} 有了空位，您已报名成功，请按时参加。`, activityId: a._id };
        },
        full: () => new DomainError('ACTIVITY.FULL', 'every place is taken'),
        upcomingIds: (now) => repo.upcomingPublishedIds(new Date(now)),
        signupWritten: recordSignupChange,
      },
      () => deps.clock.now(),
    );
  }

  /** A published activity the caller may see (members-only: members of its branch), else ACTIVITY.NOT_FOUND. */
  private async visible(caller: Caller, activityId: string): Promise<ActivityDoc> {
    const a = await this.activities.activity(activityId);
    if (!a || a.state === 'draft') throw notFound();
    if (a.audience === 'members' && !(await memberOf(caller, a.branchId))) throw notFound();
    return a;
  }

  /** THE summary (view.ts) of an activity with the caller's place. */
  private async summary(caller: Caller, a: ActivityDoc, s: ActivitySignupDoc, position?: number, known?: PlaceCounts): Promise<ActivitySummary> {
    const [counts, pos, viewer, organizer] = await Promise.all([
      known ?? this.activities.counts([a._id]).then((c) => c.get(a._id)),
      s.state === 'waitlisted' ? (position ?? this.places.positionOf(a._id, s)) : null,
      viewerOf(caller),
      organizes(caller, a),
    ]);
    return toSummary(a, counts ?? { taken: 0, waiting: 0 }, mineOf(s, pos), { viewer, coverUrl: coverUrlOf(this.deps), organizer });
  }

  async signUp(caller: Caller, input: ParsedInput<'activity', 'signUp'>): Promise<ActionOutput<'activity', 'signUp'>> {
    const now = this.deps.clock.now();
    const a = await this.visible(caller, input.activityId);
    if (a.state === 'cancelled') throw cancelled();
    // One place per person: a place already held is the answer, even after the deadline.
    const held = await this.activities.signup(a._id, caller.openid);
    if (held && held.state !== 'cancelled') return this.answer(caller, a, held);
    if (now >= signUpClosesAt(a)) throw new DomainError('ACTIVITY.SIGNUP_CLOSED', 'sign-up has closed', undefined, { closedAt: toBeijingIso(signUpClosesAt(a)) });
    const { signup, position, counts } = await this.places.take(a, caller.openid, input.wait === true);
    return this.answer(caller, a, signup, position, counts);
  }

  private async answer(caller: Caller, a: ActivityDoc, s: ActivitySignupDoc, position?: number, counts?: PlaceCounts): Promise<ActionOutput<'activity', 'signUp'>> {
    const activity = await this.summary(caller, a, s, position, counts);
    if (activity.mine?.state === 'waitlisted') return { activityId: a._id, state: 'waitlisted', position: activity.mine.position ?? 1, activity };
    return { activityId: a._id, state: 'confirmed', activity };
  }

  /** Gives up the caller's place until the start; a freed seat goes to position 1 in the same transaction. */
  async cancel(caller: Caller, input: ParsedInput<'activity', 'cancel'>): Promise<ActionOutput<'activity', 'cancel'>> {
    const now = this.deps.clock.now();
    const a = await this.visible(caller, input.activityId);
    const verify = (s: ActivitySignupDoc | null): ActivitySignupDoc => {
      if (!s || s.openid !== caller.openid || s.state === 'cancelled') throw notSignedUp();
      if (a.state === 'published' && now >= ms(a.start)) throw new DomainError('ACTIVITY.CANCEL_CLOSED', 'a place can be given up until the start');
      return s;
    };
    const { promoted } = await this.places.leave(a, caller.openid, a.state === 'published' && now < ms(a.start), verify);
    return { activityId: a._id, state: 'cancelled', promoted };
  }

  /** Gives free places of an upcoming activity to the people waiting (e.g. after its capacity grew). How many were seated. */
  promote(activityId: string): Promise<number> {
    return this.places.promote(activityId);
  }

  /** Timer: seats people waiting wherever a place is free (heals a crash between a cancellation and its promotion). */
  async tick(): Promise<Record<string, number>> {
    const { withWaiting, promoted } = await this.places.tick();
    return { activitiesWithWaiting: withWaiting, promoted };
  }

  /**
   * Attendance with the organiser's rotating code, from ACTIVITY_CHECKIN_BEFORE_MS before the start to the end;
   * confirmed places only, once. The check-in and the points credit are one transaction (the ledger's entry id is the
   * person and the activity: a retry or a race credits nothing more).
   */
  async checkIn(caller: Caller, input: ParsedInput<'activity', 'checkIn'>): Promise<ActionOutput<'activity', 'checkIn'>> {
    const now = this.deps.clock.now();
    const a = await this.visible(caller, input.activityId);
    if (a.state === 'cancelled') throw cancelled();
    const verify = (s: ActivitySignupDoc | null): ActivitySignupDoc => {
      if (!s || s.openid !== caller.openid || s.state === 'cancelled') throw notSignedUp();
      if (s.state !== 'confirmed') throw new DomainError('ACTIVITY.NOT_CONFIRMED', 'still on the waitlist');
      if (s.checkedInAt) throw new DomainError('ACTIVITY.ALREADY_CHECKED_IN', 'checked in already');
      return s;
    };
    verify(await this.activities.signup(a._id, caller.openid));
    const opens = ms(a.start) - ACTIVITY_CHECKIN_BEFORE_MS;
    const closes = ms(a.end);
    if (now < opens || now > closes) {
      throw new DomainError('ACTIVITY.CHECKIN_CLOSED', 'check-in is open from 30 minutes before the start to the end', undefined, {
        opensAt: toBeijingIso(opens),
        closesAt: toBeijingIso(closes),
      });
    }
    if (!isCurrentStepCode('activity', a._id, input.code, now)) throw new DomainError('ACTIVITY.CODE_WRONG', 'wrong check-in code');
    const points = await this.repo.transaction(now, async (tx) => {
      const cur = verify(await tx.signup(activitySignupId(a._id, caller.openid)));
      if (await tx.erasing(caller.openid)) throw new DomainError('ACCOUNT.DELETING', 'the account is being deleted');
      const fresh = await tx.activity(a._id);
      if (!fresh || fresh.state === 'cancelled') throw cancelled();
      await tx.checkedIn(cur);
      const credit = await tx.credit({
        openid: caller.openid,
        points: ACTIVITY_POINTS,
        sourceType: 'activity_attendance',
        sourceId: a._id,
        reason: `参加活动「${fresh.title}」`,
        by: 'system',
      });
      return credit.credited;
    });
    return { activityId: a._id, checkedInAt: toBeijingIso(now), points };
  }
}
