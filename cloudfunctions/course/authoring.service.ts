import { randomBytes } from 'node:crypto';
import { QUIZ_QUESTIONS, type CourseDraft } from '../../types/course';
import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { assertPostable, type ContentChecker, type PostedText } from '../_shared/content-security';
import { DomainError } from '../_shared/errors';
import { StaleDraft, type AuthoredCourseDoc, type AuthoringRepository } from './authoring.repository';
import type { QuestionDoc } from './course.repository';

type SaveInput = ParsedInput<'course', 'save'>;

const invalid = (field: string, message: string): DomainError => new DomainError('INPUT.INVALID', message, { [field]: message });
const newId = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;

/** The course editor: drafts with their question banks (answers included: authors only) and saving them. */
export class AuthoringService {
  constructor(
    private readonly repo: AuthoringRepository,
    private readonly clock: Clock,
    /** Content security (the runtime's checker). */
    private readonly content: () => ContentChecker,
  ) {}

  /** Every series, and every course published or not with the size of its bank, in catalogue order (series first). */
  async drafts(): Promise<ActionOutput<'course', 'drafts'>> {
    const [series, courses] = await Promise.all([this.repo.allSeries(), this.repo.allCourses()]);
    const sizes = await Promise.all(courses.map((c) => this.repo.bankSize(c._id)));
    const names = new Map(series.map((s) => [s._id, s.name]));
    const order = new Map(series.map((s, i) => [s._id, i]));
    const listed = courses.map((c, i) => ({
      id: c._id,
      title: c.title,
      series: names.get(c.seriesId) ?? '',
      seriesId: c.seriesId,
      membersOnly: c.membersOnly,
      summary: c.summary,
      teacher: c.teacher,
      minutes: c.minutes,
      hasLesson: c.lesson !== null,
      published: c.published,
      questions: sizes[i] ?? 0,
      sort: c.sort,
    }));
    listed.sort((a, b) => (order.get(a.seriesId) ?? 99) - (order.get(b.seriesId) ?? 99) || a.sort - b.sort);
    return { series: series.map((s) => ({ id: s._id, name: s.name })), courses: listed.map(({ sort: _sort, ...c }) => c) };
  }

  /** The course as stored, published or not, with its whole bank: the only answer that ever carries the right options. */
  async draft(_caller: Caller, courseId: string): Promise<ActionOutput<'course', 'draft'>> {
    const [course, bank] = await Promise.all([this.repo.course(courseId), this.repo.bank(courseId)]);
    if (!course) throw new DomainError('COURSE.NOT_FOUND', 'no such course');
    return {
      id: course._id,
      title: course.title,
      seriesId: course.seriesId,
      membersOnly: course.membersOnly,
      summary: course.summary,
      goals: course.goals,
      teacher: course.teacher,
      teacherTitle: course.teacherTitle,
      minutes: course.minutes,
      points: course.points,
      published: course.published,
      lesson: course.lesson ? { blocks: course.lesson.blocks, videoUrl: course.lesson.videoUrl } : null,
      questions: bank.map((q) => ({ id: q._id, text: q.text, options: q.options, answer: q.answer, explanation: q.explanation })),
    };
  }

  /**
   * Creates or replaces a course with its lesson and bank, in one transaction with its audit entry. Rules checked
   * before anything is written: a lesson needs at least 3 questions, each answer is one of its question's options, the
   * series exists, a question id given is one of this course's (and given once).
   */
  async save(caller: Caller, input: SaveInput, requestId: string): Promise<ActionOutput<'course', 'save'>> {
    const draft = input.course;
    // Content security before anything is written: every text learners will read.
    await assertPostable(this.content(), caller.openid, 3, courseTexts(draft));
    if (draft.lesson && draft.questions.length < QUIZ_QUESTIONS) {
      throw new DomainError('COURSE.BANK_TOO_SMALL', `a course with a lesson needs at least ${QUIZ_QUESTIONS} questions`);
    }
    draft.questions.forEach((q, i) => {
      if (q.answer >= q.options.length) throw invalid(`course.questions.${i}.answer`, '正确答案要选在已有的选项里');
    });
    for (let round = 0; ; round++) {
      try {
        return await this.saveOnce(caller, input, requestId);
      } catch (e) {
        if (e instanceof StaleDraft && round < 4) continue;
        throw e;
      }
    }
  }

  private async saveOnce(caller: Caller, input: SaveInput, requestId: string): Promise<ActionOutput<'course', 'save'>> {
    const draft = input.course;
    const existing = input.courseId ? await this.repo.course(input.courseId) : null;
    if (input.courseId && !existing) throw new DomainError('COURSE.NOT_FOUND', 'no such course');
    const [series, bank, sort] = await Promise.all([
      this.repo.series(draft.seriesId),
      existing ? this.repo.bank(existing._id) : Promise.resolve([] as QuestionDoc[]),
      existing ? Promise.resolve(existing.sort) : this.repo.nextSort(),
    ]);
    if (!series) throw invalid('course.seriesId', '没有这个课程系列');
    const courseId = existing?._id ?? newId('course');
    const held = new Set(bank.map((q) => q._id));
    const kept = new Set<string>();
    draft.questions.forEach((q, i) => {
      if (q.id === undefined) return;
      if (!held.has(q.id) || kept.has(q.id)) throw invalid(`course.questions.${i}.id`, '这道题不属于这门课程');
      kept.add(q.id);
    });
    const questions: QuestionDoc[] = draft.questions.map((q, i) => ({
      _id: q.id ?? newId(`${courseId}-q`),
      courseId,
      text: q.text,
      options: q.options,
      answer: q.answer,
      explanation: q.explanation,
      sort: i,
    }));
    const removed = bank.map((q) => q._id).filter((id) => !kept.has(id));
    const now = this.clock.now();
    const rev = (existing?.rev ?? 0) + 1;
    const course: AuthoredCourseDoc = {
      _id: courseId,
      title: draft.title,
      seriesId: draft.seriesId,
      membersOnly: draft.membersOnly,
      summary: draft.summary,
      goals: draft.goals,
      teacher: draft.teacher,
      teacherTitle: draft.teacherTitle,
      minutes: draft.minutes,
      points: draft.points,
      published: draft.published,
      sort,
      lesson: draft.lesson ? { blocks: draft.lesson.blocks, videoUrl: draft.lesson.videoUrl } : null,
      rev,
      updatedAt: new Date(now),
      updatedBy: caller.openid,
    };
    const added = questions.length - kept.size;
    await this.repo.write({
      course,
      expectedRev: existing ? (existing.rev ?? 0) : null,
      questions,
      removed,
      now,
      audit: {
        actor: caller.openid,
        action: 'course.save',
        target: courseId,
        summary: `${existing ? '修改' : '新建'}课程「${draft.title}」（${draft.published ? '已发布' : '未发布'}）：${questions.length}道题，新增${added}道，删除${removed.length}道`,
        requestId,
        scope: { seriesId: draft.seriesId },
      },
    });
    return { courseId };
  }
}

/** Every text of a course draft, named by its input path. */
export function courseTexts(course: CourseDraft): PostedText[] {
  const at = (field: string, text: string): PostedText => ({ field: `course.${field}`, text });
  return [
    at('title', course.title),
    at('summary', course.summary),
    ...course.goals.map((g, i) => at(`goals.${i}`, g)),
    at('teacher', course.teacher),
    at('teacherTitle', course.teacherTitle),
    ...(course.lesson?.blocks ?? []).map((b, i) => at(`lesson.blocks.${i}.${b.type === 'text' ? 'text' : 'caption'}`, b.type === 'text' ? b.text : b.caption)),
    ...course.questions.flatMap((q, i) => [
      at(`questions.${i}.text`, q.text),
      ...q.options.map((o, j) => at(`questions.${i}.options.${j}`, o)),
      at(`questions.${i}.explanation`, q.explanation),
    ]),
  ];
}
