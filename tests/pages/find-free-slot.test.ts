/**
 * Finding a free slot without tapping through every day, in the BUILT weapp under miniprogram-simulate against a
 * real local runtime (fresh seeded database, real clock): 满 / 剩N段 on the venue page's date chips and the page opening
 * on the first day with a free slot, 您还可以预约N次 before the form, the 按日期和时段找场地 search on the 场地 tab,
 * 我的预约's 已取消 tab, and one state badge for residents and managers. Needs `npm run build:weapp` and
 * `npm run build:functions`.
 */
import { addDays, beijingDate } from '../../types/beijing-time';
import { createCloudBridge, postJson, startLocalRuntime, type CloudBridge, type LocalRuntime } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';

let runtime: LocalRuntime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;

jest.setTimeout(20_000);

type WxOptions = Record<string, unknown> & { url?: string; success?: (res: unknown) => void; complete?: (res: unknown) => void };
const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
const navigations: string[] = [];

beforeAll(async () => {
  requireWeappBuild();
  runtime = await startLocalRuntime();
  cloud = createCloudBridge(runtime, { openid: 'demo-resident' });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  wx.navigateTo = (o: WxOptions) => {
    navigations.push(o.url ?? '');
    setTimeout(() => o.success?.({ errMsg: 'navigateTo:ok' }), 0);
  };
}, 30_000);

afterEach(() => {
  page?.unmount();
  page = null;
  cloud.setOpenid('demo-resident');
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
  if (!body.ok) throw new Error(`venue.${action}: ${body.error?.code}`);
  return body.data as T;
}

let seq = 0;
const someone = (): string => `pages-free-${Date.now().toString(36)}-${++seq}`;
const book = (openid: string, venueId: string, starts: string[]) =>
  api<{ id: string; state: string }>(openid, 'book', { venueId, starts, purpose: '找空场地测试', attendees: 2, phone: '13805350002' }, `pf-${Date.now().toString(36)}-${++seq}`);

/** Books every free slot of a day (runs of up to 3 adjacent slots, one person each). */
async function fill(venueId: string, date: string): Promise<void> {
  const day = await api<{ slots: Array<{ start: string; end: string; state: string }> }>('pages-filler', 'slots', { venueId, date });
  let run: string[] = [];
  let prevEnd = '';
  const flush = async () => {
    if (run.length) await book(someone(), venueId, run);
    run = [];
  };
  for (const s of day.slots) {
    if (s.state !== 'free') {
      await flush();
      continue;
    }
    if (run.length === 3 || (run.length > 0 && s.start !== prevEnd)) await flush();
    run.push(s.start);
    prevEnd = s.end;
  }
  await flush();
}

const TODAY = beijingDate(Date.now());
const chipOf = (p: PageHandle, date: string) => p.byClass('date-chip').find((c) => c.getAttribute('data-date') === date || (c.textContent ?? '').includes(date.slice(5)));

test('the venue page says 满 or 剩N段 on each date chip and opens on the first day with a free slot', async () => {
  // 党建阅览室: today's remaining slots and all of tomorrow taken; the day after, two slots taken.
  const venueId = 'cyy-reading';
  const TOMORROW = addDays(TODAY, 1);
  const LATER = addDays(TODAY, 2);
  await fill(venueId, TODAY);
  await fill(venueId, TOMORROW);
  await book(someone(), venueId, [`${LATER}T09:30:00+08:00`, `${LATER}T10:30:00+08:00`]);

  page = await weapp.renderPage('packages/venue/pages/detail/index', { venueId });
  await page.waitForText('党建阅览室');
  // Opens on the day after tomorrow: the first with a free slot.
  await page.waitForText(`${Number(LATER.slice(5, 7))}月${Number(LATER.slice(8))}日`);
  const chips = await page.waitFor(() => {
    const today = chipOf(page!, TODAY)?.textContent ?? '';
    return /满/.test(today) ? { today, tomorrow: chipOf(page!, TOMORROW)?.textContent ?? '', later: chipOf(page!, LATER)?.textContent ?? '' } : null;
  });
  expect(chips.today).toContain('满');
  expect(chips.tomorrow).toContain('满');
  // 08:30–17:30: nine slots, two taken.
  expect(chips.later).toContain('剩7段');
  expect(chipOf(page, addDays(TODAY, 5))?.textContent).toContain('剩9段');
});

test('the venue page says how many bookings are left before the form, and why not when none are', async () => {
  const me = someone();
  await book(me, 'cyy-workshop', [`${addDays(TODAY, 4)}T09:30:00+08:00`]);
  cloud.setOpenid(me);
  page = await weapp.renderPage('packages/venue/pages/detail/index', { venueId: 'cyy-rehearsal' });
  await page.waitForText('您还可以预约2次');
  page.unmount();

  await book(me, 'cyy-workshop', [`${addDays(TODAY, 4)}T10:30:00+08:00`]);
  await book(me, 'cyy-workshop', [`${addDays(TODAY, 4)}T11:30:00+08:00`]);
  page = await weapp.renderPage('packages/venue/pages/detail/index', { venueId: 'cyy-rehearsal' });
  await page.waitForText('您已有3个预约，用完或取消一个后才能再约');
  expect(page.text()).not.toContain('您还可以预约');
});

test('按日期和时段找场地 on the 场地 tab lists the rooms free on the chosen date and part of the day', async () => {
  const DATE = addDays(TODAY, 6);
  // 创益园第二会议室: the whole afternoon taken.
  await book(someone(), 'cyy-meeting-2', ['12:30', '13:30', '14:30'].map((c) => `${DATE}T${c}:00+08:00`));
  await book(someone(), 'cyy-meeting-2', ['15:30', '16:30', '17:30'].map((c) => `${DATE}T${c}:00+08:00`));
  await book(someone(), 'cyy-rehearsal', [`${DATE}T13:30:00+08:00`]);

  page = await weapp.renderPage('pages/venues/index');
  await page.waitForText('创益园多功能厅');
  page.tap('按日期和时段找场地');
  await page.waitForText('什么时候');
  await page.waitFor(() => page!.findAllByText(new RegExp(`${DATE.slice(5)}$`)).length === 1);
  page.tap(new RegExp(`${DATE.slice(5)}$`));
  page.tap('下午');
  const list = await page.waitFor(() => {
    const t = page!.byClass('free-search__summary')[0]?.textContent ?? '';
    return t.includes(DATE.slice(5)) && t.includes('下午') ? page!.byClass('free-search__row').map((r) => r.textContent ?? '') : null;
  });
  expect(list.filter((r) => r.includes('创益园第二会议室'))).toEqual([]);
  expect(list.find((r) => r.includes('创益园排练室'))).toContain('剩5段');
  expect(list.find((r) => r.includes('创益园第一会议室'))).toContain('剩6段');
  // One call for the whole window: switching dates asks nothing more.
  const calls = cloud.calls.filter((c) => (c.data as { action?: string }).action === 'availability').length;
  page.tap(new RegExp(`${addDays(DATE, 1).slice(5)}$`));
  await page.waitFor(() => (page!.byClass('free-search__summary')[0]?.textContent ?? '').includes(addDays(DATE, 1).slice(5)));
  expect(cloud.calls.filter((c) => (c.data as { action?: string }).action === 'availability')).toHaveLength(calls);
  // Tapping a room opens its page on that date.
  page.tap(new RegExp(`${addDays(DATE, 0).slice(5)}$`));
  await page.waitFor(() => (page!.byClass('free-search__summary')[0]?.textContent ?? '').includes(DATE.slice(5)));
  page.tap('创益园排练室', page.byClass('free-search__list')[0]);
  await page.waitFor(() => navigations.some((u) => u.includes('venueId=cyy-rehearsal') && u.includes(`date=${DATE}`)));
});

test('我的预约: a cancelled booking is under 已取消, not 已结束; its badge matches the manager’s for the same state', async () => {
  const me = someone();
  const kept = await book(me, 'cyy-meeting-1', [`${addDays(TODAY, 7)}T09:30:00+08:00`]);
  const dropped = await book(me, 'cyy-meeting-1', [`${addDays(TODAY, 7)}T10:30:00+08:00`]);
  await api(me, 'cancel', { bookingId: dropped.id }, `pf-cancel-${Date.now().toString(36)}-${++seq}`);
  cloud.setOpenid(me);
  page = await weapp.renderPage('packages/venue/pages/mine/index');
  await page.waitForText('09:30–10:30');
  const residentBadge = page.byClass('state-badge')[0];
  expect(residentBadge?.textContent).toBe('已确认，待签到');
  const residentClass = residentBadge?.getAttribute('class') ?? '';

  page.tap('已结束');
  await page.waitForText('还没有已结束的预约');
  expect(page.text()).not.toContain('10:30–11:30');
  page.tap('已取消');
  await page.waitForText('10:30–11:30');
  expect(page.byClass('state-badge').map((b) => b.textContent)).toEqual(['已取消']);
  page.unmount();

  // The manager's day view of the confirmed booking: the same words and the same badge.
  cloud.setOpenid('demo-venue-manager');
  page = await weapp.renderPage('packages/manage/pages/today/index', { venueId: 'cyy-meeting-1', date: addDays(TODAY, 7) });
  await page.waitForText('09:30–10:30');
  const managerBadge = page.byClass('state-badge').find((b) => b.textContent === '已确认，待签到');
  expect(managerBadge).toBeDefined();
  expect((managerBadge?.getAttribute('class') ?? '').match(/state-badge--\w+/)?.[0]).toBe(residentClass.match(/state-badge--\w+/)?.[0]);
  expect(kept.state).toBe('confirmed');
});
