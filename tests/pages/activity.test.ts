/**
 * 活动 pages of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction` to a real local
 * runtime (the built functions, a fresh database): 近期活动 on 首页 and 我的活动 on 我的, the list and its filters,
 * 活动详情 (我要报名 after confirming → 已报名; a full one → 排队候补 after saying what waiting means → 候补第N位;
 * 取消报名 after confirming; a reply lost on the way → 再试一次 with the same request id, one place; a members-only
 * activity not found for a resident; a cancelled one with its reason), an activity message opening its activity,
 * 我的活动 with 签到 while check-in is open, and 活动签到 by typing the organiser's current six digits.
 *
 * 刘书记 (demo-secretary, branch_secretary of branch-shanheliang) creates and publishes the activities and reads the
 * rotating code over the runtime's HTTP API, as his own phone would. Needs `npm run build:weapp` and
 * `npm run build:functions`.
 */
import { CloudError, createCloudBridge, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { restartableRuntime, runtimeApi, typeInto, wxRecord } from '../support/weapp-page';

const SECRETARY = 'demo-secretary';
const MEMBER = 'demo-party-member';
const RESIDENT = 'demo-resident';
const NEIGHBOUR = 'demo-resident-2';

const runtime = restartableRuntime('redsail-activity-pages-');
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

// ---- the runtime's HTTP API, as the secretary's and other people's own phones use it

const api = runtimeApi(target, 'activity-pages');

interface Mine {
  state: string;
  position: number | null;
  checkedInAt: string | null;
}
interface Activity {
  id: string;
  title: string;
  start: string;
  end: string;
  capacity: number;
  taken: number;
  waiting: number;
  mine: Mine | null;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString();
/** A Beijing ISO instant on a whole minute at or after `ms`. */
const minute = (ms: number) => `${beijing(Math.ceil(ms / MINUTE) * MINUTE).slice(0, 16)}:00+08:00`;
/** `date`'s Beijing day at `clock` ('HH:MM'), `days` days from now. */
const dayAt = (days: number, clock: string) => `${beijing(Date.now() + days * DAY).slice(0, 10)}T${clock}:00+08:00`;
const clockOf = (iso: string) => beijing(Date.parse(iso)).slice(11, 16);

type Draft = { title: string; type: string; start: string; end: string; capacity: number; audience?: 'public' | 'members' };
const DESCRIPTION = '欢迎社区居民和党员同志一起参加，请提前十分钟到场，带好水杯。';
async function publish(d: Draft): Promise<Activity> {
  const created = await api<Activity>(
    SECRETARY,
    'activity',
    'create',
    {
      activity: {
        title: d.title,
        type: d.type,
        description: DESCRIPTION,
        coverFileId: null,
        start: d.start,
        end: d.end,
        place: { kind: 'address', address: '北大社区党群服务中心二楼', communityId: 'beida' },
        capacity: d.capacity,
        audience: d.audience ?? 'public',
      },
    },
    true,
  );
  return api<Activity>(SECRETARY, 'activity', 'publish', { activityId: created.id }, true);
}
const getAs = (openid: string, activityId: string) => api<Activity>(openid, 'activity', 'get', { activityId });
const checkInCode = (activityId: string) => api<{ code: string }>(SECRETARY, 'activity', 'checkInCode', { activityId }).then((r) => r.code);
const calls = (action: string) => cloud.calls.filter((c) => c.name === 'activity' && (c.data as { action: string }).action === action);

/** The activity card titled `title` (list, 首页, 我的活动). */
const cardOf = (p: PageHandle, title: string): Element => {
  const card = p.byClass('acard').find((c) => (c.textContent ?? '').includes(title));
  if (!card) throw new Error(`no card ${title}\n${p.text()}`);
  return card;
};

const ROOMY = '北大社区重阳节包饺子';
const SINGLE = '书记议事厅：楼道停车怎么管';
const MEMBERS = '主题党日：重温入党誓词';
const SOON = '志愿服务：清扫楼道小广告';
const CALLED_OFF = '健身操培训第一课';
let roomy: Activity;
let single: Activity;
let members: Activity;
let soon: Activity;
let calledOff: Activity;

beforeAll(async () => {
  roomy = await publish({ title: ROOMY, type: 'culture', start: dayAt(3, '14:00'), end: dayAt(3, '16:00'), capacity: 10 });
  single = await publish({ title: SINGLE, type: 'council', start: dayAt(3, '09:00'), end: dayAt(3, '10:30'), capacity: 1 });
  members = await publish({ title: MEMBERS, type: 'theme_day', start: dayAt(4, '09:00'), end: dayAt(4, '11:00'), capacity: 20, audience: 'members' });
  // Starts in 10 minutes: check-in (from 30 minutes before the start) is open by the phone's clock too.
  soon = await publish({ title: SOON, type: 'volunteer', start: minute(Date.now() + 10 * MINUTE), end: minute(Date.now() + 40 * MINUTE), capacity: 10 });
  calledOff = await publish({ title: CALLED_OFF, type: 'training', start: dayAt(5, '15:00'), end: dayAt(5, '16:00'), capacity: 30 });
  await api(NEIGHBOUR, 'activity', 'signUp', { activityId: single.id }, true);
  await api(RESIDENT, 'activity', 'signUp', { activityId: calledOff.id }, true);
  await api(SECRETARY, 'activity', 'cancelActivity', { activityId: calledOff.id, reason: '老师临时有事，改期另行通知' }, true);
}, 40_000);

describe('entries', () => {
  test('首页 shows 近期活动 with places left and 本社区; a card opens its activity, 查看全部活动 the list', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('pages/index/index');
    await page.waitFor(() => page!.byClass('acard').length > 0);
    const section = page.byClass('home__activities')[0];
    expect(section?.textContent).toContain('近期活动');
    expect(page.byClass('acard').length).toBeLessThanOrEqual(3);
    // The feed's first item is the soonest of the caller's community: the one starting in ten minutes.
    const first = cardOf(page, SOON);
    expect(first.textContent).toContain('还剩10个名额');
    expect(first.textContent).toContain('本社区');
    expect(first.textContent).toContain('志愿服务');
    page.tap(first);
    await page.waitFor(() => navigations.length === 1);
    page.tap('查看全部活动');
    await page.waitFor(() => navigations.length === 2);
    expect(navigations).toEqual([`navigateTo:/packages/activity/pages/detail/index?activityId=${soon.id}`, 'navigateTo:/packages/activity/pages/list/index']);
  });

  test('我的 has 我的活动', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('我的活动');
    page.tap('我的活动');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/activity/pages/mine/index']);
  });
});

describe('活动 (the list)', () => {
  test('every activity the caller may see; the type and date filters ask the feed for them', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/activity/pages/list/index');
    await page.waitForText(ROOMY);
    expect(page.text()).toContain(SINGLE);
    expect(page.text()).not.toContain(MEMBERS);
    expect(cardOf(page, SINGLE).textContent).toContain('已报满，可候补');
    for (const label of ['全部', '主题党日', '志愿服务', '文体活动', '培训', '议事', '今天', '本周', '本月']) expect(page.text()).toContain(label);

    const [types, dates] = page.byClass('chips');
    page.tap('议事', types);
    await page.waitFor(() => !page!.text().includes(ROOMY));
    expect(page.text()).toContain(SINGLE);
    expect(calls('feed').at(-1)?.data).toEqual(expect.objectContaining({ data: { type: 'council' } }));

    page.tap('全部', types);
    await page.waitForText(ROOMY);
    page.tap('今天', dates);
    await page.waitFor(() => !page!.text().includes(ROOMY));
    const today = beijing(Date.now()).slice(0, 10);
    expect(calls('feed').at(-1)?.data).toEqual(expect.objectContaining({ data: { from: today, to: today } }));
    expect(page.text()).toContain(SOON);
  });
});

describe('活动详情', () => {
  test('time, place, branch, places and 报名截止; 我要报名 after confirming → 已报名, the place counted', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/activity/pages/detail/index', { activityId: roomy.id });
    await page.waitForText(ROOMY);
    const text = page.text();
    expect(text).toMatch(/\d+月\d+日 周.\s*14:00–16:00/);
    expect(text).toContain('北大社区党群服务中心二楼');
    expect(text).toContain('报名截止');
    expect(text).toContain('还剩10个名额（共10个）');
    expect(text).toContain(DESCRIPTION);

    page.tap('我要报名');
    await page.waitFor(() => toasts.includes('报名成功'));
    expect(modals[0]).toEqual(expect.objectContaining({ title: '报名参加', confirmText: '确认报名' }));
    expect(modals[0]?.content).toContain('14:00–16:00');
    await page.waitForText('还剩9个名额（共10个）');
    expect(page.byClass('v-badge').map((b) => b.textContent)).toContain('已报名');
    expect((await getAs(RESIDENT, roomy.id)).mine).toEqual(expect.objectContaining({ state: 'confirmed' }));
  });

  test('declining the confirmation signs up for nothing', async () => {
    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/activity/pages/detail/index', { activityId: roomy.id });
    await page.waitForText('我要报名');
    const before = calls('signUp').length;
    answers.push(false);
    page.tap('我要报名');
    await page.waitFor(() => modals.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls('signUp').length).toBe(before);
    expect((await getAs(MEMBER, roomy.id)).mine).toBeNull();
  });

  test('a full activity: 排队候补 says what waiting means first → 候补第1位', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/activity/pages/detail/index', { activityId: single.id });
    await page.waitForText('排队候补');
    expect(page.text()).not.toContain('我要报名');
    page.tap('排队候补');
    await page.waitFor(() => toasts.includes('已排队，候补第1位'));
    expect(modals[0]?.title).toBe('排队候补');
    expect(modals[0]?.content).toContain('有人取消报名时，按排队先后');
    await page.waitForText('排第1位');
    expect((calls('signUp').at(-1)?.data as { data: unknown }).data).toEqual({ activityId: single.id, wait: true });
    expect((await getAs(RESIDENT, single.id)).mine).toEqual(expect.objectContaining({ state: 'waitlisted', position: 1 }));
  });

  test('取消报名 asks first, then gives the place up', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/activity/pages/detail/index', { activityId: roomy.id });
    await page.waitForText('取消报名');
    page.tap('取消报名');
    await page.waitFor(() => toasts.includes('已取消报名'));
    expect(modals[0]).toEqual(expect.objectContaining({ title: '取消报名', confirmText: '确定取消' }));
    await page.waitForText('我要报名');
    expect((await getAs(RESIDENT, roomy.id)).mine).toBeNull();
  });

  test('a reply lost on the way: 再试一次 sends the same request id, and she holds one place', async () => {
    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/activity/pages/detail/index', { activityId: roomy.id });
    await page.waitForText('我要报名');
    const before = calls('signUp').length;
    // The first sign-up reaches the server, but its answer never reaches the phone.
    const original = cloud.wxCloud.callFunction.bind(cloud.wxCloud);
    let lost = false;
    cloud.wxCloud.callFunction = (o) => {
      if (lost || (o.data as { action?: string }).action !== 'signUp') return original(o);
      lost = true;
      return (original({ name: o.name, data: o.data }) as Promise<unknown>).then(() => {
        throw new CloudError(-1, 'cloud.callFunction:fail request timeout');
      });
    };
    try {
      page.tap('我要报名');
      await page.waitFor(() => toasts.includes('报名成功'));
    } finally {
      cloud.wxCloud.callFunction = original;
    }
    expect(modals.map((m) => m.title)).toEqual(['报名参加', '没有收到回复']);
    const sent = calls('signUp').slice(before).map((c) => (c.data as { requestId?: string }).requestId);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual(expect.any(String));
    expect(sent[1]).toBe(sent[0]);
    const now = await getAs(MEMBER, roomy.id);
    expect(now.mine).toEqual(expect.objectContaining({ state: 'confirmed' }));
    expect(now.taken).toBe(1);
  });

  test('a members-only activity is not found for a resident; a member of the branch sees it', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/activity/pages/detail/index', { activityId: members.id });
    await page.waitForText('没有找到这个活动');
    expect(page.text()).not.toContain(MEMBERS);
    expect(page.text()).not.toContain('我要报名');
    page.unmount();

    cloud.setOpenid(MEMBER);
    page = await weapp.renderPage('packages/activity/pages/detail/index', { activityId: members.id });
    await page.waitForText(MEMBERS);
    expect(page.text()).toContain('仅限党员');
    expect(page.text()).toContain('我要报名');
  });

  test('a cancelled activity says so with its reason, and offers nothing to tap but the way out', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/activity/pages/detail/index', { activityId: calledOff.id });
    await page.waitForText('这个活动已经取消了');
    expect(page.text()).toContain('老师临时有事，改期另行通知');
    for (const verb of ['我要报名', '排队候补', '取消报名', '签到']) expect(page.byClass('adetail__main').map((b) => b.textContent)).not.toContain(verb);
  });
});

describe('sharing', () => {
  test('to a chat and to 朋友圈: the title, a path that opens this activity, the menu with both', async () => {
    const menus: unknown[] = [];
    const wxs = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
    wxs.showShareMenu = (o: { menus?: unknown; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      menus.push(o.menus);
      o.success?.({ errMsg: 'showShareMenu:ok' });
      o.complete?.({ errMsg: 'showShareMenu:ok' });
    };
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/activity/pages/detail/index', { activityId: roomy.id });
    await page.waitForText(ROOMY);
    type Shared = Record<string, unknown>;
    const pages = (globalThis as unknown as { getCurrentPages: () => Array<{ onShareAppMessage?: (o: unknown) => Shared; onShareTimeline?: () => Shared }> }).getCurrentPages();
    const instance = pages[pages.length - 1]!;
    expect(instance.onShareAppMessage?.({ from: 'menu' })).toEqual(
      expect.objectContaining({ title: expect.stringContaining(ROOMY) as string, path: `/packages/activity/pages/detail/index?activityId=${roomy.id}` }),
    );
    expect(instance.onShareTimeline?.()).toEqual(expect.objectContaining({ title: ROOMY, query: `activityId=${roomy.id}` }));
    expect(menus).toEqual([['shareAppMessage', 'shareTimeline']]);
  });
});

describe('我的消息 → an activity message', () => {
  test('opens its activity', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/account/pages/messages/index');
    await page.waitForText('查看活动');
    // The notice that 健身操培训第一课 was called off (newer messages about her other places come first).
    const message = page.byClass('message').find((m) => (m.textContent ?? '').includes(CALLED_OFF) && (m.textContent ?? '').includes('查看活动'));
    page.tap(message!);
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`navigateTo:/packages/activity/pages/detail/index?activityId=${calledOff.id}`]);
  });
});

describe('我的活动', () => {
  test('upcoming places with their state; 签到 while check-in is open opens the check-in page', async () => {
    await api(RESIDENT, 'activity', 'signUp', { activityId: soon.id }, true);
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/activity/pages/mine/index');
    await page.waitForText(SOON);
    expect(cardOf(page, SINGLE).textContent).toContain('候补第1位');
    expect(cardOf(page, SOON).textContent).toContain('已报名');
    expect(page.text()).not.toContain(ROOMY);
    const checkIn = page.byClass('amine__checkin');
    expect(checkIn.map((b) => b.textContent)).toEqual(['到场签到']);
    page.tap(checkIn[0]!);
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`navigateTo:/packages/activity/pages/checkin/index?activityId=${soon.id}`]);
  });

  test('nothing signed up: says so, with the way to the list', async () => {
    cloud.setOpenid('activity-pages-newcomer');
    page = await weapp.renderPage('packages/activity/pages/mine/index');
    await page.waitForText('您还没有报名活动。');
    page.tap('去看看近期活动');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/activity/pages/list/index']);
  });
});

describe('活动签到', () => {
  test('a wrong code is refused in plain words; the organiser’s current six digits check her in, with the points', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/activity/pages/checkin/index', { activityId: soon.id });
    await page.waitForText(SOON);
    expect(page.text()).toContain(`${clockOf(soon.start)}–${clockOf(soon.end)}`);
    expect(page.byClass('code-boxes__box')).toHaveLength(6);

    const code = await checkInCode(soon.id);
    const wrong = code === '000000' ? '111111' : '000000';
    typeInto(page.byClass('code-boxes__input')[0], wrong);
    await page.waitFor(() => page!.byClass('code-boxes__digit').map((d) => d.textContent).join('') === wrong);
    page.tap('确认签到');
    await page.waitForText('签到码不对');
    expect((await getAs(RESIDENT, soon.id)).mine?.checkedInAt).toBeNull();

    typeInto(page.byClass('code-boxes__input')[0], await checkInCode(soon.id));
    await page.waitFor(() => page!.byClass('code-boxes__digit').every((d) => /\d/.test(d.textContent ?? '')));
    page.tap('确认签到');
    await page.waitForText('签到成功');
    const mine = (await getAs(RESIDENT, soon.id)).mine;
    expect(mine?.checkedInAt).toEqual(expect.any(String));
    expect(page.text()).toContain(`签到时间 ${clockOf(mine!.checkedInAt!)}`);
    expect(page.text()).toMatch(/记入\d+红色积分/);
    page.tap('回到我的活动');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['redirectTo:/packages/activity/pages/mine/index']);
  });

  test('checking in twice is refused with its own words', async () => {
    cloud.setOpenid(RESIDENT);
    page = await weapp.renderPage('packages/activity/pages/checkin/index', { activityId: soon.id });
    await page.waitForText(SOON);
    typeInto(page.byClass('code-boxes__input')[0], await checkInCode(soon.id));
    await page.waitFor(() => page!.byClass('code-boxes__digit').every((d) => /\d/.test(d.textContent ?? '')));
    page.tap('确认签到');
    await page.waitForText('您已经签到过了');
  });
});
