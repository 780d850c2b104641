/**
 * 线上学习 pages of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction` to a real local
 * runtime (built functions, fresh seeded database): 线上学习 (the lesson, its pictures and video, 开始测验), 课后测验 (one
 * question per screen; right answers → 通过 and the points; wrong answers → 未通过 and the attempts left; the 4th
 * attempt of the day refused in words; a submission retried after a lost reply sent with the same requestId), and
 * 我的积分 (total, history, the branch's monthly ranking with the caller marked).
 *
 * The test knows the right answers from the seeded bank (local-cloud/seed-courses.ts, what the database holds); the
 * page never does. The last suite scans every file of the built weapp and H5 bundles for the banks' 解析, question
 * texts and answers. Needs `npm run build:weapp`, `npm run build:functions` (and `npm run build:h5` for the H5 scan).
 */
import fs from 'node:fs';
import path from 'node:path';
import { courseCatalogue, courseSeeds } from '../../local-cloud/seed-courses';
import { createCloudBridge, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, DEFAULT_WEAPP_DIR, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { answer as ok, restartableRuntime, runtimeApi, stubModals, wx, type ModalCall, type WxOptions } from '../support/weapp-page';

const ROOT = path.resolve(__dirname, '..', '..');
/** The H5 build to scan (`H5_DIR` overrides, as `WEAPP_DIR` does for the weapp). */
const H5_DIR = path.resolve(process.env.H5_DIR ?? path.join(ROOT, 'dist', 'h5'));
const OPEN = 'course-shyk-basics';
const OPEN_TITLE = '三会一课是什么';
const VIDEO = 'course-shyk-records';
const MEMBERS_ONLY = 'course-dfsj-standard';
const MEMBER = 'demo-party-member';
const RESIDENT = 'demo-resident';

const runtime = restartableRuntime('redsail-learning-pages-');
const { target } = runtime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
jest.setTimeout(30_000);

const modals: ModalCall[] = [];
const answers: boolean[] = [];
const navigations: string[] = [];

beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  cloud = createCloudBridge(target, { openid: MEMBER });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  stubModals(modals, answers);
  wx.showToast = (o: WxOptions) => ok(o, { errMsg: 'showToast:ok' });
  for (const api of ['navigateTo', 'redirectTo', 'navigateBack'] as const) {
    wx[api] = (o: WxOptions) => {
      navigations.push(`${api}:${typeof o.url === 'string' ? o.url : (typeof o.delta === 'number' ? String(o.delta) : '')}`);
      ok(o, { errMsg: `${api}:ok` });
    };
  }
}, 40_000);

afterEach(() => {
  page?.unmount();
  page = null;
  modals.length = 0;
  answers.length = 0;
  navigations.length = 0;
});

afterAll(async () => {
  await runtime.stop();
});

const api = runtimeApi(target, 'learning-pages');

/** The seeded bank as the database holds it: question text → the right option's index. */
const bank = new Map(
  courseCatalogue()
    .filter((d) => d.coll === 'course_questions')
    .map((d) => [d.doc.text as string, d.doc.answer as number]),
);
const optionCount = new Map(
  courseCatalogue()
    .filter((d) => d.coll === 'course_questions')
    .map((d) => [d.doc.text as string, (d.doc.options as string[]).length]),
);

const submits = () => cloud.calls.filter((c) => c.name === 'course' && (c.data as { action: string }).action === 'submitQuiz');

/**
 * Answers the three questions on screen, one per screen: `right` picks the bank's answer, else a wrong option.
 * Returns having pressed 提交答案.
 */
async function answerAll(p: PageHandle, right: boolean | boolean[]): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const where = ['第一题', '第二题', '第三题'][i] as string;
    await p.waitFor(() => p.byClass('quiz__where')[0]?.textContent?.includes(where));
    const text = p.byClass('quiz__question')[0]?.textContent ?? '';
    const answer = bank.get(text);
    if (answer === undefined) throw new Error(`question not in the seeded bank: ${text}`);
    const wantRight = Array.isArray(right) ? right[i] : right;
    const choice = wantRight ? answer : (answer + 1) % (optionCount.get(text) ?? 3);
    p.tap(p.byClass('quiz__option')[choice] as Element);
    await p.waitFor(() => p.byClass('quiz__option')[choice]?.textContent?.includes('已选'));
    p.tap(i < 2 ? '下一题' : '提交答案');
  }
}

describe('线上学习', () => {
  test('the lesson: title, text, the picture’s caption, and 开始测验 with the rule in words', async () => {
    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/course/pages/lesson/index', { courseId: OPEN });
    await page.waitForText(OPEN_TITLE);
    const text = page.text();
    expect(text).toContain('“三会一课”是党支部最基本的组织生活制度');
    expect(text).toContain('三会一课示意图');
    expect(text).toContain('3道题，答对2道就通过');
    expect(page.byClass('lesson__video')).toHaveLength(0);
    page.tap('开始测验');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`navigateTo:/packages/course/pages/quiz/index?courseId=${OPEN}`]);
  });

  test('a lesson with a video URL shows the video', async () => {
    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/course/pages/lesson/index', { courseId: VIDEO });
    await page.waitForText('主题党日和会议记录');
    expect(page.byClass('lesson__video')).toHaveLength(1);
    expect(JSON.stringify(page.data())).toContain('https://example.org/red-sail/videos/zhuti-dangri.mp4');
  });

  test('a resident who is not a party member is told, in words, why a members-only lesson is closed', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/lesson/index', { courseId: MEMBERS_ONLY });
    await page.waitForText('这门课程只对党员开放');
    expect(page.text()).toContain('返回课程');
    expect(page.text()).not.toContain('开始测验');
  });
});

describe('课后测验', () => {
  test('right answers → 通过, 3/3, the points credited; an unanswered question is pointed to first', async () => {
    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/course/pages/quiz/index', { courseId: OPEN });
    await page.waitForText('第一题');
    expect(page.text()).toContain('今天还能做3次');
    // Straight to the last question and 提交答案 with nothing chosen: the page says which one is missing.
    page.tap('下一题');
    await page.waitForText('第二题');
    page.tap('下一题');
    await page.waitForText('第三题');
    answers.push(true);
    page.tap('提交答案');
    await page.waitFor(() => modals.length === 1);
    expect(modals[0]).toEqual(expect.objectContaining({ title: '还有题没有答', confirmText: '去答题' }));
    expect(modals[0]?.content).toContain('有3道题还没有选答案');
    expect(modals[0]?.content).toContain('回到第一题');
    // WeChat's showModal refuses button words over 4 characters.
    for (const m of modals) expect((m.confirmText ?? '').length).toBeLessThanOrEqual(4);
    await page.waitForText('第一题');
    expect(submits()).toHaveLength(0);

    await answerAll(page, true);
    await page.waitForText('获得红色积分 +10分');
    const text = page.text();
    expect(text).toContain('通过');
    expect(text).not.toContain('未通过');
    expect(text).toContain('答对3/3题');
    expect(page.findAllByText('✓ 答对了')).toHaveLength(3);
    expect(text).toContain('今天这门课还能做2次测验');
    expect(text).not.toContain('再做一次');
    expect(text).toContain('返回课程');
    expect(submits()).toHaveLength(1);

    const mine = await api<{ total: number; entries: Array<{ sourceType: string; points: number; reason: string }> }>(MEMBER, 'points', 'mine', {});
    expect(mine.total).toBeGreaterThanOrEqual(10);
    expect(mine.entries).toContainEqual(expect.objectContaining({ sourceType: 'course_lesson', points: 10, reason: `线上学习《${OPEN_TITLE}》测验通过` }));

    page.tap('返回课程');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations[0]).toMatch(/^(navigateBack:|redirectTo:\/packages\/course\/pages\/detail\/index\?courseId=course-shyk-basics)/);
  });

  test('wrong answers → 未通过 with the attempts left; 再做一次 twice; the 4th attempt of the day is refused in words', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/quiz/index', { courseId: OPEN });
    for (const left of [2, 1, 0]) {
      await answerAll(page, [false, false, true]);
      await page.waitForText('未通过');
      expect(page.text()).toContain('答对1/3题');
      expect(page.findAllByText('✗ 答错了')).toHaveLength(2);
      expect(page.findAllByText('✓ 答对了')).toHaveLength(1);
      expect(page.text()).not.toContain('红色积分 +');
      if (left > 0) {
        expect(page.text()).toContain(`今天这门课还能做${left}次测验`);
        page.tap('再做一次');
        await page.waitFor(() => page!.byClass('quiz__where')[0]?.textContent?.includes('第一题'));
        expect(page.text()).toContain(`今天还能做${left}次`);
      } else {
        expect(page.text()).toContain('今天这门课的测验次数已经用完，明天再来');
        expect(page.text()).not.toContain('再做一次');
      }
    }
    page.unmount();
    page = await weapp.renderPage('packages/course/pages/quiz/index', { courseId: OPEN });
    await page.waitForText('今天这门课的测验已经做了3次，明天再来吧');
    expect(page.text()).toContain('返回课程');
    expect(page.text()).not.toContain('第一题');
    expect(page.text()).not.toContain('再试一次');
  });

  test('a submission whose reply was lost is sent again with the same requestId, and counts once', async () => {
    const who = 'learning-page-retry';
    cloud.setOpenid(who);
    page = await weapp.renderPage('packages/course/pages/quiz/index', { courseId: OPEN });
    // The first submission reaches the server, but its reply never reaches the phone.
    const original = cloud.wxCloud.callFunction.bind(cloud.wxCloud);
    let dropped = false;
    cloud.wxCloud.callFunction = (o) => {
      const action = (o.data as { action?: string } | undefined)?.action;
      if (action !== 'submitQuiz' || dropped) return original(o);
      dropped = true;
      return (original({ name: o.name, data: o.data }) as Promise<unknown>).then(() => {
        throw Object.assign(new Error('cloud.callFunction:fail request:fail timeout'), { errMsg: 'cloud.callFunction:fail request:fail timeout', errCode: -1 });
      });
    };
    try {
      await answerAll(page, true);
      await page.waitForText('网络不太好');
      expect(page.text()).toContain('再提交一次');
      page.tap('再提交一次');
      await page.waitForText('答对3/3题');
    } finally {
      cloud.wxCloud.callFunction = original;
    }
    const sent = submits().filter((c) => c.openid === who);
    expect(sent).toHaveLength(2);
    const ids = sent.map((c) => (c.data as { requestId?: string }).requestId);
    expect(ids[0]).toEqual(expect.any(String));
    expect(ids[1]).toBe(ids[0]);
    // Counted once: one submission used of today's three, points credited once.
    expect(page.text()).toContain('今天这门课还能做2次测验');
    const mine = await api<{ total: number; entries: unknown[] }>(who, 'points', 'mine', {});
    expect(mine.entries).toHaveLength(1);
    expect(mine.total).toBe(10);
  });
});

describe('我的积分', () => {
  test('total, this month, the entry with its reason; the branch ranking marks me; the month switcher', async () => {
    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/course/pages/points/index');
    await page.waitForText('积分记录');
    const mine = await api<{ total: number; thisMonth: number; month: string }>(MEMBER, 'points', 'mine', {});
    const sum = page.byClass('points__sum')[0]?.textContent ?? '';
    expect(sum).toContain(`${mine.total}分`);
    expect(sum).toContain(`${mine.thisMonth}分`);
    expect(page.text()).toContain(`线上学习《${OPEN_TITLE}》测验通过`);
    expect(page.text()).toContain('+10分');

    await page.waitForText('支部积分排行');
    await page.waitFor(() => page!.byClass('points__rank-row--me').length === 1);
    const meRow = page.byClass('points__rank-row--me')[0]?.textContent ?? '';
    const meRowPoints = () => {
      const row = page!.byClass('points__rank-row--me')[0];
      return row ? page!.byClass('points__rank-points', row)[0]?.textContent : undefined;
    };
    expect(meRowPoints()).toBe(`${mine.thisMonth}分`);
    expect(meRow).toContain('（我）');
    expect(meRow).toContain('第1名');
    expect(meRow).not.toContain('张老师'); // names are masked by the server
    const [y, m] = mine.month.split('-').map(Number) as [number, number];
    expect(page.text()).toContain(`${y}年${m}月`);
    page.tap('‹ 上个月');
    const prev = m === 1 ? `${y - 1}年12月` : `${y}年${m - 1}月`;
    await page.waitFor(() => page!.byClass('points__month')[0]?.textContent === prev);
    // Last month, before any course: every member of the branch at 0 (or no one at all), me still marked.
    await page.waitFor(() => {
      const rows = page!.byClass('points__rank-row');
      return (rows.length === 0 && page!.text().includes('这个月支部里还没有人得到积分。')) || (rows.length > 0 && meRowPoints() === '0分');
    });
  });

  test('a resident with no branch sees the points and no ranking', async () => {
    cloud.setOpenid('learning-page-newcomer');
    page = await weapp.renderPage('packages/course/pages/points/index');
    await page.waitForText('还没有积分记录');
    expect(page.text()).not.toContain('支部积分排行');
    expect(cloud.calls.filter((c) => c.openid === 'learning-page-newcomer' && (c.data as { action: string }).action === 'ranking')).toEqual([]);
  });
});

describe('answers stay on the server: the built bundles', () => {
  /** Every file under `dir` (text or not: a bundle may hide strings anywhere). */
  const filesUnder = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? filesUnder(p) : [p];
    });
  /** What must never be shipped: each 解析 (with and without its 解析： lead), each question, each "options + answer" pair. */
  const secrets = courseSeeds.flatMap((c) =>
    c.questions.flatMap((q) => [q.explanation, q.explanation.replace(/^解析：/, ''), q.text, `${q.options.join(',')}],answer:${q.answer}`]),
  );
  // Minified code writes `answer:1`, JSON `"answer":1`, either may escape non-ASCII: compare without quotes, spaces and escapes.
  const normalise = (text: string): string =>
    text.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/["'`\s]/g, '');

  for (const [name, dir] of [
    ['weapp', DEFAULT_WEAPP_DIR],
    ['H5', H5_DIR],
  ] as const) {
    test(`no answer, 解析 or question of the seeded banks in any file of the ${name} build`, () => {
      expect(fs.existsSync(dir)).toBe(true);
      const files = filesUnder(dir);
      expect(files.filter((f) => /\.(js|wxml|html)$/.test(f)).length).toBeGreaterThan(10);
      // The build carries the learning pages (so the scan covers the code that shows quizzes).
      const all = files.map((f) => ({ f, text: normalise(fs.readFileSync(f).toString('utf8')) }));
      expect(all.some(({ text }) => text.includes('提交答案'))).toBe(true);
      expect(secrets.length).toBeGreaterThanOrEqual(100);
      const leaks = all.flatMap(({ f, text }) => secrets.filter((s) => text.includes(normalise(s))).map((s) => `${path.relative(ROOT, f)}: ${s}`));
      expect(leaks).toEqual([]);
    });
  }
});
