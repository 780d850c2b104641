/**
 * The course catalogue and online lessons with their quiz, through the real `course` function (two instances, calls
 * alternating, one seeded database): members-only courses refused to residents with the reason, answers never in a
 * response, exactly the drawn questions checked, pass at 2 of 3, 3 submissions per course and Beijing day, and one
 * completion and one points credit under parallel replays and parallel distinct submissions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beijingInstant } from '../../types/beijing-time';
import type { Envelope } from '../../types';
import { courseSeeds, seededExplanations } from '../../local-cloud/seed-courses';
import { databaseDigest } from '../support/digest';
import { rid, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const OPEN = 'course-shyk-basics';
const MEMBERS = 'course-dfsj-standard';
let people = 0;
/** A fresh party member (a user document with the party_member grant). */
function member(): string {
  const openid = `cm-member-${++people}`;
  const when = { $date: '2026-11-01T00:00:00Z' };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: [JSON.stringify({ _id: openid, nickname: '测试党员', streetId: 'xiangyang', communityId: null, roles: [{ role: 'resident' }, { role: 'party_member', scope: { branchId: 'branch-shanheliang' } }], createdAt: when, updatedAt: when })] });
  return openid;
}
const resident = (): string => `cm-resident-${++people}`;

/** The seed's answer key: question id → right option index. */
const key = new Map<string, { answer: number; options: number }>(courseSeeds.flatMap((c) => c.questions.map((q, j) => [`${c.id}-q${j + 1}`, { answer: q.answer, options: q.options.length }] as const)));
interface Quiz {
  courseId: string;
  attemptId: string;
  questions: Array<{ id: string; text: string; options: string[] }>;
  attemptsLeftToday: number;
}
interface Result {
  attemptId: string;
  correct: number;
  passed: boolean;
  points: number;
  completed: boolean;
  attemptsLeftToday: number;
  results: Array<{ questionId: string; correct: boolean }>;
}
/** Answers with `right` of the drawn questions right and the rest wrong. */
const answers = (quiz: Quiz, right: number) =>
  quiz.questions.map((q, i) => {
    const k = key.get(q.id) as { answer: number; options: number };
    return { questionId: q.id, choice: i < right ? k.answer : (k.answer + 1) % k.options };
  });
const submit = (openid: string, quiz: Quiz, right: number, requestId?: string) =>
  w.call('course', openid, 'submitQuiz', { courseId: quiz.courseId, attemptId: quiz.attemptId, answers: answers(quiz, right) }, requestId);
const pointsOf = (openid: string) => w.count('points_ledger', { openid });
const completions = (openid: string) => w.count('course_completions', { openid });

describe('catalogue', () => {
  it('lists the six seeded courses in four series, with members-only flags, teachers and lessons', async () => {
    const { courses } = await w.ok<{ courses: Array<{ id: string; series: string; membersOnly: boolean; teacher: string; hasLesson: boolean; myCompleted: boolean }> }>('course', 'demo-resident', 'list');
    expect(courses).toHaveLength(6);
    expect(new Set(courses.map((c) => c.series))).toEqual(new Set(['组织生活会怎么开', '发展党员流程', '三会一课规范', '党费收缴与使用']));
    expect(courses.filter((c) => !c.membersOnly).map((c) => c.id).sort()).toEqual(['course-fzdy-apply', OPEN]);
    expect(courses.filter((c) => !c.hasLesson).map((c) => c.id)).toEqual(['course-zzsh-pingyi']);
    expect(courses.every((c) => c.teacher.length > 0 && !c.myCompleted)).toBe(true);
  });

  it('refuses a members-only course to a resident with the reason code, and opens it to a party member', async () => {
    const someone = resident();
    const detail = await w.ok<{ canTake: boolean; reason: { code: string; message: string } | null; goals: string[] }>('course', someone, 'get', { courseId: MEMBERS });
    expect(detail.canTake).toBe(false);
    expect(detail.reason?.code).toBe('COURSE.MEMBERS_ONLY');
    expect(detail.reason?.message).toMatch(/党员/);
    for (const action of ['lesson', 'quiz'] as const) {
      expect(await w.call('course', someone, action, { courseId: MEMBERS })).toMatchObject({ ok: false, error: { code: 'COURSE.MEMBERS_ONLY' } });
    }
    expect(await w.call('course', someone, 'submitQuiz', { courseId: MEMBERS, attemptId: 'qa_x', answers: [{ questionId: `${MEMBERS}-q1`, choice: 0 }] })).toMatchObject({ ok: false, error: { code: 'COURSE.MEMBERS_ONLY' } });
    expect(w.count('quiz_attempts', { openid: someone })).toBe(0);

    const open = await w.ok<{ canTake: boolean; reason: unknown }>('course', someone, 'get', { courseId: OPEN });
    expect(open).toMatchObject({ canTake: true, reason: null });
    const pm = member();
    expect(await w.ok('course', pm, 'get', { courseId: MEMBERS })).toMatchObject({ canTake: true, reason: null, goals: expect.arrayContaining(['会算自己每月的党费']) });
    const lesson = await w.ok<{ blocks: Array<{ type: string }>; videoUrl: string | null }>('course', pm, 'lesson', { courseId: 'course-shyk-records' });
    expect(lesson.videoUrl).toMatch(/^https:\/\//);
    expect(lesson.blocks.length).toBeGreaterThan(0);
    expect(await w.call('course', pm, 'lesson', { courseId: 'course-zzsh-pingyi' })).toMatchObject({ ok: false, error: { code: 'COURSE.NO_LESSON' } });
    expect(await w.call('course', pm, 'get', { courseId: 'no-such-course' })).toMatchObject({ ok: false, error: { code: 'COURSE.NOT_FOUND' } });
  });
});

describe('quiz', () => {
  it('never returns an answer: no 解析 of the bank and no answer field in any course response', async () => {
    const pm = member();
    const replies: Array<Envelope<unknown>> = [];
    const call = async (action: string, data: unknown = {}) => {
      const res = await w.call('course', pm, action, data);
      replies.push(res);
      return res;
    };
    await call('list');
    await call('mine');
    for (const c of courseSeeds) {
      await call('get', { courseId: c.id });
      await call('lesson', { courseId: c.id });
      if (c.questions.length === 0) continue;
      // Several draws (each submitted) so most of the bank is shown.
      for (let i = 0; i < 3; i++) {
        const res = await call('quiz', { courseId: c.id });
        expect(res.ok).toBe(true);
        const quiz = (res as { data: Quiz }).data;
        for (const q of quiz.questions) expect(Object.keys(q).sort()).toEqual(['id', 'options', 'text']);
        replies.push(await submit(pm, quiz, i === 2 ? 3 : 0));
      }
    }
    await call('mine');
    const text = JSON.stringify(replies);
    const explanations = seededExplanations();
    expect(explanations.length).toBeGreaterThanOrEqual(25);
    for (const e of explanations) expect(text).not.toContain(e);
    expect(text).not.toMatch(/"(answer|explanation)"/);
    expect(text).not.toContain('解析');
  });

  it('draws 3 distinct questions of the course’s bank and gives the same draw back until it is submitted', async () => {
    const pm = member();
    const quiz = await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN });
    expect(quiz.questions).toHaveLength(3);
    expect(new Set(quiz.questions.map((q) => q.id)).size).toBe(3);
    for (const q of quiz.questions) expect(q.id.startsWith(`${OPEN}-q`)).toBe(true);
    expect((await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN })).attemptId).toBe(quiz.attemptId);
    await submit(pm, quiz, 0);
    expect((await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN })).attemptId).not.toBe(quiz.attemptId);
  });

  it('checks exactly the drawn questions: another question, one missing or one twice → INPUT.INVALID, nothing written', async () => {
    const pm = member();
    const quiz = await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN });
    const right = answers(quiz, 3);
    const drawn = new Set(quiz.questions.map((q) => q.id));
    const other = [...key.keys()].find((id) => id.startsWith(`${OPEN}-q`) && !drawn.has(id)) as string;
    const otherAnswer = { questionId: other, choice: (key.get(other) as { answer: number }).answer };
    const before = JSON.stringify(w.doc('quiz_attempts', quiz.attemptId));
    for (const bad of [[...right.slice(0, 2), otherAnswer], right.slice(0, 2), [right[0], right[0], right[1]]]) {
      const res = await w.call('course', pm, 'submitQuiz', { courseId: OPEN, attemptId: quiz.attemptId, answers: bad });
      expect(res).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    }
    expect(JSON.stringify(w.doc('quiz_attempts', quiz.attemptId))).toBe(before);
    expect(w.count('quiz_attempts', { openid: pm, kind: 'slot' })).toBe(0);
    // Another course's id with this attempt, or someone else's attempt: not found.
    expect(await w.call('course', pm, 'submitQuiz', { courseId: 'course-fzdy-apply', attemptId: quiz.attemptId, answers: right })).toMatchObject({ ok: false, error: { code: 'COURSE.ATTEMPT_NOT_FOUND' } });
    const res = await w.ok<Result>('course', pm, 'submitQuiz', { courseId: OPEN, attemptId: quiz.attemptId, answers: [...right].reverse() });
    expect(res).toMatchObject({ correct: 3, passed: true });
    expect(res.results.map((r) => r.questionId)).toEqual(quiz.questions.map((q) => q.id));
  });

  it('fails at 1 of 3 (no completion, no points) and passes at 2 of 3 (completion and 10 points, once)', async () => {
    const pm = member();
    const fail = await submit(pm, await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN }), 1);
    expect(fail).toMatchObject({ ok: true, data: { correct: 1, passed: false, points: 0, completed: false, attemptsLeftToday: 2 } });
    expect(completions(pm)).toBe(0);
    expect(pointsOf(pm)).toBe(0);
    const pass = await submit(pm, await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN }), 2);
    expect(pass).toMatchObject({ ok: true, data: { correct: 2, passed: true, points: 10, completed: true, attemptsLeftToday: 1 } });
    expect(w.doc('course_completions', `${pm}:${OPEN}`)).toMatchObject({ openid: pm, courseId: OPEN, points: 10, via: 'online', date: '2026-12-01' });
    expect(pointsOf(pm)).toBe(1);
    // A second pass: no more points, still one completion.
    const again = await submit(pm, await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN }), 3);
    expect(again).toMatchObject({ ok: true, data: { passed: true, points: 0, completed: true, attemptsLeftToday: 0 } });
    expect(completions(pm)).toBe(1);
    expect(pointsOf(pm)).toBe(1);
    const mine = await w.ok<{ completed: Array<{ courseId: string; date: string; points: number; title: string }> }>('course', pm, 'mine');
    expect(mine.completed).toEqual([expect.objectContaining({ courseId: OPEN, date: '2026-12-01', points: 10, title: '三会一课是什么' })]);
    const list = await w.ok<{ courses: Array<{ id: string; myCompleted: boolean }> }>('course', pm, 'list');
    expect(list.courses.filter((c) => c.myCompleted).map((c) => c.id)).toEqual([OPEN]);
    // Another person sees none of it.
    expect(await w.ok('course', member(), 'mine')).toEqual({ upcoming: [], completed: [] });
  });

  it('allows 3 submissions per course and Beijing day: a 4th draw or submission → COURSE.QUIZ_LIMIT; the next day opens again', async () => {
    const pm = member();
    w.clock.set(beijingInstant('2026-12-01', '23:50'));
    const leftOver = await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN });
    w.clock.set(beijingInstant('2026-12-02', '00:05'));
    for (let i = 0; i < 3; i++) {
      const quiz = await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN });
      expect(quiz.attemptId).not.toBe(leftOver.attemptId);
      expect((await submit(pm, quiz, 0)).ok).toBe(true);
    }
    expect(await w.call('course', pm, 'quiz', { courseId: OPEN })).toMatchObject({ ok: false, error: { code: 'COURSE.QUIZ_LIMIT' } });
    // Yesterday's unsubmitted draw counts today, and today is used up.
    const before = JSON.stringify(w.doc('quiz_attempts', leftOver.attemptId));
    expect(await submit(pm, leftOver, 3)).toMatchObject({ ok: false, error: { code: 'COURSE.QUIZ_LIMIT' } });
    expect(JSON.stringify(w.doc('quiz_attempts', leftOver.attemptId))).toBe(before);
    expect(completions(pm)).toBe(0);
    // Another course is counted apart; the next Beijing day opens this one again.
    expect((await w.call('course', pm, 'quiz', { courseId: 'course-fzdy-apply' })).ok).toBe(true);
    w.clock.set(beijingInstant('2026-12-03', '00:00'));
    expect(await submit(pm, leftOver, 3)).toMatchObject({ ok: true, data: { passed: true, points: 10, attemptsLeftToday: 2 } });
  });
});

describe('completion once', () => {
  it('10 parallel replays of a passing submission on two instances: one response, one completion, points once', async () => {
    const pm = member();
    const quiz = await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN });
    const requestId = rid();
    const data = { courseId: OPEN, attemptId: quiz.attemptId, answers: answers(quiz, 3) };
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call('course', pm, 'submitQuiz', data, requestId)));
    for (const r of replies) expect(r).toEqual(replies[0]);
    expect(replies[0]).toMatchObject({ ok: true, data: { passed: true, points: 10 } });
    expect(completions(pm)).toBe(1);
    expect(pointsOf(pm)).toBe(1);
    expect(w.count('quiz_attempts', { openid: pm, kind: 'slot' })).toBe(1);
  });

  it('10 parallel distinct passing submissions of one lesson (own requestIds, two instances): one completion, points credited once', async () => {
    const pm = member();
    const quiz = await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN });
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call('course', pm, 'submitQuiz', { courseId: OPEN, attemptId: quiz.attemptId, answers: answers(quiz, 3) }, rid())));
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(Array(10).fill('ok'));
    // Each answers the attempt's one result (its first submission's), which credited the points.
    for (const r of replies) expect(r).toEqual(replies[0]);
    expect(replies[0]).toMatchObject({ ok: true, data: { passed: true, points: 10 } });
    expect(completions(pm)).toBe(1);
    expect(pointsOf(pm)).toBe(1);
    expect(w.count('quiz_attempts', { openid: pm, kind: 'slot' })).toBe(1);
  });
  it('3 distinct passing attempts (drawn on three days) submitted by 10 parallel calls on two instances: one completion, points once', async () => {
    const pm = member();
    const drawn: Quiz[] = [];
    for (const day of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      w.clock.set(beijingInstant(day, '09:00'));
      drawn.push(await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN }));
    }
    expect(new Set(drawn.map((q) => q.attemptId)).size).toBe(3);
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(pm, drawn[i % 3] as Quiz, 3, rid())));
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(Array(10).fill('ok'));
    const firstOf = new Map<string, number>();
    for (const r of replies) firstOf.set((r as { data: Result }).data.attemptId, (r as { data: Result }).data.points);
    expect([...firstOf.values()].sort()).toEqual([0, 0, 10]);
    expect(completions(pm)).toBe(1);
    expect(pointsOf(pm)).toBe(1);
    expect(w.count('quiz_attempts', { openid: pm, kind: 'slot' })).toBe(3);
  });
});

describe('personal data', () => {
  it('while the account is being deleted, no quiz is drawn and no answer is taken: ACCOUNT.DELETING, nothing written', async () => {
    const pm = member();
    const drawn = await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN });
    // The deletion's first step: the person's booking account is marked (the marker of a finished deletion comes later).
    w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'booking_accounts', data: [JSON.stringify({ _id: pm, active: 0, suspendedUntil: null, erasing: true })] });
    const before = databaseDigest(w.cloud.db);
    const submitted = await submit(pm, drawn, 3);
    expect(submitted.ok ? 'ok' : submitted.error.code).toBe('ACCOUNT.DELETING');
    const other = await w.call('course', pm, 'quiz', { courseId: courseSeeds.find((c) => c.id !== OPEN && !c.membersOnly && c.lesson)?.id ?? OPEN });
    expect(other.ok ? 'ok' : other.error.code).toBe('ACCOUNT.DELETING');
    expect(databaseDigest(w.cloud.db)).toBe(before);
    expect(completions(pm)).toBe(0);
  });

  it('exports the caller’s completions and quiz attempts, and the account deletion erases them', async () => {
    const pm = member();
    await submit(pm, await w.ok<Quiz>('course', pm, 'quiz', { courseId: OPEN }), 3);
    const data = await w.ok<{ courseCompletions: Array<{ courseId: string; points: number }>; quizAttempts: Array<{ kind: string }> }>('user', pm, 'exportMyData');
    expect(data.courseCompletions).toEqual([expect.objectContaining({ courseId: OPEN, points: 10 })]);
    expect(data.quizAttempts.map((a) => a.kind).sort()).toEqual(['attempt', 'slot']);
    await w.ok('user', pm, 'deleteAccount', { confirm: '注销' });
    for (const coll of ['course_completions', 'quiz_attempts']) {
      expect(JSON.stringify([...w.cloud.db.store.entries(coll)].map((e) => e.doc))).not.toContain(pm);
      expect(w.count(coll, { openid: pm })).toBe(0);
    }
  });
});

describe('answers stay on the server', () => {
  // The weapp and H5 bundles are built from src/ (the app) and cloudfunctions/ (the functions): scanning the sources
  // covers both bundles without building them. The banks' 解析 live only in local-cloud/seed-courses.ts (never bundled)
  // and in the database.
  it('no 解析 of the seeded banks appears in any file under src/ or cloudfunctions/', () => {
    const root = path.resolve(__dirname, '..', '..');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(path.join(root, 'src'));
    walk(path.join(root, 'cloudfunctions'));
    expect(files.length).toBeGreaterThan(20);
    const explanations = seededExplanations();
    const leaks = files.flatMap((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return explanations.filter((e) => text.includes(e) || text.includes(e.replace(/^解析：/, ''))).map((e) => `${path.relative(root, f)}: ${e}`);
    });
    expect(leaks).toEqual([]);
  });
});
