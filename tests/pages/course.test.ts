/**
 * 课程 pages of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction` to a real local
 * runtime (the built functions, a fresh database with the seeded catalogue): the entries on 首页 and 我的, 党课学习 by
 * series, the course page (报名 → 已报名, a full session → 排队候补 → 候补第N位, 取消报名 after confirming, no cancel
 * inside the last 2 hours, a members-only course refused to a resident in plain words), a course message opening its
 * course, 我的课程, and 上课签到 by typing the organiser's current six digits.
 *
 * The organiser (周部长, demo-district-admin) schedules the sessions and reads the rotating code over the runtime's
 * HTTP API, as his own phone would. For check-in, the runtime is restarted on the same data with its clock 10 minutes
 * before a session of tomorrow (DEMO_CLOCK), on the same port. Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { createCloudBridge, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { restartableRuntime, runtimeApi, wxRecord, typeInto } from '../support/weapp-page';

const ADMIN = 'demo-district-admin';
const MEMBER = 'demo-party-member';
const RESIDENT = 'demo-resident';

const runtime = restartableRuntime('redsail-course-pages-');
const { target } = runtime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
jest.setTimeout(20_000);

const record = wxRecord(['navigateTo', 'redirectTo', 'navigateBack', 'switchTab']);
const { modals, answers, toasts, navigations } = record;

beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  cloud = createCloudBridge(target, { openid: RESIDENT });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  record.install();
}, 40_000);

afterEach(() => {
  page?.unmount();
  page = null;
  record.clear();
});

afterAll(async () => {
  await runtime.stop();
});

// ---- the runtime's HTTP API, as the organiser's and other people's own phones use it

const api = runtimeApi(target, 'course-pages');

interface Course {
  id: string;
  title: string;
  membersOnly: boolean;
  seriesId: string;
  series: string;
}
interface Session {
  id: string;
  start: string;
  capacity: number;
  taken: number;
  mine: { state: string; position: number | null; checkedInAt: string | null } | null;
}

const MINUTE = 60_000;
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString();
/** A Beijing ISO instant on a whole quarter hour at or after `ms`. */
const quarter = (ms: number) => `${beijing(Math.ceil(ms / (15 * MINUTE)) * 15 * MINUTE).slice(0, 16)}:00+08:00`;

let courses: Course[];
const courseTitled = (title: string): Course => {
  const c = courses.find((x) => x.title === title);
  if (!c) throw new Error(`no course ${title}`);
  return c;
};
const minute = (ms: number) => `${beijing(Math.ceil(ms / MINUTE) * MINUTE).slice(0, 16)}:00+08:00`;
const schedule = (courseId: string, startMs: number, capacity: number, at: (ms: number) => string = quarter, place = '芝罘区社会组织党群服务中心（创益园）三楼党课教室') =>
  api<Session>(ADMIN, 'course', 'schedule', { courseId, start: at(startMs), capacity, place }, true);
const sessionsOf = (openid: string, courseId: string) => api<{ sessions: Session[] }>(openid, 'course', 'sessions', { courseId }).then((r) => r.sessions);
const sessionCode = (sessionId: string) => api<{ code: string }>(ADMIN, 'course', 'sessionCode', { sessionId }).then((r) => r.code);
const calls = (action: string) => cloud.calls.filter((c) => c.name === 'course' && (c.data as { action: string }).action === action);

/** The session card that says `when` (a session's Beijing 'HH:MM'). */
const cardAt = (p: PageHandle, clock: string): Element => {
  const card = p.byClass('csession').find((c) => (c.textContent ?? '').includes(clock));
  if (!card) throw new Error(`no session at ${clock}\n${p.text()}`);
  return card;
};
const clockOf = (iso: string) => beijing(Date.parse(iso)).slice(11, 16);

const OPEN = '三会一课是什么';
const MEMBERS = '主题党日和会议记录';
let roomy: Session;
let single: Session;
let soon: Session;
let tomorrow: Session;
let now: Session;

beforeAll(async () => {
  courses = (await api<{ courses: Course[] }>(RESIDENT, 'course', 'list', {})).courses;
  const open = courseTitled(OPEN).id;
  // Different clock times, so each card is found by its time.
  roomy = await schedule(open, Date.now() + 3 * 24 * 60 * MINUTE, 20);
  single = await schedule(open, Date.now() + 3 * 24 * 60 * MINUTE + 150 * MINUTE, 1);
  soon = await schedule(open, Date.now() + 60 * MINUTE, 10);
  tomorrow = await schedule(courseTitled(MEMBERS).id, Date.now() + 24 * 60 * MINUTE, 10);
  // Starts in 5 minutes: its check-in window (15 minutes either side of the start) is open by the phone's clock too.
  now = await schedule(courseTitled('从入党申请到积极分子').id, Date.now() + 5 * MINUTE, 10, minute);
}, 30_000);

describe('entries', () => {
  test('首页 has 党课学习 → 去学习 opens the course list, 我的课程 my courses', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('pages/index/index');
    await page.waitForText('15分钟组织生活');
    page.tap('去学习');
    await page.waitFor(() => navigations.length === 1);
    page.tap('我的课程');
    await page.waitFor(() => navigations.length === 2);
    expect(navigations).toEqual(['navigateTo:/packages/course/pages/list/index', 'navigateTo:/packages/course/pages/mine/index']);
  });

  test('我的: 我的课程 and 我的积分 for everyone; 支部组织生活记录 for a branch secretary only, 课程管理 for a district admin only', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('我的课程');
    expect(page.text()).toContain('我的积分');
    expect(page.text()).not.toContain('支部组织生活记录');
    expect(page.text()).not.toContain('课程管理');
    page.tap('我的积分');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/course/pages/points/index']);
    page.unmount();

    cloud.setOpenid('demo-secretary');
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('支部组织生活记录');
    expect(page.text()).not.toContain('课程管理');
    page.tap('支部组织生活记录');
    await page.waitFor(() => navigations.length === 2);
    expect(navigations[1]).toBe('navigateTo:/packages/branch/pages/record/index');
    page.unmount();

    cloud.setOpenid(ADMIN);
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('课程管理');
    expect(page.text()).not.toContain('支部组织生活记录');
    page.tap('课程管理');
    await page.waitFor(() => navigations.length === 3);
    expect(navigations[2]).toBe('navigateTo:/packages/author/pages/courses/index');
  });
});

describe('党课学习 (the list)', () => {
  test('courses under their series’ headings, with teacher, 约N分钟 and 仅限党员; a course opens its page', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/list/index');
    await page.waitForText(OPEN);
    const text = page.text();
    for (const s of new Set(courses.map((c) => c.series))) expect(text).toContain(s);
    const cardOf = (title: string) => page!.byClass('clist__course').find((c) => (c.textContent ?? '').includes(title));
    expect(cardOf(MEMBERS)?.textContent).toContain('仅限党员');
    expect(cardOf(OPEN)?.textContent).not.toContain('仅限党员');
    expect(cardOf(OPEN)?.textContent).toMatch(/约\d+分钟/);
    expect(cardOf(OPEN)?.textContent).toContain('线下课');
    // The series heading comes before its courses.
    const open = courseTitled(OPEN);
    expect(text.indexOf(open.series)).toBeLessThan(text.indexOf(OPEN));
    page.tap(cardOf(OPEN)!);
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`navigateTo:/packages/course/pages/detail/index?courseId=${open.id}`]);
  });

  test('?seriesId shows that series only', async () => {
    const members = courseTitled(MEMBERS);
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/list/index', { seriesId: members.seriesId });
    await page.waitForText(MEMBERS);
    const others = courses.filter((c) => c.seriesId !== members.seriesId);
    for (const c of others) expect(page.text()).not.toContain(c.title);
    expect(page.text()).toContain('看看全部课程');
  });
});

describe('课程详情', () => {
  test('报名 after confirming → 已报名 with the seat counted; a full session → 排队候补 → 候补第1位', async () => {
    const open = courseTitled(OPEN);
    await api('demo-resident-2', 'course', 'signUp', { sessionId: single.id }, true);
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/detail/index', { courseId: open.id });
    await page.waitForText(OPEN);
    expect(page.text()).toContain('学习目标');
    expect(cardAt(page, clockOf(roomy.start)).textContent).toContain('已报名 0/20');
    expect(cardAt(page, clockOf(single.start)).textContent).toContain('已满');

    page.tap('报名', cardAt(page, clockOf(roomy.start)));
    await page.waitFor(() => cardAt(page!, clockOf(roomy.start)).textContent?.includes('已报名 1/20'));
    await page.waitFor(() => page!.byClass('v-badge', cardAt(page!, clockOf(roomy.start))).some((b) => b.textContent === '已报名'));
    expect(modals[0]).toEqual(expect.objectContaining({ title: '报名上课', confirmText: '确认报名' }));
    expect(modals[0]?.content).toContain('开课前2小时');
    expect(toasts).toContain('报名成功');

    page.tap('排队候补', cardAt(page, clockOf(single.start)));
    await page.waitFor(() => cardAt(page!, clockOf(single.start)).textContent?.includes('候补第1位'));
    expect(modals[1]).toEqual(expect.objectContaining({ title: '排队候补' }));
    expect(toasts).toContain('已排队，候补第1位');

    const mine = await sessionsOf(RESIDENT, open.id);
    expect(mine.find((s) => s.id === roomy.id)?.mine).toEqual(expect.objectContaining({ state: 'enrolled' }));
    expect(mine.find((s) => s.id === single.id)?.mine).toEqual(expect.objectContaining({ state: 'waitlisted', position: 1 }));
  });

  test('declining the confirmation signs up for nothing', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/detail/index', { courseId: courseTitled(OPEN).id });
    await page.waitForText(OPEN);
    const before = calls('signUp').length;
    answers.push(false);
    page.tap('报名', cardAt(page, clockOf(soon.start)));
    await page.waitFor(() => modals.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls('signUp').length).toBe(before);
    expect((await sessionsOf(RESIDENT, courseTitled(OPEN).id)).find((s) => s.id === soon.id)?.mine).toBeNull();
  });

  test('取消报名 asks first, then gives the seat up', async () => {
    const open = courseTitled(OPEN);
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/detail/index', { courseId: open.id });
    await page.waitForText('取消报名');
    page.tap('取消报名', cardAt(page, clockOf(roomy.start)));
    await page.waitFor(() => cardAt(page!, clockOf(roomy.start)).textContent?.includes('已报名 0/20'));
    expect(modals[0]).toEqual(expect.objectContaining({ title: '取消报名', confirmText: '确定取消' }));
    expect(toasts).toContain('已取消报名');
    expect((await sessionsOf(RESIDENT, open.id)).find((s) => s.id === roomy.id)?.mine).toBeNull();
  });

  test('inside the last 2 hours a seat cannot be given up: said in words, no button', async () => {
    const open = courseTitled(OPEN);
    await api(RESIDENT, 'course', 'signUp', { sessionId: soon.id }, true);
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/detail/index', { courseId: open.id });
    await page.waitForText('不能再取消报名');
    const card = cardAt(page, clockOf(soon.start));
    expect(card.textContent).toContain('离开课已不到2小时，不能再取消报名了');
    expect(page.byClass('csession__act', card).map((b) => b.textContent)).not.toContain('取消报名');
    // The server agrees: the seat is still hers.
    await expect(api(RESIDENT, 'course', 'cancel', { sessionId: soon.id }, true)).rejects.toThrow('COURSE.CANCEL_CLOSED');
  });

  test('a members-only course tells a resident why, and offers no 报名 and no 线上学习', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/detail/index', { courseId: courseTitled(MEMBERS).id });
    await page.waitForText('这门课只对党员开放');
    expect(page.text()).toContain('如果您是党员，请联系所在支部书记在系统里登记');
    expect(page.byClass('csession').length).toBeGreaterThan(0);
    expect(page.byClass('csession__act')).toEqual([]);
    expect(page.text()).not.toContain('线上学习内容');
    expect(page.byClass('cdetail__main')).toEqual([]);
  });

  test('a party member may: 报名 on the members-only course', async () => {
    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/course/pages/detail/index', { courseId: courseTitled(MEMBERS).id });
    await page.waitForText(MEMBERS);
    expect(page.text()).not.toContain('这门课只对党员开放');
    page.tap('报名', cardAt(page, clockOf(tomorrow.start)));
    await page.waitFor(() => toasts.includes('报名成功'));
  });
});

describe('我的消息 → a course message', () => {
  test('opens its course', async () => {
    // 赵大爷 held the one seat; giving it up promotes 王阿姨, who gets a message about the session.
    await api('demo-resident-2', 'course', 'cancel', { sessionId: single.id }, true);
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/account/pages/messages/index');
    await page.waitForText('查看课程');
    const message = page.byClass('message').find((m) => (m.textContent ?? '').includes('查看课程'));
    page.tap(message!);
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`navigateTo:/packages/course/pages/detail/index?courseId=${courseTitled(OPEN).id}`]);
  });
});

describe('我的课程', () => {
  test('即将参加 lists my places with their state; 已完成 says when nothing is done yet', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/mine/index');
    await page.waitForText(OPEN);
    const card = cardAt(page, clockOf(single.start));
    expect(card.textContent).toContain('已报名');
    expect(cardAt(page, clockOf(soon.start)).textContent).toContain('已报名');
    expect(page.text()).toContain('我的红色积分');
    page.tap('已完成');
    await page.waitForText('您还没有学完的课程。');
  });

  test('a session whose check-in window is open offers 签到, which opens its check-in page', async () => {
    await api(RESIDENT, 'course', 'signUp', { sessionId: now.id }, true);
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/course/pages/mine/index');
    await page.waitForText('从入党申请到积极分子');
    // Only the session under way has it.
    expect(page.byClass('csession__act', cardAt(page, clockOf(soon.start))).map((b) => b.textContent)).not.toContain('签到');
    page.tap('签到', cardAt(page, clockOf(now.start)));
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`navigateTo:/packages/course/pages/checkin/index?sessionId=${now.id}`]);
  });
});

describe('上课签到 (the runtime’s clock 10 minutes before tomorrow’s session)', () => {
  test('a wrong code is refused in plain words; the organiser’s current six digits check her in, with the points credited', async () => {
    await runtime.restart({ DEMO_CLOCK: quarter(Date.parse(tomorrow.start) - 10 * MINUTE) });
    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/course/pages/checkin/index', { sessionId: tomorrow.id });
    await page.waitForText(MEMBERS);
    expect(page.text()).toContain('请输入组织者展示的6位数字');
    expect(page.byClass('code-boxes__box')).toHaveLength(6);

    const code = await sessionCode(tomorrow.id);
    const wrong = code === '000000' ? '111111' : '000000';
    typeInto(page.byClass('code-boxes__input')[0], wrong);
    await page.waitFor(() => page!.byClass('code-boxes__digit').map((d) => d.textContent).join('') === wrong);
    page.tap('确认签到');
    await page.waitForText('签到码不对');
    expect((await sessionsOf(MEMBER, courseTitled(MEMBERS).id)).find((s) => s.id === tomorrow.id)?.mine?.checkedInAt).toBeNull();

    typeInto(page.byClass('code-boxes__input')[0], await sessionCode(tomorrow.id));
    await page.waitFor(() => page!.byClass('code-boxes__digit').every((d) => /\d/.test(d.textContent ?? '')));
    page.tap('确认签到');
    await page.waitForText('签到成功');
    const mine = (await sessionsOf(MEMBER, courseTitled(MEMBERS).id)).find((s) => s.id === tomorrow.id)?.mine;
    expect(mine?.checkedInAt).toEqual(expect.any(String));
    expect(page.text()).toContain(`签到时间 ${clockOf(mine!.checkedInAt!)}`);
    expect(page.text()).toMatch(/记入\d+红色积分/);
    page.tap('回到我的课程');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['redirectTo:/packages/course/pages/mine/index']);
  }, 40_000);

  test('checking in twice is refused with its own words', async () => {
    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/course/pages/checkin/index', { sessionId: tomorrow.id });
    await page.waitForText(MEMBERS);
    typeInto(page.byClass('code-boxes__input')[0], await sessionCode(tomorrow.id));
    await page.waitFor(() => page!.byClass('code-boxes__digit').every((d) => /\d/.test(d.textContent ?? '')));
    page.tap('确认签到');
    await page.waitForText('您已经签到过了');
  });
});
