/**
 * 场地管理 (venue manager) pages of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction` to
 * a real local runtime (local-cloud/main.ts with the built functions and a fresh seeded database). Bookings are made
 * beforehand over the runtime's HTTP API as residents would make them, on the real clock a few days ahead.
 * Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { addDays, beijingDate } from '../../types/beijing-time';
import { createCloudBridge, postJson, startLocalRuntime, type CloudBridge, type LocalRuntime } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';

let runtime: LocalRuntime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;

// polls inside give up after 3 s with the page text; this leaves room for that message
jest.setTimeout(15_000);

interface ModalCall {
  title?: string;
  content?: string;
  confirmText?: string;
}
/** Every wx.showModal the pages opened, and how the manager answers the next ones (default: confirm). */
const modals: ModalCall[] = [];
const answers: boolean[] = [];
const phoneCalls: string[] = [];

type WxOptions = Record<string, unknown> & { success?: (res: unknown) => void; complete?: (res: unknown) => void };
const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;

beforeAll(async () => {
  requireWeappBuild();
  runtime = await startLocalRuntime();
  cloud = createCloudBridge(runtime, { openid: 'demo-venue-manager' });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  // Taro looks wx APIs up when called, so these stand-ins answer the pages' Taro.showModal / Taro.makePhoneCall.
  wx.showModal = (o: WxOptions) => {
    modals.push({ title: o.title as string, content: o.content as string, confirmText: o.confirmText as string });
    const confirm = answers.shift() ?? true;
    const res = { errMsg: 'showModal:ok', confirm, cancel: !confirm };
    setTimeout(() => {
      o.success?.(res);
      o.complete?.(res);
    }, 0);
  };
  wx.makePhoneCall = (o: WxOptions) => {
    phoneCalls.push(o.phoneNumber as string);
    setTimeout(() => o.success?.({ errMsg: 'makePhoneCall:ok' }), 0);
  };
}, 30_000);

afterEach(() => {
  page?.unmount();
  page = null;
  modals.length = 0;
  answers.length = 0;
  phoneCalls.length = 0;
});

afterAll(async () => {
  await runtime?.stop();
});

// ---- the local runtime's HTTP API, as a resident's phone (H5) would use it

const tokens = new Map<string, string>();
async function api<T>(openid: string, action: string, data: unknown, requestId?: string): Promise<T> {
  let token = tokens.get(openid);
  if (!token) {
    const res = await postJson(`${runtime.url}/api/dev/login`, { openid });
    token = (res.body as { data: { token: string } }).data.token;
    tokens.set(openid, token);
  }
  const res = await postJson(`${runtime.url}/api/venue`, { action, data, ...(requestId ? { requestId } : {}) }, { authorization: `Bearer ${token}` });
  const body = res.body as { ok: boolean; data?: T; error?: { code: string } };
  if (!body.ok) throw new Error(`venue.${action} as ${openid}: ${JSON.stringify(body.error)}`);
  return body.data as T;
}

interface Booking {
  id: string;
  state: string;
  start: string;
  rejectReason: string | null;
}

let seq = 0;
/** A booking of the `nth` free slot of 创益园多功能厅 (needs approval: it stays pending) `daysAhead` days from today. */
async function bookHall(openid: string, daysAhead: number, nth: number, purpose: string): Promise<Booking & { date: string }> {
  const date = addDays(beijingDate(Date.now()), daysAhead);
  const { slots } = await api<{ slots: Array<{ start: string; state: string }> }>(openid, 'slots', { venueId: 'cyy-hall', date });
  const start = slots.filter((s) => s.state === 'free')[nth]?.start;
  if (!start) throw new Error(`no free slot ${nth} on ${date}`);
  const booking = await api<Booking>(openid, 'book', { venueId: 'cyy-hall', starts: [start], purpose, attendees: 30 }, `manage-test-${Date.now()}-${++seq}`);
  expect(booking.state).toBe('pending');
  return { ...booking, date };
}

const mine = async (openid: string, id: string): Promise<Booking | undefined> => {
  const [upcoming, past] = await Promise.all([
    api<{ bookings: Booking[] }>(openid, 'mine', { when: 'upcoming' }),
    api<{ bookings: Booking[] }>(openid, 'mine', { when: 'past' }),
  ]);
  return [...upcoming.bookings, ...past.bookings].find((b) => b.id === id);
};

const venueActions = () => cloud.calls.filter((c) => c.name === 'venue').map((c) => (c.data as { action: string }).action);
/** '2026-12-01' → '12月1日', as the pages print dates. */
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

describe('待审核 (pending bookings)', () => {
  test('lists a pending booking with who and how to reach them; 通过 after the confirmation removes it and confirms the booking', async () => {
    const booking = await bookHall('demo-resident', 3, 0, '畅响艺术团合唱排练');
    cloud.setOpenid('demo-venue-manager');
    page = await weapp.renderPage('packages/manage/pages/pending/index');
    await page.waitForText('王阿姨');

    const card = page.byClass('mb')[0]!;
    const text = page.text();
    expect(page.byClass('mb')).toHaveLength(1);
    expect(text).toContain('创益园多功能厅');
    expect(text).toContain(monthDay(booking.date));
    expect(text).toContain('畅响艺术团合唱排练');
    expect(text).toContain('30 人');
    expect(text).toContain('共1条等您审核');
    expect(text).toMatch(/将于.+ 自动失效，请在这之前审核/);
    // the responsible manager sees the full number, as a button that dials it
    expect(text).toContain('138 0535 1234');
    page.tap('138 0535 1234', card);
    await page.waitFor(() => phoneCalls.length === 1);
    expect(phoneCalls).toEqual(['13805351234']);

    page.tap('通过', card);

    await page.waitForText('暂无待审核的预约');
    expect(modals).toEqual([expect.objectContaining({ title: '通过这条预约？', confirmText: '通过' })]);
    expect(modals[0]!.content).toContain('创益园多功能厅');
    expect(modals[0]!.content).toContain('王阿姨');
    expect(page.text()).not.toContain('王阿姨');
    expect(venueActions()).toContain('approve');
    expect((await mine('demo-resident', booking.id))?.state).toBe('confirmed');
  });

  test('不通过 needs a reason: an empty one is refused on the spot, a quick-pick reason rejects and reaches the resident', async () => {
    const booking = await bookHall('demo-resident-2', 4, 1, '海韵社区议事会');
    cloud.setOpenid('demo-venue-manager');
    page = await weapp.renderPage('packages/manage/pages/pending/index');
    await page.waitForText('赵大爷');

    page.tap('不通过');
    await page.waitForText('不通过的原因（预约人会收到）');
    const before = venueActions().length;
    page.tap('确认不通过');
    await page.waitForText('请写明不通过的原因，至少2个字');
    expect(venueActions().length).toBe(before); // nothing was sent

    page.tap('人数超出场地容量');
    await page.waitFor(() => page!.byClass('reject__chip--on').length === 1 && !page!.text().includes('请写明'));
    page.tap('确认不通过');

    await page.waitForText('暂无待审核的预约');
    expect(venueActions().slice(before)).toEqual(['reject']);
    const after = await mine('demo-resident-2', booking.id);
    expect(after).toEqual(expect.objectContaining({ state: 'rejected', rejectReason: '人数超出场地容量' }));
  });
});

describe('今日安排 (schedule and check-in)', () => {
  test('someone who manages no venue sees that plainly, and no schedule or check-in box', async () => {
    cloud.setOpenid('demo-resident');
    const before = cloud.calls.length;
    page = await weapp.renderPage('packages/manage/pages/today/index');
    await page.waitForText('您还没有可以管理的场地');
    expect(page.text()).not.toContain('签到');
    expect(page.text()).not.toContain('预约安排');
    expect(cloud.calls.slice(before).map((c) => [c.name, (c.data as { action: string }).action, c.openid])).toEqual([['venue', 'managed', 'demo-resident']]);
  });

  test('a manager sees the day of a booking with its booker, phone and state in words, and can step between days', async () => {
    const booking = await bookHall('demo-resident', 5, 2, '书法兴趣小组');
    await api('demo-venue-manager', 'approve', { bookingId: booking.id }, `manage-test-approve-${booking.id}`);
    cloud.setOpenid('demo-venue-manager');
    page = await weapp.renderPage('packages/manage/pages/today/index', { venueId: 'cyy-hall', date: booking.date });
    await page.waitForText('书法兴趣小组');
    const text = page.text();
    expect(text).toContain('创益园多功能厅');
    expect(text).toContain('王阿姨');
    expect(text).toContain('138 0535 1234');
    expect(text).toContain('已确认，待签到');
    expect(text).toContain(monthDay(booking.date));
    expect(text).toContain('签到');

    page.tap('后一天 ›');
    await page.waitForText('这一天还没有预约');
    expect(page.text()).toContain(monthDay(addDays(booking.date, 1)));
    expect(page.text()).not.toContain('书法兴趣小组');

    page.tap('回到今天');
    await page.waitForText(`${monthDay(beijingDate(Date.now()))}`);
    await page.waitFor(() => page!.findAllByText('回到今天').length === 0);
  });
});

describe('闭馆日期 (closed dates)', () => {
  test('a day with bookings cannot be closed and says how many; a free day closes and the venue reports it closed', async () => {
    const booking = await bookHall('demo-resident-2', 6, 0, '合唱排练');
    cloud.setOpenid('demo-venue-manager');
    page = await weapp.renderPage('packages/manage/pages/blackout/index', { venueId: 'cyy-hall' });
    await page.waitForText('这30天都开放');
    const row = (date: string) => page!.byClass('blackout__day').find((el) => el.textContent?.includes(monthDay(date)))!;

    answers.push(true, false); // yes, close it; then "知道了" on the explanation
    page.tap('设为闭馆', row(booking.date));
    await page.waitFor(() => modals.length === 2);
    expect(modals[1]).toEqual(expect.objectContaining({ title: '这一天暂时不能闭馆' }));
    expect(modals[1]!.content).toContain('这一天已有1条预约，请先联系预约人');
    expect(row(booking.date).textContent).toContain('开放');

    // the buttons wait while a change is under way; the manager taps again once the page has settled
    await page.waitFor(() => page!.byClass('is-disabled').length === 0 && !page!.text().includes('处理中'));
    const free = addDays(booking.date, 1);
    page.tap('设为闭馆', row(free));
    await page.waitFor(() => row(free).textContent?.includes('恢复开放'));
    expect(page.text()).toContain(`闭馆1天：${monthDay(free)}`);
    const { venue } = await api<{ venue: { blackoutDates: string[] } }>('demo-venue-manager', 'get', { venueId: 'cyy-hall' });
    expect(venue.blackoutDates).toEqual([free]);
  });
});

describe('场地签到码 (the venue code)', () => {
  test('shows today’s six digits, the same the server gives the manager', async () => {
    cloud.setOpenid('demo-venue-manager');
    page = await weapp.renderPage('packages/manage/pages/code/index', { venueId: 'cyy-hall' });
    await page.waitForText('今天的场地签到码');
    const { code } = await api<{ code: string }>('demo-venue-manager', 'venueCode', { venueId: 'cyy-hall' });
    expect(page.byClass('venue-code__digit').map((el) => el.textContent)).toEqual(code.split(''));
    // Under the digits, the same code as a QR code (version 1: 21 rows of modules) for 扫码签到.
    expect(page.byClass('qr-code__row')).toHaveLength(21);
    expect(page.text()).toContain('创益园多功能厅');
  });
});

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- WeChat's event system, as the harness uses it for taps */
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void };
};
/** Typing into an <input>: WeChat sends `input` events carrying the whole value. */
function typeInto(el: Element, value: string): void {
  const target = (el as Element & { __wxElement?: unknown }).__wxElement;
  if (!target) throw new Error('not a rendered mini-program node');
  exparser.Event.dispatchEvent(target, exparser.Event.create('input', { value, cursor: value.length }, { bubbles: false, composed: false }));
}

describe('签到 (check-in by code)', () => {
  test('a wrong code, typed or scanned, is refused in plain words and nobody is checked in', async () => {
    cloud.setOpenid('demo-venue-manager');
    page = await weapp.renderPage('packages/manage/pages/today/index', { venueId: 'cyy-hall' });
    await page.waitForText('确认签到');
    typeInto(page.byClass('checkin__input')[0]!, '12345');
    await page.waitFor(() => page!.data() && JSON.stringify(page!.data()).includes('12345'));
    const before = venueActions().length;
    page.tap('确认签到'); // five digits: not sent
    typeInto(page.byClass('checkin__input')[0]!, '123456');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('123456'));
    page.tap('确认签到');
    await page.waitForText('签到码不对，请核对后再输入');
    expect(venueActions().slice(before)).toEqual(['checkInBooking']);

    const scans: unknown[] = [];
    wx.scanCode = (o: WxOptions) => {
      scans.push(o);
      setTimeout(() => o.success?.({ errMsg: 'scanCode:ok', result: 'https://example.invalid/checkin', scanType: 'QR_CODE' }), 0);
    };
    page.tap('扫码签到');
    await page.waitForText('没有认出签到码，请直接输入6位数字');
    expect(scans).toHaveLength(1);
    expect(venueActions().slice(before)).toEqual(['checkInBooking']);
  });
});
