/**
 * 首页 and 我的消息 of the BUILT weapp under miniprogram-simulate, through `wx.cloud.callFunction` to a real local
 * runtime: 首页 shows my next booking with its check-in code (and on the day a 签到 button that opens the check-in
 * sheet) instead of repeating the tab bar; a message about a booking opens that booking with its code; a manager's
 * check-in says what a code for another room and day is.
 * Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { addDays, beijingDate } from '../../types/beijing-time';
import { timeRange } from '../../types/date-format';
import { createCloudBridge, postJson, startLocalRuntime, type CloudBridge, type LocalRuntime } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';

let runtime: LocalRuntime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;

jest.setTimeout(20_000);

beforeAll(async () => {
  requireWeappBuild();
  runtime = await startLocalRuntime();
  cloud = createCloudBridge(runtime, { openid: 'demo-resident' });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
}, 30_000);

afterEach(() => {
  page?.unmount();
  page = null;
});

afterAll(async () => {
  await runtime?.stop();
});

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
  venueName: string;
  state: string;
  start: string;
  end: string;
  checkInCode: string | null;
}

let seq = 0;
/** The last free slot of `venueId` `daysAhead` days from today (Beijing), booked by `openid`. */
async function bookLast(openid: string, venueId: string, daysAhead: number): Promise<Booking> {
  const date = addDays(beijingDate(Date.now()), daysAhead);
  const { slots } = await api<{ slots: Array<{ start: string; state: string }> }>(openid, 'slots', { venueId, date });
  const start = slots.filter((s) => s.state === 'free').at(-1)?.start;
  if (!start) throw new Error(`no free slot at ${venueId} on ${date}`);
  return api<Booking>(openid, 'book', { venueId, starts: [start], purpose: '书法交流', attendees: 6, phone: '13605351111' }, `home-test-${Date.now()}-${++seq}`);
}

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- WeChat's event system, as the harness uses it for taps */
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void };
};
function typeInto(el: Element, value: string): void {
  const target = (el as Element & { __wxElement?: unknown }).__wxElement;
  if (!target) throw new Error('not a rendered mini-program node');
  exparser.Event.dispatchEvent(target, exparser.Event.create('input', { value, cursor: value.length }, { bubbles: false, composed: false }));
}

test('首页: my next booking with its check-in code instead of the tab bar’s entries, and a 签到 button later that day', async () => {
  cloud.setOpenid('wx-home-newcomer');
  page = await weapp.renderPage('pages/index/index');
  await page.waitForText('您现在没有预约');
  expect(page.text()).toContain('去预约场地');
  // The tab bar already has 场地, 红帆站 and 我的: 首页 does not list them again.
  expect(page.text()).not.toContain('把服务送到家门口');
  page.unmount();

  // A booking tomorrow and one later today (the last slot of the day, still ahead unless it is very late in Beijing).
  const tomorrow = await bookLast('wx-home-newcomer', 'cyy-meeting-2', 1);
  page = await weapp.renderPage('pages/index/index');
  await page.waitForText('我的下一个预约');
  await page.waitForText(tomorrow.checkInCode!);
  expect(page.text()).toContain('创益园第二会议室');
  expect(page.text()).toContain(timeRange(tomorrow.start, tomorrow.end));
  // Not on the day: no 签到 button yet.
  expect(page.text()).not.toContain('我已到场，签到');
  page.unmount();

  const today = await bookLast('wx-home-newcomer', 'cyy-meeting-1', 0);
  page = await weapp.renderPage('pages/index/index');
  await page.waitForText(today.checkInCode!);
  expect(page.text()).toContain('创益园第一会议室');
  page.tap('我已到场，签到');
  await page.waitForText('请输入场地门口张贴的6位签到码');
});

test('我的消息: tapping a message opens its booking with the check-in code; 首页 says there are new messages', async () => {
  cloud.setOpenid('wx-home-messages');
  const b = await bookLast('wx-home-messages', 'cyy-rehearsal', 2);
  page = await weapp.renderPage('pages/index/index');
  await page.waitForText('您有1条新消息');
  expect(page.text()).toContain(b.checkInCode!);
  page.unmount();

  page = await weapp.renderPage('packages/account/pages/messages/index');
  await page.waitForText('预约成功');
  expect(page.text()).not.toContain(b.checkInCode!);
  page.tap('查看预约 ›');
  await page.waitForText('这条消息说的预约');
  await page.waitForText(b.checkInCode!);
  expect(page.text()).toContain('创益园排练室');
});

test('manager check-in: a code for another of my rooms on another day says which booking it is', async () => {
  const b = await bookLast('demo-resident', 'cyy-rehearsal', 1);
  cloud.setOpenid('demo-venue-manager');
  page = await weapp.renderPage('packages/manage/pages/today/index', { venueId: 'cyy-hall' });
  await page.waitForText('确认签到');
  typeInto(page.byClass('checkin__input')[0]!, b.checkInCode!);
  await page.waitFor(() => JSON.stringify(page!.data()).includes(b.checkInCode!));
  page.tap('确认签到');
  await page.waitForText(`这是明天 ${timeRange(b.start, b.end)} 创益园排练室的预约（王阿姨），还不能签到`);
  expect(page.text()).not.toContain('签到码不对');
});
