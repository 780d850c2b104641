/**
 * PIPL in the H5 app: a new resident deletes their account through the two deliberate steps on 隐私与我的数据
 * (type 注销, then confirm the dialog), and the server no longer knows them. The greyed 确认注销 does nothing — Taro's
 * H5 Button fires onClick even while `disabled` — and the server gets what was typed, refusing anything but 注销.
 */
import type { Request } from 'playwright-core';
import { launchPhone, startRuntime, type Phone, type Runtime } from '../support/browser';
import { current, signInById } from './app';

jest.setTimeout(90_000);

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

const OPENID = 'privacy-neighbour';

/** Calls the local runtime as `openid`, outside the browser. */
async function api(openid: string, fn: string, body: Record<string, unknown>): Promise<{ status: number; body: { ok: boolean; data?: unknown; error?: { code: string } } }> {
  const base = runtime!.url;
  const login = (await (await fetch(`${base}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).json()) as { data: { token: string } };
  const res = await fetch(`${base}/api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.token}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string } } };
}

/** The account exists when the person's exported data still has a profile created at some time. */
async function accountExists(): Promise<boolean> {
  const res = await api(OPENID, 'user', { action: 'exportMyData', data: {} });
  return (res.body.data as { profile: { createdAt: string | null } }).profile.createdAt !== null;
}

it('does nothing on the greyed 确认注销 (box empty or a wrong word), then deletes after typing 注销 and confirming the dialog', async () => {
  const { page } = phone!;
  const base = runtime!.url;
  const deletions: Request[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/user' && (r.postData() ?? '').includes('deleteAccount')) deletions.push(r);
  });
  await signInById(page, base, OPENID);
  // 我的 registers the new resident on its first call.
  await current(page).getByText('芝罘居民').first().waitFor();
  expect(await accountExists()).toBe(true);

  await current(page).getByText('隐私与我的数据').click();
  const privacy = current(page);
  await privacy.getByText('我要注销账号').click();
  const box = privacy.locator('.privacy__input input');
  const confirm = privacy.locator('.privacy__half', { hasText: '确认注销' });
  // The box is empty — no grey 注销 that looks typed — and the button is greyed.
  await expect(box.inputValue()).resolves.toBe('');
  await expect(box.getAttribute('placeholder')).resolves.not.toContain('注销');
  await expect(confirm.getAttribute('class')).resolves.toContain('is-disabled');

  /** Taps the greyed button as a hurried person would, and agrees to a dialog if one came up. */
  const tapGreyed = async (): Promise<void> => {
    await confirm.click({ force: true });
    const dialog = page.getByText('确定注销', { exact: true });
    if (await dialog.isVisible({ timeout: 800 }).catch(() => false)) await dialog.click();
    await page.waitForTimeout(500);
  };
  await tapGreyed();
  expect(deletions).toHaveLength(0);
  for (const wrong of ['注', '取消', '注 销']) {
    await box.fill(wrong);
    await expect(confirm.getAttribute('class')).resolves.toContain('is-disabled');
    await tapGreyed();
  }
  expect(deletions).toHaveLength(0);
  expect(await accountExists()).toBe(true);

  // The server refuses any other word itself (a coded 400), whatever a client sends.
  for (const word of ['', '确定', '注 销']) {
    const refused = await api(OPENID, 'user', { action: 'deleteAccount', data: { confirm: word } });
    expect(refused).toMatchObject({ status: 400, body: { ok: false, error: { code: 'INPUT.INVALID' } } });
  }
  expect(await accountExists()).toBe(true);

  await box.fill('注销');
  await expect(confirm.getAttribute('class')).resolves.not.toContain('is-disabled');
  // The last step looks dangerous: a red button and a red 确定注销 in the dialog.
  await expect(confirm.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgb(179, 20, 26)');
  const deleted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/user' && (r.request().postData() ?? '').includes('deleteAccount'));
  await confirm.click();
  const dialogConfirm = page.getByText('确定注销', { exact: true });
  await expect(dialogConfirm.evaluate((el) => getComputedStyle(el).color)).resolves.toBe('rgb(179, 20, 26)');
  await dialogConfirm.click();
  const response = await deleted;
  expect(JSON.parse(response.request().postData() ?? '{}')).toMatchObject({ action: 'deleteAccount', data: { confirm: '注销' } });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true, data: { deleted: true } });
  await privacy.getByText(/账号已注销/).waitFor();
  expect(deletions).toHaveLength(1);
  expect(await accountExists()).toBe(false);
});
