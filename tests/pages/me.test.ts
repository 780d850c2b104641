/**
 * 我的 (me) page of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction` to a real local
 * runtime. The caller's identity comes from the (stand-in) WeChat bridge, never from the page.
 * Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { createCloudBridge, startLocalRuntime, type CloudBridge, type LocalRuntime } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';

let runtime: LocalRuntime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;

// polls inside give up after 3 s with the page text; this leaves room for that message
jest.setTimeout(15_000);

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

const userCalls = () => cloud.calls.filter((c) => c.name === 'user' && (c.data as { action?: string }).action === 'me');

test('shows the signed-in user: nickname and masked phone, never the full number', async () => {
  cloud.setOpenid('demo-resident');
  page = await weapp.renderPage('pages/me/index');
  await page.waitForText('王阿姨');
  expect(page.text()).toContain('手机号：138****1234');
  expect(page.text()).toContain('居民');

  // the full number is nowhere: not on screen, not in the render data, not in what the function returned
  expect(page.text()).not.toContain('13805351234');
  expect(JSON.stringify(page.data())).not.toContain('13805351234');
  expect(userCalls()).toEqual([expect.objectContaining({ data: { action: 'me', data: {} }, openid: 'demo-resident', outcome: 'ok' })]);
  expect(JSON.stringify(userCalls().map((c) => c.result))).not.toContain('13805351234');
  // in WeChat there is no local account switcher
  expect(page.text()).not.toContain('切换账号');
});

test('the identity is the caller WeChat reports: another user sees their own profile', async () => {
  cloud.setOpenid('demo-resident-2');
  page = await weapp.renderPage('pages/me/index');
  await page.waitForText('赵大爷');
  expect(page.text()).toContain('139****6789');
  expect(page.text()).not.toContain('王阿姨');
  expect(page.text()).not.toContain('13905356789');
  expect(userCalls().at(-1)).toEqual(expect.objectContaining({ openid: 'demo-resident-2', outcome: 'ok' }));
});

test('长辈版: the switch in 我的 says in words whether it is on, puts the page in 长辈版 and remembers it on the profile', async () => {
  cloud.setOpenid('demo-resident-2');
  page = await weapp.renderPage('pages/me/index');
  await page.waitForText('赵大爷');
  const root = () => page!.byClass('page')[0]!;
  const toggle = () => page!.byClass('elder-switch')[0]!;
  expect(toggle().textContent).toContain('未开启');
  expect(root().getAttribute('class') ?? '').not.toMatch(/\belder\b/);

  page.tap(toggle());
  await page.waitForText('已开启');
  // The page root carries the class that switches the design tokens (type, line height, tap targets).
  expect(root().getAttribute('class') ?? '').toMatch(/\belder\b/);
  const saved = () => cloud.calls.filter((c) => c.name === 'user' && (c.data as { action?: string }).action === 'setPreferences');
  await page.waitFor(() => saved().some((c) => c.outcome === 'ok'));
  expect(saved().at(-1)).toEqual(expect.objectContaining({ openid: 'demo-resident-2', data: expect.objectContaining({ action: 'setPreferences', data: { elderMode: true } }) }));

  // Chosen off on another phone (straight to the profile): opening 我的 here again follows the profile.
  await cloud.wxCloud.callFunction({ name: 'user', data: { action: 'setPreferences', data: { elderMode: false }, requestId: 'elder-other-phone-1' } });
  page.unmount();
  page = await weapp.renderPage('pages/me/index');
  await page.waitForText('赵大爷');
  await page.waitForText('未开启');
  expect(root().getAttribute('class') ?? '').not.toMatch(/\belder\b/);
});
