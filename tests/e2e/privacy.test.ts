/**
 * PIPL in the H5 app: a new resident deletes their account through the two deliberate steps on 隐私与我的数据
 * (type 注销, then confirm the dialog), and the server no longer knows them.
 */
import { launchPhone, startRuntime, type Phone, type Runtime } from '../support/browser';
import { current, ROUTES, routeUrl } from './app';

jest.setTimeout(60_000);

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

it('deletes the account only after typing 注销 and confirming the dialog', async () => {
  const { page } = phone!;
  const base = runtime!.url;
  await page.goto(routeUrl(base, ROUTES.login));
  await current(page).locator('.login__input input').fill('privacy-neighbour');
  await current(page).locator('.login__submit').click();
  await page.waitForURL((u) => u.hash.startsWith(`#${ROUTES.me}`));

  await current(page).getByText('隐私与我的数据').click();
  const privacy = current(page);
  await privacy.getByText('我要注销账号').click();
  const confirm = privacy.locator('.privacy__half', { hasText: '确认注销' });
  // Not until the word is typed.
  await expect(confirm.getAttribute('class')).resolves.toContain('is-disabled');
  await privacy.locator('.privacy__input input').fill('注销');
  const deleted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/user' && (r.request().postData() ?? '').includes('deleteAccount'));
  await confirm.click();
  // Second step: the dialog.
  await page.getByText('确定注销', { exact: true }).click();
  const response = await deleted;
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true, data: { deleted: true } });
  await privacy.getByText(/账号已注销/).waitFor();
});
