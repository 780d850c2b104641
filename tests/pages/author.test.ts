/**
 * 课程管理 (the course editor) pages of the BUILT weapp under miniprogram-simulate, talking through
 * `wx.cloud.callFunction` to a real local runtime with a fresh seeded database, as 周部长 (demo-district-admin):
 * the course list by series (编辑 / 排课, upcoming sessions with 出示签到码 / 取消本场), the editor (a seeded course edited
 * and saved; the contract's words shown at the field and nothing sent; a new course created and then in the catalogue),
 * scheduling into a taken venue slot told in plain words, and the rotating session code.
 * Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { createCloudBridge, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { restartableRuntime, runtimeApi, wxRecord, typeInto } from '../support/weapp-page';

const ADMIN = 'demo-district-admin';
const SEEDED = 'course-shyk-basics';

const runtime = restartableRuntime('redsail-author-pages-');
const { target } = runtime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
jest.setTimeout(20_000);

const record = wxRecord();
const { modals, answers, toasts, navigations } = record;

beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  cloud = createCloudBridge(target, { openid: ADMIN });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  record.install();
}, 40_000);

afterEach(() => {
  page?.unmount();
  page = null;
  record.clear();
  cloud.setOpenid(ADMIN);
});

afterAll(async () => {
  await runtime.stop();
});

const api = runtimeApi(target, 'author-pages');
const calls = (action: string) => cloud.calls.filter((c) => c.name === 'course' && (c.data as { action: string }).action === action);
interface Draft {
  title: string;
  published: boolean;
  questions: Array<{ id: string; text: string; answer: number }>;
}
const draftOf = (courseId: string) => api<Draft>(ADMIN, 'course', 'draft', { courseId });
const cardOf = (p: PageHandle, cls: string, text: string): Element => {
  const card = p.byClass(cls).find((c) => (c.textContent ?? '').includes(text));
  if (!card) throw new Error(`no ${cls} with ${text}\n${p.text()}`);
  return card;
};
const MINUTE = 60_000;
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString();
/** Tomorrow (Beijing) at `hhmm`, as the contract takes instants. */
const tomorrowAt = (hhmm: string) => `${beijing(Date.now() + 24 * 60 * MINUTE).slice(0, 10)}T${hhmm}:00+08:00`;

describe('课程管理', () => {
  test('every course under its series with 编辑 and 排课; 新建课程 opens an empty editor', async () => {
    page = await weapp.renderPage('packages/author/pages/courses/index');
    await page.waitForText('三会一课规范');
    const seeded = (await api<{ courses: Array<{ id: string; title: string }> }>(ADMIN, 'course', 'list', {})).courses;
    for (const c of seeded) expect(page.text()).toContain(c.title);
    const title = seeded.find((c) => c.id === SEEDED)?.title as string;
    page.tap('编辑', cardOf(page, 'author-course', title));
    page.tap('排课', cardOf(page, 'author-course', title));
    page.tap('新建课程');
    await page.waitFor(() => navigations.length === 3);
    expect(navigations).toEqual([
      `navigateTo:/packages/author/pages/edit/index?courseId=${SEEDED}`,
      `navigateTo:/packages/author/pages/schedule/index?courseId=${SEEDED}`,
      'navigateTo:/packages/author/pages/edit/index',
    ]);
  });

  test('someone who is not a district admin is told so and sees no answer', async () => {
    cloud.setOpenid('demo-secretary');
    page = await weapp.renderPage('packages/author/pages/edit/index', { courseId: SEEDED });
    await page.waitForText('您没有权限');
    expect(JSON.stringify(page.data())).not.toContain('"answer"');
  });
});

describe('编辑课程', () => {
  test('a seeded course: its bank with the right options marked; a new title saved, the questions keep their ids', async () => {
    const before = await draftOf(SEEDED);
    page = await weapp.renderPage('packages/author/pages/edit/index', { courseId: SEEDED });
    await page.waitForText(`测验题（${before.questions.length}道）`);
    expect(JSON.stringify(page.data())).toContain(before.title);
    // the right option of each question is marked (✓ 对), one per question
    expect(page.findAllByText('✓ 对')).toHaveLength(before.questions.length);

    typeInto(page.byClass('field__input')[0], '三会一课基本规范（修订）');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('（修订）'));
    page.tap('保存修改');
    await page.waitFor(() => navigations.length > 0);
    // opened on its own (no page below it): the list replaces it
    expect(navigations).toEqual(['redirectTo:/packages/author/pages/courses/index']);
    expect(toasts).toContain('课程已保存');
    const after = await draftOf(SEEDED);
    expect(after.title).toBe('三会一课基本规范（修订）');
    expect(after.questions.map((q) => [q.id, q.answer])).toEqual(before.questions.map((q) => [q.id, q.answer]));
  });

  test('the contract’s words at the field, nothing sent: an empty form, then a bank of 2 for a lesson', async () => {
    page = await weapp.renderPage('packages/author/pages/edit/index');
    await page.waitForText('创建课程');
    const sent = calls('save').length;
    page.tap('创建课程');
    await page.waitForText('课程名称至少2个字');
    for (const words of ['简介至少5个字', '至少写一条学习目标', '请写授课老师，2到20个字', '题目至少4个字', '有几项需要修改，请看红字提示']) expect(page.text()).toContain(words);

    answers.push(true);
    page.tap('删除', cardOf(page, 'author-question', '第3题'));
    await page.waitForText('测验题（2道）');
    expect(modals.at(-1)).toEqual(expect.objectContaining({ title: '删除第3题？' }));
    page.tap('创建课程');
    await page.waitForText('有线上学习的课程至少要有3道测验题');
    expect(calls('save').length).toBe(sent);
  });

  test('a new course filled in and created: back to the list, and residents find it with its quiz', async () => {
    page = await weapp.renderPage('packages/author/pages/edit/index');
    await page.waitForText('创建课程');
    const inputs = () => page!.byClass('field__input');
    const areas = () => page!.byClass('field__textarea');
    typeInto(inputs()[0], '支部委员会怎么开');
    typeInto(inputs()[1], '王老师');
    typeInto(areas()[0], '十五分钟讲清支委会的议题、流程和记录。');
    typeInto(areas()[1], '知道支委会谁参加\n会做会议记录');
    typeInto(areas()[2], '支部委员会由支部书记召集，一般每月召开一次。');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('一般每月召开一次'));
    for (const [i, q] of ['支委会一般多久开一次？', '支委会由谁召集？', '支委会要不要做记录？'].entries()) {
      const card = cardOf(page, 'author-question', `第${i + 1}题`);
      typeInto(page.byClass('author-question__text', card)[0], q);
      const options = page.byClass('author-option__input', card);
      typeInto(options[0], '每月一次');
      typeInto(options[1], '想开就开');
    }
    await page.waitFor(() => JSON.stringify(page!.data()).includes('支委会要不要做记录？'));
    // the second question's right answer is B
    page.tap('对', cardOf(page, 'author-question', '第2题'));
    await page.waitFor(() => cardOf(page!, 'author-question', '第2题').textContent?.includes('A对B✓ 对'));
    page.tap('创建课程');
    await page.waitFor(() => navigations.length > 0, { timeout: 10_000 });
    expect(navigations).toEqual(['redirectTo:/packages/author/pages/courses/index']);
    expect(toasts).toContain('课程已创建');
    const saved = calls('save').at(-1)?.result as { data: { courseId: string } };
    const draft = await draftOf(saved.data.courseId);
    expect(draft.questions.map((q) => q.answer)).toEqual([0, 1, 0]);
    const listed = (await api<{ courses: Array<{ id: string }> }>('demo-resident', 'course', 'list', {})).courses.map((c) => c.id);
    expect(listed).toContain(saved.data.courseId);
    const quiz = await api<{ questions: unknown[] }>('demo-resident', 'course', 'quiz', { courseId: saved.data.courseId }, true);
    expect(quiz.questions).toHaveLength(3);
  });
});

describe('排课 and the session code', () => {
  test('a taken venue slot is told in plain words with the advice to change time or venue; nothing is scheduled', async () => {
    const venues = (await api<{ venues: Array<{ id: string; name: string; needsApproval?: boolean }> }>(ADMIN, 'venue', 'list', { level: 'district' })).venues;
    const venue = venues.find((v) => v.name === '创益园排练室') ?? venues[0]!;
    // a resident has booked the venue at that hour tomorrow
    await api('demo-resident', 'venue', 'book', { venueId: venue.id, starts: [tomorrowAt('09:30')], purpose: '社区读书会', attendees: 6 }, true);

    page = await weapp.renderPage('packages/author/pages/schedule/index', { courseId: SEEDED });
    await page.waitForText('安排这场课');
    page.tap('换场地');
    await page.waitForText(venue.name);
    page.tap(venue.name);
    await page.waitForText('安排成功时会同时订下这个场地', { timeout: 3000 });
    const sessionsBefore = (await api<{ sessions: unknown[] }>(ADMIN, 'course', 'sessions', { courseId: SEEDED })).sessions.length;
    page.tap('安排这场课');
    await page.waitForText('没能安排：');
    expect(page.text()).toContain('这个时间场地已经有人预约或不开放，请换个时间或场地');
    expect(page.text()).toContain('可以改一下日期或开始时间，或者换一个场地');
    expect(navigations).toEqual([]);
    expect((await api<{ sessions: unknown[] }>(ADMIN, 'course', 'sessions', { courseId: SEEDED })).sessions.length).toBe(sessionsBefore);
  });

  test('a session at a written-in place: listed under its course; 出示签到码 shows the six digits, the QR and the counts', async () => {
    const session = await api<{ id: string }>(ADMIN, 'course', 'schedule', { courseId: SEEDED, start: tomorrowAt('14:00'), capacity: 12, place: '山和梁党群服务中心二楼' }, true);
    await api('demo-party-member', 'course', 'signUp', { sessionId: session.id }, true);

    page = await weapp.renderPage('packages/author/pages/courses/index');
    await page.waitForText('山和梁党群服务中心二楼');
    const card = cardOf(page, 'csession', '山和梁党群服务中心二楼');
    expect(card.textContent).toContain('已报名 1/12');
    page.tap('出示签到码', card);
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`navigateTo:/packages/author/pages/code/index?sessionId=${session.id}`]);
    page.unmount();

    page = await weapp.renderPage('packages/author/pages/code/index', { sessionId: session.id });
    await page.waitFor(() => page!.byClass('shift-code__digit').length === 6);
    const shown = page.byClass('shift-code__digit').map((d) => d.textContent).join('');
    const fetched = calls('sessionCode').at(-1)?.result as { data: { code: string } };
    expect(shown).toBe(fetched.data.code);
    expect(page.byClass('qr-code__row').length).toBeGreaterThanOrEqual(25);
    expect(page.byClass('shift-code__count').map((c) => c.textContent)).toEqual(['0人已签到', '1人已报名', '0人候补中']);
  });

  test('取消本场 needs a reason and a confirmation; then the session is cancelled', async () => {
    const session = await api<{ id: string }>(ADMIN, 'course', 'schedule', { courseId: SEEDED, start: tomorrowAt('16:00'), capacity: 5, place: '北大社区党群服务中心' }, true);
    page = await weapp.renderPage('packages/author/pages/courses/index');
    await page.waitForText('北大社区党群服务中心');
    page.tap('取消本场', cardOf(page, 'csession', '北大社区党群服务中心'));
    await page.waitForText('确认取消本场');
    page.tap('确认取消本场');
    await page.waitForText('请写明取消原因，至少2个字');
    expect(calls('cancelSession')).toHaveLength(0);
    typeInto(page.byClass('author-cancel__input')[0], '老师临时有事，改期另行通知');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('改期另行通知'));
    answers.push(true);
    page.tap('确认取消本场');
    await page.waitFor(() => toasts.includes('这场课已取消'));
    expect(modals.at(-1)).toEqual(expect.objectContaining({ title: '取消这场课？' }));
    const open = (await api<{ sessions: Array<{ id: string }> }>(ADMIN, 'course', 'sessions', { courseId: SEEDED })).sessions.map((s) => s.id);
    expect(open).not.toContain(session.id);
    await page.waitFor(() => !page!.text().includes('北大社区党群服务中心'));
  });
});
