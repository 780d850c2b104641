import type { ActionOutput, ParsedInput, Session } from '../../types';
import { toBeijingIso } from '../../types/beijing-time';
import { SESSION_CHECKIN_MS, SESSION_FREE_CANCEL_MS } from '../../types/course';
import { shortDateTime } from '../../types/date-format';
import type { Caller } from '../_shared/caller';
import { CODE_STEP_MS, codeStep, isCurrentStepCode, rotatingQr, sessionStepCode } from '../_shared/checkin-codes';
import type { Clock } from '../_shared/clock';
import { dbErrorCode } from '../_shared/db';
import { DomainError } from '../_shared/errors';
import { freeSeatNumbers } from '../_shared/seats';
import { sessionSeatId, sessionSignupId, sessionTicketId, type SessionDoc, type SessionSignupDoc } from './session.docs';
import type { SessionRepository, SessionTx } from './session.repository';

/** Transactions one sign-up may run (each a committed read and one try) before it gives up with an error. */
export const PLACE_ATTEMPTS = 1000;
/** At most this many queued sign-ups of one session are placed in one transaction (group commit). */
export const PLACE_BATCH = 50;
/** How long this instance trusts its own "the session is full" (it only ever sends people to the waitlist). */
const FULL_MEMORY_MS = 2_000;

const ms = (d: Date | string | null | undefined): number | null => (d === null || d === undefined ? null : new Date(d).getTime());
const iso = (d: Date | string | null | undefined): string | null => {
  const t = ms(d);
  return t === null ? null : toBeijingIso(t);
};
const pause = (max: number): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * max));
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

/** One try at a place: the place (new or already held), or 'retry' (someone else got that number: read again). */
type Try = { signup: SessionSignupDoc } | 'retry';
/** The waiting person a cancellation meant to promote is no longer first (read again). */
class StaleCandidate extends Error {}
/**
 * The session as this transaction's snapshot has it: a sign-up racing the organiser's cancelSession is refused when the
 * cancellation committed first; one that committed just after it is ended by cancelSession's batches or the timer.
 */
async function assertStillOpen(tx: SessionTx, sessionId: string, now: number): Promise<void> {
  const cur = await tx.session(sessionId);
  if (!cur) throw notFound();
  if (cur.state === 'cancelled') throw new DomainError('COURSE.SESSION_CANCELLED', 'the session was cancelled');
  if (new Date(cur.start).getTime() <= now) throw new DomainError('COURSE.SIGNUP_CLOSED', 'the session has started');
}

/** A sign-up waiting in this instance's queue of its session: answered with its place or its own refusal. */
interface Waiter {
  openid: string;
  resolve: (p: Placed) => void;
  reject: (e: unknown) => void;
}
/** A place taken, with the waitlist position and the session's counts when the batch worked them out for everyone. */
interface Placed {
  signup: SessionSignupDoc;
  position?: number;
  counts?: { taken: number; waiting: number };
}
/** A batch's outcome per person (by openid): the place, or the refusal decided for that person alone. */
type BatchOutcome = Map<string, SessionSignupDoc | DomainError>;

/** Another transaction holds (or has just committed) the ticket number tried: try again from that number. */
class TicketBusy extends Error {
  constructor(readonly n: number) {
    super(`ticket ${n} is being taken`);
  }
}

/**
 * Offline sessions: seats and the waitlist, cancellation with promotion, attendance by the organiser's rotating code.
 *
 * Capacity is held by the database: a seat is `session_places/<sessionId>:seat:<n>` (n = 1…capacity), created with
 * `add` in the same transaction as the person's one sign-up document, so no seat has two holders and none exists
 * beyond the capacity. When every seat is held (or the free ones belong to people already waiting), the person takes
 * the next waitlist ticket `<sessionId>:ticket:<n>`: numbers probed upward from the highest known one, each claimed by
 * `add` (the database refuses a number twice), the ticket written last in its transaction so that a ticket is never
 * rolled back after a later number was taken — tickets are gap-free, in the order the database accepted them. A
 * person's position is 1 + the waiting tickets below theirs.
 *
 * Group commit: within one instance the sign-ups of one session queue up (arrival order at this instance) while a
 * transaction of that session runs; the next transaction takes up to PLACE_BATCH of them. While seats are free for
 * newcomers they are seated one per transaction (first in the queue first); once the session is full, one transaction
 * writes every queued person's sign-up and message and then claims their tickets, consecutive numbers in queue order,
 * last. Each person is decided on their own inside it (a place already held is their answer, an account being deleted
 * refuses only them), so one refusal does not fail the others. Two instances collide at most once per batch.
 */
export class SessionService {
  /** Per session: the sign-ups of this instance waiting for the running transaction (present while one drains). */
  private readonly queues = new Map<string, Waiter[]>();
  /** Per session: the highest ticket number this instance knows is committed (tickets are never removed). */
  private readonly highest = new Map<string, number>();
  /** Per session: when this instance last saw it full (real time). */
  private readonly fullSeen = new Map<string, number>();

  constructor(
    private readonly repo: SessionRepository,
    private readonly clock: Clock,
  ) {}

  // ------------------------------------------------------------------ views

  /** The person's place; `position` when already known (a waiting place's position is one count query). */
  private async mineOf(s: SessionSignupDoc | null | undefined, position?: number): Promise<Mine> {
    if (!s || s.state === 'cancelled') return null;
    if (s.state === 'enrolled') return { state: 'enrolled', position: null, checkedInAt: iso(s.checkedInAt) };
    return { state: 'waitlisted', position: position ?? (await this.positionOf(s)), checkedInAt: null };
  }

  /** 1-based place in the waitlist: one more than the waiting tickets below the person's. */
  private async positionOf(s: SessionSignupDoc): Promise<number> {
    return 1 + (await this.repo.waitingBelow(s.sessionId, s.ticket ?? 0));
  }

  private async views(docs: SessionDoc[], signups: SessionSignupDoc[]): Promise<Session[]> {
    const counts = await this.repo.counts(docs.map((d) => d._id));
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
    const [counts, mine] = await Promise.all([known ?? this.repo.counts([session._id]).then((c) => c.get(session._id)), this.mineOf(s, position)]);
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
    // One place per person: a place already held is the answer.
    const held = await this.repo.signup(session._id, caller.openid);
    if (held && held.state !== 'cancelled') return this.answer(session, held);
    const { signup: placed, position: known, counts } = await this.enqueue(session, caller.openid);
    if (placed.state !== 'waitlisted') return this.answer(session, placed);
    const position = known ?? (await this.positionOf(placed));
    // The first in line with a seat free (a seat freed while nobody waited) is seated at once.
    if (position === 1 && (await this.promote(session._id)) > 0) return this.answer(session, (await this.repo.signup(session._id, caller.openid)) ?? placed);
    return this.answer(session, placed, position, counts);
  }

  /** Joins this instance's queue of the session; the first to arrive with no queue running starts draining it. */
  private enqueue(session: SessionDoc, openid: string): Promise<Placed> {
    return new Promise((resolve, reject) => {
      const queued = this.queues.get(session._id);
      if (queued) {
        queued.push({ openid, resolve, reject });
        return;
      }
      const q: Waiter[] = [{ openid, resolve, reject }];
      this.queues.set(session._id, q);
      void this.drain(session, q);
    });
  }

  /** Places the queue batch by batch (everyone who arrived while a transaction ran goes into the next one). */
  private async drain(session: SessionDoc, q: Waiter[]): Promise<void> {
    try {
      while (q.length > 0) {
        const batch = q.splice(0, PLACE_BATCH);
        try {
          await this.takePlaces(session, batch);
        } catch (e) {
          for (const w of batch) w.reject(e); // settled ones stay settled
        }
      }
    } finally {
      this.queues.delete(session._id);
    }
  }

  /** One batch: a seat for the first in the queue while seats are free for newcomers, else tickets for all of them. */
  private async takePlaces(session: SessionDoc, batch: Waiter[]): Promise<void> {
    let left = batch;
    for (let attempt = 0, failures = 0; left.length > 0; attempt++) {
      if (attempt >= PLACE_ATTEMPTS) throw new Error(`no place settled in ${session._id} after ${PLACE_ATTEMPTS} attempts`);
      const now = this.clock.now();
      const free = await this.freeForNewcomers(session);
      if (free.length > 0) {
        const openid = (left[0] as Waiter).openid;
        // Everyone of the batch with this openid gets the same answer (one place per person).
        const same = left.filter((w) => w.openid === openid);
        try {
          const outcome = await this.trySeat(session, openid, free[Math.floor(Math.random() * free.length)] as number, now);
          if (outcome === 'retry') {
            if (failures++ > 0) await pause(Math.min(20, 1 + failures));
            continue;
          }
          for (const w of same) w.resolve({ signup: outcome.signup });
        } catch (e) {
          for (const w of same) w.reject(e);
        }
        left = left.filter((w) => w.openid !== openid);
        failures = 0;
        continue;
      }
      const outcome = await this.tryTickets(session, [...new Set(left.map((w) => w.openid))], now);
      if (outcome === 'busy') {
        await pause(Math.min(20, 2 + failures++));
        continue;
      }
      if (outcome === 'retry') {
        if (failures++ > 0) await pause(Math.min(20, 1 + failures));
        continue;
      }
      // The answers' positions and counts are read once for the batch, while the next batch already runs.
      void this.answerBatch(session, left, outcome);
      return;
    }
  }

  /**
   * Answers a ticketed batch: when the new tickets are consecutive (no other instance's number among them), the
   * positions are one count for all (the first one's, then one more each) and the session's counts one query;
   * otherwise each caller reads their own.
   */
  private async answerBatch(session: SessionDoc, waiters: Waiter[], outcome: BatchOutcome): Promise<void> {
    const fresh = new Set<number>();
    for (const r of outcome.values()) if (!(r instanceof DomainError) && r.state === 'waitlisted' && r.ticket !== null) fresh.add(r.ticket);
    const tickets = [...fresh].sort((a, b) => a - b);
    const first = tickets[0];
    let shared: { base: number; counts: { taken: number; waiting: number } | undefined } | null = null;
    if (first !== undefined && tickets.length > 1 && tickets[tickets.length - 1] === first + tickets.length - 1) {
      try {
        const [below, counts] = await Promise.all([this.repo.waitingBelow(session._id, first), this.repo.counts([session._id])]);
        shared = { base: 1 + below - first, counts: counts.get(session._id) };
      } catch {
        shared = null;
      }
    }
    for (const w of waiters) {
      const r = outcome.get(w.openid);
      if (r instanceof DomainError) w.reject(r);
      else if (!r) w.reject(new Error(`no outcome for ${w.openid}`));
      else if (shared && r.state === 'waitlisted' && r.ticket !== null && fresh.has(r.ticket)) w.resolve({ signup: r, position: shared.base + r.ticket, counts: shared.counts });
      else w.resolve({ signup: r });
    }
  }

  /** Seats a newcomer may take: free seats beyond the people already waiting (those are theirs). Committed reads. */
  private async freeForNewcomers(session: SessionDoc): Promise<number[]> {
    const seen = this.fullSeen.get(session._id);
    if (seen !== undefined && Date.now() - seen < FULL_MEMORY_MS) return [];
    const [seats, waiting] = await Promise.all([this.repo.seatNumbers(session._id), this.repo.waitingBelow(session._id)]);
    const free = freeSeatNumbers(session.capacity, seats);
    if (free.length <= waiting) {
      if (this.fullSeen.size > 5_000) this.fullSeen.clear();
      this.fullSeen.set(session._id, Date.now());
      return [];
    }
    return free;
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

  /** A committed place of the person (a parallel call of theirs may have placed them), or 'retry'. */
  private async settle(session: SessionDoc, openid: string): Promise<Try> {
    const s = await this.repo.signup(session._id, openid);
    return s && s.state !== 'cancelled' ? { signup: s } : 'retry';
  }

  /** One transaction: seat `n` (refused by the database if held) and the sign-up, with the message. */
  private async trySeat(session: SessionDoc, openid: string, n: number, now: number): Promise<Try> {
    try {
      return await this.repo.transaction<Try>(
        now,
        async (tx) => {
          const cur = await tx.signup(sessionSignupId(session._id, openid));
          if (cur && cur.state !== 'cancelled') return { signup: cur };
          if (await tx.erasing(openid)) throw accountDeleting();
          await assertStillOpen(tx, session._id, now);
          if ((await tx.claim({ _id: sessionSeatId(session._id, n), sessionId: session._id, kind: 'seat', n, openid, at: new Date(now) })) === 'taken') return 'retry';
          const doc: SessionSignupDoc = { ...this.fresh(session, openid, now, cur), state: 'enrolled', seat: n };
          await tx.putSignup(doc);
          await tx.notify({ openid, kind: 'course_enrolled', title: '课程报名成功', body: `${named(session)}，请提前到场，开课前15分钟起可以签到。`, sessionId: session._id, courseId: session.courseId });
          return { signup: doc };
        },
        { attempts: 1 },
      );
    } catch (e) {
      if (dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') return this.settle(session, openid);
      throw e;
    }
  }

  /**
   * One transaction for the people queued (in queue order): each one's sign-up and message first (someone already
   * holding a place is answered with it, someone leaving their account is refused alone), then the next free ticket
   * numbers, one per person in order, claimed last — a conflict (another instance holds or just committed a number)
   * rolls everything back before any ticket is ours, so held tickets always commit together and numbers stay gap-free.
   */
  private async tryTickets(session: SessionDoc, openids: string[], now: number): Promise<BatchOutcome | 'retry' | 'busy'> {
    const known = this.highest.get(session._id);
    let n = (known === undefined ? await this.repo.highestTicket(session._id) : known) + 1;
    try {
      const out = await this.repo.transaction<BatchOutcome>(
        now,
        async (tx) => {
          const outcome: BatchOutcome = new Map();
          const toPlace: SessionSignupDoc[] = [];
          for (const openid of openids) {
            const cur = await tx.signup(sessionSignupId(session._id, openid));
            if (cur && cur.state !== 'cancelled') outcome.set(openid, cur);
            else if (await tx.erasing(openid)) outcome.set(openid, accountDeleting());
            else toPlace.push({ ...this.fresh(session, openid, now, cur), state: 'waitlisted' });
          }
          if (toPlace.length === 0) return outcome;
          await assertStillOpen(tx, session._id, now);
          for (const doc of toPlace) {
            await tx.putSignup(doc);
            await tx.notify({ openid: doc.openid, kind: 'course_waitlisted', title: '已进入候补名单', body: `${named(session)} 已满，您已排入候补。有人取消时按先后顺序递补，递补成功会通知您。`, sessionId: session._id, courseId: session.courseId });
          }
          const tickets: number[] = [];
          for (const doc of toPlace) {
            for (;;) {
              const claimed = await tx
                .claim({ _id: sessionTicketId(session._id, n), sessionId: session._id, kind: 'ticket', n, openid: doc.openid, state: 'waiting', at: new Date(now) })
                .catch((e: unknown) => {
                  if (dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') throw new TicketBusy(n);
                  throw e;
                });
              if (claimed === 'held') break;
              // Committed before this transaction began: known taken, whatever happens next.
              this.remember(session._id, n);
              n += 1;
            }
            tickets.push(n);
            n += 1;
          }
          // Rewrites of documents this transaction already holds: they cannot conflict any more.
          for (const [i, doc] of toPlace.entries()) {
            const placed: SessionSignupDoc = { ...doc, ticket: tickets[i] as number };
            await tx.putSignup(placed);
            outcome.set(doc.openid, placed);
          }
          return outcome;
        },
        { attempts: 1 },
      );
      for (const r of out.values()) if (!(r instanceof DomainError) && r.ticket !== null) this.remember(session._id, r.ticket);
      return out;
    } catch (e) {
      // A number is another transaction's (in flight, or committed after this one began): read the committed highest
      // number again and start from there (numbers this batch held were rolled back with it and are free again).
      if (e instanceof TicketBusy) {
        this.remember(session._id, await this.repo.highestTicket(session._id));
        return 'busy';
      }
      if (dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') return 'retry';
      throw e;
    }
  }

  private remember(sessionId: string, n: number): void {
    if (this.highest.size > 5_000) this.highest.clear();
    if ((this.highest.get(sessionId) ?? 0) < n) this.highest.set(sessionId, n);
  }

  // ------------------------------------------------------------------ cancel and promotion

  async cancel(caller: Caller, sessionId: string): Promise<ActionOutput<'course', 'cancel'>> {
    const now = this.clock.now();
    const session = await this.repo.session(sessionId);
    if (!session) throw notFound();
    const id = sessionSignupId(session._id, caller.openid);
    const start = ms(session.start)!;
    const open = session.state === 'open' && now < start;
    const verify = (s: SessionSignupDoc | null): SessionSignupDoc => {
      if (!s || s.openid !== caller.openid || s.state === 'cancelled') throw notSignedUp();
      if (s.state === 'enrolled' && session.state === 'open' && now > start - SESSION_FREE_CANCEL_MS) {
        throw new DomainError('COURSE.CANCEL_CLOSED', 'a seat can be given up until 2 hours before the start');
      }
      return s;
    };
    let held = verify(await this.repo.signup(session._id, caller.openid));
    for (let round = 0; ; round++) {
      // Position 1, read committed: tickets only ever join behind it, so it stays first unless it leaves (checked below).
      const first = held.state === 'enrolled' && open ? (await this.repo.waitingTickets(session._id, 1))[0] : undefined;
      try {
        const promoted = await this.repo.transaction(now, async (tx) => {
          const cur = verify(await tx.signup(id));
          let passed = false;
          if (cur.state === 'waitlisted') {
            if (cur.ticket !== null) await tx.closeTicket(sessionTicketId(session._id, cur.ticket));
          } else if (cur.seat !== null) {
            const seat = sessionSeatId(session._id, cur.seat);
            passed = first ? await this.passOn(tx, session, seat, cur.seat, first._id) : false;
            if (!passed) await tx.freeSeat(seat);
          }
          await tx.putSignup({ ...cur, state: 'cancelled', seat: null, ticket: null, updatedAt: new Date(now) });
          return passed;
        });
        // A seat left free (no one waiting, or the first in line is leaving their account): the next in line gets it.
        if (!promoted && held.state === 'enrolled' && open) await this.promote(session._id).catch(() => 0);
        return { sessionId: session._id, state: 'cancelled', promoted };
      } catch (e) {
        if (!(e instanceof StaleCandidate) || round >= 20) throw e;
        held = verify(await this.repo.signup(session._id, caller.openid));
      }
    }
  }

  /**
   * Inside a cancellation's transaction: seat `seatId` (number `n`) goes to the holder of waiting ticket `ticketId`, who
   * gets a message. False when they are leaving their account (the seat is then freed and the promotion goes on).
   */
  private async passOn(tx: SessionTx, session: SessionDoc, seatId: string, n: number, ticketId: string): Promise<boolean> {
    const ticket = await tx.place(ticketId);
    if (!ticket || ticket.state !== 'waiting') throw new StaleCandidate();
    const next = await tx.signup(sessionSignupId(session._id, ticket.openid));
    if (!next || next.state !== 'waitlisted' || (await tx.erasing(ticket.openid))) return false;
    await tx.passSeat(seatId, ticket.openid);
    await this.seat(tx, session, next, ticketId, n);
    return true;
  }

  /** The waiting person `next` takes seat `n`: their ticket is done, their sign-up enrolled, and they are told. */
  private async seat(tx: SessionTx, session: SessionDoc, next: SessionSignupDoc, ticketId: string, n: number): Promise<void> {
    await tx.closeTicket(ticketId);
    await tx.putSignup({ ...next, state: 'enrolled', seat: n, ticket: null, updatedAt: new Date(tx.now) });
    await tx.notify({
      openid: next.openid,
      kind: 'course_promoted',
      title: '候补成功，已为您报名',
      body: `${named(session)} 有了空位，您已报名成功，请按时到场签到。`,
      sessionId: session._id,
      courseId: session.courseId,
    });
  }

  /** Gives free seats of an upcoming session to the people waiting, first in line first. Returns how many were seated. */
  async promote(sessionId: string): Promise<number> {
    let promoted = 0;
    for (let round = 0; round < 1000; round++) {
      const now = this.clock.now();
      const session = await this.repo.session(sessionId);
      if (!session || session.state !== 'open' || ms(session.start)! <= now) return promoted;
      const [seats, next] = await Promise.all([this.repo.seatNumbers(sessionId), this.repo.waitingTickets(sessionId, 1)]);
      const n = freeSeatNumbers(session.capacity, seats)[0];
      const first = next[0];
      if (n === undefined || !first) return promoted;
      let outcome: 'promoted' | 'gone' | 'taken';
      try {
        outcome = await this.repo.transaction(
          now,
          async (tx) => {
            const ticket = await tx.place(first._id);
            if (!ticket || ticket.state !== 'waiting') return 'gone' as const;
            const cur = await tx.signup(sessionSignupId(sessionId, ticket.openid));
            if (!cur || cur.state !== 'waitlisted' || (await tx.erasing(ticket.openid))) {
              // Not waiting any more (or leaving their account): the ticket is given up, the next one is first.
              await tx.closeTicket(ticket._id);
              if (cur && cur.state === 'waitlisted') await tx.putSignup({ ...cur, state: 'cancelled', ticket: null, updatedAt: new Date(now) });
              return 'gone' as const;
            }
            if ((await tx.claim({ _id: sessionSeatId(sessionId, n), sessionId, kind: 'seat', n, openid: ticket.openid, at: new Date(now) })) === 'taken') return 'taken' as const;
            await this.seat(tx, session, cur, ticket._id, n);
            return 'promoted' as const;
          },
          { attempts: 3 },
        );
      } catch (e) {
        if (dbErrorCode(e) !== 'DATABASE_TRANSACTION_CONFLICT') throw e;
        outcome = 'taken';
      }
      if (outcome === 'promoted') promoted += 1;
      else if (outcome === 'taken') await pause(20);
    }
    return promoted;
  }

  /** Timer: seats waiting people wherever an upcoming session has a seat free (heals a crash between cancel and promotion). */
  async tick(): Promise<Record<string, number>> {
    const ids = await this.repo.sessionIdsWithWaiting(new Date(this.clock.now()));
    let promoted = 0;
    for (const id of ids) promoted += await this.promote(id);
    return { sessionsWithWaiting: ids.length, promoted };
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
    const [counts, checkedIn] = await Promise.all([this.repo.counts([session._id]), this.repo.checkedInCount(session._id)]);
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
