import type { ActionOutput, ParsedInput, Session } from '../../types';
import { toBeijingIso } from '../../types/beijing-time';
import { SESSION_CHECKIN_MS, SESSION_FREE_CANCEL_MS } from '../../types/course';
import { shortDateTime } from '../../types/date-format';
import type { Caller } from '../_shared/caller';
import { CODE_STEP_MS, codeStep, isCurrentStepCode, rotatingQr, sessionStepCode } from '../_shared/checkin-codes';
import type { Clock } from '../_shared/clock';
import { Collections } from '../_shared/collections';
import { DomainError } from '../_shared/errors';
import { PlaceQueue } from '../_shared/place-queue';
import { sessionSignupId, type SessionDoc, type SessionSignupDoc } from './session.docs';
import type { SessionRepository } from './session.repository';

const ms = (d: Date | string | null | undefined): number | null => (d === null || d === undefined ? null : new Date(d).getTime());
const iso = (d: Date | string | null | undefined): string | null => {
  const t = ms(d);
  return t === null ? null : toBeijingIso(t);
};
const accountDeleting = (): DomainError => new DomainError('ACCOUNT.DELETING', 'the account is being deleted');
const notFound = (): DomainError => new DomainError('COURSE.SESSION_NOT_FOUND', 'no such session');
const notSignedUp = (): DomainError => new DomainError('COURSE.NOT_SIGNED_UP', 'no place in this session');
/** '12月3日 09:30' and the place, as messages name a session. */
const named = (s: SessionDoc): string => `「${s.courseTitle}」${shortDateTime(ms(s.start)!)} ${s.place}`;

type Mine = Session['mine'];

/**
 * THE Session view (one builder: scheduling answers with it too). `counts`: seats taken and people waiting; `mine`:
 * the caller's place.
 */
export function toSession(d: SessionDoc, counts: { taken: number; waiting: number }, mine: Mine): Session {
  const start = ms(d.start)!;
  return {
    id: d._id,
    courseId: d.courseId,
    courseTitle: d.courseTitle,
    membersOnly: d.membersOnly,
    start: toBeijingIso(start),
    end: toBeijingIso(ms(d.end)!),
    place: d.place,
    address: d.address,
    venueId: d.venueId,
    capacity: d.capacity,
    taken: counts.taken,
    waiting: counts.waiting,
    state: d.state,
    cancelReason: d.cancelReason,
    mine,
    freeCancelUntil: toBeijingIso(start - SESSION_FREE_CANCEL_MS),
    checkInOpensAt: toBeijingIso(start - SESSION_CHECKIN_MS),
    checkInClosesAt: toBeijingIso(start + SESSION_CHECKIN_MS),
  };
}

/**
 * Offline sessions: seats and the waitlist, cancellation with promotion (THE place engine, `_shared/place-queue.ts`, over
 * `session_places` / `session_signups`: seats `<sessionId>:seat:<n>`, gap-free tickets `<sessionId>:ticket:<n>`, group
 * commit per session and instance), attendance by the organiser's rotating code. Everyone who signs up to a full session
 * waits.
 */
export class SessionService {
  /** THE place engine (shared with activities): seats, tickets, group commit, promotion. */
  private readonly places: PlaceQueue<SessionDoc, SessionSignupDoc>;

  constructor(
    private readonly repo: SessionRepository,
    private readonly clock: Clock,
  ) {
    this.places = new PlaceQueue<SessionDoc, SessionSignupDoc>(
      {
        db: repo.db,
        owners: Collections.courseSessions,
        places: Collections.sessionPlaces,
        signups: Collections.sessionSignups,
        ownerField: 'sessionId',
        placed: 'enrolled',
        transaction: (now, work, options) => repo.transaction(now, (tx) => work(tx.raw), options),
        assertOpen: (cur, now) => {
          // The session as this transaction's snapshot has it: a sign-up racing the organiser's cancelSession is refused
          // when the cancellation committed first; one that committed just after it is ended by cancelSession's batches.
          if (!cur) throw notFound();
          if (cur.state === 'cancelled') throw new DomainError('COURSE.SESSION_CANCELLED', 'the session was cancelled');
          if (new Date(cur.start).getTime() <= now) throw new DomainError('COURSE.SIGNUP_CLOSED', 'the session has started');
        },
        promotable: (cur, now) => cur.state === 'open' && ms(cur.start)! > now,
        newSignup: (session, openid, now, prior) => this.fresh(session, openid, now, prior),
        message: (kind, session) => {
          const ids = { sessionId: session._id, courseId: session.courseId };
          if (kind === 'placed') return { kind: 'course_enrolled', title: '课程报名成功', body: `${named(session)}，请提前到场，开课前15分钟起可以签到。`, ...ids };
          if (kind === 'waitlisted') return { kind: 'course_waitlisted', title: '已进入候补名单', body: `${named(session)} 已满，您已排入候补。有人取消时按先后顺序递补，递补成功会通知您。`, ...ids };
          return { kind: 'course_promoted', title: '候补成功，已为您报名', body: `${named(session)} 有了空位，您已报名成功，请按时到场签到。`, ...ids };
        },
        upcomingIds: (now) => repo.upcomingOpenIds(new Date(now)),
      },
      () => clock.now(),
    );
  }

  // ------------------------------------------------------------------ views

  /** The person's place; `position` when already known (a waiting place's position is one count query). */
  private async mineOf(s: SessionSignupDoc | null | undefined, position?: number): Promise<Mine> {
    if (!s || s.state === 'cancelled') return null;
    if (s.state === 'enrolled') return { state: 'enrolled', position: null, checkedInAt: iso(s.checkedInAt) };
    return { state: 'waitlisted', position: position ?? (await this.positionOf(s)), checkedInAt: null };
  }

  /** 1-based place in the waitlist: one more than the waiting tickets below the person's. */
  private async positionOf(s: SessionSignupDoc): Promise<number> {
    return this.places.positionOf(s.sessionId, s);
  }

  private async views(docs: SessionDoc[], signups: SessionSignupDoc[]): Promise<Session[]> {
    const counts = await this.places.counts(docs.map((d) => d._id));
    const bySession = new Map(signups.map((s) => [s.sessionId, s]));
    return Promise.all(docs.map(async (d) => toSession(d, counts.get(d._id) ?? { taken: 0, waiting: 0 }, await this.mineOf(bySession.get(d._id)))));
  }

  async sessions(caller: Caller, courseId: string): Promise<ActionOutput<'course', 'sessions'>> {
    const now = this.clock.now();
    const course = await this.repo.course(courseId);
    if (!course) throw new DomainError('COURSE.NOT_FOUND', 'no such course');
    const docs = await this.repo.openSessionsOf(course._id, new Date(now));
    const signups = await this.repo.signupsOfIn(
      caller.openid,
      docs.map((d) => d._id),
    );
    return { courseId: course._id, sessions: await this.views(docs, signups) };
  }

  /** The caller's upcoming sessions (for course.mine): enrolled or waiting, not cancelled, not ended, soonest first. */
  async upcomingOf(caller: Caller): Promise<ActionOutput<'course', 'mine'>['upcoming']> {
    const now = this.clock.now();
    const signups = await this.repo.activeSignupsOf(caller.openid);
    const docs = (await this.repo.sessionsByIds(signups.map((s) => s.sessionId)))
      .filter((d) => d.state === 'open' && ms(d.end)! > now)
      .sort((a, b) => ms(a.start)! - ms(b.start)! || a._id.localeCompare(b._id));
    return this.views(docs, signups);
  }

  private async answer(session: SessionDoc, s: SessionSignupDoc, position?: number, known?: { taken: number; waiting: number }): Promise<ActionOutput<'course', 'signUp'>> {
    const [counts, mine] = await Promise.all([known ?? this.places.counts([session._id]).then((c) => c.get(session._id)), this.mineOf(s, position)]);
    const view = toSession(session, counts ?? { taken: 0, waiting: 0 }, mine);
    if (mine?.state === 'waitlisted') return { sessionId: session._id, state: 'waitlisted', position: mine.position ?? 1, session: view };
    return { sessionId: session._id, state: 'enrolled', session: view };
  }

  // ------------------------------------------------------------------ sign-up

  async signUp(caller: Caller, sessionId: string): Promise<ActionOutput<'course', 'signUp'>> {
    const now = this.clock.now();
    const session = await this.repo.session(sessionId);
    if (!session) throw notFound();
    if (session.state === 'cancelled') throw new DomainError('COURSE.SESSION_CANCELLED', 'the session was cancelled');
    if (ms(session.start)! <= now) throw new DomainError('COURSE.SIGNUP_CLOSED', 'the session has started');
    if (session.membersOnly && !(await caller.has('party_member'))) throw new DomainError('COURSE.MEMBERS_ONLY', 'the course is for party members only');
    // One place per person (a place already held is the answer); the first in line with a seat free is seated at once.
    const { signup, position, counts } = await this.places.take(session, caller.openid, true);
    return this.answer(session, signup, position, counts);
  }

  private fresh(session: SessionDoc, openid: string, now: number, prior: SessionSignupDoc | null): SessionSignupDoc {
    return {
      _id: sessionSignupId(session._id, openid),
      sessionId: session._id,
      courseId: session.courseId,
      openid,
      state: 'enrolled',
      seat: null,
      ticket: null,
      checkedInAt: null,
      createdAt: prior ? new Date(prior.createdAt) : new Date(now),
      updatedAt: new Date(now),
    };
  }

  // ------------------------------------------------------------------ cancel and promotion

  async cancel(caller: Caller, sessionId: string): Promise<ActionOutput<'course', 'cancel'>> {
    const now = this.clock.now();
    const session = await this.repo.session(sessionId);
    if (!session) throw notFound();
    const start = ms(session.start)!;
    const verify = (s: SessionSignupDoc | null): SessionSignupDoc => {
      if (!s || s.openid !== caller.openid || s.state === 'cancelled') throw notSignedUp();
      if (s.state === 'enrolled' && session.state === 'open' && now > start - SESSION_FREE_CANCEL_MS) {
        throw new DomainError('COURSE.CANCEL_CLOSED', 'a seat can be given up until 2 hours before the start');
      }
      return s;
    };
    const { promoted } = await this.places.leave(session, caller.openid, session.state === 'open' && now < start, verify);
    return { sessionId: session._id, state: 'cancelled', promoted };
  }

  /** Gives free seats of an upcoming session to the people waiting, first in line first. Returns how many were seated. */
  promote(sessionId: string): Promise<number> {
    return this.places.promote(sessionId);
  }

  /** Timer: seats waiting people wherever an upcoming session has a seat free (heals a crash between cancel and promotion). */
  async tick(): Promise<Record<string, number>> {
    const { withWaiting, promoted } = await this.places.tick();
    return { sessionsWithWaiting: withWaiting, promoted };
  }

  // ------------------------------------------------------------------ attendance

  async checkIn(caller: Caller, input: ParsedInput<'course', 'checkIn'>): Promise<ActionOutput<'course', 'checkIn'>> {
    const now = this.clock.now();
    const session = await this.repo.session(input.sessionId);
    if (!session) throw notFound();
    if (session.state === 'cancelled') throw new DomainError('COURSE.SESSION_CANCELLED', 'the session was cancelled');
    const verify = (s: SessionSignupDoc | null): SessionSignupDoc => {
      if (!s || s.openid !== caller.openid || s.state === 'cancelled') throw notSignedUp();
      if (s.state !== 'enrolled') throw new DomainError('COURSE.NOT_ENROLLED', 'still on the waitlist');
      if (s.checkedInAt) throw new DomainError('COURSE.ALREADY_CHECKED_IN', 'checked in already');
      return s;
    };
    verify(await this.repo.signup(session._id, caller.openid));
    const start = ms(session.start)!;
    if (now < start - SESSION_CHECKIN_MS || now > start + SESSION_CHECKIN_MS) {
      throw new DomainError('COURSE.CHECKIN_CLOSED', 'check-in is open from 15 minutes before to 15 minutes after the start', undefined, {
        opensAt: toBeijingIso(start - SESSION_CHECKIN_MS),
        closesAt: toBeijingIso(start + SESSION_CHECKIN_MS),
      });
    }
    if (!isCurrentStepCode('session', session._id, input.code, now)) throw new DomainError('COURSE.CODE_WRONG', 'wrong check-in code');
    const points = await this.repo.transaction(now, async (tx) => {
      const cur = verify(await tx.signup(sessionSignupId(session._id, caller.openid)));
      if (await tx.erasing(caller.openid)) throw accountDeleting();
      const course = await tx.course(session.courseId);
      await tx.putSignup({ ...cur, checkedInAt: new Date(now), updatedAt: new Date(now) });
      const done = await tx.completion({
        openid: caller.openid,
        courseId: session.courseId,
        courseTitle: course?.title ?? session.courseTitle,
        via: 'offline',
        sessionId: session._id,
        points: course?.points ?? 0,
        reason: `线下参加《${course?.title ?? session.courseTitle}》`,
      });
      return done.points;
    });
    return { sessionId: session._id, checkedInAt: toBeijingIso(now), points };
  }

  async sessionCode(_caller: Caller, sessionId: string): Promise<ActionOutput<'course', 'sessionCode'>> {
    const now = this.clock.now();
    const session = await this.repo.session(sessionId);
    if (!session) throw notFound();
    const step = codeStep(now);
    const code = sessionStepCode(session._id, step);
    const [counts, checkedIn] = await Promise.all([this.places.counts([session._id]), this.repo.checkedInCount(session._id)]);
    const c = counts.get(session._id) ?? { taken: 0, waiting: 0 };
    return {
      sessionId: session._id,
      courseTitle: session.courseTitle,
      start: toBeijingIso(ms(session.start)!),
      end: toBeijingIso(ms(session.end)!),
      place: session.place,
      code,
      qr: rotatingQr('session', session._id, code),
      expiresAt: toBeijingIso((step + 1) * CODE_STEP_MS),
      stepSeconds: CODE_STEP_MS / 1000,
      enrolled: c.taken,
      waiting: c.waiting,
      checkedIn,
    };
  }
}
