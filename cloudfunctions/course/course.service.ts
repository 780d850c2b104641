import { randomBytes, randomInt } from 'node:crypto';
import { beijingDate, toBeijingIso } from '../../types/beijing-time';
import { QUIZ_ATTEMPTS_PER_DAY, QUIZ_PASS, QUIZ_QUESTIONS } from '../../types/course';
import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { DomainError } from '../_shared/errors';
import { SubmitRefused, type CourseDoc, type CourseRepository } from './course.repository';
import type { SessionService } from './session.service';

/** What a resident who is not a party member is told about a members-only course. */
export const MEMBERS_ONLY_REASON = '这门课程只对党员开放。如果您是党员，请联系所在支部书记在系统里登记';

/** `n` distinct items drawn at random (Fisher–Yates on a copy). */
export function drawRandom<T>(items: readonly T[], n: number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, n);
}

/** The course catalogue and online lessons with their quiz (answers checked here, never sent before submission). */
export class CourseService {
  constructor(
    private readonly repo: CourseRepository,
    private readonly clock: Clock,
    private readonly sessions: SessionService,
  ) {}

  private async mayTake(caller: Caller, course: CourseDoc): Promise<boolean> {
    return !course.membersOnly || (await caller.has('party_member'));
  }

  /** The course, which the caller may take (else COURSE.NOT_FOUND / COURSE.MEMBERS_ONLY). */
  private async takeable(caller: Caller, courseId: string): Promise<CourseDoc> {
    const course = await this.repo.course(courseId);
    if (!course) throw new DomainError('COURSE.NOT_FOUND', 'no such course');
    if (!(await this.mayTake(caller, course))) throw new DomainError('COURSE.MEMBERS_ONLY', 'the course is for party members only');
    return course;
  }

  async list(caller: Caller): Promise<ActionOutput<'course', 'list'>> {
    const [courses, series, completions, upcoming] = await Promise.all([
      this.repo.courses(),
      this.repo.series(),
      this.repo.completionsOf(caller.openid),
      this.repo.upcomingSessionCounts(this.clock.now()),
    ]);
    const names = new Map(series.map((s) => [s._id, s.name]));
    const done = new Set(completions.map((c) => c.courseId));
    const order = new Map(series.map((s, i) => [s._id, i]));
    return {
      courses: courses
        .sort((a, b) => (order.get(a.seriesId) ?? 99) - (order.get(b.seriesId) ?? 99) || a.sort - b.sort)
        .map((c) => ({
          id: c._id,
          title: c.title,
          series: names.get(c.seriesId) ?? '',
          seriesId: c.seriesId,
          membersOnly: c.membersOnly,
          summary: c.summary,
          teacher: c.teacher,
          minutes: c.minutes,
          hasLesson: c.lesson !== null,
          myCompleted: done.has(c._id),
          upcomingSessions: upcoming.get(c._id) ?? 0,
        })),
    };
  }

  async get(caller: Caller, courseId: string): Promise<ActionOutput<'course', 'get'>> {
    const course = await this.repo.course(courseId);
    if (!course) throw new DomainError('COURSE.NOT_FOUND', 'no such course');
    const [series, completions, canTake, upcoming] = await Promise.all([
      this.repo.seriesName(course.seriesId),
      this.repo.completionsOf(caller.openid),
      this.mayTake(caller, course),
      this.repo.upcomingSessionCounts(this.clock.now()),
    ]);
    return {
      id: course._id,
      title: course.title,
      series,
      seriesId: course.seriesId,
      membersOnly: course.membersOnly,
      summary: course.summary,
      goals: course.goals,
      teacher: course.teacher,
      teacherTitle: course.teacherTitle,
      minutes: course.minutes,
      hasLesson: course.lesson !== null,
      myCompleted: completions.some((c) => c.courseId === course._id),
      upcomingSessions: upcoming.get(course._id) ?? 0,
      canTake,
      reason: canTake ? null : { code: 'COURSE.MEMBERS_ONLY', message: MEMBERS_ONLY_REASON },
    };
  }

  async lesson(caller: Caller, courseId: string): Promise<ActionOutput<'course', 'lesson'>> {
    const course = await this.takeable(caller, courseId);
    if (!course.lesson) throw new DomainError('COURSE.NO_LESSON', 'the course has no online lesson');
    return { courseId: course._id, title: course.title, blocks: course.lesson.blocks, videoUrl: course.lesson.videoUrl ?? null };
  }

  async quiz(caller: Caller, courseId: string): Promise<ActionOutput<'course', 'quiz'>> {
    const course = await this.takeable(caller, courseId);
    if (!course.lesson) throw new DomainError('COURSE.NO_LESSON', 'the course has no online lesson');
    const now = this.clock.now();
    const date = beijingDate(now);
    const used = await this.repo.submissionsOn(caller.openid, course._id, date);
    if (used >= QUIZ_ATTEMPTS_PER_DAY) throw new DomainError('COURSE.QUIZ_LIMIT', 'three attempts today already');
    let attempt = await this.repo.openAttempt(caller.openid, course._id, date);
    if (!attempt) {
      if (await this.repo.erasing(caller.openid)) throw new DomainError('ACCOUNT.DELETING', 'the account is being deleted');
      const bank = await this.repo.bankIds(course._id);
      if (bank.length < QUIZ_QUESTIONS) throw new DomainError('COURSE.NO_LESSON', 'the question bank is too small');
      attempt = {
        _id: `qa_${now.toString(36)}_${randomBytes(6).toString('hex')}`,
        kind: 'attempt',
        openid: caller.openid,
        courseId: course._id,
        date,
        questionIds: drawRandom(bank, QUIZ_QUESTIONS),
        drawnAt: new Date(now),
        result: null,
        submittedAt: null,
      };
      await this.repo.addAttempt(attempt);
    }
    const byId = new Map((await this.repo.questions(attempt.questionIds)).map((q) => [q._id, q]));
    return {
      courseId: course._id,
      attemptId: attempt._id,
      // Text and options only: the answer and its explanation stay in course_questions.
      questions: attempt.questionIds.flatMap((id) => {
        const q = byId.get(id);
        return q ? [{ id: q._id, text: q.text, options: [...q.options] }] : [];
      }),
      attemptsLeftToday: QUIZ_ATTEMPTS_PER_DAY - used,
    };
  }

  async submitQuiz(caller: Caller, input: ParsedInput<'course', 'submitQuiz'>): Promise<ActionOutput<'course', 'submitQuiz'>> {
    const course = await this.takeable(caller, input.courseId);
    const attempt = await this.repo.attempt(input.attemptId);
    if (!attempt || attempt.kind !== 'attempt' || attempt.openid !== caller.openid || attempt.courseId !== course._id) {
      throw new DomainError('COURSE.ATTEMPT_NOT_FOUND', 'no such attempt of the caller for this course');
    }
    const now = this.clock.now();
    const date = beijingDate(now);
    const left = async () => Math.max(0, QUIZ_ATTEMPTS_PER_DAY - (await this.repo.submissionsOn(caller.openid, course._id, date)));
    if (attempt.result) return { ...attempt.result, attemptsLeftToday: await left() };

    // Exactly the drawn questions, each once.
    const given = new Map(input.answers.map((a) => [a.questionId, a.choice]));
    if (given.size !== input.answers.length || given.size !== attempt.questionIds.length || !attempt.questionIds.every((id) => given.has(id))) {
      throw new DomainError('INPUT.INVALID', 'answers must cover exactly the drawn questions', { answers: '请回答本次测验的全部3道题' });
    }
    const bank = new Map((await this.repo.questions(attempt.questionIds)).map((q) => [q._id, q]));
    const results = attempt.questionIds.map((id) => ({ questionId: id, correct: bank.get(id)?.answer === given.get(id) }));
    const correct = results.filter((r) => r.correct).length;
    try {
      const { result } = await this.repo.submit({
        openid: caller.openid,
        courseId: course._id,
        attemptId: attempt._id,
        date,
        perDay: QUIZ_ATTEMPTS_PER_DAY,
        result: { attemptId: attempt._id, correct, total: results.length, passed: correct >= QUIZ_PASS, results },
        completion: { courseTitle: course.title, points: course.points, reason: `线上学习《${course.title}》测验通过` },
        now,
      });
      return { ...result, attemptsLeftToday: await left() };
    } catch (e) {
      if (e instanceof SubmitRefused) {
        if (e.why === 'limit') throw new DomainError('COURSE.QUIZ_LIMIT', 'three attempts today already');
        if (e.why === 'erasing') throw new DomainError('ACCOUNT.DELETING', 'the account is being deleted');
        throw new DomainError('COURSE.ATTEMPT_NOT_FOUND', 'no such attempt of the caller for this course');
      }
      throw e;
    }
  }

  async mine(caller: Caller): Promise<ActionOutput<'course', 'mine'>> {
    const [completions, courses, series, upcoming] = await Promise.all([
      this.repo.completionsOf(caller.openid),
      this.repo.courses(),
      this.repo.series(),
      this.sessions.upcomingOf(caller),
    ]);
    const courseById = new Map(courses.map((c) => [c._id, c]));
    const names = new Map(series.map((s) => [s._id, s.name]));
    return {
      upcoming,
      completed: completions.map((c) => {
        const course = courseById.get(c.courseId);
        return {
          courseId: c.courseId,
          title: course?.title ?? c.courseTitle,
          series: course ? (names.get(course.seriesId) ?? '') : '',
          completedAt: toBeijingIso(new Date(c.at).getTime()),
          date: c.date,
          points: c.points,
          via: c.via,
        };
      }),
    };
  }
}
