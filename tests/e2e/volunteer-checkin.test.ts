/**
 * The end-to-end check-in, in the H5 build in real Chromium, two phones against one local runtime:
 * 赵站长 (demo-station-manager) goes 我的 → 站点管理 → 服务班次 → 签到码 for a shift of his station starting soon; a
 * registered volunteer on her own phone opens the check-in page, types the six digits read off his screen and checks
 * in. Then the clock moves past the shift's end — the runtime is restarted on the same data and port with its test
 * clock (DEMO_CLOCK) 80 minutes on; the phones keep their sign-ins — his screen shows the then-current code, she
 * checks out with it, is credited the hour of the shift, and 我的时长 shows it with the progress to the first star.
 * Needs `npm run build:functions && npm run build:h5` and a browser (see tests/support/browser.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startRuntimeProcess, type RuntimeProcess } from '../../scripts/lib/runtime-process';
import { assertBuilt, launchPhone, type Phone } from '../support/browser';
import { current, routeUrl, signIn, signInById } from './app';

jest.setTimeout(200_000);

const MINUTE = 60_000;
const VOLUNTEER = { openid: 'e2e-checkin-volunteer', realName: '王秀兰', phone: '13905358866' };
const checkinRoute = (shiftId: string, mode: 'in' | 'out') => `/packages/volunteer/pages/checkin/index?shiftId=${shiftId}&mode=${mode}`;

let dataDir = '';
let rt: RuntimeProcess | undefined;
let base = '';
let manager: Phone | undefined;
let volunteer: Phone | undefined;
const pageErrors: string[] = [];

/** The local runtime serving the H5 build and the functions, on `base`'s port once it has one (same origin after a restart). */
async function startRuntime(env: Record<string, string> = {}): Promise<void> {
  const built = assertBuilt();
  const h5Dir = path.join(dataDir, 'h5');
  if (!fs.existsSync(h5Dir)) fs.cpSync(built.h5Dir, h5Dir, { recursive: true });
  rt = await startRuntimeProcess({
    dataDir,
    env: { FUNCTIONS_DIR: built.functionsDir, H5_DIR: h5Dir, PORT: base ? new URL(base).port : '0', ...env },
  });
  base = rt.url;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-e2e-checkin-'));
  await startRuntime();
  [manager, volunteer] = await Promise.all([launchPhone(), launchPhone()]);
  for (const p of [manager, volunteer]) p.page.on('pageerror', (e) => pageErrors.push(e.message));
}, 60_000);

afterAll(async () => {
  await Promise.all([manager?.close(), volunteer?.close()]);
  await rt?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

// ---- set-up over the HTTP API, as the manager's and the volunteer's phones would do it elsewhere

const tokens = new Map<string, string>();
let seq = 0;
async function api<T>(openid: string, action: string, data: unknown, mutates = false): Promise<T> {
  let token = tokens.get(openid);
  if (!token) {
    const res = await fetch(`${base}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) });
    token = ((await res.json()) as { data: { token: string } }).data.token;
    tokens.set(openid, token);
  }
  const res = await fetch(`${base}/api/volunteer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ action, data, ...(mutates ? { requestId: `e2e-checkin-${Date.now()}-${++seq}` } : {}) }),
  });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!body.ok) throw new Error(`volunteer.${action} as ${openid}: ${JSON.stringify(body.error)}`);
  return body.data as T;
}

const iso = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 16)}:00+08:00`;

/** The six digits on the manager's code screen now. */
async function digitsOnScreen(page: Page): Promise<string> {
  const digits = current(page).locator('.shift-code__digits');
  await digits.waitFor();
  const text = ((await digits.textContent()) ?? '').replace(/\s/g, '');
  expect(text).toMatch(/^\d{6}$/);
  return text;
}

async function typeCodeAndSend(page: Page, code: string, verb: '签到' | '签退'): Promise<void> {
  const form = current(page);
  await form.locator('.code-boxes__input input').fill(code);
  await form.getByText(`确认${verb}`, { exact: true }).click();
}

async function failWithContext(name: string, e: unknown): Promise<never> {
  fs.mkdirSync(path.join(process.cwd(), '.tmp'), { recursive: true });
  for (const [who, phone] of [['manager', manager], ['volunteer', volunteer]] as const) {
    await phone?.page.screenshot({ path: path.join(process.cwd(), '.tmp', `e2e-checkin-${name}-${who}.png`) }).catch(() => undefined);
  }
  throw new Error(`${e instanceof Error ? e.message : String(e)}\n\npage errors: ${pageErrors.join(' | ') || '(none)'}\nlocal runtime output:\n${rt?.output() ?? ''}`, { cause: e });
}

describe('checking in and out of a service shift with the rotating code', () => {
  it('the manager shows the code, the volunteer types it to check in; past the end she checks out and sees her hour and star progress', async () => {
    const m = manager!.page;
    const v = volunteer!.page;
    try {
      // A shift at 赵站长's station starting in 10 minutes, an hour long; a newly registered volunteer holds a place.
      const start = Math.ceil((Date.now() + 10 * MINUTE) / MINUTE) * MINUTE;
      const shift = await api<{ id: string }>('demo-station-manager', 'createShift', {
        stationId: 'st-beida',
        title: '社区助老上门服务',
        start: iso(start),
        end: iso(start + 60 * MINUTE),
        capacity: 5,
        place: '北大社区党群服务中心一楼',
      }, true);
      await api(VOLUNTEER.openid, 'register', { realName: VOLUNTEER.realName, phone: VOLUNTEER.phone }, true);
      expect(await api(VOLUNTEER.openid, 'signUp', { shiftId: shift.id }, true)).toEqual(expect.objectContaining({ state: 'confirmed' }));

      await Promise.all([signIn(m, base, '红帆站站长 赵站长'), signInById(v, base, VOLUNTEER.openid)]);

      // 赵站长: 我的 → 站点管理 → 服务班次与签到 → the shift's card → 签到码.
      await current(m).getByText('服务班次与签到').click();
      await m.waitForURL((u) => u.hash.includes('/packages/steward/pages/shifts/index'));
      const card = current(m).locator('.shift-card', { hasText: '社区助老上门服务' });
      await card.waitFor();
      expect(await card.textContent()).toContain('已报名 1/5人');
      await card.getByText('签到码', { exact: true }).click();
      await m.waitForURL((u) => u.hash.includes(`/packages/steward/pages/code/index?shiftId=${shift.id}`));
      const screen = current(m);
      await screen.locator('.qr-code').waitFor();
      expect(await screen.textContent()).toContain('社区助老上门服务');
      // big enough to read from a metre away
      const digitBox = await screen.locator('.shift-code__digit').first().boundingBox();
      expect(digitBox!.height).toBeGreaterThanOrEqual(72);
      const qrBox = await screen.locator('.qr-code').boundingBox();
      expect(qrBox!.width).toBeGreaterThanOrEqual(200);

      // The volunteer, on her phone: the check-in page of the shift, the six digits read off his screen.
      await v.goto(routeUrl(base, checkinRoute(shift.id, 'in')));
      await current(v).getByText('社区助老上门服务').first().waitFor();
      await typeCodeAndSend(v, await digitsOnScreen(m), '签到');
      await current(v).getByText('签到成功', { exact: true }).waitFor();

      // The clock moves past the end: the runtime comes back on the same data, 80 minutes on.
      await rt!.stop();
      await startRuntime({ DEMO_CLOCK: '+80m' });

      // His screen fetches the then-current code by itself (at most one step after the outage); it counts her in.
      await screen.locator('.shift-code__count', { hasText: '已签到' }).locator('.shift-code__count-num', { hasText: /^1$/ }).waitFor({ timeout: 75_000 });
      const later = await digitsOnScreen(m);

      await v.goto(routeUrl(base, checkinRoute(shift.id, 'out')));
      await current(v).getByText('社区助老上门服务').first().waitFor();
      await typeCodeAndSend(v, later, '签退');
      const result = current(v);
      await result.getByText('签退成功', { exact: true }).waitFor();
      expect(await result.textContent()).toContain('本次记入1小时');

      // 我的时长: the hour, its entry, and how far the first star is.
      await result.getByText('查看我的时长', { exact: true }).click();
      await v.waitForURL((u) => u.hash.includes('/packages/volunteer/pages/hours/index'));
      const hours = current(v);
      await hours.locator('.hours__big').waitFor();
      expect(((await hours.locator('.hours__big').textContent()) ?? '').replace(/\s/g, '')).toBe('1小时');
      expect(await hours.locator('.stars__level').textContent()).toBe('还没有星级');
      expect(await hours.locator('.stars__next').textContent()).toBe('距一星还差99小时');
      const entry = hours.locator('.hours__entry', { hasText: '社区助老上门服务' });
      expect(await entry.textContent()).toContain('签退');

      // And on his screen, within a step, she is counted out too.
      await screen.locator('.shift-code__count', { hasText: '已签退' }).locator('.shift-code__count-num', { hasText: /^1$/ }).waitFor({ timeout: 40_000 });
      expect(pageErrors).toEqual([]);
    } catch (e) {
      await failWithContext('flow', e);
    }
  });
});
