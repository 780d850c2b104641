/**
 * Every page of the H5 build, in the normal mode and in 长辈版 (elders' mode), in Chromium at 390×844:
 *   - axe-core finds no serious or critical violation (WCAG 2.1 A/AA: contrast, names, roles…);
 *   - the computed type and tap targets meet the floors of tests/e2e/a11y.ts: 长辈版 text ≥ 18 px, titles ≥ 24 px,
 *     line height ≥ 1.5, tap targets ≥ 60×60 px; normal mode tap targets ≥ 44×44 px;
 *   - every page has a title bar; sub-pages have ‹返回 and tab pages do not.
 * The mode is switched the way a person does it (the switch on 首页 or in 我的) and is remembered for that person.
 * Pages needing a booking or a manager use the demo personas 王阿姨 (demo-resident) and 陈主任 (demo-venue-manager).
 *
 * The two modes run side by side, each in its own lane: its own local runtime (its own database — 长辈版 is remembered
 * on the person's profile, so one person cannot be in both modes on one server) and its own phone. Each test opens the
 * page in both lanes at once and checks both; a failure names its mode. (One after the other this suite took 181 s.)
 *
 * ADDING A PAGE: append an entry to `addedPages` (below, before `check`) — `{ name (its title), tab, as (the openid
 * who sees it: a demo account of local-cloud/seed.ts or any new id), go, prepare? }`. Nothing else to edit: entries are
 * grouped by `as` (signed in once per group, in both modes). `prepare(lane)` runs once per lane before the group, to
 * make what the page shows through `api(lane, openid, fn, action, data)` / `apiData`; keep ids it makes with
 * `lane.ids.<key> = id` and read them in `go` with `idOf(p, '<key>')`.
 */
import type { Page } from 'playwright-core';
import { launchPhone, startRuntime, type Phone, type Runtime } from '../support/browser';
import { axeSerious, FLOORS, measure, setElderMode } from './a11y';
import { current, ROUTES, routeUrl, signIn, signInById } from './app';

jest.setTimeout(120_000);

const VENUE = 'cyy-rehearsal';
const beijingDate = (daysAhead: number): string => new Date(Date.now() + 8 * 3600_000 + daysAhead * 86_400_000).toISOString().slice(0, 10);

type Mode = 'normal' | 'elder';
/** One mode's runtime and phone, and the ids its setups made (each runtime has its own). */
interface Lane {
  mode: Mode;
  runtime: Runtime;
  phone: Phone;
  ids: Record<string, string>;
}
const lanes: Lane[] = [];
const pageErrors: string[] = [];

function laneOf(page: Page): Lane {
  const lane = lanes.find((l) => l.phone.page === page);
  if (!lane) throw new Error('a page of no lane');
  return lane;
}

/** An id a block's setup made in this page's lane. */
function idOf(page: Page, key: string): string {
  const id = laneOf(page).ids[key];
  if (!id) throw new Error(`no ${key} made in the ${laneOf(page).mode} lane`);
  return id;
}

/** Calls the lane's local runtime as `openid`, outside the browser (to give the pages something to show); answers the action's data. */
async function apiData<T>(lane: Lane, openid: string, fn: string, action: string, data: Record<string, unknown>): Promise<T> {
  const base = lane.runtime.url;
  const login = (await (await fetch(`${base}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).json()) as { data: { token: string } };
  const res = await fetch(`${base}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.token}` },
    body: JSON.stringify({ action, data, requestId: `a11y-${action}-${Math.random().toString(36).slice(2, 10)}` }),
  });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { code: string } };
  if (!body.ok) throw new Error(`setup ${fn}.${action} failed: ${body.error?.code}`);
  return body.data as T;
}

async function api(lane: Lane, openid: string, fn: string, action: string, data: Record<string, unknown>): Promise<void> {
  await apiData(lane, openid, fn, action, data);
}

/** Runs `work` in both lanes at once; fails with every lane's failure, each named by its mode. */
async function inBoth(work: (lane: Lane) => Promise<void>): Promise<void> {
  const results = await Promise.allSettled(lanes.map((lane) => work(lane)));
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`[${lanes[i]!.mode} mode] ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`] : []));
  if (failures.length) throw new Error(failures.join('\n\n'));
}

beforeAll(async () => {
  await Promise.all(
    (['normal', 'elder'] as const).map(async (mode) => {
      // Two runtimes seeding at once on a busy 2-core machine can take longer than startRuntime's usual 30 s.
      const [runtime, phone] = await Promise.all([startRuntime({ timeoutMs: 90_000 }), launchPhone()]);
      const lane: Lane = { mode, runtime, phone, ids: {} };
      lanes.push(lane);
      phone.page.on('pageerror', (e) => pageErrors.push(`[${mode} mode] ${e.message}`));
      // 王阿姨 has a confirmed booking (seeded) and a pending one for her choir (so 我的预约, 我的消息 and 待审核 are not
      // empty), and a booking left (of 3), so the venue page lets her open the form.
      await api(lane, 'demo-resident', 'venue', 'book', { venueId: VENUE, starts: [`${beijingDate(3)}T09:30:00+08:00`], purpose: '艺术团演出彩排', attendees: 20, orgId: 'org-changxiang' });
    }),
  );
  lanes.sort((a, b) => (a.mode === 'normal' ? -1 : 1) - (b.mode === 'normal' ? -1 : 1));
}, 180_000);

afterAll(async () => {
  await Promise.all(lanes.map(async (l) => {
    await l.phone.close();
    await l.runtime.stop();
  }));
});

/** Waits until the page on top has finished loading (no spinner) and its fonts and layout have settled. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await current(page).waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.querySelector('.taro_page_show:not(.taro_page_shade) .state--loading'), undefined, { timeout: 15_000 });
  await page.waitForTimeout(250);
}

async function open(page: Page, route: string): Promise<void> {
  await page.goto(routeUrl(laneOf(page).runtime.url, route));
  await settle(page);
}

/** Turns 长辈版 on or off with the switch in 我的, as a person would. */
const setMode = (page: Page, mode: Mode): Promise<void> => setElderMode(page, laneOf(page).runtime.url, mode === 'elder');

interface PageCase {
  name: string;
  tab: boolean;
  /** Brings the page on top (through `open(p, route)`; ids made by a block's setup: `idOf(p, key)`). */
  go(page: Page): Promise<void>;
}

const residentPages: PageCase[] = [
  { name: '首页', tab: true, go: (p) => open(p, ROUTES.home) },
  { name: '场地', tab: true, go: (p) => open(p, ROUTES.venues) },
  // The same tab with 按日期和时段找场地 open: date and part-of-day chips and the rooms found.
  {
    name: '场地',
    tab: true,
    go: async (p) => {
      await open(p, ROUTES.venues);
      // A tab page keeps its state: the search may still be open from the other mode's run.
      await current(p).getByText(/^(按日期和时段找场地|收起找空场地)$/).waitFor();
      if (await current(p).getByText('按日期和时段找场地').count()) await current(p).getByText('按日期和时段找场地').click();
      await current(p).locator('.free-search .chip').filter({ hasText: '下午' }).click();
      await current(p).locator('.free-search__row').first().waitFor();
      await settle(p);
    },
  },
  { name: '红帆站', tab: true, go: (p) => open(p, ROUTES.stations) },
  { name: '我的', tab: true, go: (p) => open(p, ROUTES.me) },
  { name: '我的消息', tab: false, go: (p) => open(p, '/packages/account/pages/messages/index') },
  { name: '隐私与我的数据', tab: false, go: (p) => open(p, '/packages/account/pages/privacy/index') },
  { name: '场地详情', tab: false, go: (p) => open(p, `/packages/venue/pages/detail/index?venueId=${VENUE}`) },
  {
    name: '填写预约',
    tab: false,
    go: async (p) => {
      const day = beijingDate(4);
      await open(p, `/packages/venue/pages/detail/index?venueId=${VENUE}`);
      await current(p).locator(`.date-chip[data-date="${day}"]`).click();
      await current(p).locator(`.slot[data-start^="${day}T"].slot--free`).first().click();
      await current(p).locator('.booking-bar__go').click();
      await current(p).locator('.book__form').waitFor();
      await settle(p);
    },
  },
  { name: '我的预约', tab: false, go: (p) => open(p, '/packages/venue/pages/mine/index') },
  // 红帆站 station pages: 王阿姨 is a member of 北大社区 (退出站点), not of 海韵社区 (申请加入).
  { name: '站点详情', tab: false, go: (p) => open(p, '/packages/station/pages/detail/index?stationId=st-beida') },
  { name: '站点详情', tab: false, go: (p) => open(p, '/packages/station/pages/detail/index?stationId=st-haiyun') },
];

/** 红帆站 pages of the station's manager 赵站长 (北大社区): the station with 站长工具, its members, a new post. */
const stationManagerPages: PageCase[] = [
  { name: '站点详情', tab: false, go: (p) => open(p, '/packages/station/pages/detail/index?stationId=st-beida') },
  { name: '站点成员', tab: false, go: (p) => open(p, '/packages/station/pages/members/index?stationId=st-beida') },
  { name: '发布通知', tab: false, go: (p) => open(p, '/packages/station/pages/post/index?stationId=st-beida') },
];

/** 站点管理 pages of 赵站长: his shifts, a new shift, a shift's roster and rotating code, 登记时长 for a volunteer. */
const STEWARD_PAGES = '/packages/steward/pages';
const stewardPages: PageCase[] = [
  { name: '服务班次', tab: false, go: (p) => open(p, `${STEWARD_PAGES}/shifts/index`) },
  { name: '发布班次', tab: false, go: (p) => open(p, `${STEWARD_PAGES}/shift-new/index?stationId=st-beida`) },
  { name: '报名名单', tab: false, go: (p) => open(p, `${STEWARD_PAGES}/roster/index?shiftId=${idOf(p, 'stewardShift')}`) },
  { name: '班次签到码', tab: false, go: (p) => open(p, `${STEWARD_PAGES}/code/index?shiftId=${idOf(p, 'stewardShift')}`) },
  { name: '登记时长', tab: false, go: (p) => open(p, `${STEWARD_PAGES}/grant/index?stationId=st-beida&openid=a11y-steward-volunteer`) },
];

/** 志愿服务 pages of a registered volunteer (a11y-volunteer) with places, hours and a shift to check in to. */
const VOLUNTEER_PAGES = '/packages/volunteer/pages';
const volunteerPages: PageCase[] = [
  { name: '志愿服务', tab: false, go: (p) => open(p, `${VOLUNTEER_PAGES}/shifts/index`) },
  { name: '我的服务', tab: false, go: (p) => open(p, `${VOLUNTEER_PAGES}/mine/index`) },
  { name: '签到签退', tab: false, go: (p) => open(p, `${VOLUNTEER_PAGES}/checkin/index?shiftId=${idOf(p, 'volunteerShift')}&mode=in`) },
  { name: '我的时长', tab: false, go: (p) => open(p, `${VOLUNTEER_PAGES}/hours/index`) },
  { name: '服务排行', tab: false, go: (p) => open(p, `${VOLUNTEER_PAGES}/leaderboard/index`) },
  { name: '服务证明', tab: false, go: (p) => open(p, `${VOLUNTEER_PAGES}/certificate/index`) },
  {
    name: '服务证明',
    tab: false,
    go: async (p) => {
      await open(p, `${VOLUNTEER_PAGES}/certificate/index`);
      await current(p).getByText('开具证明', { exact: true }).click();
      await current(p).locator('.cert').waitFor();
      await settle(p);
    },
  },
  { name: '查验证明', tab: false, go: (p) => open(p, `${VOLUNTEER_PAGES}/verify/index`) },
  { name: '注册志愿者', tab: false, go: (p) => open(p, `${VOLUNTEER_PAGES}/register/index`) },
];

/** 线上学习 pages of the party member 张老师: a lesson with a picture, a quiz question, 我的积分 with the branch ranking. */
const LEARNING_PAGES = '/packages/course/pages';
const learningPages: PageCase[] = [
  { name: '线上学习', tab: false, go: (p) => open(p, `${LEARNING_PAGES}/lesson/index?courseId=course-shyk-basics`) },
  { name: '课后测验', tab: false, go: (p) => open(p, `${LEARNING_PAGES}/quiz/index?courseId=course-shyk-basics`) },
  { name: '我的积分', tab: false, go: (p) => open(p, `${LEARNING_PAGES}/points/index`) },
];

/** 课程 pages: 张老师 with a place in a session of tomorrow; 王阿姨 on a members-only course (told why, no buttons). */
const coursePages: PageCase[] = [
  { name: '党课学习', tab: false, go: (p) => open(p, `${LEARNING_PAGES}/list/index`) },
  { name: '课程详情', tab: false, go: (p) => open(p, `${LEARNING_PAGES}/detail/index?courseId=course-shyk-basics`) },
  { name: '我的课程', tab: false, go: (p) => open(p, `${LEARNING_PAGES}/mine/index`) },
  { name: '上课签到', tab: false, go: (p) => open(p, `${LEARNING_PAGES}/checkin/index?sessionId=${idOf(p, 'courseSession')}`) },
];
const refusedCoursePage: PageCase = { name: '课程详情', tab: false, go: (p) => open(p, `${LEARNING_PAGES}/detail/index?courseId=course-shyk-records`) };

/** 活动 pages of the resident 王阿姨: the list, an activity she holds a place in (check-in open), 我的活动, 活动签到; a members-only activity is not found for her. */
const ACTIVITY_PAGES = '/packages/activity/pages';
const activityPages: PageCase[] = [
  { name: '活动', tab: false, go: (p) => open(p, `${ACTIVITY_PAGES}/list/index`) },
  { name: '活动详情', tab: false, go: (p) => open(p, `${ACTIVITY_PAGES}/detail/index?activityId=${idOf(p, 'residentActivity')}`) },
  { name: '我的活动', tab: false, go: (p) => open(p, `${ACTIVITY_PAGES}/mine/index`) },
  { name: '活动签到', tab: false, go: (p) => open(p, `${ACTIVITY_PAGES}/checkin/index?activityId=${idOf(p, 'residentActivity')}`) },
];
const refusedActivityPage: PageCase = { name: '活动详情', tab: false, go: (p) => open(p, `${ACTIVITY_PAGES}/detail/index?activityId=${idOf(p, 'membersActivity')}`) };

/** 党支部 pages of the branch secretary 刘书记: the quarter's organization-life record and the members' completions. */
const BRANCH_PAGES = '/packages/branch/pages';
const branchPages: PageCase[] = [
  { name: '组织生活记录', tab: false, go: (p) => open(p, `${BRANCH_PAGES}/record/index`) },
  { name: '党员学习情况', tab: false, go: (p) => open(p, `${BRANCH_PAGES}/members/index`) },
];

/** 课程管理 pages of the district admin 周部长: the course list with a session, the editor (a course, then a blank one), scheduling and the session's code. */
const AUTHOR_PAGES = '/packages/author/pages';
const authorPages: PageCase[] = [
  { name: '课程管理', tab: false, go: (p) => open(p, `${AUTHOR_PAGES}/courses/index`) },
  { name: '编辑课程', tab: false, go: (p) => open(p, `${AUTHOR_PAGES}/edit/index?courseId=course-shyk-basics`) },
  { name: '编辑课程', tab: false, go: (p) => open(p, `${AUTHOR_PAGES}/edit/index`) },
  { name: '安排线下课', tab: false, go: (p) => open(p, `${AUTHOR_PAGES}/schedule/index?courseId=course-shyk-basics`) },
  { name: '上课签到码', tab: false, go: (p) => open(p, `${AUTHOR_PAGES}/code/index?sessionId=${idOf(p, 'authorSession')}`) },
];

/** 活动管理 pages of the branch secretary 刘书记: the list, the editor (an activity, then a blank one), the roster and the code. */
const ORGANIZER_PAGES = '/packages/organizer/pages';
const organizerPages: PageCase[] = [
  { name: '活动管理', tab: false, go: (p) => open(p, `${ORGANIZER_PAGES}/activities/index`) },
  { name: '编辑活动', tab: false, go: (p) => open(p, `${ORGANIZER_PAGES}/edit/index?activityId=${idOf(p, 'organizerActivity')}`) },
  { name: '新建活动', tab: false, go: (p) => open(p, `${ORGANIZER_PAGES}/edit/index`) },
  { name: '报名名单', tab: false, go: (p) => open(p, `${ORGANIZER_PAGES}/roster/index?activityId=${idOf(p, 'organizerActivity')}`) },
  { name: '活动签到码', tab: false, go: (p) => open(p, `${ORGANIZER_PAGES}/code/index?activityId=${idOf(p, 'organizerActivity')}`) },
];

const managerPages: PageCase[] = [
  { name: '今日安排与签到', tab: false, go: (p) => open(p, '/packages/manage/pages/today/index') },
  { name: '待审核的预约', tab: false, go: (p) => open(p, '/packages/manage/pages/pending/index') },
  { name: '闭馆日期', tab: false, go: (p) => open(p, `/packages/manage/pages/blackout/index?venueId=${VENUE}`) },
  { name: '场地签到码', tab: false, go: (p) => open(p, `/packages/manage/pages/code/index?venueId=${VENUE}`) },
];

const loginPage: PageCase = { name: '本地体验登录', tab: false, go: (p) => open(p, ROUTES.login) };

/** A page added since #13: who sees it, and what it needs made first (see the top of this file). */
interface AddedPage extends PageCase {
  /** The openid signed in to see it (typed on the sign-in page: a demo account or any new id). */
  as: string;
  /** Runs once per lane before its group's pages (e.g. api(lane, …) to make what the page shows; ids into lane.ids). */
  prepare?(lane: Lane): Promise<void>;
}

/** APPEND NEW PAGES HERE (one entry per page or page state; grouped by `as`, checked in both modes). */
const addedPages: AddedPage[] = [
  {
    name: '数据看板',
    tab: false,
    as: 'demo-district-admin',
    go: async (p) => {
      await open(p, '/packages/dashboard/pages/index/index');
      await current(p).getByText('场地使用（按月）').first().waitFor();
    },
  },
  // 管理后台 (the district admin 周部长): home, venues and stations with their forms, people and roles, the audit log.
  ...(
    [
      ['管理后台', '/packages/admin/pages/home/index', '区管理员'],
      ['场地管理', '/packages/admin/pages/venues/index', '创益园多功能厅'],
      ['新增场地', '/packages/admin/pages/venue-edit/index', '基本信息'],
      ['编辑场地', '/packages/admin/pages/venue-edit/index?venueId=cyy-hall', '添加场地管理员'],
      ['红帆站管理', '/packages/admin/pages/stations/index', '北大社区创益红帆站'],
      ['编辑红帆站', '/packages/admin/pages/station-edit/index?stationId=st-beida', '添加红帆站站长'],
      ['人员与角色', `/packages/admin/pages/people/index?q=${encodeURIComponent('王')}`, '王阿姨'],
      ['操作记录', '/packages/admin/pages/audit/index', '做了什么'],
    ] as const
  ).map(([name, route, shown]): AddedPage => ({
    name,
    tab: false,
    as: 'demo-district-admin',
    go: async (p) => {
      await open(p, route);
      await current(p).getByText(shown).first().waitFor();
    },
  })),
  // 社会组织 (engineer F): the register, an organization, its forms and 党组织 as the district admin; 组织详情 as 王阿姨.
  ...(
    [
      ['社会组织', '/packages/org/pages/list/index', '新增组织'],
      ['组织详情', '/packages/org/pages/detail/index?orgId=org-linli-shouwang', '合并重复记录'],
      ['编辑组织信息', '/packages/org/pages/edit/index?orgId=org-linli-shouwang', '保存修改'],
      ['新增组织', '/packages/org/pages/edit/index', '基本信息'],
      ['党组织', '/packages/org/pages/party/index?streetId=xiangyang', '新建党组织'],
    ] as const
  ).map(([name, route, shown]): AddedPage => ({
    name,
    tab: false,
    as: 'demo-district-admin',
    go: async (p) => {
      await open(p, route);
      await current(p).getByText(shown).first().waitFor();
    },
  })),
  {
    name: '组织详情',
    tab: false,
    as: 'demo-resident',
    go: async (p) => {
      await open(p, '/packages/org/pages/detail/index?orgId=org-linli-shouwang');
      await current(p).getByText('我是负责人，认领').first().waitFor();
    },
  },
];

async function check(c: PageCase, lane: Lane): Promise<void> {
  const { mode } = lane;
  const page = lane.phone.page;
  await c.go(page);
  expect(await page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(mode === 'elder');
  // The title bar: the page's title, and ‹返回 on sub-pages only.
  const bar = page.locator('.taro-navigation-bar-show');
  await expect(bar.isVisible()).resolves.toBe(true);
  await expect(bar.locator('.taro-navigation-bar-title').textContent()).resolves.toBe(c.name === '首页' ? '红帆' : c.name === '场地' ? '预约场地' : c.name === '红帆站' ? '创益红帆站' : c.name);
  // A sub-page has a way out: ‹返回, or ‹首页 when it was opened directly (nothing to go back to). Tab pages have neither.
  const ways = page.locator('.taro-navigation-bar-back, .taro-navigation-bar-home').filter({ visible: true });
  await expect(ways.count()).resolves.toBe(c.tab ? 0 : 1);
  if (!c.tab) await expect(ways.first().getAttribute('aria-label')).resolves.toMatch(/^(返回|回首页)$/);

  const floors = FLOORS[mode];
  const m = await measure(page, floors);
  const report = { page: c.name, mode, minFont: m.minFont, minTitle: m.minTitle, minTarget: m.minTarget, minLineHeight: m.minLineHeight };
  // One line per page and mode, for the closing table.
  process.stdout.write(`A11Y ${JSON.stringify(report)}\n`);
  expect({ page: c.name, smallText: m.smallText, smallTitles: m.smallTitles, smallTargets: m.smallTargets, shortLines: mode === 'elder' ? m.shortLines : [] }).toEqual({
    page: c.name,
    smallText: [],
    smallTitles: [],
    smallTargets: [],
    shortLines: [],
  });
  expect({ page: c.name, axe: await axeSerious(page) }).toEqual({ page: c.name, axe: [] });
  // Time ranges (09:30–11:30) never break over two lines, whatever the type size.
  const wrapped = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.taro_page_show:not(.taro_page_shade) .nowrap, .taro_page_show:not(.taro_page_shade) .slot__time'))
      .filter((e) => e.getClientRects().length > 1 || (e as HTMLElement).offsetHeight > 1.8 * parseFloat(getComputedStyle(e).lineHeight || '0'))
      .map((e) => e.textContent),
  );
  expect({ page: c.name, wrapped }).toEqual({ page: c.name, wrapped: [] });
}

/**
 * A block of pages seen by one person: `prepare` (once per lane), then sign in and set the lane's mode, then each page
 * checked in both lanes at once.
 */
function block(title: string, signInAs: (page: Page, base: string) => Promise<void>, pages: Array<readonly [string, PageCase]>, prepare?: (lane: Lane) => Promise<void>): void {
  describe(title, () => {
    beforeAll(
      () =>
        inBoth(async (lane) => {
          await prepare?.(lane);
          await signInAs(lane.phone.page, lane.runtime.url);
          await setMode(lane.phone.page, lane.mode);
        }),
      120_000,
    );
    it.each(pages)('%s', (_name, c) => inBoth((lane) => check(c, lane)));
  });
}

const named = (pages: PageCase[]): Array<readonly [string, PageCase]> => pages.map((p) => [p.name, p] as const);
const as = (account: string) => (page: Page, base: string) => signIn(page, base, account);
const asId = (openid: string) => (page: Page, base: string) => signInById(page, base, openid);
/** An instant `ms` rounded up to the minute, as a Beijing ISO time. */
const at = (ms: number) => `${new Date(Math.ceil(ms / 60_000) * 60_000 + 8 * 3600_000).toISOString().slice(0, 16)}:00+08:00`;
const tomorrow = () => new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);

block('resident 王阿姨', as('居民 王阿姨'), named(residentPages));

describe('a new resident (no name, no phone yet)', () => {
  beforeAll(
    () =>
      inBoth(async (lane) => {
        await signInById(lane.phone.page, lane.runtime.url, `a11y-newcomer-${lane.mode}`);
        await setMode(lane.phone.page, lane.mode);
      }),
    120_000,
  );
  it('首页 with the first-use card (称呼 and phone)', () =>
    inBoth((lane) =>
      check(
        {
          name: '首页',
          tab: true,
          go: async (p) => {
            await open(p, ROUTES.home);
            await current(p).getByText('第一次使用，请留下称呼和电话').waitFor();
          },
        },
        lane,
      ),
    ));
});

block('station manager 赵站长 (红帆站 pages)', as('红帆站站长 赵站长'), named(stationManagerPages));

block('station manager 赵站长 (站点管理 pages)', as('红帆站站长 赵站长'), named(stewardPages), async (lane) => {
  // A shift starting soon with a volunteer who has checked in, and some hours for 登记时长 to correct.
  const start = Math.ceil((Date.now() + 20 * 60_000) / 60_000) * 60_000;
  await api(lane, 'a11y-steward-volunteer', 'volunteer', 'register', { realName: '刘建国', phone: '13905352222' });
  const shift = await apiData<{ id: string }>(lane, 'demo-station-manager', 'volunteer', 'createShift', {
    stationId: 'st-beida',
    title: '义务理发',
    start: at(start),
    end: at(start + 120 * 60_000),
    capacity: 4,
    place: '北大社区党群服务中心一楼',
  });
  lane.ids.stewardShift = shift.id;
  await api(lane, 'a11y-steward-volunteer', 'volunteer', 'signUp', { shiftId: shift.id });
  const { code } = await apiData<{ code: string }>(lane, 'demo-station-manager', 'volunteer', 'shiftCode', { shiftId: shift.id });
  await api(lane, 'a11y-steward-volunteer', 'volunteer', 'checkIn', { shiftId: shift.id, code });
  await api(lane, 'demo-station-manager', 'volunteer', 'grantHours', { openid: 'a11y-steward-volunteer', stationId: 'st-beida', hours: 3, reason: '协助组织重阳节活动' });
});

block(
  'volunteer (志愿服务 pages)',
  asId('a11y-volunteer'),
  volunteerPages.map((p, i) => [`${p.name}${i === 6 ? '（已开具）' : ''}`, p] as const),
  async (lane) => {
    const start = Math.ceil((Date.now() + 20 * 60_000) / 60_000) * 60_000;
    await api(lane, 'a11y-volunteer', 'volunteer', 'register', { realName: '张秀兰', phone: '13905351111' });
    const shift = await apiData<{ id: string }>(lane, 'demo-station-manager', 'volunteer', 'createShift', {
      stationId: 'st-beida',
      title: '敬老院陪伴聊天',
      start: at(start),
      end: at(start + 90 * 60_000),
      capacity: 6,
      place: '北大社区党群服务中心一楼',
    });
    lane.ids.volunteerShift = shift.id;
    await api(lane, 'a11y-volunteer', 'volunteer', 'signUp', { shiftId: shift.id });
    await api(lane, 'demo-station-manager', 'volunteer', 'grantHours', { openid: 'a11y-volunteer', stationId: 'st-beida', hours: 12.5, reason: '社区环境整治' });
  },
);

block('party member 张老师 (线上学习 pages)', asId('demo-party-member'), named(learningPages));

block('party member 张老师 (课程 pages)', asId('demo-party-member'), named(coursePages), async (lane) => {
  const s = await apiData<{ id: string }>(lane, 'demo-district-admin', 'course', 'schedule', { courseId: 'course-shyk-basics', start: `${tomorrow()}T09:30:00+08:00`, capacity: 2, place: '芝罘区社会组织党群服务中心（创益园）三楼党课教室' });
  lane.ids.courseSession = s.id;
  await api(lane, 'demo-party-member', 'course', 'signUp', { sessionId: s.id });
});

block('resident 王阿姨 on a members-only course', as('居民 王阿姨'), [['课程详情 (只对党员开放)', refusedCoursePage]]);

block(
  'resident 王阿姨 (活动 pages)',
  as('居民 王阿姨'),
  [...named(activityPages), ['活动详情 (只对本支部党员：没有找到)', refusedActivityPage] as const],
  async (lane) => {
    // One starting in 20 minutes (check-in open) that she signs up for, and a members-only 主题党日.
    const post = async (title: string, type: string, startMs: number, audience: 'public' | 'members'): Promise<string> => {
      const a = await apiData<{ id: string }>(lane, 'demo-secretary', 'activity', 'create', {
        activity: {
          title,
          type,
          description: '欢迎社区居民和党员同志一起参加，请提前十分钟到场。',
          coverFileId: null,
          start: at(startMs),
          end: at(startMs + 90 * 60_000),
          place: { kind: 'address', address: '北大社区党群服务中心二楼活动室', communityId: 'beida' },
          capacity: 20,
          audience,
        },
      });
      await api(lane, 'demo-secretary', 'activity', 'publish', { activityId: a.id });
      return a.id;
    };
    lane.ids.residentActivity = await post('北大社区楼道清扫志愿服务', 'volunteer', Date.now() + 20 * 60_000, 'public');
    lane.ids.membersActivity = await post('主题党日：重温入党誓词', 'theme_day', Date.now() + 50 * 3600_000, 'members');
    await api(lane, 'demo-resident', 'activity', 'signUp', { activityId: lane.ids.residentActivity });
  },
);

block('branch secretary 刘书记', as('支部书记 刘书记'), named(branchPages));

block('district admin 周部长 (课程管理 pages)', asId('demo-district-admin'), named(authorPages), async (lane) => {
  const s = await apiData<{ id: string }>(lane, 'demo-district-admin', 'course', 'schedule', { courseId: 'course-shyk-basics', start: `${tomorrow()}T14:00:00+08:00`, capacity: 12, place: '山和梁联合党支部活动室' });
  lane.ids.authorSession = s.id;
  await api(lane, 'demo-party-member', 'course', 'signUp', { sessionId: s.id });
});

block('branch secretary 刘书记 (活动管理 pages)', asId('demo-secretary'), named(organizerPages), async (lane) => {
  const day = tomorrow();
  const a = await apiData<{ id: string }>(lane, 'demo-secretary', 'activity', 'create', {
    activity: {
      title: '重阳节敬老志愿服务',
      type: 'volunteer',
      description: '陪社区老人聊天、理发、量血压，请提前十分钟到场。',
      coverFileId: null,
      start: `${day}T14:00:00+08:00`,
      end: `${day}T16:00:00+08:00`,
      place: { kind: 'address', address: '山和梁社区党群服务中心二楼' },
      capacity: 1,
      audience: 'public',
    },
  });
  lane.ids.organizerActivity = a.id;
  await api(lane, 'demo-secretary', 'activity', 'publish', { activityId: a.id });
  await api(lane, 'demo-resident', 'activity', 'signUp', { activityId: a.id });
  await api(lane, 'demo-party-member', 'activity', 'signUp', { activityId: a.id, wait: true });
});

block('venue manager 陈主任', as('陈主任'), [...named(managerPages), ['本地体验登录', loginPage] as const]);

// Pages added since #13, one block per person (in the order first named).
for (const who of [...new Set(addedPages.map((p) => p.as))]) {
  const pages = addedPages.filter((p) => p.as === who);
  block(`${who} (added pages)`, asId(who), named(pages), async (lane) => {
    for (const p of pages) await p.prepare?.(lane);
  });
}

/** The title bar tests run in the 长辈版 lane (as they did after both modes' pages when the modes ran in a row). */
const elderLane = (): Lane => lanes.find((l) => l.mode === 'elder')!;

describe('title bar', () => {
  it('names the booking form 填写预约 again after a booking, not the last one’s 预约结果', async () => {
    const { phone, runtime } = elderLane();
    const page = phone.page;
    // 赵大爷 has bookings left after this one (王阿姨's are used up by then: the venue page would say so instead).
    await signIn(page, runtime.url, '居民 赵大爷');
    const day = beijingDate(6);
    const toForm = async (): Promise<void> => {
      await open(page, `/packages/venue/pages/detail/index?venueId=${VENUE}`);
      await current(page).locator(`.date-chip[data-date="${day}"]`).click();
      await current(page).locator(`.slot[data-start^="${day}T"].slot--free`).first().click();
      await current(page).locator('.booking-bar__go').click();
      await current(page).locator('.book__form').waitFor();
      await settle(page);
    };
    const title = page.locator('.taro-navigation-bar-title');
    await toForm();
    await expect(title.textContent()).resolves.toBe('填写预约');
    await current(page).locator('.field__textarea textarea').fill('书法小组练习');
    await current(page).locator('.book__submit').click();
    await current(page).locator('.book-result__title').waitFor();
    await expect(title.textContent()).resolves.toBe('预约结果');
    await toForm();
    await expect(title.textContent()).resolves.toBe('填写预约');
  });

  it('shows ‹返回 on a sub-page opened from the app, which goes back', async () => {
    const { phone, runtime } = elderLane();
    const page = phone.page;
    await signIn(page, runtime.url, '居民 王阿姨');
    await current(page).getByText('我的消息').click();
    await page.waitForURL((u) => u.hash.includes('/packages/account/pages/messages/index'));
    await settle(page);
    const back = page.locator('.taro-navigation-bar-back');
    await expect(back.isVisible()).resolves.toBe(true);
    await expect(back.evaluate((el) => getComputedStyle(el, '::after').content)).resolves.toBe('"返回"');
    await expect(page.locator('.taro-navigation-bar-title').textContent()).resolves.toBe('我的消息');
    await back.click();
    await page.waitForURL((u) => u.hash.includes(ROUTES.me));
    await expect(page.locator('.taro-navigation-bar-title').textContent()).resolves.toBe('我的');
  });
});

it('raised no page errors', () => {
  expect(pageErrors).toEqual([]);
});
