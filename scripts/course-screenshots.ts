/**
 * `npx tsx scripts/course-screenshots.ts`: PNG screenshots (390×844, DPR 2) of the 课程 pages of residents and party
 * members — 首页 and 我的 with their 课程 entries, 党课学习 by series, 课程详情 (with my places: 已报名, 候补第N位, 签到 open,
 * no cancel inside 2 hours; a members-only course seen by a resident), 我的课程 (即将参加 / 已完成, 红色积分) and 上课签到
 * (form, wrong code, done) — with their loading / error / empty states and a long title, then in 长辈版, into
 * .tmp/screenshots-course/, against a fresh local runtime with the lived-in demo. Each screen is audited like
 * scripts/screenshots.ts; exits 1 when something is too small to tap.
 *
 * Needs `npm run build:functions && npm run build:h5`. Browser and Chinese web font as in scripts/screenshots.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { reportShots, type Shot } from './lib/screenshot-report';
import { answerWith, failWith, onAction, runtimeCaller, shotKit } from './lib/shot-kit';
import { elderShots } from './lib/elder-shots';
import { current, ROUTES, routeUrl, signInById } from '../tests/e2e/app';
import { launchPhone, phoneBrowser, ROOT, startRuntime } from '../tests/support/browser';

const OUT = path.join(ROOT, '.tmp', 'screenshots-course');
const C = '/packages/course/pages';
const ADMIN = 'demo-district-admin';
const MEMBER = 'demo-party-member';
const SECRETARY = 'demo-secretary';
const RESIDENT = 'demo-resident';
const COURSE = 'course-shyk-basics';
const MEMBERS_ONLY = 'course-dfsj-standard';

const MINUTE = 60_000;
const at = (ms: number) => `${new Date(Math.ceil(ms / MINUTE) * MINUTE + 8 * 3600_000).toISOString().slice(0, 16)}:00+08:00`;

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  const runtime = await startRuntime();
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];

  const api = runtimeCaller(runtime.url, 'course');
  const { shoot, openWith } = shotKit({ out: OUT, shots, baseUrl: runtime.url, context: phone.context, apiPattern: '**/api/course' });
  const place = '芝罘区社会组织党群服务中心（创益园）三楼党课教室';

  // 张老师: a seat in a session starting in 5 minutes (签到 open, no cancel any more), a seat the day after tomorrow,
  // and the waiting list of a full one (刘书记 holds its one seat).
  const now = await api<{ id: string }>(ADMIN, 'schedule', { courseId: COURSE, start: at(Date.now() + 5 * MINUTE), capacity: 12, place });
  const later = await api<{ id: string }>(ADMIN, 'schedule', { courseId: COURSE, start: at(Date.now() + 50 * 60 * MINUTE), capacity: 20, place });
  const full = await api<{ id: string }>(ADMIN, 'schedule', { courseId: COURSE, start: at(Date.now() + 75 * 60 * MINUTE), capacity: 1, place: '山和梁联合党支部活动室' });
  await api(MEMBER, 'signUp', { sessionId: now.id });
  await api(MEMBER, 'signUp', { sessionId: later.id });
  await api(SECRETARY, 'signUp', { sessionId: full.id });
  await api(MEMBER, 'signUp', { sessionId: full.id });

  try {
    const page = phone.page;

    // A resident: the entries, the list, and a members-only course (told why, no buttons).
    await signInById(page, runtime.url, RESIDENT);
    await page.goto(routeUrl(runtime.url, ROUTES.home));
    await current(page).getByText('15分钟组织生活').waitFor();
    await shoot(page, '60-home', { fullPage: true });
    await page.goto(routeUrl(runtime.url, ROUTES.me));
    await current(page).getByText('我的课程').waitFor();
    await shoot(page, '61-me-resident', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${C}/detail/index?courseId=${MEMBERS_ONLY}`));
    await current(page).getByText('这门课只对党员开放').waitFor();
    await shoot(page, '62-detail-members-only', { fullPage: true });

    // The party member.
    await signInById(page, runtime.url, MEMBER);
    await page.goto(routeUrl(runtime.url, `${C}/list/index`));
    await current(page).locator('.clist__course').first().waitFor();
    await shoot(page, '63-list');
    await shoot(page, '63-list-full', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${C}/detail/index?courseId=${COURSE}`));
    await current(page).locator('.csession').first().waitFor();
    await shoot(page, '64-detail');
    await shoot(page, '64-detail-full', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${C}/detail/index?courseId=course-fzdy-apply`));
    await current(page).locator('.csession').first().waitFor();
    await current(page).getByText('报名', { exact: true }).first().click();
    await page.waitForTimeout(400);
    await shoot(page, '65-signup-confirm', { noSettle: true });
    await page.getByText('再想想').click();
    await page.goto(routeUrl(runtime.url, `${C}/mine/index`));
    await current(page).locator('.csession').first().waitFor();
    await shoot(page, '66-mine', { fullPage: true });
    await current(page).getByText('已完成', { exact: true }).click();
    await page.waitForTimeout(500);
    await shoot(page, '66-mine-completed', { fullPage: true });

    await page.goto(routeUrl(runtime.url, `${C}/checkin/index?sessionId=${now.id}`));
    await current(page).locator('.checkin-head__title').waitFor();
    await shoot(page, '67-checkin');
    const { code } = await api<{ code: string }>(ADMIN, 'sessionCode', { sessionId: now.id });
    await current(page).locator('.code-boxes__input input').fill(code === '123456' ? '654321' : '123456');
    await current(page).getByText('确认签到').click();
    await current(page).locator('.v-error').waitFor();
    await shoot(page, '67-checkin-wrong-code');
    await current(page).locator('.code-boxes__input input').fill((await api<{ code: string }>(ADMIN, 'sessionCode', { sessionId: now.id })).code);
    await current(page).getByText('确认签到').click();
    await current(page).getByText('签到成功').waitFor();
    await shoot(page, '67-checkin-done');

    // Loading, error and empty states, and a long title (answers stood in for the one action).
    const slow = await openWith(`${C}/list/index`, onAction('list', () => new Promise(() => undefined)));
    await slow.locator('.state--loading').first().waitFor();
    await shoot(slow, '70-list-loading', { noSettle: true });
    await slow.close();
    const broken = await openWith(`${C}/list/index`, onAction('list', failWith('UNAVAILABLE', 503)));
    await broken.getByText('重新加载').first().waitFor();
    await shoot(broken, '71-list-error');
    await broken.close();
    const none = await openWith(`${C}/list/index`, onAction('list', answerWith({ courses: [] })));
    await none.getByText('暂时还没有课程，过几天再来看看。').first().waitFor();
    await shoot(none, '72-list-empty');
    await none.close();
    const long = {
      id: 'course-long',
      title: '社会组织联合党支部如何规范开展组织生活会和民主评议党员工作',
      series: '组织生活会怎么开——社会组织党建基础系列（第二期）',
      seriesId: 'series-long',
      membersOnly: true,
      summary: '长标题',
      teacher: '创益学院专家 王淑芬',
      minutes: 15,
      hasLesson: true,
      myCompleted: true,
      upcomingSessions: 2,
    };
    const longList = await openWith(`${C}/list/index`, onAction('list', answerWith({ courses: [long] })));
    await longList.locator('.clist__course').first().waitFor();
    await shoot(longList, '73-list-long-title');
    await longList.close();
    const detailDown = await openWith(`${C}/detail/index?courseId=${COURSE}`, onAction('sessions', failWith('UNAVAILABLE', 503)));
    await detailDown.getByText('重新加载').first().waitFor();
    await shoot(detailDown, '74-detail-error');
    await detailDown.close();
    const noPlaces = await openWith(`${C}/mine/index`, onAction('mine', answerWith({ upcoming: [], completed: [] })));
    await noPlaces.getByText('您还没有报名的线下课。').first().waitFor();
    await shoot(noPlaces, '75-mine-empty');
    await noPlaces.close();

    await elderShots(page, runtime.url, OUT, shots, [
      { name: '60-home', route: ROUTES.home },
      { name: '63-list', route: `${C}/list/index` },
      { name: '64-detail', route: `${C}/detail/index?courseId=${COURSE}` },
      { name: '66-mine', route: `${C}/mine/index` },
      { name: '67-checkin', route: `${C}/checkin/index?sessionId=${later.id}` },
      { name: '61-me', route: ROUTES.me },
    ]);
  } catch (e) {
    await phone.page.screenshot({ path: path.join(OUT, 'zz-failure.png') }).catch(() => undefined);
    process.stderr.write(`runtime output:\n${runtime.output()}\n`);
    throw e;
  } finally {
    await phone.close();
    await runtime.stop();
  }

  reportShots(shots, OUT, t0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
