/**
 * Issue #13's "Must show", end to end in the H5 build in real Chromium against one local runtime:
 *   1. the district admin 周部长 fills in 新增场地 (a 创益园 room: name, 区级, address; the form's hours) and taps 新增场地;
 *      then 添加场地管理员 → finds 韩红梅 by name → 设为管理员 → 确定: she manages the new room;
 *   2. 韩红梅 signs in: 我的 has 场地管理 at once, and 今日安排与签到 shows the new room;
 *   3. a resident opens the room's page, picks tomorrow's first free hour and books it (no approval: confirmed);
 *   4. after the rollup timer (the runtime's scheduler runs admin.rollup every minute at second 15) the dashboard counts
 *      the booking: admin.dashboard's 预约次数 grows by one, and so does the figure 周部长's 数据看板 shows;
 *   5. the street admin 孙科长 (向阳街道) sees only his street: 场地管理 lists 向阳街道's rooms and not the new 创益园 room
 *      nor another street's; 人员与角色 does not find 赵大爷 (东山街道) but finds 王阿姨 (向阳街道); 数据看板 shows 向阳街道
 *      only; and the API refuses him another street's venues, the new room's edit and another street's figures
 *      (AUTH.FORBIDDEN), changing nothing.
 * Needs `npm run build:functions && npm run build:h5` and a browser (see tests/support/browser.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startRuntimeProcess, type RuntimeProcess } from '../../scripts/lib/runtime-process';
import { routes } from '../../src/services/routes';
import { addDays, beijingDate } from '../../types/beijing-time';
import { assertBuilt, launchPhone, type Phone } from '../support/browser';
import { current, routeUrl, signInById } from './app';

jest.setTimeout(300_000);

const ADMIN = 'demo-district-admin';
const STREET_ADMIN = 'demo-street-admin';
/** Fresh accounts, so the story depends on no other test's data. */
const MANAGER = { openid: 'e2e-admin-manager', nickname: '韩红梅', phone: '13905357788' };
const RESIDENT = { openid: 'e2e-admin-resident', nickname: '曲秀芝', phone: '13905357799' };
const VENUE = { name: '创益园心理咨询室', address: '芝罘区南大街创益园三楼东侧' };
/** Another street's room (东山街道) and a room of 向阳街道. */
const OTHER_STREET_VENUE = { id: 'ds-meeting', name: '东山街道社会组织服务中心会议室' };
const OWN_STREET_VENUE = '向阳街道党群服务中心活动室';

let dataDir = '';
let rt: RuntimeProcess | undefined;
let base = '';
const phones: Phone[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-e2e-admin-'));
  // Both builds copied first, so a rebuild elsewhere during the run cannot change what this runtime serves.
  const built = assertBuilt();
  const h5Dir = path.join(dataDir, 'h5');
  const functionsDir = path.join(dataDir, 'functions');
  fs.cpSync(built.h5Dir, h5Dir, { recursive: true });
  fs.cpSync(built.functionsDir, functionsDir, { recursive: true });
  // Timer triggers on, as under `npm start` (startRuntimeProcess turns them off unless asked): admin.rollup folds the booking.
  rt = await startRuntimeProcess({ dataDir: path.join(dataDir, 'data'), env: { FUNCTIONS_DIR: functionsDir, H5_DIR: h5Dir, TIMERS: '1' }, timeoutMs: 90_000 });
  base = rt.url;
}, 90_000);

afterAll(async () => {
  await Promise.all(phones.map((p) => p.close()));
  await rt?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function phone(): Promise<Page> {
  const p = await launchPhone();
  phones.push(p);
  p.page.on('pageerror', (e) => pageErrors.push(e.message));
  return p.page;
}

// ---- what other people's phones do elsewhere, and what the test reads back, over the HTTP API

let seq = 0;
type Answer<T> = { ok: true; data: T } | { ok: false; error: { code: string; message?: string } };
async function call<T>(openid: string, fn: string, action: string, data: unknown, mutates = false): Promise<Answer<T>> {
  const login = await fetch(`${base}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) });
  const token = ((await login.json()) as { data: { token: string } }).data.token;
  const res = await fetch(`${base}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action, data, ...(mutates ? { requestId: `e2e-admin-${Date.now()}-${++seq}` } : {}) }),
  });
  return (await res.json()) as Answer<T>;
}
async function api<T>(openid: string, fn: string, action: string, data: unknown, mutates = false): Promise<T> {
  const answer = await call<T>(openid, fn, action, data, mutates);
  if (!answer.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(answer.error)}`);
  return answer.data;
}

interface AdminVenueView {
  id: string;
  name: string;
  streetId: string | null;
  managers: Array<{ openid: string }>;
}
const venuesOf = async (openid: string, data: Record<string, unknown> = {}): Promise<AdminVenueView[]> => (await api<{ venues: AdminVenueView[] }>(openid, 'admin', 'venues', data)).venues;

/** The dashboard's 预约次数 over the months from this one to the booking's. */
async function bookingsCounted(openid: string, from: string, to: string, streetId?: string): Promise<number> {
  const d = await api<{ figures: { bookings: number } }>(openid, 'admin', 'dashboard', { from, to, ...(streetId ? { streetId } : {}) });
  return d.figures.bookings;
}

/** The number on one of 数据看板's figure cards (e.g. 预约次数). */
async function figureOn(page: Page, label: string): Promise<number> {
  const card = current(page).locator('.dash-figure').filter({ has: page.locator('.dash-figure__label', { hasText: new RegExp(`^${label}$`) }) });
  await card.first().waitFor();
  const text = (await card.first().locator('.dash-figure__value').textContent()) ?? '';
  return Number(text.replace(/[^\d.]/g, ''));
}

/** Opens a route and waits until no spinner shows. */
async function open(page: Page, route: string): Promise<void> {
  await page.goto(routeUrl(base, route));
  await current(page).waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.querySelector('.taro_page_show:not(.taro_page_shade) .state--loading'), undefined, { timeout: 30_000 });
}

/** Taps the button of the confirmation dialog on top. */
async function confirmDialog(page: Page, button: string): Promise<string> {
  const modal = page.locator('.taro-modal__content');
  await modal.waitFor();
  const said = (await modal.textContent()) ?? '';
  await page.locator('.taro-modal__foot').getByText(button, { exact: true }).click();
  await modal.waitFor({ state: 'hidden' });
  return said;
}

const today = beijingDate(Date.now());
const monthStart = `${today.slice(0, 7)}-01`;

const day = addDays(today, 1);
/** The last day of the booking's month: the dashboard's range runs from this month's first day to it. */
const monthEnd = (() => {
  const [y, m] = day.slice(0, 7).split('-').map(Number) as [number, number];
  return `${day.slice(0, 7)}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
})();
let venueId = '';
let admin: Page;
let shownBefore = 0;
let countedBefore = 0;

it('a district admin adds a room and makes a person its manager; she sees it at once; a resident books it', async () => {
  await api(MANAGER.openid, 'user', 'setProfile', { nickname: MANAGER.nickname, phone: MANAGER.phone }, true);
  await api(RESIDENT.openid, 'user', 'setProfile', { nickname: RESIDENT.nickname, phone: RESIDENT.phone }, true);

  // 1. 周部长 adds the room.
  admin = await phone();
  await signInById(admin, base, ADMIN);
  await open(admin, routes.dashboard());
  shownBefore = await figureOn(admin, '预约次数');
  countedBefore = await bookingsCounted(ADMIN, monthStart, monthEnd);

  await open(admin, routes.adminVenueEdit());
  const form = current(admin);
  await form.locator('input[aria-label="场地名称"]').fill(VENUE.name);
  await form.getByText('区级（创益园）', { exact: true }).click();
  await form.locator('input[aria-label="地址"]').fill(VENUE.address);
  await form.locator('.admin-actions').getByText('新增场地', { exact: true }).click();
  await form.getByText(/场地已新增/).waitFor();
  const created = (await venuesOf(ADMIN)).find((v) => v.name === VENUE.name);
  expect(created).toMatchObject({ name: VENUE.name, streetId: null, managers: [] });
  venueId = created!.id;

  // … and makes 韩红梅 its manager: 添加场地管理员 → 查找 → 设为管理员 → 确定.
  await form.getByText('添加场地管理员', { exact: true }).click();
  await form.locator('input[aria-label="姓名或手机号"]').fill(MANAGER.nickname);
  await form.locator('.admin-search__go', { hasText: '查找' }).click();
  const found = form.locator('.admin-search .admin-person').filter({ hasText: MANAGER.nickname });
  await found.waitFor();
  await expect(found.textContent()).resolves.toContain('139****7788');
  await found.getByText('设为管理员', { exact: true }).click();
  expect(await confirmDialog(admin, '确定')).toContain(VENUE.name);
  await form.locator('.admin-managers .admin-person__name', { hasText: MANAGER.nickname }).waitFor();
  expect((await venuesOf(ADMIN)).find((v) => v.id === venueId)?.managers.map((m) => m.openid)).toEqual([MANAGER.openid]);

  // 2. 韩红梅 sees it in her pages at once.
  const manager = await phone();
  await signInById(manager, base, MANAGER.openid);
  await current(manager).getByText('今日安排与签到', { exact: true }).click();
  await manager.waitForURL((u) => u.hash.includes(routes.manageToday));
  await current(manager).getByText(VENUE.name).first().waitFor();

  // 3. A resident books tomorrow's first free hour of it (no approval needed: confirmed at once).
  const resident = await phone();
  await signInById(resident, base, RESIDENT.openid);
  await open(resident, routes.venueDetail(venueId));
  await current(resident).getByText(VENUE.name).first().waitFor();
  await current(resident).locator(`.date-chip[data-date="${day}"]`).click();
  await current(resident).locator(`.slot[data-start^="${day}T"].slot--free`).first().click();
  await current(resident).locator('.booking-bar__go').click();
  await current(resident).locator('.book__form').waitFor();
  await current(resident).locator('.field__textarea textarea').fill('老年心理健康讲座');
  await current(resident).locator('.book__submit').click();
  await current(resident).locator('.book-result__title').waitFor();
  const mine = await api<{ bookings: Array<{ venueId: string; state: string }> }>(RESIDENT.openid, 'venue', 'mine', {});
  expect(mine.bookings.filter((b) => b.venueId === venueId).map((b) => b.state)).toEqual(['confirmed']);

});

it('the dashboard counts the booking after the rollup timer', async () => {
  expect(venueId).not.toBe('');
  // The runtime's scheduler runs admin.rollup every minute at second 15.
  const deadline = Date.now() + 150_000;
  let counted = countedBefore;
  while (Date.now() < deadline && counted === countedBefore) {
    await new Promise((r) => setTimeout(r, 3_000));
    counted = await bookingsCounted(ADMIN, monthStart, monthEnd);
  }
  expect(counted).toBe(countedBefore + 1);
  await open(admin, routes.dashboard());
  await expect(figureOn(admin, '预约次数')).resolves.toBe(shownBefore + 1);

});

it('a street admin sees and changes only his own street: venues, people, figures', async () => {
  expect(venueId).not.toBe('');
  // 孙科长 (向阳街道) sees only his street …
  const street = await phone();
  await signInById(street, base, STREET_ADMIN);
  await open(street, routes.adminVenues);
  const names = current(street).locator('.admin-place__name');
  await names.filter({ hasText: OWN_STREET_VENUE }).waitFor();
  const listed = await names.allTextContents();
  expect(listed).not.toContain(VENUE.name);
  expect(listed).not.toContain(OTHER_STREET_VENUE.name);
  expect((await venuesOf(STREET_ADMIN)).every((v) => v.streetId === 'xiangyang')).toBe(true);
  // … finds people of his street only …
  await open(street, routes.adminPeople());
  const search = async (q: string): Promise<void> => {
    await current(street).locator('input[aria-label="姓名或手机号"]').fill(q);
    await current(street).locator('.admin-search__go', { hasText: '查找' }).click();
  };
  await search('赵大爷');
  await current(street).getByText(/没有找到这个人/).waitFor();
  await search('王阿姨');
  await current(street).locator('.admin-search .admin-person', { hasText: '王阿姨' }).waitFor();
  expect((await api<{ people: unknown[] }>(STREET_ADMIN, 'admin', 'findPeople', { q: '赵大爷' })).people).toEqual([]);
  // … and his street's figures only.
  await open(street, routes.dashboard());
  await expect(current(street).locator('.dash-head__scope').textContent()).resolves.toBe('向阳街道');

  // The API refuses him another street's venues and figures, and the new 创益园 room's edit and retirement; nothing changes.
  const before = await venuesOf(ADMIN);
  const auditBefore = await api<{ entries: unknown[] }>(ADMIN, 'admin', 'auditLog', {});
  const refused = [
    await call(STREET_ADMIN, 'admin', 'venues', { streetId: 'dongshan' }),
    await call(STREET_ADMIN, 'admin', 'dashboard', { streetId: 'dongshan', from: monthStart, to: monthEnd }),
    await call(STREET_ADMIN, 'admin', 'exportTable', { table: 'streets', streetId: 'dongshan', from: monthStart, to: monthEnd }),
    await call(STREET_ADMIN, 'admin', 'saveVenue', {
      venueId,
      venue: { name: '改名的咨询室', level: 'district', type: 'meeting', capacity: 8, facilities: [], address: VENUE.address, streetId: null, communityId: null, opens: '08:30', closes: '17:30', slotMinutes: 60, windowDays: 14, maxConsecutive: 3, needsApproval: false, photos: [] },
    }, true),
    await call(STREET_ADMIN, 'admin', 'retireVenue', { venueId: OTHER_STREET_VENUE.id, reason: '不再使用' }, true),
  ];
  expect(refused.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']);
  expect(await venuesOf(ADMIN)).toEqual(before);
  expect(await api<{ entries: unknown[] }>(ADMIN, 'admin', 'auditLog', {})).toEqual(auditBefore);
  // Opening the other street's room in 编辑场地 shows nothing of it.
  await open(street, routes.adminVenueEdit(OTHER_STREET_VENUE.id));
  await current(street).getByText(/没有找到这个场地/).waitFor();
  await expect(current(street).getByText(OTHER_STREET_VENUE.name).count()).resolves.toBe(0);
});

it('raised no page errors', () => {
  expect(pageErrors).toEqual([]);
});
