/**
 * Issue #12's "Must show", end to end in the H5 build in real Chromium against one local runtime:
 *   1. the branch secretary 刘书记 fills in 编辑活动 (title, type, a few lines, tomorrow 09:30–11:30, a 创益园 room from
 *      the venue list) and taps 发布: the activity is published and the room's slots are held for it;
 *   2. a resident (a fresh account) finds it under 近期活动 on 首页, opens it and signs up (我要报名 → 确认报名);
 *   3. 刘书记 opens 编辑活动 again, moves it an hour later with the time pickers and taps 保存修改 (warned that the one
 *      person signed up will be told): the room's old slots are freed and the new ones held;
 *   4. the resident's 我的消息 says what changed (时间改为 … 10:30–12:30（原 09:30–11:30）);
 *   5. the clock moves to five minutes before the new start (the runtime restarted on the same data and port with
 *      DEMO_CLOCK; the phones keep their sign-ins): 刘书记's phone shows the rotating code (签到码); the resident types
 *      a wrong code (refused in words), then the code read off his screen, and is checked in;
 *   6. 报名名单 shows her checked in; 导出名单 downloads a real .xlsx whose rows say so (read back with exceljs).
 * Needs `npm run build:functions && npm run build:h5` and a browser (see tests/support/browser.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { startRuntimeProcess, type RuntimeProcess } from '../../scripts/lib/runtime-process';
import { routes } from '../../src/services/routes';
import { addDays, beijingDate, beijingInstant, toBeijingIso } from '../../types/beijing-time';
import { assertBuilt, launchPhone, type Phone } from '../support/browser';
import { current, routeUrl, signIn, signInById, tapTab } from './app';

jest.setTimeout(300_000);

const MINUTE = 60_000;
const TITLE = '手机防诈骗志愿者培训';
const DESCRIPTION = '教志愿者认清冒充客服、保健品推销这些常见骗局，再回社区讲给老人听。请带上手机。';
/** A 创益园 room nothing in the seeded week holds tomorrow morning. */
const VENUE = { id: 'cyy-rehearsal', name: '创益园排练室' };
/** A fresh account, so the story depends on no other test's data. */
const RESIDENT = { openid: 'e2e-activity-resident', nickname: '孙玉珍', phone: '13905351688' };

let dataDir = '';
let rt: RuntimeProcess | undefined;
let base = '';
const phones: Phone[] = [];
const pageErrors: string[] = [];

/**
 * The local runtime serving the H5 build and the functions, on `base`'s port once it has one (same origin after a
 * restart). Both builds are copied first, so the restart runs the same code whatever is rebuilt meanwhile.
 */
async function startRuntime(env: Record<string, string> = {}): Promise<void> {
  const built = assertBuilt();
  const h5Dir = path.join(dataDir, 'h5');
  const functionsDir = path.join(dataDir, 'functions');
  if (!fs.existsSync(h5Dir)) fs.cpSync(built.h5Dir, h5Dir, { recursive: true });
  if (!fs.existsSync(functionsDir)) fs.cpSync(built.functionsDir, functionsDir, { recursive: true });
  rt = await startRuntimeProcess({
    dataDir,
    env: { FUNCTIONS_DIR: functionsDir, H5_DIR: h5Dir, PORT: base ? new URL(base).port : '0', ...env },
  });
  base = rt.url;
}

async function phone(): Promise<Page> {
  const p = await launchPhone();
  phones.push(p);
  p.page.on('pageerror', (e) => pageErrors.push(e.message));
  return p.page;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-e2e-activities-'));
  await startRuntime();
}, 60_000);

afterAll(async () => {
  await Promise.all(phones.map((p) => p.close()));
  await rt?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// ---- what other people's phones do elsewhere, and what the test reads back, over the HTTP API

let seq = 0;
async function api<T>(openid: string, fn: string, action: string, data: unknown, mutates = false): Promise<T> {
  const login = await fetch(`${base}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) });
  const token = ((await login.json()) as { data: { token: string } }).data.token;
  const res = await fetch(`${base}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action, data, ...(mutates ? { requestId: `e2e-activities-${Date.now()}-${++seq}` } : {}) }),
  });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!body.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(body.error)}`);
  return body.data as T;
}

/** The state of a venue's slot at a Beijing instant, as the venue page's grid shows it. */
async function slotState(date: string, clock: string): Promise<string | undefined> {
  const { slots } = await api<{ slots: Array<{ start: string; state: string }> }>(RESIDENT.openid, 'venue', 'slots', { venueId: VENUE.id, date });
  return slots.find((s) => s.start === toBeijingIso(beijingInstant(date, clock)))?.state;
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

/**
 * Moves a time picker (开始时间 / 结束时间) one hour later: opens it, drags its hour column up by one row (34 px, as
 * a finger would), and taps 确定.
 */
async function oneHourLater(page: Page, form: Locator, label: '开始时间' | '结束时间'): Promise<void> {
  await form.locator(`.picker-field[aria-label^="${label}"]`).click();
  // The open picker's sheet (every picker on the page has one, hidden while closed).
  const sheet = page.locator('.weui-picker__bd:visible');
  await sheet.waitFor();
  const hours = sheet.locator('taro-picker-group').first();
  // Once the sheet has slid up (its place stops changing).
  let box = await hours.boundingBox();
  for (let settled = false; !settled; ) {
    await page.waitForTimeout(150);
    const next = await hours.boundingBox();
    settled = next !== null && box !== null && Math.abs(next.y - box.y) < 0.5;
    box = next;
  }
  if (!box) throw new Error(`${label}: no hour column`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x, y - 17, { steps: 3 });
  await page.mouse.move(x, y - 34, { steps: 3 });
  await page.mouse.up();
  await page.locator('.weui-picker__hd:visible .weui-picker__action', { hasText: '确定' }).click();
  await sheet.waitFor({ state: 'hidden' });
}

async function typeCode(page: Page, code: string): Promise<void> {
  const form = current(page);
  await form.locator('.code-boxes__input input').fill(code);
  await form.getByText('确认签到', { exact: true }).click();
}

/** The six digits on the organiser's screen now. */
async function digitsOnScreen(page: Page): Promise<string> {
  const digits = current(page).locator('.shift-code__digits');
  await digits.waitFor();
  const text = ((await digits.textContent()) ?? '').replace(/\s/g, '');
  expect(text).toMatch(/^\d{6}$/);
  return text;
}

/** A code that is neither the one on screen nor (almost surely) any other accepted one: every digit moved by 5. */
const wrongCode = (code: string) => code.replace(/\d/g, (d) => String((Number(d) + 5) % 10));

async function failWithContext(e: unknown): Promise<never> {
  fs.mkdirSync(path.join(process.cwd(), '.tmp'), { recursive: true });
  for (const [i, p] of phones.entries()) {
    await p.page.screenshot({ path: path.join(process.cwd(), '.tmp', `e2e-activities-phone${i + 1}.png`) }).catch(() => undefined);
  }
  throw new Error(`${e instanceof Error ? e.message : String(e)}\n\npage errors: ${pageErrors.join(' | ') || '(none)'}\nlocal runtime output:\n${rt?.output() ?? ''}`, { cause: e });
}

interface Summary {
  id: string;
  title: string;
  state: string;
  start: string;
  end: string;
  venueId: string | null;
  taken: number;
}

describe('activities end to end: publish into a 创益园 room, sign up from 首页, move it, the notice, check-in, the roster export', () => {
  it('tells the story of #12 on a branch secretary’s and a resident’s phones', async () => {
    try {
      const tomorrow = addDays(beijingDate(Date.now()), 1);
      expect(await slotState(tomorrow, '09:30')).toBe('free');
      await api(RESIDENT.openid, 'user', 'setProfile', { nickname: RESIDENT.nickname, phone: RESIDENT.phone }, true);

      // ---- 1. 刘书记 fills in 编辑活动 and publishes into 创益园排练室, tomorrow 09:30–11:30 (the form's default time).
      const s = await phone();
      await signIn(s, base, '支部书记 刘书记');
      await s.goto(routeUrl(base, routes.organizerEdit()));
      const form = current(s);
      await form.locator('.field', { hasText: '活动标题' }).locator('input').fill(TITLE);
      await form.locator('.otypes .shift-form__choice', { hasText: /^培训$/ }).click();
      await form.locator('.field', { hasText: '活动介绍' }).locator('textarea').fill(DESCRIPTION);
      expect(await form.locator('.picker-field[aria-label^="开始时间"]').textContent()).toContain('09:30');
      expect(await form.locator('.picker-field[aria-label^="结束时间"]').textContent()).toContain('11:30');
      await form.locator('.venue-pick__toggle').click();
      await form.locator('.venue-pick__option', { hasText: VENUE.name }).click();
      await form.locator('.venue-pick__name', { hasText: VENUE.name }).waitFor();
      await form.locator('.oactions').getByText('发布', { exact: true }).click();
      expect(await confirmDialog(s, '发布')).toContain('订下所选场地');
      await s.waitForURL((u) => !u.hash.includes('/organizer/pages/edit'));

      const organized = await api<{ items: Summary[] }>('demo-secretary', 'activity', 'organized', {});
      const published = organized.items.find((a) => a.title === TITLE);
      expect(published).toMatchObject({ state: 'published', venueId: VENUE.id, start: toBeijingIso(beijingInstant(tomorrow, '09:30')), end: toBeijingIso(beijingInstant(tomorrow, '11:30')) });
      const id = published!.id;
      // The room's slots are held for it.
      expect(await slotState(tomorrow, '09:30')).toBe('taken');
      expect(await slotState(tomorrow, '10:30')).toBe('taken');

      // ---- 2. The resident finds it under 近期活动 on 首页 and signs up.
      const r = await phone();
      await signInById(r, base, RESIDENT.openid);
      await tapTab(r, '首页');
      const card = current(r).locator('.home__activities .acard', { hasText: TITLE });
      await card.waitFor();
      expect(await card.textContent()).toContain(VENUE.name);
      await card.click();
      await r.waitForURL((u) => u.hash.includes(routes.activity(id)));
      const detail = current(r);
      await detail.getByText('我要报名', { exact: true }).click();
      expect(await confirmDialog(r, '确认报名')).toContain(TITLE);
      await detail.locator('.adetail__notice--mine', { hasText: '您已报名' }).waitFor();

      // ---- 3. 刘书记 moves it an hour later: 编辑活动 → the time pickers → 保存修改 (the one person will be told).
      await s.goto(routeUrl(base, routes.organizerEdit(id)));
      const edit = current(s);
      await expect(edit.locator('.field', { hasText: '活动标题' }).locator('input').inputValue()).resolves.toBe(TITLE);
      await oneHourLater(s, edit, '开始时间');
      await oneHourLater(s, edit, '结束时间');
      expect(await edit.locator('.picker-field[aria-label^="开始时间"]').textContent()).toContain('10:30');
      expect(await edit.locator('.picker-field[aria-label^="结束时间"]').textContent()).toContain('12:30');
      await edit.locator('.oactions').getByText('保存修改', { exact: true }).click();
      expect(await confirmDialog(s, '保存修改')).toContain('已报名的1人会收到变更通知');
      await s.waitForURL((u) => !u.hash.includes('/organizer/pages/edit'));

      const moved = await api<Summary>(RESIDENT.openid, 'activity', 'get', { activityId: id });
      expect(moved).toMatchObject({ start: toBeijingIso(beijingInstant(tomorrow, '10:30')), end: toBeijingIso(beijingInstant(tomorrow, '12:30')), taken: 1 });
      // The room follows: 09:30 freed, 10:30 and 11:30 held.
      expect(await slotState(tomorrow, '09:30')).toBe('free');
      expect(await slotState(tomorrow, '10:30')).toBe('taken');
      expect(await slotState(tomorrow, '11:30')).toBe('taken');

      // ---- 4. The resident's 我的消息 says what changed.
      await r.goto(routeUrl(base, routes.messages));
      const notice = current(r).locator('.message', { hasText: TITLE }).filter({ hasText: '时间改为' });
      await notice.waitFor();
      expect(await notice.locator('.message__body').textContent()).toMatch(/时间改为.*10:30.*12:30.*（原 09:30.11:30）/);

      // ---- 5. Five minutes before the new start: 刘书记's code screen, the resident checks in.
      const start = beijingInstant(tomorrow, '10:30');
      await rt!.stop();
      await startRuntime({ DEMO_CLOCK: toBeijingIso(start - 5 * MINUTE) });
      await s.goto(routeUrl(base, routes.organizerCode(id)));
      const screen = current(s);
      await screen.locator('.qr-code').waitFor();

      await r.goto(routeUrl(base, routes.activityCheckIn(id)));
      await current(r).getByText(TITLE).first().waitFor();
      await typeCode(r, wrongCode(await digitsOnScreen(s)));
      await current(r).getByRole('alert').getByText('签到码不对', { exact: false }).waitFor();
      await typeCode(r, await digitsOnScreen(s));
      const done = current(r);
      await done.getByText('签到成功', { exact: true }).waitFor();
      expect(await done.textContent()).toMatch(/记入\d+红色积分/);

      // ---- 6. 报名名单: she is checked in; 导出名单 downloads the workbook.
      await s.goto(routeUrl(base, routes.organizerRoster(id)));
      const roster = current(s);
      const row = roster.locator('.operson', { hasText: RESIDENT.nickname });
      await row.waitFor();
      await row.getByText('已签到', { exact: false }).waitFor();
      // Her own branch secretary sees her phone in full.
      expect(((await row.textContent()) ?? '').replace(/\s/g, '')).toContain(RESIDENT.phone);
      const [download] = await Promise.all([s.waitForEvent('download'), roster.getByText('导出名单（Excel）', { exact: true }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const file = path.join(dataDir, 'roster.xlsx');
      await download.saveAs(file);
      expect(fs.readFileSync(file).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(file);
      const sheet = book.worksheets[0];
      expect(sheet).toBeDefined();
      const rows: string[][] = [];
      sheet!.eachRow((line) => rows.push([1, 2, 3, 4, 5, 6].map((i) => line.getCell(i).text)));
      // 序号, 姓名, 电话, 状态, 报名时间, 签到时间: one person, signed up and checked in (Beijing time, the demo clock's day).
      const people = rows.filter((x) => /^\d+$/.test(x[0] ?? ''));
      expect(people).toEqual([['1', RESIDENT.nickname, RESIDENT.phone, '已报名', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), expect.stringMatching(new RegExp(`^${tomorrow} 10:2\\d$`))]]);

      expect(pageErrors).toEqual([]);
    } catch (e) {
      await failWithContext(e);
    }
  });
});
