import { accountErasing, accountErasingNow } from '../_shared/erasure';
import { Collections } from '../_shared/collections';
import { type Database, dbErrorCode } from '../_shared/db';
import { getDoc, retryingTransaction } from '../_shared/tx';
import type { QuizResult } from '../../types/course';
import { completionIdOf, recordCompletion, type CompletionDoc } from './completions';

export { completionIdOf, type CompletionDoc };

/** A series of courses. */
export interface SeriesDoc {
  _id: string;
  name: string;
  sort: number;
}

/** A course with its online lesson (null: offline sessions only). */
export interface CourseDoc {
  _id: string;
  title: string;
  seriesId: string;
  membersOnly: boolean;
  summary: string;
  goals: string[];
  teacher: string;
  teacherTitle: string;
  minutes: number;
  /** 红色积分 for passing the lesson's quiz (once). */
  points: number;
  published: boolean;
  sort: number;
  lesson: { blocks: Array<{ type: 'text'; text: string } | { type: 'image'; url: string; caption: string }>; videoUrl: string | null } | null;
}

/** A bank question: the only document that holds the answer (and its explanation). */
export interface QuestionDoc {
  _id: string;
  courseId: string;
  text: string;
  options: string[];
  /** Index of the right option. */
  answer: number;
  /** 答案解析: never sent to a client. */
  explanation: string;
  sort: number;
}

/** The stored result of a submitted attempt (what a second submission answers again). */
export type StoredResult = Omit<QuizResult, 'attemptsLeftToday'>;

/** A drawn quiz: exactly these questions are checked on submission. */
export interface AttemptDoc {
  _id: string;
  kind: 'attempt';
  openid: string;
  courseId: string;
  /** Beijing date it was drawn. */
  date: string;
  questionIds: string[];
  drawnAt: Date;
  result: StoredResult | null;
  submittedAt: Date | null;
}

/** One of a person's 3 submissions per course and Beijing day, `_id` = `<openid>:<courseId>:<date>:<n>`. */
export interface DaySlotDoc {
  _id: string;
  kind: 'slot';
  openid: string;
  courseId: string;
  date: string;
  attemptId: string;
  at: Date;
}


export const daySlotIdOf = (openid: string, courseId: string, date: string, n: number): string => `${openid}:${courseId}:${date}:${n}`;

const MAX = 1000;

/** A submission refused inside its transaction (nothing written). */
export class SubmitRefused extends Error {
  constructor(readonly why: 'attempt' | 'limit' | 'erasing') {
    super(`submit refused: ${why}`);
  }
}

/** The catalogue, question banks, attempts and completions. */
export class CourseRepository {
  constructor(private readonly db: () => Database) {}

  async series(): Promise<SeriesDoc[]> {
    const res = await this.db().collection(Collections.courseSeries).orderBy('sort', 'asc').limit(MAX).get();
    return res.data as SeriesDoc[];
  }

  async courses(): Promise<CourseDoc[]> {
    const res = await this.db().collection(Collections.courses).where({ published: true }).orderBy('sort', 'asc').limit(MAX).get();
    return res.data as CourseDoc[];
  }

  async course(id: string): Promise<CourseDoc | null> {
    const doc = await getDoc<CourseDoc>(this.db(), Collections.courses, id);
    return doc?.published ? doc : null;
  }

  /** Per course, how many open sessions start after `now` (one query over the upcoming sessions). */
  async upcomingSessionCounts(now: number): Promise<Map<string, number>> {
    const db = this.db();
    const res = await db
      .collection(Collections.courseSessions)
      .where({ state: 'open', start: db.command.gt(new Date(now)) })
      .field({ courseId: true })
      .limit(MAX)
      .get();
    const counts = new Map<string, number>();
    for (const { courseId } of res.data as Array<{ courseId: string }>) counts.set(courseId, (counts.get(courseId) ?? 0) + 1);
    return counts;
  }

  async seriesName(id: string): Promise<string> {
    return (await getDoc<SeriesDoc>(this.db(), Collections.courseSeries, id))?.name ?? '';
  }

  /** The ids of a course's question bank. */
  async bankIds(courseId: string): Promise<string[]> {
    const res = await this.db().collection(Collections.courseQuestions).where({ courseId }).field({ _id: true }).limit(MAX).get();
    return (res.data as Array<{ _id: string }>).map((q) => q._id);
  }

  async questions(ids: string[]): Promise<QuestionDoc[]> {
    if (ids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.courseQuestions).where({ _id: db.command.in(ids) }).limit(MAX).get();
    return res.data as QuestionDoc[];
  }

  attempt(id: string): Promise<AttemptDoc | null> {
    return getDoc<AttemptDoc>(this.db(), Collections.quizAttempts, id);
  }

  /** The person's unsubmitted attempt of this course drawn on `date`, if any. */
  async openAttempt(openid: string, courseId: string, date: string): Promise<AttemptDoc | null> {
    const res = await this.db().collection(Collections.quizAttempts).where({ kind: 'attempt', openid, courseId, date, result: null }).limit(1).get();
    return (res.data as AttemptDoc[])[0] ?? null;
  }

  /** Whether the person's account is being (or has been) deleted: no new attempt is drawn for them. */
  erasing(openid: string): Promise<boolean> {
    return accountErasingNow(this.db(), openid);
  }

  async addAttempt(doc: AttemptDoc): Promise<void> {
    await this.db().collection(Collections.quizAttempts).add(doc);
  }

  /** How many submissions the person made of this course on `date`. */
  async submissionsOn(openid: string, courseId: string, date: string): Promise<number> {
    const res = (await this.db().collection(Collections.quizAttempts).where({ kind: 'slot', openid, courseId, date }).count()) as { total?: number };
    return res.total ?? 0;
  }

  async completionsOf(openid: string): Promise<CompletionDoc[]> {
    const res = await this.db().collection(Collections.courseCompletions).where({ openid }).orderBy('at', 'desc').limit(MAX).get();
    return res.data as CompletionDoc[];
  }

  /**
   * Records a submission in one transaction: takes one of the day's 3 slots (the database refuses a fourth), stores the
   * result on the attempt, and on a pass with no completion yet records the completion and credits the points. An
   * attempt already submitted answers its stored result and writes nothing.
   */
  async submit(o: {
    openid: string;
    courseId: string;
    attemptId: string;
    date: string;
    perDay: number;
    result: Omit<StoredResult, 'points' | 'completed'>;
    completion: { courseTitle: string; points: number; reason: string };
    now: number;
  }): Promise<{ result: StoredResult; fresh: boolean }> {
    for (let round = 0; ; round++) {
      try {
        return await retryingTransaction(this.db(), async (tx) => {
          if (await accountErasing(tx, o.openid)) throw new SubmitRefused('erasing');
          const attempt = await getDoc<AttemptDoc>(tx, Collections.quizAttempts, o.attemptId);
          if (!attempt || attempt.kind !== 'attempt' || attempt.openid !== o.openid || attempt.courseId !== o.courseId) throw new SubmitRefused('attempt');
          if (attempt.result) return { result: attempt.result, fresh: false };
          let slot = 0;
          for (let n = 1; n <= o.perDay && slot === 0; n++) {
            if ((await getDoc(tx, Collections.quizAttempts, daySlotIdOf(o.openid, o.courseId, o.date, n))) === null) slot = n;
          }
          if (slot === 0) throw new SubmitRefused('limit');
          const at = new Date(o.now);
          const slotDoc: Omit<DaySlotDoc, '_id'> = { kind: 'slot', openid: o.openid, courseId: o.courseId, date: o.date, attemptId: o.attemptId, at };
          await tx.collection(Collections.quizAttempts).doc(daySlotIdOf(o.openid, o.courseId, o.date, slot)).set(slotDoc);
          let points = 0;
          const completionId = completionIdOf(o.openid, o.courseId);
          let completed = (await getDoc<CompletionDoc>(tx, Collections.courseCompletions, completionId)) !== null;
          if (o.result.passed) {
            if (!completed) {
              points = (
                await recordCompletion(
                  tx,
                  { openid: o.openid, courseId: o.courseId, courseTitle: o.completion.courseTitle, via: 'online', attemptId: o.attemptId, points: o.completion.points, reason: o.completion.reason },
                  o.now,
                )
              ).points;
            }
            completed = true;
          }
          const result: StoredResult = { ...o.result, points, completed };
          await tx.collection(Collections.quizAttempts).doc(o.attemptId).update({ result, submittedAt: at });
          return { result, fresh: true };
        });
      } catch (e) {
        // A racing transaction added the same id first (committed after our snapshot began): read again.
        if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE' && round < 3) continue;
        throw e;
      }
    }
  }
}
