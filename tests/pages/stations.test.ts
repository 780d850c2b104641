/**
 * 红帆站 pages of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction` to a real local
 * runtime (local-cloud/main.ts with the built functions and a fresh seeded database): the list (by street, 离我最近 with
 * a stand-in wx.getLocation, the map), the station page (apply → 申请中 → 已加入 → 退出站点), the manager's members
 * page (同意) and 发布通知. Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { createCloudBridge, postJson, startLocalRuntime, type CloudBridge, type LocalRuntime } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { stubModals, wx, type ModalCall, type WxOptions } from '../support/weapp-page';

let runtime: LocalRuntime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;

// polls inside give up after 3 s with the page text; this leaves room for that message
jest.setTimeout(20_000);


/** Every wx.showModal the pages opened, and how the person answers the next ones (default: confirm). */
const modals: ModalCall[] = [];
const answers: boolean[] = [];
const navigations: string[] = [];
const phoneCalls: string[] = [];
/** What wx.getLocation answers next: a point, or WeChat's refusal. */
let location: { latitude: number; longitude: number } | 'deny' = 'deny';
const locationAsks: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  requireWeappBuild();
  runtime = await startLocalRuntime();
  cloud = createCloudBridge(runtime, { openid: 'demo-resident' });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  // Taro looks wx APIs up when called, so these stand-ins answer the pages' Taro calls.
  stubModals(modals, answers);
  wx.showToast = (o: WxOptions) => setTimeout(() => o.success?.({ errMsg: 'showToast:ok' }), 0);
  wx.navigateTo = (o: WxOptions) => {
    navigations.push(o.url as string);
    setTimeout(() => o.success?.({ errMsg: 'navigateTo:ok' }), 0);
  };
  wx.redirectTo = (o: WxOptions) => {
    navigations.push(`redirect:${o.url as string}`);
    setTimeout(() => o.success?.({ errMsg: 'redirectTo:ok' }), 0);
  };
  wx.makePhoneCall = (o: WxOptions) => {
    phoneCalls.push(o.phoneNumber as string);
    setTimeout(() => o.success?.({ errMsg: 'makePhoneCall:ok' }), 0);
  };
  wx.getLocation = (o: WxOptions) => {
    const { success, fail, complete, ...asked } = o;
    locationAsks.push(asked);
    setTimeout(() => {
      if (location === 'deny') {
        const err = { errMsg: 'getLocation:fail auth deny' };
        fail?.(err);
        complete?.(err);
      } else {
        const res = { errMsg: 'getLocation:ok', ...location, accuracy: 30 };
        success?.(res);
        complete?.(res);
      }
    }, 0);
  };
}, 30_000);

afterEach(() => {
  page?.unmount();
  page = null;
  modals.length = 0;
  answers.length = 0;
  navigations.length = 0;
  phoneCalls.length = 0;
  locationAsks.length = 0;
  cloud.setOpenid('demo-resident');
});

afterAll(async () => {
  await runtime?.stop();
});

interface Station {
  id: string;
  name: string;
  streetName: string;
  distanceM: number | null;
  memberCount: number;
  myState: string;
}

const stationCalls = (action: string) => cloud.calls.filter((c) => c.name === 'station' && (c.data as { action: string }).action === action);
const lastList = (): { input: Record<string, unknown>; stations: Station[] } => {
  const call = stationCalls('list').at(-1);
  const result = call?.result as { ok: boolean; data: { stations: Station[] } };
  return { input: (call?.data as { data: Record<string, unknown> }).data, stations: result.data.stations };
};
/** The station cards as a person sees them, top to bottom. */
const cardNames = (p: PageHandle) => p.byClass('station-card__name').map((el) => el.textContent ?? '');
const cardOf = (p: PageHandle, name: string) => p.byClass('station-card').find((c) => (c.textContent ?? '').includes(name));

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- WeChat's event system, as the harness uses it for taps */
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void };
};
/** A component event as WeChat sends it (typing into an input, a tap on a map marker). */
function fire(el: Element | undefined, name: string, detail: unknown): void {
  const target = (el as { __wxElement?: unknown } | undefined)?.__wxElement;
  if (!target) throw new Error('not a rendered mini-program node');
  exparser.Event.dispatchEvent(target, exparser.Event.create(name, detail, { bubbles: false, composed: false }));
}

// ---- the local runtime's HTTP API, as another person's phone (H5) would use it
const tokens = new Map<string, string>();
let seq = 0;
async function api<T>(openid: string, fn: string, action: string, data: unknown): Promise<T> {
  let token = tokens.get(openid);
  if (!token) {
    const res = await postJson(`${runtime.url}/api/dev/login`, { openid });
    token = (res.body as { data: { token: string } }).data.token;
    tokens.set(openid, token);
  }
  const res = await postJson(`${runtime.url}/api/${fn}`, { action, data, requestId: `stations-test-${Date.now()}-${++seq}` }, { authorization: `Bearer ${token}` });
  const body = res.body as { ok: boolean; data?: T; error?: { code: string } };
  if (!body.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(body.error)}`);
  return body.data as T;
}
/** An instant `days` from now at `clock` Beijing time, as the contract takes it. */
const beijingAt = (days: number, clock: string): string =>
  `${new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10)}T${clock}:00+08:00`;

/** Near 芝罘岛 (GCJ-02): the island station is the closest, 福新 (in the west) comes before 海韵 (in the east). */
const NEAR_ZHIFUDAO = { latitude: 37.5585, longitude: 121.3805 };

describe('红帆站 list', () => {
  test('lists every station under its street, with its member count and my state, without asking where I am', async () => {
    page = await weapp.renderPage('pages/stations/index');
    await page.waitForText('北大社区创益红帆站');
    const { input, stations } = lastList();
    expect(input).toEqual({});
    expect(cardNames(page)).toEqual(stations.map((s) => s.name));
    // street headings, in the server's street order
    const streets = [...new Set(stations.map((s) => s.streetName))];
    expect(page.byClass('stations__street-name').map((el) => el.textContent)).toEqual(streets);
    // 王阿姨 belongs to 北大社区; her card says so, with the member count
    const beida = stations.find((s) => s.id === 'st-beida')!;
    const card = cardOf(page, '北大社区创益红帆站')!;
    expect(card.textContent).toContain('已加入');
    expect(card.textContent).toContain(`${beida.memberCount}位成员`);
    expect(cardOf(page, '海韵社区创益红帆站')!.textContent).not.toContain('已加入');
    expect(page.text()).not.toContain('约');
    expect(locationAsks).toEqual([]);

    page.tap(page.getByText('北大社区创益红帆站'));
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['/packages/station/pages/detail/index?stationId=st-beida']);
  });

  test('离我最近 asks WeChat for the location (gcj02) once and re-lists by distance, with 约…米 on each card', async () => {
    location = NEAR_ZHIFUDAO;
    page = await weapp.renderPage('pages/stations/index');
    await page.waitForText('北大社区创益红帆站');
    const before = stationCalls('list').length;
    page.tap('离我最近');
    await page.waitForText('已按离您的远近排列');
    await page.waitFor(() => stationCalls('list').length === before + 1 && stationCalls('list').at(-1)?.outcome === 'ok');

    expect(locationAsks).toEqual([expect.objectContaining({ type: 'gcj02' })]);
    const { input, stations } = lastList();
    // the location goes with this one list call, and nothing else
    expect(input).toEqual({ near: NEAR_ZHIFUDAO });
    const distances = stations.map((s) => s.distanceM);
    expect(distances.every((d) => typeof d === 'number')).toBe(true);
    expect(distances).toEqual([...(distances as number[])].sort((a, b) => a - b));
    expect(stations[0]!.id).toBe('st-zhifudao');
    await page.waitFor(() => cardNames(page!)[0] === '芝罘岛创益红帆站');
    expect(cardNames(page)).toEqual(stations.map((s) => s.name));
    // no street headings in the distance order; each card says how far, in round figures
    expect(page.byClass('stations__street-name')).toEqual([]);
    const first = stations[0]!.distanceM!;
    expect(first).toBeLessThan(1000);
    expect(cardOf(page, '芝罘岛创益红帆站')!.textContent).toContain(`约${Math.max(10, Math.round(first / 10) * 10)}米`);
    const far = stations.at(-1)!;
    expect(far.distanceM!).toBeGreaterThan(1000);
    expect(cardOf(page, far.name)!.textContent).toMatch(/约\d+(\.\d)?公里/);
    expect(stationCalls('list').slice(0, before).every((c) => !JSON.stringify(c.data).includes('near'))).toBe(true);

    // 按街道排列: back to the street order, the location forgotten
    const sortedCalls = stationCalls('list').length;
    page.tap('按街道排列');
    await page.waitForText('离我最近');
    await page.waitFor(() => page!.byClass('stations__street-name').length > 0);
    await page.waitFor(() => stationCalls('list').length === sortedCalls + 1 && stationCalls('list').at(-1)?.outcome === 'ok');
    expect(lastList().input).toEqual({});
    await page.waitFor(() => !/约\d/.test(page!.text()));
    expect(cardNames(page)).toEqual(lastList().stations.map((s) => s.name));
  });

  test('when the location is refused it says so kindly and keeps the street order; nothing about a location is sent', async () => {
    location = 'deny';
    page = await weapp.renderPage('pages/stations/index');
    await page.waitForText('北大社区创益红帆站');
    const order = cardNames(page);
    const calls = stationCalls('list').length;
    page.tap('离我最近');
    await page.waitForText('没有获得您的位置，仍按街道顺序排列');
    expect(locationAsks).toHaveLength(1);
    expect(stationCalls('list')).toHaveLength(calls);
    expect(cardNames(page)).toEqual(order);
    expect(page.byClass('stations__street-name').length).toBeGreaterThan(0);
    // the way to try again is still there
    expect(page.getByText('离我最近')).toBeDefined();
  });

  test('列表/地图: the map shows a marker for every located station; tapping a marker opens that station', async () => {
    page = await weapp.renderPage('pages/stations/index');
    await page.waitForText('北大社区创益红帆站');
    expect(page.byClass('station-map__map')).toEqual([]);
    page.tap('地图');
    const map = await page.waitFor(() => page!.byClass('station-map__map')[0]);
    expect(map.tagName.toLowerCase()).toContain('map');
    expect(page.text()).toContain('点地图上的站点名称，就能打开这个站点');
    expect(page.byClass('station-card')).toEqual([]);
    const { stations } = lastList();
    const located = (stations as Array<Station & { location: unknown }>).filter((s) => s.location !== null);
    expect(located.length).toBe(stations.length);

    const markerId = located.findIndex((s) => s.id === 'st-haiyun');
    fire(map, 'markertap', { markerId });
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['/packages/station/pages/detail/index?stationId=st-haiyun']);

    page.tap('列表');
    await page.waitFor(() => page!.byClass('station-card').length === stations.length);
  });
});

describe('joining a station', () => {
  test('赵大爷 applies → 申请中; 赵站长 agrees in 成员管理; 赵大爷 sees 已加入 and can leave after a confirmation', async () => {
    cloud.setOpenid('demo-resident-2');
    page = await weapp.renderPage('packages/station/pages/detail/index', { stationId: 'st-beida' });
    await page.waitForText('北大社区创益红帆站');
    const text = page.text();
    expect(text).toContain('站长：赵站长');
    expect(text).toContain('义务理发');
    expect(text).toContain('本周四义务理发照常进行'); // a post
    expect(text).not.toContain('站长工具');
    const members = Number(/成员：(\d+)位/.exec(text)?.[1]);

    page.tap('申请加入');
    await page.waitForText('申请中（等待站长同意）');
    expect(stationCalls('join').at(-1)).toEqual(expect.objectContaining({ openid: 'demo-resident-2', outcome: 'ok' }));
    expect(page.text()).toContain(`成员：${members}位`);
    page.unmount();

    // the manager: the application is first, with 同意 / 不同意
    cloud.setOpenid('demo-station-manager');
    page = await weapp.renderPage('packages/station/pages/members/index', { stationId: 'st-beida' });
    await page.waitForText('赵大爷');
    const pendingTitle = page.findAllByText(/^待审核的申请（\d+）$/)[0]!;
    const applicant = page.byClass('member').find((c) => (c.textContent ?? '').includes('赵大爷'))!;
    // pending applications come before the members
    const order = page.byClass('member');
    expect(order.indexOf(applicant)).toBeLessThan(order.findIndex((c) => (c.textContent ?? '').includes('王阿姨')));
    expect(pendingTitle).toBeDefined();
    expect(applicant.textContent).toContain('139 0535 6789');
    page.tap('139 0535 6789', applicant);
    await page.waitFor(() => phoneCalls.length === 1);
    expect(phoneCalls).toEqual(['13905356789']);

    page.tap('同意', applicant);
    await page.waitFor(() => stationCalls('decide').at(-1)?.outcome === 'ok');
    expect(modals).toEqual([expect.objectContaining({ title: '同意加入？', confirmText: '同意' })]);
    expect(modals[0]!.content).toContain('赵大爷');
    expect(stationCalls('decide').at(-1)?.data).toEqual(
      expect.objectContaining({ action: 'decide', data: { stationId: 'st-beida', openid: 'demo-resident-2', approve: true } }),
    );
    // he is now among the members, no longer waiting
    await page.waitFor(() => {
      const card = page!.byClass('member').find((c) => (c.textContent ?? '').includes('赵大爷'));
      return card && (card.textContent ?? '').includes('加入于') ? card : null;
    });
    expect(page.byClass('member__actions').every((a) => !(a.parentElement?.textContent ?? '').includes('赵大爷'))).toBe(true);
    page.unmount();

    // 赵大爷 again: 已加入, one more member, and 退出站点 asks first
    cloud.setOpenid('demo-resident-2');
    modals.length = 0;
    page = await weapp.renderPage('packages/station/pages/detail/index', { stationId: 'st-beida' });
    await page.waitForText('您已加入本站');
    expect(page.text()).toContain('已加入');
    expect(page.text()).toContain(`成员：${members + 1}位`);

    answers.push(false);
    page.tap('退出站点');
    await page.waitFor(() => modals.length === 1);
    expect(modals[0]).toEqual(expect.objectContaining({ title: '退出站点？', confirmText: '退出站点' }));
    await new Promise((r) => setTimeout(r, 100));
    expect(stationCalls('leave')).toHaveLength(0); // 不退出: nothing sent
    expect(page.text()).toContain('您已加入本站');

    page.tap('退出站点');
    await page.waitForText('申请加入');
    expect(stationCalls('leave').at(-1)).toEqual(expect.objectContaining({ openid: 'demo-resident-2', outcome: 'ok' }));
    expect(page.text()).toContain(`成员：${members}位`);
  });

  test('the station page shows upcoming shifts with 剩N个名额 / 已满 可候补; tapping one opens the volunteer shifts of this station', async () => {
    // 赵站长 puts up two shifts at 北大社区 in the coming days; 李师傅 takes the only place of the second.
    const open = await api<{ id: string }>('demo-station-manager', 'volunteer', 'createShift', {
      stationId: 'st-beida', title: '楼道清扫', start: beijingAt(2, '09:00'), end: beijingAt(2, '11:00'), capacity: 3, place: '北大社区3号楼',
    });
    const full = await api<{ id: string }>('demo-station-manager', 'volunteer', 'createShift', {
      stationId: 'st-beida', title: '读报给老人听', start: beijingAt(3, '14:00'), end: beijingAt(3, '15:30'), capacity: 1, place: '北大社区老年活动室',
    });
    await api('demo-volunteer', 'volunteer', 'signUp', { shiftId: full.id });

    page = await weapp.renderPage('packages/station/pages/detail/index', { stationId: 'st-beida' });
    await page.waitForText('楼道清扫');
    const item = (title: string) => page!.byClass('shift-item').find((c) => (c.textContent ?? '').includes(title))!;
    expect(item('楼道清扫').textContent).toContain('剩3个名额');
    expect(item('楼道清扫').textContent).toContain('09:00–11:00');
    expect(item('楼道清扫').textContent).toContain('地点：北大社区3号楼');
    expect(item('读报给老人听').textContent).toContain('已满 可候补');
    expect(item('读报给老人听').textContent).toContain('14:00–15:30');
    // soonest first
    const titles = page.byClass('shift-item__title').map((el) => el.textContent);
    expect(titles.indexOf('楼道清扫')).toBeLessThan(titles.indexOf('读报给老人听'));
    expect(open.id).not.toBe(full.id);

    page.tap(item('读报给老人听'));
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['/packages/volunteer/pages/shifts/index?stationId=st-beida']);
  });
});

describe('站长 tools', () => {
  test('the manager sees 成员管理 / 发布通知 / 服务班次 on their station only', async () => {
    cloud.setOpenid('demo-station-manager');
    page = await weapp.renderPage('packages/station/pages/detail/index', { stationId: 'st-beida' });
    await page.waitForText('站长工具');
    page.tap('成员管理');
    page.tap('发布通知');
    page.tap('服务班次');
    await page.waitFor(() => navigations.length === 3);
    expect(navigations).toEqual([
      '/packages/station/pages/members/index?stationId=st-beida',
      '/packages/station/pages/post/index?stationId=st-beida',
      '/packages/steward/pages/shifts/index?stationId=st-beida',
    ]);
    page.unmount();
    page = await weapp.renderPage('packages/station/pages/detail/index', { stationId: 'st-haiyun' });
    await page.waitForText('海韵社区创益红帆站');
    expect(page.text()).not.toContain('站长工具');
  });

  test('发布通知: too-short fields are marked on the spot and nothing is sent; a good post goes out and shows on the station page', async () => {
    cloud.setOpenid('demo-station-manager');
    page = await weapp.renderPage('packages/station/pages/post/index', { stationId: 'st-beida' });
    await page.waitForText('发布通知');
    const before = stationCalls('post').length;
    fire(page.byClass('st-field__input')[0], 'input', { value: '停', cursor: 1 });
    page.tap(page.byClass('station-post-page__submit')[0]!);
    await page.waitForText('标题至少2个字');
    expect(page.text()).toContain('内容至少2个字');
    expect(page.text()).toContain('有几项需要修改，请看红字提示');
    expect(stationCalls('post')).toHaveLength(before);

    fire(page.byClass('st-field__input')[0], 'input', { value: '周二理发暂停一次', cursor: 8 });
    fire(page.byClass('st-field__textarea')[0], 'input', { value: '下周二理发师傅请假，义务理发暂停一次，周四照常。', cursor: 24 });
    await page.waitFor(() => !page!.text().includes('标题至少2个字'));
    page.tap(page.byClass('station-post-page__submit')[0]!);
    await page.waitFor(() => stationCalls('post').at(-1)?.outcome === 'ok');
    expect(stationCalls('post').at(-1)?.data).toEqual(
      expect.objectContaining({ data: { stationId: 'st-beida', title: '周二理发暂停一次', body: '下周二理发师傅请假，义务理发暂停一次，周四照常。' } }),
    );
    expect(typeof (stationCalls('post').at(-1)?.data as { requestId?: string }).requestId).toBe('string');
    // opened directly (nothing to go back to): it goes to the station page
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['redirect:/packages/station/pages/detail/index?stationId=st-beida']);
    page.unmount();

    page = await weapp.renderPage('packages/station/pages/detail/index', { stationId: 'st-beida' });
    await page.waitForText('周二理发暂停一次');
    const post = page.byClass('station-post')[0]!;
    expect(post.textContent).toContain('周二理发暂停一次');
    expect(post.textContent).toContain('赵站长');
  });

  test('不同意 asks first (不同意 in the deep red), then the applicant sees 未通过 on the station page and may apply again', async () => {
    cloud.setOpenid('demo-station-manager');
    page = await weapp.renderPage('packages/station/pages/members/index', { stationId: 'st-beida' });
    await page.waitForText('张老师'); // the seeded application
    const card = page.byClass('member').find((c) => (c.textContent ?? '').includes('张老师'))!;
    answers.push(false);
    page.tap('不同意', card);
    await page.waitFor(() => modals.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(stationCalls('decide').filter((c) => c.openid === 'demo-station-manager' && JSON.stringify(c.data).includes('demo-party-member'))).toHaveLength(0);

    page.tap('不同意', card);
    await page.waitForText('没有等待审核的申请');
    expect(modals[1]).toEqual(expect.objectContaining({ title: '不同意加入？', confirmText: '不同意' }));
    expect(stationCalls('decide').at(-1)?.data).toEqual(
      expect.objectContaining({ data: { stationId: 'st-beida', openid: 'demo-party-member', approve: false } }),
    );
    expect(page.text()).not.toContain('张老师');
    page.unmount();

    cloud.setOpenid('demo-party-member');
    page = await weapp.renderPage('packages/station/pages/detail/index', { stationId: 'st-beida' });
    await page.waitForText('上次的申请没有通过');
    expect(page.text()).toContain('未通过');
    expect(page.getByText('申请加入')).toBeDefined();
  });

  test('成员管理 for someone who does not manage the station: a plain refusal, no names or phones', async () => {
    cloud.setOpenid('demo-resident');
    page = await weapp.renderPage('packages/station/pages/members/index', { stationId: 'st-beida' });
    await page.waitForText('您没有权限进行此操作');
    expect(page.text()).not.toContain('李师傅');
    expect(page.text()).not.toMatch(/1\d{2} \d{4} \d{4}/);
    expect(page.getByText('重新加载')).toBeDefined();
  });
});
