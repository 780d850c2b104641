/**
 * Venue booking pages of the BUILT weapp under miniprogram-simulate, through `wx.cloud.callFunction` to a real local
 * runtime (fresh seeded database, real clock, a day a few days ahead): the venue page hands the chosen slot to the form
 * as WeChat passes page queries (still percent-encoded), the form survives a lost reply without booking twice, and
 * WeChat's own calendar API gets the booking. Needs `npm run build:weapp` and `npm run build:functions`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { addDays, beijingDate } from '../../types/beijing-time';
import { CloudError, createCloudBridge, postJson, startLocalRuntime, type CloudBridge, type LocalRuntime } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';

let runtime: LocalRuntime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;

jest.setTimeout(15_000);

type WxOptions = Record<string, unknown> & { url?: string; success?: (res: unknown) => void; complete?: (res: unknown) => void };
const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
const navigations: string[] = [];
const calendarAdds: WxOptions[] = [];
const subscribeAsks: WxOptions[] = [];

const DAY = addDays(beijingDate(Date.now()), 3);
const START = `${DAY}T10:30:00+08:00`;

beforeAll(async () => {
  requireWeappBuild();
  runtime = await startLocalRuntime();
  cloud = createCloudBridge(runtime, { openid: 'demo-resident' });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  const answer = (name: string, record?: WxOptions[]) => (o: WxOptions) => {
    record?.push(o);
    setTimeout(() => {
      o.success?.({ errMsg: `${name}:ok` });
      o.complete?.({ errMsg: `${name}:ok` });
    }, 0);
  };
  wx.navigateTo = (o: WxOptions) => {
    navigations.push(o.url ?? '');
    answer('navigateTo')(o);
  };
  wx.addPhoneCalendar = answer('addPhoneCalendar', calendarAdds);
  wx.requestSubscribeMessage = answer('requestSubscribeMessage', subscribeAsks);
  wx.showToast = answer('showToast');
}, 30_000);

afterEach(() => {
  page?.unmount();
  page = null;
});

afterAll(async () => {
  await runtime?.stop();
});

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- WeChat's event system, as the harness uses it for taps */
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void };
};
/** Typing into an <input>/<textarea>: WeChat sends `input` events carrying the whole value. */
function typeInto(el: Element | undefined, value: string): void {
  const target = (el as { __wxElement?: unknown } | undefined)?.__wxElement;
  if (!target) throw new Error('not a rendered mini-program node');
  exparser.Event.dispatchEvent(target, exparser.Event.create('input', { value, cursor: value.length }, { bubbles: false, composed: false }));
}

const bookCalls = () => cloud.calls.filter((c) => c.name === 'venue' && (c.data as { action?: string }).action === 'book');

test('the venue page: pick the day, tap a free slot, 预约 opens the form with that slot', async () => {
  page = await weapp.renderPage('packages/venue/pages/detail/index', { venueId: 'cyy-rehearsal' });
  await page.waitForText('创益园排练室');
  await page.waitForText('可容纳 30 人');
  // The placeholder photo ships inside the venue subpackage, not the main package.
  const photo = '/packages/venue/static/venues/rehearsal.png';
  expect(JSON.stringify(page.data())).toContain(photo);
  expect(fs.existsSync(path.join(weapp.distDir, photo))).toBe(true);
  page.tap(DAY.slice(5)); // the date chip: MM-DD
  await page.waitForText(`${Number(DAY.slice(5, 7))}月${Number(DAY.slice(8))}日`);
  const slot = await page.waitFor(() => page!.getByText('10:30–11:30'));
  await page.waitFor(() => /10:30–11:30\s*○ 可预约/.test(page!.text()));
  page.tap(slot);
  await page.waitForText('已选 10:30–11:30');
  page.tap('预约');
  await page.waitFor(() => navigations.length === 1);
  expect(navigations[0]).toBe(`/packages/venue/pages/book/index?venueId=cyy-rehearsal&starts=${encodeURIComponent(START)}`);
});

test('the form: a lost reply, then 提交预约 again books once (same requestId), and 添加到日历 uses WeChat’s calendar', async () => {
  // WeChat hands onLoad the query as it was in the url: still percent-encoded.
  page = await weapp.renderPage('packages/venue/pages/book/index', { venueId: 'cyy-rehearsal', starts: encodeURIComponent(START) });
  await page.waitForText('提交预约');
  expect(page.text()).toContain('10:30–11:30（共1小时）');
  typeInto(page.byClass('field__textarea')[0], '畅响艺术团合唱排练');
  typeInto(page.byClass('stepper__input')[0], '20');
  await page.waitFor(() => JSON.stringify(page!.data()).includes('畅响艺术团合唱排练'));

  // The first reply is lost on the way back: the booking was made, the phone only sees a network failure.
  const original = cloud.wxCloud.callFunction.bind(cloud.wxCloud);
  let drop = true;
  cloud.wxCloud.callFunction = (o) => {
    const reply = original({ name: o.name, data: o.data }) as Promise<unknown>;
    if (drop && (o.data as { action?: string }).action === 'book') {
      drop = false;
      return reply.then(() => {
        throw new CloudError(-1, 'cloud.callFunction:fail request:fail timeout');
      });
    }
    return reply as ReturnType<typeof original>;
  };
  try {
    page.tap('提交预约');
    await page.waitForText('网络不太好，请检查网络后重试');
    expect(JSON.stringify(page.data())).toContain('畅响艺术团合唱排练'); // what was typed is kept
    page.tap('提交预约');
    await page.waitFor(() => page!.byClass('book-result__title')[0]?.textContent === '预约成功');
  } finally {
    cloud.wxCloud.callFunction = original;
  }

  const [first, second] = bookCalls().map((c) => c.data as { requestId?: string; data: unknown });
  expect(bookCalls()).toHaveLength(2);
  expect(first?.requestId).toMatch(/^r/);
  expect(second?.requestId).toBe(first?.requestId);
  expect(second?.data).toEqual(first?.data);
  // One booking on the server, the one on screen.
  const login = await postJson(`${runtime.url}/api/dev/login`, { openid: 'demo-resident' });
  const token = (login.body as { data: { token: string } }).data.token;
  const mine = await postJson(`${runtime.url}/api/venue`, { action: 'mine', data: { when: 'upcoming' } }, { authorization: `Bearer ${token}` });
  const bookings = (mine.body as { data: { bookings: Array<{ start: string; checkInCode: string | null }> } }).data.bookings;
  expect(bookings.filter((b) => b.start === START)).toHaveLength(1);
  expect(page.text()).toContain(bookings[0]!.checkInCode!);
  // No template ids in this build: WeChat is not asked about subscription messages.
  expect(subscribeAsks).toEqual([]);

  page.tap('添加到日历');
  await page.waitFor(() => calendarAdds.length === 1);
  expect(calendarAdds[0]).toEqual(
    expect.objectContaining({
      title: '场地预约：创益园排练室',
      startTime: Date.parse(START) / 1000,
      endTime: String(Date.parse(START) / 1000 + 3600),
      alarm: true,
      alarmOffset: 3600,
    }),
  );
});

test('我的预约: the check-in code stays in big digits; 显示二维码 adds its QR code, 收起二维码 hides it', async () => {
  const login = await postJson(`${runtime.url}/api/dev/login`, { openid: 'demo-resident' });
  const token = (login.body as { data: { token: string } }).data.token;
  const booked = await postJson(
    `${runtime.url}/api/venue`,
    { action: 'book', requestId: 'rpages-qr-card', data: { venueId: 'cyy-meeting-2', starts: [`${DAY}T15:30:00+08:00`], purpose: '楼长议事', attendees: 6 } },
    { authorization: `Bearer ${token}` },
  );
  expect(booked.body).toEqual(expect.objectContaining({ ok: true }));
  const code = (booked.body as { data: { checkInCode: string } }).data.checkInCode;
  expect(code).toMatch(/^\d{6}$/);
  page = await weapp.renderPage('packages/venue/pages/mine/index');
  const digits = await page.waitFor(() => page!.byClass('checkin-code__digits').find((el) => el.textContent === code));
  const card = digits.closest('[class*="booking-card"]') ?? page.root;
  expect(page.byClass('qr-code', card)).toHaveLength(0);
  page.tap('显示二维码', card);
  await page.waitFor(() => page!.byClass('qr-code__row', card).length === 21);
  expect(page.byClass('checkin-code__digits', card)[0]?.textContent).toBe(code);
  page.tap('收起二维码', card);
  await page.waitFor(() => page!.byClass('qr-code', card).length === 0);
});

test('the form: someone with no phone on file must give one — 必填, refused in the form with nothing sent, then booked', async () => {
  cloud.setOpenid('pages-newcomer');
  try {
    page = await weapp.renderPage('packages/venue/pages/book/index', { venueId: 'cyy-rehearsal', starts: encodeURIComponent(`${DAY}T16:30:00+08:00`) });
    await page.waitForText('联系电话（必填）');
    expect(page.text()).toContain('您还没有登记手机号');
    typeInto(page.byClass('field__textarea')[0], '邻里读书会');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('邻里读书会'));
    const before = bookCalls().length;
    page.tap('提交预约');
    await page.waitForText('请填写11位手机号，方便管理员联系您');
    expect(bookCalls()).toHaveLength(before);
    typeInto(page.byClass('field__input')[0], '13912345678');
    await page.waitFor(() => JSON.stringify(page!.data()).includes('13912345678'));
    page.tap('提交预约');
    await page.waitFor(() => page!.byClass('book-result__title')[0]?.textContent === '预约成功');
    expect((bookCalls().at(-1)?.data as { data: { phone?: string } }).data.phone).toBe('13912345678');
  } finally {
    cloud.setOpenid('demo-resident');
  }
});
