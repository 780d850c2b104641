/**
 * 志愿服务 in the H5 app, in real Chromium against the local runtime: a new resident reads the volunteer terms and
 * registers, finds a shift and signs up (confirmed, and the page says 已报名), then — with hours the station manager
 * granted — issues a 志愿服务记录证明 with a masked name, prints it (print CSS keeps only the certificate), and anyone
 * verifies its number; an unknown number is said plainly. (The check-in flow has its own test: volunteer-checkin.)
 */
import { launchPhone, startRuntime, type Phone, type Runtime } from '../support/browser';
import { current, routeUrl, signInById } from './app';

jest.setTimeout(120_000);

let runtime: Runtime | undefined;
let phone: Phone | undefined;

beforeAll(async () => {
  runtime = await startRuntime();
  phone = await launchPhone();
}, 45_000);

afterAll(async () => {
  await phone?.close();
  await runtime?.stop();
});

const OPENID = 'e2e-volunteer-1';
const MANAGER = 'demo-station-manager';
const NAME = '张秀兰';
let seq = 0;

/** Calls the local runtime as `openid`, outside the browser. */
async function api<T>(openid: string, fn: string, action: string, data: unknown): Promise<T> {
  const base = runtime!.url;
  const login = (await (await fetch(`${base}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).json()) as { data: { token: string } };
  const res = await fetch(`${base}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.token}` },
    body: JSON.stringify({ action, data, requestId: `e2e-volunteer-${Date.now()}-${++seq}` }),
  });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
  if (!body.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(body.error)}`);
  return body.data as T;
}

const iso = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 16)}:00+08:00`;

it('registers after the terms, signs up for a shift, issues a certificate that prints alone and verifies', async () => {
  const { page } = phone!;
  const base = runtime!.url;
  const start = Math.ceil((Date.now() + 2 * 86_400_000) / 60_000) * 60_000;
  const shift = await api<{ id: string }>(MANAGER, 'volunteer', 'createShift', {
    stationId: 'st-beida',
    title: '楼道清洁志愿服务',
    start: iso(start),
    end: iso(start + 2 * 3_600_000),
    capacity: 2,
    place: '北大社区3号楼',
  });

  await signInById(page, base, OPENID);
  // 我的 → 志愿服务 offers the registration to someone not registered.
  await current(page).getByText('注册成为志愿者').click();

  const form = current(page);
  await form.getByText('志愿者须知').waitFor();
  await form.getByText(/真实姓名和手机号会保存下来/).waitFor();
  // Nothing typed: the name is asked for at its field.
  await form.getByText('同意并注册', { exact: true }).click();
  await form.getByText('请填写真实姓名（2到15个汉字）').waitFor();
  await form.locator('.v-field__input input').nth(0).fill(NAME);
  await form.locator('.v-field__input input').nth(1).fill('13905353333');
  await form.getByText('同意并注册', { exact: true }).click();

  // Registered: straight to 找服务.
  await page.waitForURL((u) => u.hash.startsWith('#/packages/volunteer/pages/shifts/index'));
  const shifts = current(page);
  const card = shifts.locator('.vshift-card', { hasText: '楼道清洁志愿服务' });
  await card.getByText('剩2个名额').waitFor();
  await card.getByText('报名', { exact: true }).click();
  await page.getByText('确认报名', { exact: true }).click();
  await card.getByText('已报名').waitFor();
  await card.getByText('剩1个名额').waitFor();
  const mine = await api<{ shifts: Array<{ id: string; myState: string }> }>(OPENID, 'volunteer', 'myShifts', { when: 'upcoming' });
  expect(mine.shifts.find((s) => s.id === shift.id)?.myState).toBe('confirmed');

  // Hours granted by the station manager; then the certificate, name partly hidden (the default).
  await api(MANAGER, 'volunteer', 'grantHours', { openid: OPENID, stationId: 'st-beida', hours: 12.5, reason: '社区环境整治' });
  await page.goto(routeUrl(base, '/packages/volunteer/pages/certificate/index'));
  const certPage = current(page);
  await certPage.getByText('证明上的姓名怎么显示').waitFor();
  await certPage.getByText('开具证明', { exact: true }).click();
  const cert = certPage.locator('.cert');
  await cert.getByText('志愿服务记录证明').waitFor();
  const certText = (await cert.innerText()).replace(/\s+/g, '');
  expect(certText).toContain('累计12.5小时');
  expect(certText).not.toContain(NAME);
  const number = /证明编号：([A-Z0-9-]+)/.exec(certText)?.[1];
  expect(number).toBeTruthy();

  // 打印证明 prints the page; on paper only the certificate shows (no buttons, no help card).
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await certPage.getByText('打印证明').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  expect(await cert.isVisible()).toBe(true);
  expect(await certPage.getByText('打印证明').isVisible()).toBe(false);
  expect(await certPage.getByText('怎么查验').isVisible()).toBe(false);
  await page.emulateMedia({ media: 'screen' });

  // Anyone verifies the number: the masked name, hours and period, nothing else.
  await certPage.getByText('查验这个编号').click();
  await page.waitForURL((u) => u.hash.startsWith('#/packages/volunteer/pages/verify/index'));
  const verify = current(page);
  await verify.getByText('✓ 证明真实有效').waitFor();
  const result = (await verify.locator('.verify__result').innerText()).replace(/\s+/g, '');
  expect(result).toContain('12.5小时');
  expect(result).toContain(number!);
  expect(result).toContain('张');
  expect(result).not.toContain(NAME);
  expect(result).not.toContain('13905353333');

  // A number that was never issued: said plainly.
  await verify.locator('.v-field__input input').fill('RS-0000-0000');
  await verify.getByText('查验', { exact: true }).click();
  await verify.getByText('没有找到这个证明编号。请核对证明上的编号后再查。').waitFor();
  expect(await verify.locator('.verify__result').count()).toBe(0);
});
