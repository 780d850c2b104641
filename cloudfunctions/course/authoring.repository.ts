import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { getDoc, retryingTransaction } from '../_shared/tx';
import type { CourseDoc, QuestionDoc, SeriesDoc } from './course.repository';

/** A course as the editor stores it: the catalogue's document plus its revision (bumped by every save) and who saved it. */
export interface AuthoredCourseDoc extends CourseDoc {
  rev?: number;
  updatedAt?: Date;
  updatedBy?: string;
}

const MAX = 1000;

/** Another save of the same course committed between our reads and our transaction: read again. */
export class StaleDraft extends Error {
  constructor() {
    super('the course changed while saving');
  }
}

/** The editor's reads and its one write: a course with its whole bank, published or not. */
export class AuthoringRepository {
  constructor(private readonly db: () => Database) {}

  /** The course whatever its published state. */
  course(id: string): Promise<AuthoredCourseDoc | null> {
    return getDoc<AuthoredCourseDoc>(this.db(), Collections.courses, id);
  }

  series(id: string): Promise<SeriesDoc | null> {
    return getDoc<SeriesDoc>(this.db(), Collections.courseSeries, id);
  }

  /** The course's whole bank (answers and explanations included), in the author's order. */
  async bank(courseId: string): Promise<QuestionDoc[]> {
    const res = await this.db().collection(Collections.courseQuestions).where({ courseId }).orderBy('sort', 'asc').limit(MAX).get();
    return res.data as QuestionDoc[];
  }

  /** Every course, published or not, in catalogue order. */
  async allCourses(): Promise<AuthoredCourseDoc[]> {
    const res = await this.db().collection(Collections.courses).orderBy('sort', 'asc').limit(MAX).get();
    return res.data as AuthoredCourseDoc[];
  }

  async allSeries(): Promise<SeriesDoc[]> {
    const res = await this.db().collection(Collections.courseSeries).orderBy('sort', 'asc').limit(MAX).get();
    return res.data as SeriesDoc[];
  }

  /** How many questions the course's bank holds. */
  async bankSize(courseId: string): Promise<number> {
    const res = (await this.db().collection(Collections.courseQuestions).where({ courseId }).count()) as { total?: number };
    return res.total ?? 0;
  }

  /** The sort key after every course (a new course goes last in its series). */
  async nextSort(): Promise<number> {
    const res = await this.db().collection(Collections.courses).orderBy('sort', 'desc').limit(1).get();
    const last = (res.data as Array<{ sort?: number }>)[0];
    return typeof last?.sort === 'number' ? last.sort + 1 : 0;
  }

  /**
   * Writes the course and its bank in one transaction with the audit entry: the course replaced (its revision must
   * still be `expectedRev`, else StaleDraft and nothing is written), each question replaced or created, the removed
   * ones deleted. `expectedRev` null: the course must not exist yet.
   */
  async write(o: {
    course: Omit<AuthoredCourseDoc, '_id'> & { _id: string };
    expectedRev: number | null;
    questions: QuestionDoc[];
    removed: string[];
    audit: AuditEntry;
    now: number;
  }): Promise<void> {
    await retryingTransaction(this.db(), async (tx) => {
      const current = await getDoc<AuthoredCourseDoc>(tx, Collections.courses, o.course._id);
      if (o.expectedRev === null ? current !== null : current === null || (current.rev ?? 0) !== o.expectedRev) throw new StaleDraft();
      const { _id, ...course } = o.course;
      await tx.collection(Collections.courses).doc(_id).set(course);
      for (const q of o.questions) {
        const { _id: qid, ...question } = q;
        await tx.collection(Collections.courseQuestions).doc(qid).set(question);
      }
      for (const id of o.removed) await tx.collection(Collections.courseQuestions).doc(id).remove();
      await appendAudit(tx, o.audit, o.now);
    });
  }
}
