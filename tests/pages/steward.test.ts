/**
 * 站点管理 (station manager) pages of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction`
 * to a real local runtime (local-cloud/main.ts with the built functions and a fresh seeded database): 我的 → 站点管理,
 * 服务班次, 发布班次, 报名名单 (tap to call, 登记时长, 确认签退), the rotating 签到码 screen, 登记时长 (honour hours and
 * corrections) with the station's totals. 赵站长 (demo-station-manager) manages 北大社区创益红帆站 (st-beida).
 *
 * Volunteers register, sign up and check in over the runtime's HTTP API, as their own phones would. For a shift that
 * has ended (确认签退), the runtime is restarted on the same data with its clock three hours on (DEMO_CLOCK=+3h), on the
 * same port, so the pages and their sign-ins carry on. Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { createCloudBridge, type CloudBridge } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';
import { restartableRuntime, runtimeApi, stubModals, wx, type ModalCall, type WxOptions } from '../support/weapp-page';

const MANAGER = 'demo-station-manager';
const STATION = { id: 'st-beida', name: '北大社区创益红帆站' };

const runtime = restartableRuntime('redsail-steward-');
const { target } = runtime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
// polls inside give up after 3 s with the page text; this leaves room for that message
jest.setTimeout(20_000);

const modals: ModalCall[] = [];
const answers: boolean[] = [];
const navigations: string[] = [];
const phoneCalls: string[] = [];
const keepScreenOn: boolean[] = [];

beforeAll(async () => {
  requireWeappBuild();
  await runtime.start();
  cloud = createCloudBridge(target, { openid: MANAGER });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  stubModals(modals, answers);
  wx.showToast = (o: WxOptions) => setTimeout(() => o.success?.({ errMsg: 'showToast:ok' }), 0);
  for (const api of ['navigateTo', 'redirectTo', 'navigateBack', 'switchTab'] as const) {
    wx[api] = (o: WxOptions) => {
      navigations.push(`${api}:${(o.url as string | undefined) ?? ''}`);
      setTimeout(() => o.success?.({ errMsg: `${api}:ok` }), 0);
    };
  }
  wx.makePhoneCall = (o: WxOptions) => {
    phoneCalls.push(o.phoneNumber as string);
    setTimeout(() => o.success?.({ errMsg: 'makePhoneCall:ok' }), 0);
  };
  wx.setKeepScreenOn = (o: WxOptions) => {
    keepScreenOn.push(o.keepScreenOn as boolean);
    setTimeout(() => o.success?.({ errMsg: 'setKeepScreenOn:ok' }), 0);
  };
}, 40_000);

afterEach(() => {
  page?.unmount();
  page = null;
  modals.length = 0;
  answers.length = 0;
  navigations.length = 0;
  phoneCalls.length = 0;
  cloud.setOpenid(MANAGER);
});

afterAll(async () => {
  await runtime.stop();
});

// ---- the runtime's HTTP API, as the volunteers' (and the manager's) own phones use it

const api = runtimeApi(target, 'steward-test');

interface Shift {
  id: string;
  title: string;
  start: string;
  end: string;
  capacity: number;
  taken: number;
  radiusM: number | null;
  geofenced: boolean;
  openTo: string;
  skills: string[];
}
interface Entry {
  id: string;
  hours: number;
  source: string;
  reason: string | null;
  correctsId: string | null;
}

/** Beijing wall-clock parts of an instant. */
const beijing = (ms: number) => new Date(ms + 8 * 3600_000).toISOString();
const iso = (ms: number) => `${beijing(ms).slice(0, 16)}:00+08:00`;
const clockOf = (ms: number) => beijing(ms).slice(11, 16);
const MINUTE = 60_000;

async function createShift(title: string, startMs: number, minutes: number, capacity: number): Promise<Shift> {
  const start = Math.ceil(startMs / MINUTE) * MINUTE;
  return api<Shift>(MANAGER, 'volunteer', 'createShift', { stationId: STATION.id, title, start: iso(start), end: iso(start + minutes * MINUTE), capacity, place: '北大社区党群服务中心一楼' }, true);
}

async function registerVolunteer(openid: string, realName: string, phone: string): Promise<void> {
  await api(openid, 'volunteer', 'register', { realName, phone }, true);
}

const shiftCode = (shiftId: string) => api<{ code: string; qr: string; expiresAt: string; stepSeconds: number }>(MANAGER, 'volunteer', 'shiftCode', { shiftId });
const calls = (action: string) => cloud.calls.filter((c) => c.name === 'volunteer' && (c.data as { action: string }).action === action);

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- WeChat's event system, as the harness uses it for taps */
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void };
};
/** A component event as WeChat sends it: typing into an input (`input`), a picker's choice (`change`). */
function fire(el: Element | undefined | null, name: string, detail: unknown): void {
  const t = (el as { __wxElement?: unknown } | undefined | null)?.__wxElement;
  if (!t) throw new Error('not a rendered mini-program node');
  exparser.Event.dispatchEvent(t, exparser.Event.create(name, detail, { bubbles: false, composed: false }));
}
const typeInto = (el: Element | undefined, value: string) => fire(el, 'input', { value, cursor: value.length });
/** The <picker> around the field showing `label`. */
function pickerOf(p: PageHandle, label: RegExp): Element {
  let el: Element | null = p.byClass('picker-field').find((f) => label.test(f.textContent ?? '')) ?? null;
  while (el && !/picker$/i.test(el.tagName)) el = el.parentElement;
  if (!el) throw new Error(`no picker for ${String(label)}\n${p.text()}`);
  return el;
}

// ---- the shared story: one shift starting soon, three volunteers

let soon: Shift;
const V1 = { openid: 'steward-test-v1', name: '张桂兰', phone: '13905350001' };
const V2 = { openid: 'steward-test-v2', name: '刘建国', phone: '13905350002' };
const V3 = { openid: 'steward-test-v3', name: '孙秀英', phone: '13905350003' };

describe('我的 → 站点管理', () => {
  test('a station manager finds 服务班次与签到 under 站点管理; a resident does not', async () => {
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('服务班次与签到');
    expect(page.text()).toContain('站点管理');
    page.tap('服务班次与签到');
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual(['navigateTo:/packages/steward/pages/shifts/index']);
    page.unmount();

    cloud.setOpenid('demo-resident');
    page = await weapp.renderPage('pages/me/index');
    await page.waitForText('我的预约');
    expect(page.text()).not.toContain('站点管理');
    expect(page.text()).not.toContain('服务班次与签到');
  });
});

describe('服务班次', () => {
  test('someone who manages no station is told so plainly, and sees no shifts or 发布班次', async () => {
    cloud.setOpenid('demo-resident');
    const before = cloud.calls.length;
    page = await weapp.renderPage('packages/steward/pages/shifts/index');
    await page.waitForText('您还没有可以管理的红帆站');
    expect(page.text()).not.toContain('发布班次');
    // the shift list was refused to a resident: nothing of anyone's shifts reached the page
    const listed = cloud.calls.slice(before).filter((c) => (c.data as { action: string }).action === 'managedShifts');
    expect(listed.every((c) => !(c.result as { ok: boolean }).ok)).toBe(true);
  });

  test('lists my shifts with places taken of the capacity and who waits; 签到码 and 查看名单 open those pages', async () => {
    soon = await createShift('敬老院陪伴聊天', Date.now() + 10 * MINUTE, 60, 2);
    for (const v of [V1, V2, V3]) await registerVolunteer(v.openid, v.name, v.phone);
    expect(await api(V1.openid, 'volunteer', 'signUp', { shiftId: soon.id }, true)).toEqual(expect.objectContaining({ state: 'confirmed' }));
    expect(await api(V2.openid, 'volunteer', 'signUp', { shiftId: soon.id }, true)).toEqual(expect.objectContaining({ state: 'confirmed' }));
    expect(await api(V3.openid, 'volunteer', 'signUp', { shiftId: soon.id, wait: true }, true)).toEqual(expect.objectContaining({ state: 'waitlisted', position: 1 }));

    page = await weapp.renderPage('packages/steward/pages/shifts/index');
    await page.waitForText('敬老院陪伴聊天');
    const card = page.byClass('shift-card').find((c) => (c.textContent ?? '').includes('敬老院陪伴聊天'))!;
    const text = card.textContent ?? '';
    expect(text).toContain('已报名 2/2人');
    expect(text).toContain('候补 1人');
    expect(text).toContain('已签到 0人');
    expect(text).toContain(`${clockOf(Date.parse(soon.start))}–${clockOf(Date.parse(soon.end))}`);
    expect(text).not.toContain('待确认签退');
    // 赵站长 manages one station: its name heads the page, the cards do not repeat it
    expect(page.byClass('steward-station')[0]?.textContent).toBe(STATION.name);

    page.tap('签到码', card);
    page.tap('查看名单', card);
    await page.waitFor(() => navigations.length === 2);
    expect(navigations).toEqual([`navigateTo:/packages/steward/pages/code/index?shiftId=${soon.id}`, `navigateTo:/packages/steward/pages/roster/index?shiftId=${soon.id}`]);

    page.tap('＋ 发布班次');
    await page.waitFor(() => navigations.length === 3);
    expect(navigations[2]).toBe(`navigateTo:/packages/steward/pages/shift-new/index?stationId=${STATION.id}`);
  });
});

describe('发布班次', () => {
  test('missing title and place are said at their fields and nothing is sent', async () => {
    page = await weapp.renderPage('packages/steward/pages/shift-new/index', { stationId: STATION.id });
    await page.waitForText('班次标题');
    // the station's address is offered as the place; clear it
    await page.waitFor(() => JSON.stringify(page!.data()).includes('北大街46号'));
    typeInto(page.byClass('field__input')[1], '');
    const before = calls('createShift').length;
    page.tap('发布班次');
    await page.waitForText('请写班次标题，至少2个字');
    expect(page.text()).toContain('请写清服务地点');
    expect(page.text()).toContain('有几项需要修改，请看红字提示');
    expect(calls('createShift').length).toBe(before);
  });

  test('times the server refuses (over 12 hours) are said at the time field; fixed, the shift is published with its fence', async () => {
    page = await weapp.renderPage('packages/steward/pages/shift-new/index', { stationId: STATION.id });
    await page.waitForText('班次标题');
    // the station's address is offered as the place
    await page.waitFor(() => JSON.stringify(page!.data()).includes('北大街46号'));
    typeInto(page.byClass('field__input')[0], '周末义务理发');
    fire(pickerOf(page, /开始/), 'change', { value: '06:00' });
    fire(pickerOf(page, /结束/), 'change', { value: '20:00' });
    await page.waitForText('结束 20:00');
    page.tap('＋理发');
    page.tap('仅本站成员');
    page.tap('站点附近');
    await page.waitForText('多远以内可以签到');
    page.tap('500米');
    await page.waitForText('✓ 500米');

    page.tap('发布班次');
    await page.waitForText('时间不对：结束要晚于开始，开始不能早于现在，一次不超过12小时');
    expect(calls('createShift').at(-1)?.result).toEqual(expect.objectContaining({ ok: false }));
    expect(page.byClass('field--bad').some((f) => (f.textContent ?? '').includes('时间（北京时间）'))).toBe(true);

    fire(pickerOf(page, /结束/), 'change', { value: '08:30' });
    await page.waitForText('结束 08:30');
    page.tap('发布班次');
    await page.waitFor(() => navigations.length === 1);
    // opened on its own (no page under it): it goes on to the station's shifts
    expect(navigations).toEqual([`redirectTo:/packages/steward/pages/shifts/index?stationId=${STATION.id}`]);

    const { shifts } = await api<{ shifts: Shift[] }>(MANAGER, 'volunteer', 'managedShifts', { stationId: STATION.id });
    const made = shifts.find((s) => s.title === '周末义务理发');
    expect(made).toEqual(expect.objectContaining({ openTo: 'members', geofenced: true, radiusM: 500, skills: ['理发'], capacity: 10 }));
    expect(clockOf(Date.parse(made!.start))).toBe('06:00');
    expect(clockOf(Date.parse(made!.end))).toBe('08:30');
  });
});

describe('报名名单', () => {
  test('places then the waitlist, each with the full phone to call, check-in time and distance, 登记时长 per person', async () => {
    const { code } = await shiftCode(soon.id);
    await api(V1.openid, 'volunteer', 'checkIn', { shiftId: soon.id, code }, true);

    page = await weapp.renderPage('packages/steward/pages/roster/index', { shiftId: soon.id });
    await page.waitForText(V3.name);
    expect(page.text()).toContain('已报名 2/2人 · 已签到 1人 · 候补 1人');
    const rows = page.byClass('roster-row');
    const names = rows.map((r) => r.querySelector('[class*="roster-row__name"]')?.textContent);
    expect(names.slice(2)).toEqual([V3.name]);
    expect(new Set(names.slice(0, 2))).toEqual(new Set([V1.name, V2.name]));
    const rowOf = (name: string) => rows.find((r) => (r.textContent ?? '').includes(name))!;
    expect(rowOf(V1.name).textContent).toMatch(/已签到 \d\d:\d\d/);
    expect(rowOf(V2.name).textContent).toContain('未签到');
    expect(rowOf(V3.name).textContent).toContain('候补第1位');
    // the station's own manager sees the whole number, and a tap dials it
    expect(rowOf(V2.name).textContent).toContain('139 0535 0002');
    page.tap('139 0535 0002', rowOf(V2.name));
    await page.waitFor(() => phoneCalls.length === 1);
    expect(phoneCalls).toEqual([V2.phone]);
    // nobody needs a check-out confirmed before the end
    expect(page.text()).not.toContain('确认签退');

    page.tap('登记时长', rowOf(V1.name));
    page.tap('打开签到码');
    await page.waitFor(() => navigations.length === 2);
    expect(navigations).toEqual([
      `navigateTo:/packages/steward/pages/grant/index?stationId=${STATION.id}&openid=${V1.openid}`,
      `navigateTo:/packages/steward/pages/code/index?shiftId=${soon.id}`,
    ]);
  });

  test('a volunteer cannot open a roster: the page says so and shows nobody', async () => {
    cloud.setOpenid(V1.openid);
    page = await weapp.renderPage('packages/steward/pages/roster/index', { shiftId: soon.id });
    await page.waitFor(() => page!.byClass('state--error').length === 1);
    expect(page.text()).not.toContain(V2.name);
    expect(page.text()).not.toContain('139 0535');
  });
});

describe('签到码', () => {
  test('shows the current code in big digits and as a QR, the 签到/签退 counts, keeps the screen on, and changes by itself', async () => {
    page = await weapp.renderPage('packages/steward/pages/code/index', { shiftId: soon.id });
    await page.waitFor(() => page!.byClass('shift-code__digit').length === 6);
    const shown = () => page!.byClass('shift-code__digit').map((d) => d.textContent).join('');
    const first = shown();
    // the code the server holds now (or, across a step boundary, the one before it)
    const fetched = calls('shiftCode').at(-1)?.result as { data: { code: string; qr: string } };
    expect(first).toBe(fetched.data.code);
    expect(first).toMatch(/^\d{6}$/);
    expect(page.text()).toContain('敬老院陪伴聊天');
    // the QR: rows of modules (version 2 or more: at least 25 rows)
    expect(page.byClass('qr-code__row').length).toBeGreaterThanOrEqual(25);
    const counts = page.byClass('shift-code__count').map((c) => c.textContent);
    expect(counts).toEqual(['1已签到（人）', '0已签退（人）']);
    expect(keepScreenOn.at(-1)).toBe(true);

    // within one 30-second step the page asks again, untouched, and shows the next code
    const asked = calls('shiftCode').length;
    await page.waitFor(() => calls('shiftCode').length > asked && shown() !== first, { timeout: 35_000, interval: 200 });
    const next = (await shiftCode(soon.id)).code;
    const latest = (calls('shiftCode').at(-1)?.result as { data: { code: string } }).data.code;
    expect(shown()).toBe(latest);
    expect([latest, next]).toContain(shown());
  }, 50_000);
});

describe('after the shift (the clock three hours on)', () => {
  beforeAll(async () => {
    await runtime.restart({ DEMO_CLOCK: '+3h' });
  }, 40_000);

  test('服务班次 flags the forgotten check-out; 确认签退 asks first, then credits the hours once', async () => {
    page = await weapp.renderPage('packages/steward/pages/shifts/index');
    await page.waitForText('敬老院陪伴聊天');
    const card = page.byClass('shift-card').find((c) => (c.textContent ?? '').includes('敬老院陪伴聊天'))!;
    expect(card.textContent).toContain('待确认签退 1人');
    page.unmount();

    page = await weapp.renderPage('packages/steward/pages/roster/index', { shiftId: soon.id });
    await page.waitForText('确认签退');
    const row = () => page!.byClass('roster-row').find((r) => (r.textContent ?? '').includes(V1.name))!;
    expect(row().textContent).toContain('签到后没有签退');
    // only the one who checked in is offered it
    expect(page.findAllByText('确认签退')).toHaveLength(1);

    answers.push(false);
    page.tap('确认签退', row());
    await page.waitFor(() => modals.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(calls('confirmCheckOut')).toHaveLength(0);
    expect(modals[0]).toEqual(expect.objectContaining({ title: '确认签退？', confirmText: '确认签退' }));
    expect(modals[0]!.content).toContain(V1.name);

    page.tap('确认签退', row());
    await page.waitFor(() => row().textContent?.includes('已签退'));
    expect(calls('confirmCheckOut')).toHaveLength(1);
    expect(page.text()).not.toContain('确认签退');
    const ledger = await api<{ entries: Entry[]; totalHours: number }>(V1.openid, 'volunteer', 'ledger', {});
    expect(ledger.entries.map((e) => [e.source, e.hours])).toEqual([['confirmed', 1]]);
    expect(row().textContent).toContain('记1小时');
  });
});

describe('登记时长', () => {
  test('honour hours with a reason, after a confirmation; then a correction of that entry by a negative amount', async () => {
    page = await weapp.renderPage('packages/steward/pages/grant/index', { stationId: STATION.id, openid: V1.openid });
    await page.waitForText('本站时长合计');
    expect(page.byClass('grant-who')[0]?.textContent).toBe(V1.name);
    expect(page.text()).toContain('在本站累计 1小时');

    // no reason: said at its field, nothing sent
    const before = calls('grantHours').length;
    page.tap('登记');
    await page.waitForText('请写明原因，至少2个字');
    expect(calls('grantHours').length).toBe(before);
    expect(modals).toHaveLength(0);

    typeInto(page.byClass('field__textarea')[0], '协助组织重阳节活动');
    typeInto(page.byClass('stepper__input')[0], '1');
    // + twice, a quarter hour each: 1 → 1.25 → 1.5
    const shows = (v: string) => JSON.stringify(page!.data()).includes(`"${v}"`);
    await page.waitFor(() => shows('1'));
    page.tap(page.byClass('stepper__btn')[1]!);
    await page.waitFor(() => shows('1.25'));
    page.tap(page.byClass('stepper__btn')[1]!);
    await page.waitFor(() => shows('1.5'));
    page.tap('登记');
    await page.waitFor(() => calls('grantHours').length === before + 1 && calls('grantHours').at(-1)!.outcome === 'ok');
    expect(modals[0]).toEqual(expect.objectContaining({ title: '登记荣誉时长？', confirmText: '确认登记' }));
    expect(modals[0]!.content).toContain('+1.5小时');
    await page.waitForText('在本站累计 2.5小时');

    let ledger = await api<{ entries: Entry[]; totalHours: number }>(V1.openid, 'volunteer', 'ledger', {});
    expect(ledger.totalHours).toBe(2.5);
    const honour = ledger.entries.find((e) => e.source === 'honour')!;
    expect(honour).toEqual(expect.objectContaining({ hours: 1.5, reason: '协助组织重阳节活动' }));

    // 更正一条记录: pick the honour entry, take back 0.5 h
    page.tap('更正一条记录');
    await page.waitForText('更正哪一条');
    const pick = page.byClass('grant-entry').find((e) => (e.textContent ?? '').includes('荣誉时长'))!;
    page.tap(pick);
    await page.waitFor(() => page!.byClass('grant-entry--on').length === 1);
    typeInto(page.byClass('stepper__input')[0], '-0.5');
    typeInto(page.byClass('field__textarea')[0], '多记了半小时');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('"-0.5"') && JSON.stringify(page!.data()).includes('多记了半小时'));
    page.tap('登记');
    await page.waitForText('在本站累计 2小时');
    ledger = await api<{ entries: Entry[]; totalHours: number }>(V1.openid, 'volunteer', 'ledger', {});
    expect(ledger.entries.find((e) => e.source === 'correction')).toEqual(expect.objectContaining({ hours: -0.5, correctsId: honour.id, reason: '多记了半小时' }));
    expect(ledger.totalHours).toBe(2);
  });

  test('a correction that would take the total below zero is refused with the plain reason and adds nothing', async () => {
    page = await weapp.renderPage('packages/steward/pages/grant/index', { stationId: STATION.id, openid: V1.openid });
    await page.waitForText('在本站累计 2小时');
    page.tap('更正一条记录');
    await page.waitForText('更正哪一条');
    page.tap(page.byClass('grant-entry').find((e) => (e.textContent ?? '').includes('站长确认'))!);
    await page.waitFor(() => page!.byClass('grant-entry--on').length === 1);
    typeInto(page.byClass('stepper__input')[0], '-5');
    typeInto(page.byClass('field__textarea')[0], '核对后更正');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('"-5"') && JSON.stringify(page!.data()).includes('核对后更正'));
    page.tap('登记');
    await page.waitForText('更正后时长会小于0，请核对');
    const ledger = await api<{ totalHours: number; entries: Entry[] }>(V1.openid, 'volunteer', 'ledger', {});
    expect(ledger.totalHours).toBe(2);
    expect(ledger.entries).toHaveLength(3);
  });

  test('the station totals list each volunteer with their hours; a row opens 登记时长 for that person', async () => {
    page = await weapp.renderPage('packages/steward/pages/grant/index', { stationId: STATION.id });
    await page.waitForText('本站时长合计');
    expect(page.byClass('grant-form')).toHaveLength(0);
    const row = page.byClass('grant-row').find((r) => (r.textContent ?? '').includes(V1.name))!;
    expect(row.textContent).toContain('2小时');
    page.tap(row);
    await page.waitFor(() => navigations.length === 1);
    expect(navigations).toEqual([`redirectTo:/packages/steward/pages/grant/index?stationId=${STATION.id}&openid=${V1.openid}`]);
  });
});
