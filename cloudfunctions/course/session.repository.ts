import { accountErasing } from '../_shared/erasure';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { enqueueNotification, type NotificationKind } from '../_shared/notifications';
import { claimPlace } from '../_shared/seats';
import { getDoc, retryingTransaction, type Transaction } from '../_shared/tx';
import { recordCompletion } from './completions';
import type { CourseDoc } from './course.repository';
import { sessionSignupId, type SessionDoc, type SessionPlaceDoc, type SessionSignupDoc } from './session.docs';

const MAX = 1000;

/** Typed single-document operations inside one session transaction. Rules live in the service. */
export class SessionTx {
  constructor(
    private readonly tx: Transaction,
    readonly now: number,
  ) {}

  session(id: string): Promise<SessionDoc | null> {
    return getDoc<SessionDoc>(this.tx, Collections.courseSessions, id);
  }

  signup(id: string): Promise<SessionSignupDoc | null> {
    return getDoc<SessionSignupDoc>(this.tx, Collections.sessionSignups, id);
  }

  place(id: string): Promise<SessionPlaceDoc | null> {
    return getDoc<SessionPlaceDoc>(this.tx, Collections.sessionPlaces, id);
  }

  course(id: string): Promise<CourseDoc | null> {
    return getDoc<CourseDoc>(this.tx, Collections.courses, id);
  }

  /** Whether the person's account is being (or has been) deleted (read in the transaction: it conflicts with the deletion). */
  erasing(openid: string): Promise<boolean> {
    return accountErasing(this.tx, openid);
  }

  /** A seat or a waitlist ticket with its deterministic `_id`: 'taken' when the database already holds that number. */
  claim(place: SessionPlaceDoc): Promise<'held' | 'taken'> {
    return claimPlace(this.tx, Collections.sessionPlaces, place);
  }

  /** Gives a held seat to someone else (one write: the seat is never seen free). */
  async passSeat(id: string, openid: string): Promise<void> {
    await this.tx.collection(Collections.sessionPlaces).doc(id).update({ openid, at: new Date(this.now) });
  }

  async freeSeat(id: string): Promise<void> {
    await this.tx.collection(Collections.sessionPlaces).doc(id).remove();
  }

  /** A ticket is never reused: it is marked done when its holder is promoted or gives it up. */
  async closeTicket(id: string): Promise<void> {
    await this.tx.collection(Collections.sessionPlaces).doc(id).update({ state: 'done' });
  }

  /** Writes the person's one sign-up document (created or rewritten; a parallel write of it makes one side conflict). */
  async putSignup(doc: SessionSignupDoc): Promise<void> {
    const { _id, ...rest } = doc;
    await this.tx.collection(Collections.sessionSignups).doc(_id).set(rest);
  }

  notify(n: { openid: string; kind: NotificationKind; title: string; body: string; sessionId: string; courseId: string }): Promise<void> {
    return enqueueNotification(this.tx, n, this.now);
  }

  completion(c: Parameters<typeof recordCompletion>[1]): Promise<{ fresh: boolean; points: number }> {
    return recordCompletion(this.tx, c, this.now);
  }
}

/** Sessions, their places (seats and waitlist tickets) and sign-ups. The only code of sessions that touches the database. */
export class SessionRepository {
  constructor(private readonly db: () => Database) {}

  transaction<T>(now: number, work: (tx: SessionTx) => Promise<T>, options: { attempts?: number; beforeRetry?: () => Promise<T | undefined> } = {}): Promise<T> {
    return retryingTransaction(this.db(), (tx) => work(new SessionTx(tx, now)), options);
  }

  session(id: string): Promise<SessionDoc | null> {
    return getDoc<SessionDoc>(this.db(), Collections.courseSessions, id);
  }

  /** A published course (null when not found or not published). */
  async course(id: string): Promise<CourseDoc | null> {
    const doc = await getDoc<CourseDoc>(this.db(), Collections.courses, id);
    return doc?.published ? doc : null;
  }

  signup(sessionId: string, openid: string): Promise<SessionSignupDoc | null> {
    return getDoc<SessionSignupDoc>(this.db(), Collections.sessionSignups, sessionSignupId(sessionId, openid));
  }

  /** Open sessions of a course ending after `from`, soonest first. */
  async openSessionsOf(courseId: string, from: Date): Promise<SessionDoc[]> {
    const db = this.db();
    const res = await db.collection(Collections.courseSessions).where({ courseId, state: 'open', end: db.command.gt(from) }).orderBy('start', 'asc').limit(MAX).get();
    return res.data as SessionDoc[];
  }

  async sessionsByIds(ids: string[]): Promise<SessionDoc[]> {
    if (ids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.courseSessions).where({ _id: db.command.in(ids) }).limit(MAX).get();
    return res.data as SessionDoc[];
  }

  /** The person's enrolled and waiting places. */
  async activeSignupsOf(openid: string): Promise<SessionSignupDoc[]> {
    const db = this.db();
    const res = await db.collection(Collections.sessionSignups).where({ openid, state: db.command.in(['enrolled', 'waitlisted']) }).limit(MAX).get();
    return res.data as SessionSignupDoc[];
  }

  /** The caller's sign-ups in these sessions. */
  async signupsOfIn(openid: string, sessionIds: string[]): Promise<SessionSignupDoc[]> {
    if (sessionIds.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.sessionSignups).where({ openid, sessionId: db.command.in(sessionIds) }).limit(MAX).get();
    return res.data as SessionSignupDoc[];
  }

  /** The committed seat numbers of a session (at most its capacity). */
  async seatNumbers(sessionId: string): Promise<number[]> {
    const res = await this.db().collection(Collections.sessionPlaces).where({ sessionId, kind: 'seat' }).field({ n: true }).limit(MAX).get();
    return (res.data as Array<{ n: number }>).map((p) => p.n);
  }

  /** The highest ticket number of a session (0 when none): tickets are never removed, so this only grows. */
  async highestTicket(sessionId: string): Promise<number> {
    const res = await this.db().collection(Collections.sessionPlaces).where({ sessionId, kind: 'ticket' }).orderBy('n', 'desc').field({ n: true }).limit(1).get();
    return (res.data as Array<{ n: number }>)[0]?.n ?? 0;
  }

  /** The first `limit` waiting tickets, lowest number (earliest arrival) first. */
  async waitingTickets(sessionId: string, limit: number): Promise<SessionPlaceDoc[]> {
    const res = await this.db().collection(Collections.sessionPlaces).where({ sessionId, kind: 'ticket', state: 'waiting' }).orderBy('n', 'asc').limit(limit).get();
    return res.data as SessionPlaceDoc[];
  }

  /** Waiting tickets numbered below `n` (all of them when `n` is omitted). */
  async waitingBelow(sessionId: string, n = Number.MAX_SAFE_INTEGER): Promise<number> {
    const db = this.db();
    const res = (await db.collection(Collections.sessionPlaces).where({ sessionId, kind: 'ticket', state: 'waiting', n: db.command.lt(n) }).count()) as { total?: number };
    return res.total ?? 0;
  }

  /** Seats taken and people waiting per session. */
  async counts(sessionIds: string[]): Promise<Map<string, { taken: number; waiting: number }>> {
    const out = new Map(sessionIds.map((id) => [id, { taken: 0, waiting: 0 }]));
    if (sessionIds.length === 0) return out;
    const db = this.db();
    const _ = db.command;
    const res = (await db
      .collection(Collections.sessionPlaces)
      .aggregate()
      .match({ sessionId: _.in(sessionIds) })
      .group({ _id: { sessionId: '$sessionId', kind: '$kind', state: '$state' }, n: { $sum: 1 } })
      .limit(MAX)
      .end()) as { data?: Array<{ _id: { sessionId: string; kind: 'seat' | 'ticket'; state?: string | null }; n: number }> };
    for (const r of res.data ?? []) {
      const c = out.get(r._id.sessionId);
      if (!c) continue;
      if (r._id.kind === 'seat') c.taken += r.n;
      else if (r._id.state === 'waiting') c.waiting += r.n;
    }
    return out;
  }

  async checkedInCount(sessionId: string): Promise<number> {
    const db = this.db();
    const res = (await db.collection(Collections.sessionSignups).where({ sessionId, state: 'enrolled', checkedInAt: db.command.neq(null) }).count()) as { total?: number };
    return res.total ?? 0;
  }

  /** Open sessions still to start with someone waiting (the timer's work list), soonest first. */
  async sessionIdsWithWaiting(now: Date): Promise<string[]> {
    const db = this.db();
    const _ = db.command;
    const upcoming = await db.collection(Collections.courseSessions).where({ state: 'open', start: _.gt(now) }).orderBy('start', 'asc').field({ _id: true }).limit(MAX).get();
    const ids = (upcoming.data as Array<{ _id: string }>).map((s) => s._id);
    const waiting = new Set<string>();
    for (let i = 0; i < ids.length; i += 100) {
      const res = (await db
        .collection(Collections.sessionPlaces)
        .aggregate()
        .match({ kind: 'ticket', state: 'waiting', sessionId: _.in(ids.slice(i, i + 100)) })
        .group({ _id: '$sessionId' })
        .limit(MAX)
        .end()) as { data?: Array<{ _id: string }> };
      for (const r of res.data ?? []) waiting.add(r._id);
    }
    return ids.filter((id) => waiting.has(id));
  }
}
