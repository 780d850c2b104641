import { accountErasing } from '../_shared/erasure';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { placeCounts, type PlaceCounts } from '../_shared/place-queue';
import { getDoc, retryingTransaction, type Transaction } from '../_shared/tx';
import { recordCompletion } from './completions';
import type { CourseDoc } from './course.repository';
import { sessionSignupId, type SessionDoc, type SessionSignupDoc } from './session.docs';

const MAX = 1000;

/** Typed single-document operations inside one session transaction. Rules live in the service. */
export class SessionTx {
  constructor(
    /** The transaction itself (the place engine works on it directly). */
    readonly raw: Transaction,
    readonly now: number,
  ) {}

  session(id: string): Promise<SessionDoc | null> {
    return getDoc<SessionDoc>(this.raw, Collections.courseSessions, id);
  }

  signup(id: string): Promise<SessionSignupDoc | null> {
    return getDoc<SessionSignupDoc>(this.raw, Collections.sessionSignups, id);
  }

  course(id: string): Promise<CourseDoc | null> {
    return getDoc<CourseDoc>(this.raw, Collections.courses, id);
  }

  /** Whether the person's account is being (or has been) deleted (read in the transaction: it conflicts with the deletion). */
  erasing(openid: string): Promise<boolean> {
    return accountErasing(this.raw, openid);
  }

  /** Writes the person's one sign-up document (created or rewritten; a parallel write of it makes one side conflict). */
  async putSignup(doc: SessionSignupDoc): Promise<void> {
    const { _id, ...rest } = doc;
    await this.raw.collection(Collections.sessionSignups).doc(_id).set(rest);
  }

  completion(c: Parameters<typeof recordCompletion>[1]): Promise<{ fresh: boolean; points: number }> {
    return recordCompletion(this.raw, c, this.now);
  }
}

/** Sessions, their places (seats and waitlist tickets) and sign-ups. The only code of sessions that touches the database. */
export class SessionRepository {
  constructor(readonly db: () => Database) {}

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

  /** Seats taken and people waiting per session. */
  counts(sessionIds: string[]): Promise<Map<string, PlaceCounts>> {
    return placeCounts(this.db(), Collections.sessionPlaces, 'sessionId', sessionIds);
  }

  async checkedInCount(sessionId: string): Promise<number> {
    const db = this.db();
    const res = (await db.collection(Collections.sessionSignups).where({ sessionId, state: 'enrolled', checkedInAt: db.command.neq(null) }).count()) as { total?: number };
    return res.total ?? 0;
  }

  /** Open sessions still to start, soonest first (the place engine's timer looks for people waiting in them). */
  async upcomingOpenIds(now: Date): Promise<string[]> {
    const db = this.db();
    const upcoming = await db.collection(Collections.courseSessions).where({ state: 'open', start: db.command.gt(now) }).orderBy('start', 'asc').field({ _id: true }).limit(MAX).get();
    return (upcoming.data as Array<{ _id: string }>).map((s) => s._id);
  }
}
