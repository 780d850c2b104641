/**
 * The course editor through the real `course` function (two instances, calls alternating, one seeded database):
 * `draft` is the only answer with the bank's right options and 解析, for district admins only; `save` creates or
 * replaces a course with its lesson and bank in one transaction with its audit entry — the bank-size rule, answers
 * within their options, an existing series, questions keeping their ids, removed ones deleted; bad input → a coded
 * error and nothing written; an unpublished course hidden from residents; a new course listed and its quiz working.
 */
import type { CourseDraft, Envelope } from '../../types';
import { databaseDigest } from '../support/digest';
import { rid, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const ADMIN = 'demo-district-admin';
const SEEDED = 'course-shyk-basics';
let people = 0;
const resident = (): string => `ca-resident-${++people}`;

interface Draft extends CourseDraft {
  id: string;
}
const question = (n: number, answer = 1): CourseDraft['questions'][number] => ({
  text: `第${n}题：支部委员会多久召开一次？`,
  options: ['每年一次', '一般每月一次', '想开就开'],
  answer,
  explanation: `解析${n}：支委会一般每月召开一次。`,
});
const newCourse = (over: Partial<CourseDraft> = {}): CourseDraft => ({
  title: '支部委员会怎么开',
  seriesId: 'series-shyk',
  membersOnly: false,
  summary: '十五分钟讲清支委会的议题、流程和记录。',
  goals: ['知道支委会谁参加', '会做会议记录'],
  teacher: '王老师',
  teacherTitle: '创益学院讲师',
  minutes: 15,
  points: 8,
  published: true,
  lesson: { blocks: [{ type: 'text', text: '支部委员会由支部书记召集，一般每月召开一次。' }], videoUrl: null },
  questions: [question(1), question(2, 0), question(3, 2)],
  ...over,
});
const save = (course: CourseDraft, courseId?: string, openid = ADMIN, requestId?: string): Promise<Envelope<unknown>> =>
  w.call('course', openid, 'save', courseId ? { courseId, course } : { course }, requestId);
const code = (r: Envelope<unknown>): string => (r.ok ? 'ok' : r.error.code);
const listed = async (openid: string): Promise<string[]> => (await w.ok<{ courses: Array<{ id: string }> }>('course', openid, 'list', {})).courses.map((c) => c.id);

describe('course.draft', () => {
  it('gives an admin the course as stored with its whole bank, answers and 解析 included', async () => {
    const d = await w.ok<Draft>('course', ADMIN, 'draft', { courseId: SEEDED });
    const bank = w.count('course_questions', { courseId: SEEDED });
    expect(d.id).toBe(SEEDED);
    expect(d.questions).toHaveLength(bank);
    const first = d.questions[0] as Draft['questions'][number];
    const stored = w.doc<{ answer: number; explanation: string }>('course_questions', first.id as string);
    expect({ answer: first.answer, explanation: first.explanation }).toEqual({ answer: stored?.answer, explanation: stored?.explanation });
    expect(await w.call('course', ADMIN, 'draft', { courseId: 'course-nope' })).toMatchObject({ ok: false, error: { code: 'COURSE.NOT_FOUND' } });
  });

  it('is for district admins only: a resident, a party member and a branch secretary are refused and see no answer', async () => {
    for (const who of [resident(), 'demo-party-member', 'demo-secretary']) {
      const r = await w.call('course', who, 'draft', { courseId: SEEDED });
      expect(code(r)).toBe('AUTH.FORBIDDEN');
      expect(JSON.stringify(r)).not.toContain('解析');
    }
  });
});

describe('course.drafts', () => {
  it('lists every series and every course, published or not, with the size of its bank and never a question', async () => {
    const { courseId } = await w.ok<{ courseId: string }>('course', ADMIN, 'save', { course: newCourse({ published: false, seriesId: 'series-dfsj' }) });
    const d = await w.ok<{ series: Array<{ id: string; name: string }>; courses: Array<{ id: string; series: string; published: boolean; questions: number }> }>('course', ADMIN, 'drafts', {});
    expect(d.series.map((s) => s.id)).toEqual(['series-zzsh', 'series-fzdy', 'series-shyk', 'series-dfsj']);
    expect(d.courses.find((c) => c.id === courseId)).toMatchObject({ series: '党费收缴与使用', published: false, questions: 3 });
    expect(d.courses.find((c) => c.id === SEEDED)).toMatchObject({ published: true, questions: w.count('course_questions', { courseId: SEEDED }) });
    expect(d.courses.map((c) => c.id).indexOf(courseId)).toBe(d.courses.length - 1);
    expect(JSON.stringify(d)).not.toContain('解析');
    expect(await listed(resident())).not.toContain(courseId);
    for (const who of [resident(), 'demo-party-member', 'demo-secretary']) expect(code(await w.call('course', who, 'drafts', {}))).toBe('AUTH.FORBIDDEN');
  });
});

describe('course.save', () => {
  it('creates a course that residents then find in the list and whose quiz works; one audit entry', async () => {
    const requestId = rid();
    const { courseId } = await w.ok<{ courseId: string }>('course', ADMIN, 'save', { course: newCourse() }, requestId);
    expect(w.count('audit_log', { requestId, action: 'course.save', target: courseId, actor: ADMIN })).toBe(1);
    const someone = resident();
    expect(await listed(someone)).toContain(courseId);
    expect(await w.ok<{ series: string; title: string }>('course', someone, 'get', { courseId })).toMatchObject({ series: '三会一课规范', title: '支部委员会怎么开' });
    const quiz = await w.ok<{ attemptId: string; questions: Array<{ id: string; options: string[] }> }>('course', someone, 'quiz', { courseId });
    expect(JSON.stringify(quiz)).not.toContain('解析');
    const answers = quiz.questions.map((q) => ({ questionId: q.id, choice: w.doc<{ answer: number }>('course_questions', q.id)?.answer ?? -1 }));
    expect(await w.ok('course', someone, 'submitQuiz', { courseId, attemptId: quiz.attemptId, answers })).toMatchObject({ passed: true, points: 8, completed: true });
    const draft = await w.ok<Draft>('course', ADMIN, 'draft', { courseId });
    expect({ ...draft, questions: draft.questions.map(({ id: _id, ...q }) => q) }).toEqual({ ...newCourse(), id: courseId });
  });

  it('edits: kept questions keep their ids, new ones get ids, removed ones are deleted; unpublishing hides the course', async () => {
    const { courseId } = await w.ok<{ courseId: string }>('course', ADMIN, 'save', { course: newCourse() });
    const before = await w.ok<Draft>('course', ADMIN, 'draft', { courseId });
    const [q1, q2, q3] = before.questions as Array<Draft['questions'][number] & { id: string }>;
    const edited = newCourse({
      title: '支部委员会怎么开（修订）',
      published: false,
      questions: [{ ...q3!, text: '第3题改过了：谁召集支委会？' }, { ...q1! }, question(4), question(5, 0)],
    });
    expect(await save(edited, courseId)).toMatchObject({ ok: true, data: { courseId } });
    const after = await w.ok<Draft>('course', ADMIN, 'draft', { courseId });
    expect(after.title).toBe('支部委员会怎么开（修订）');
    expect(after.questions.slice(0, 2).map((q) => q.id)).toEqual([q3!.id, q1!.id]);
    expect(after.questions[0]?.text).toBe('第3题改过了：谁召集支委会？');
    expect(new Set(after.questions.map((q) => q.id)).size).toBe(4);
    expect(w.doc('course_questions', q2!.id)).toBeNull();
    expect(w.count('course_questions', { courseId })).toBe(4);
    const someone = resident();
    expect(await listed(someone)).not.toContain(courseId);
    expect(code(await w.call('course', someone, 'get', { courseId }))).toBe('COURSE.NOT_FOUND');
    expect(code(await w.call('course', someone, 'quiz', { courseId }))).toBe('COURSE.NOT_FOUND');
    expect(w.count('audit_log', { action: 'course.save', target: courseId })).toBe(2);
  });

  it('a course with a lesson needs at least 3 questions; one without a lesson may have none', async () => {
    const before = databaseDigest(w.cloud.db);
    const small = await save(newCourse({ questions: [question(1), question(2)] }));
    expect(code(small)).toBe('COURSE.BANK_TOO_SMALL');
    const edit = await save(newCourse({ questions: [question(1)] }), SEEDED);
    expect(code(edit)).toBe('COURSE.BANK_TOO_SMALL');
    expect(databaseDigest(w.cloud.db)).toBe(before);
    const offline = await w.ok<{ courseId: string }>('course', ADMIN, 'save', { course: newCourse({ lesson: null, questions: [] }) });
    expect(w.doc<{ lesson: unknown }>('courses', offline.courseId)?.lesson).toBeNull();
    expect(code(await w.call('course', resident(), 'quiz', { courseId: offline.courseId }))).toBe('COURSE.NO_LESSON');
  });

  it('bad input → a coded error naming the field, and nothing written', async () => {
    const seeded = await w.ok<Draft>('course', ADMIN, 'draft', { courseId: SEEDED });
    const seededIds = seeded.questions.map((q) => q.id as string);
    const before = databaseDigest(w.cloud.db);
    const refusals: Array<[Envelope<unknown>, string, string?]> = [
      // an answer outside its options
      [await save(newCourse({ questions: [question(1), question(2, 3), question(3)] })), 'INPUT.INVALID', 'course.questions.1.answer'],
      // a series that does not exist
      [await save(newCourse({ seriesId: 'series-nope' })), 'INPUT.INVALID', 'course.seriesId'],
      // a question of another course, and one id given twice
      [await save(newCourse({ questions: [{ ...question(1), id: seededIds[0] }, question(2), question(3)] })), 'INPUT.INVALID', 'course.questions.0.id'],
      [await save(newCourse({ questions: [{ ...question(1), id: seededIds[0] }, { ...question(2), id: seededIds[0] }, question(3)] }), SEEDED), 'INPUT.INVALID', 'course.questions.1.id'],
      // a course that does not exist
      [await save(newCourse(), 'course-nope'), 'COURSE.NOT_FOUND'],
      // the contract's own checks
      [await save(newCourse({ title: '支' })), 'INPUT.INVALID', 'course.title'],
      [await save({ ...newCourse(), lesson: { blocks: [], videoUrl: null } }), 'INPUT.INVALID', 'course.lesson.blocks'],
      [await save({ ...newCourse(), lesson: { blocks: [{ type: 'text', text: '内容' }], videoUrl: 'not a url' } }), 'INPUT.INVALID', 'course.lesson.videoUrl'],
      [await w.call('course', ADMIN, 'save', { course: { ...newCourse(), answers: [1] } }), 'INPUT.INVALID', 'course.answers'],
    ];
    for (const [r, expected, field] of refusals) {
      expect(code(r)).toBe(expected);
      if (field && !r.ok) expect(Object.keys(r.error.fields ?? {})).toContain(field);
    }
    expect(databaseDigest(w.cloud.db)).toBe(before);
  });

  it('only district admins save: others are refused and nothing is written', async () => {
    const before = databaseDigest(w.cloud.db);
    for (const who of [resident(), 'demo-party-member', 'demo-secretary', 'demo-station-manager']) {
      expect(code(await save(newCourse(), undefined, who))).toBe('AUTH.FORBIDDEN');
      expect(code(await save(newCourse({ published: false }), SEEDED, who))).toBe('AUTH.FORBIDDEN');
    }
    expect(databaseDigest(w.cloud.db)).toBe(before);
  });

  it('two admins saving one course at once on two instances: both answer, the bank is whole and one save’s', async () => {
    const { courseId } = await w.ok<{ courseId: string }>('course', ADMIN, 'save', { course: newCourse() });
    const base = await w.ok<Draft>('course', ADMIN, 'draft', { courseId });
    const variants = [0, 1, 2, 3].map((i) => newCourse({ title: `并发修改${i}`, questions: [...base.questions.slice(0, 2), question(10 + i), question(20 + i)] }));
    const replies = await Promise.all(variants.map((v, i) => w.on(i % 2).call('course', ADMIN, 'save', { courseId, course: v })));
    expect(replies.map(code)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const after = await w.ok<Draft>('course', ADMIN, 'draft', { courseId });
    const i = Number(after.title.replace('并发修改', ''));
    expect(after.questions.map((q) => q.text)).toEqual((variants[i] as CourseDraft).questions.map((q) => q.text));
    expect(w.count('course_questions', { courseId })).toBe(4);
  });
});
