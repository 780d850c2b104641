import type { Envelope } from '../../types';
import { databaseDigest } from '../support/digest';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

/**
 * Text people post passes the content-security check on the server before anything is written (issue #12). The local
 * runtime checks against config/content-security.json, which blocks 坏词. Two instances of each function.
 */
let w: VolunteerWorld;
beforeAll(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterAll(async () => w.stop());

const MANAGER = 'demo-station-manager';
const AUTHOR = 'demo-district-admin';

/** Refused with CONTENT.REJECTED naming `field`, the word never echoed, and nothing written. */
const refusedNamingWithoutWriting = async (call: () => Promise<Envelope<unknown>>, field: string): Promise<void> => {
  const before = databaseDigest(w.cloud.db);
  const res = await call();
  expect(res.ok).toBe(false);
  if (res.ok) return;
  expect(res.error.code).toBe('CONTENT.REJECTED');
  expect(res.error.message).toBe('内容里有不适合发布的文字，请修改后再发');
  expect(res.error.details).toMatchObject({ field });
  expect(Object.keys(res.error.fields ?? {})).toEqual([field]);
  expect(JSON.stringify(res.error)).not.toContain('坏');
  expect(databaseDigest(w.cloud.db)).toBe(before);
};

const shift = (o: { title?: string; description?: string; place?: string } = {}) => ({
  stationId: 'st-beida',
  title: o.title ?? '助老陪诊',
  description: o.description ?? '陪老人去医院看病',
  start: '2026-12-02T09:00:00+08:00',
  end: '2026-12-02T11:00:00+08:00',
  capacity: 5,
  place: o.place ?? '北大社区党群服务中心一楼',
});

const course = (o: { title?: string; summary?: string; blockText?: string; question?: string } = {}) => ({
  title: o.title ?? '安全用电小常识',
  seriesId: 'series-zzsh',
  membersOnly: false,
  summary: o.summary ?? '教大家在家里安全用电。',
  goals: ['学会安全用电'],
  teacher: '王老师',
  minutes: 15,
  points: 5,
  published: false,
  lesson: { blocks: [{ type: 'text', text: '第一段课程内容' }, { type: 'text', text: o.blockText ?? '第二段课程内容' }], videoUrl: null },
  questions: [1, 2, 3].map((n) => ({ text: n === 2 && o.question ? o.question : `第${n}题的题目`, options: ['对', '错'], answer: 0, explanation: '' })),
});

describe('content security on the server', () => {
  it('station.post: a blocked word in the title or body (even spaced out) is refused and nothing is posted; clean text is posted', async () => {
    await refusedNamingWithoutWriting(() => w.call('station', MANAGER, 'post', { stationId: 'st-beida', title: '周四理发', body: '这里有坏 词' }), 'body');
    await refusedNamingWithoutWriting(() => w.call('station', MANAGER, 'post', { stationId: 'st-beida', title: '坏-词通知', body: '正文干净' }), 'title');
    await expect(w.ok('station', MANAGER, 'post', { stationId: 'st-beida', title: '周四理发', body: '本周四下午理发。' })).resolves.toMatchObject({ title: '周四理发' });
  });

  it('volunteer.createShift: title, description and place are checked; clean shifts are created', async () => {
    await refusedNamingWithoutWriting(() => w.call('volunteer', MANAGER, 'createShift', shift({ title: '坏词班次' })), 'title');
    await refusedNamingWithoutWriting(() => w.call('volunteer', MANAGER, 'createShift', shift({ description: '说明里有 坏。词' })), 'description');
    await refusedNamingWithoutWriting(() => w.call('volunteer', MANAGER, 'createShift', shift({ place: '坏词大楼' })), 'place');
    await expect(w.ok('volunteer', MANAGER, 'createShift', shift())).resolves.toMatchObject({ title: '助老陪诊' });
  });

  it('course.save: title, summary, lesson text and questions are checked; a clean course is saved', async () => {
    await refusedNamingWithoutWriting(() => w.call('course', AUTHOR, 'save', { course: course({ title: '坏词课程' }) }), 'course.title');
    await refusedNamingWithoutWriting(() => w.call('course', AUTHOR, 'save', { course: course({ summary: '简介里有坏 词。' }) }), 'course.summary');
    await refusedNamingWithoutWriting(() => w.call('course', AUTHOR, 'save', { course: course({ blockText: '内容有坏词' }) }), 'course.lesson.blocks.1.text');
    await refusedNamingWithoutWriting(() => w.call('course', AUTHOR, 'save', { course: course({ question: '题目里有坏词吗' }) }), 'course.questions.1.text');
    await expect(w.ok('course', AUTHOR, 'save', { course: course() })).resolves.toMatchObject({ courseId: expect.any(String) });
  });

  it('user.setProfile: a blocked 称呼 is refused and nothing is written; a clean one is kept', async () => {
    await refusedNamingWithoutWriting(() => w.call('user', 'cs-resident', 'setProfile', { nickname: '坏 词' }), 'nickname');
    await expect(w.ok('user', 'cs-resident', 'setProfile', { nickname: '李阿姨' })).resolves.toMatchObject({ nickname: '李阿姨' });
  });
});
