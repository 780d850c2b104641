/**
 * 首页 of the BUILT weapp: on a first visit with WeChat's large font (fontSizeScaleFactor > 1.1, or 关怀模式's font
 * size), 长辈版 is offered in the page — no pop-up — and the answer is remembered; afterwards the switch is there.
 * Needs `npm run build:weapp` and `npm run build:functions`.
 */
import { createCloudBridge, startLocalRuntime, type CloudBridge, type LocalRuntime } from '../support/weapp-cloud';
import { bootWeapp, requireWeappBuild, type PageHandle, type Weapp } from '../support/weapp-harness';

let runtime: LocalRuntime;
let cloud: CloudBridge;
let weapp: Weapp;
let page: PageHandle | null = null;
const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;
let baseInfo: Record<string, unknown> = {};
const modals: unknown[] = [];

jest.setTimeout(15_000);

beforeAll(async () => {
  requireWeappBuild();
  runtime = await startLocalRuntime();
  cloud = createCloudBridge(runtime, { openid: 'demo-resident-2' });
  weapp = bootWeapp({ wxCloud: cloud.wxCloud });
  wx.getAppBaseInfo = () => baseInfo;
  wx.showModal = (o: unknown) => void modals.push(o);
}, 30_000);

afterEach(() => {
  page?.unmount();
  page = null;
});

afterAll(async () => {
  await runtime?.stop();
});

test('WeChat’s usual font: no offer, the 长辈版 switch is on the page', async () => {
  baseInfo = { fontSizeScaleFactor: 1, fontSizeSetting: 16 };
  page = await weapp.renderPage('pages/index/index');
  await page.waitForText('赵大爷，您好');
  expect(page.text()).not.toContain('要不要打开长辈版');
  expect(page.byClass('elder-switch')).toHaveLength(1);
});

test('a large WeChat font: 长辈版 is offered in the page, and 打开长辈版 switches it on and saves it', async () => {
  baseInfo = { fontSizeScaleFactor: 1.4, fontSizeSetting: 24 };
  page = await weapp.renderPage('pages/index/index');
  await page.waitForText('要不要打开长辈版');
  expect(modals).toEqual([]);
  page.tap('打开长辈版');
  await page.waitForText('已开启');
  expect(page.text()).not.toContain('要不要打开长辈版');
  expect(page.byClass('page')[0]!.getAttribute('class') ?? '').toMatch(/\belder\b/);
  await page.waitFor(() => cloud.calls.some((c) => (c.data as { action?: string }).action === 'setPreferences' && c.outcome === 'ok'));

  // Chosen once: not offered again.
  page.unmount();
  page = await weapp.renderPage('pages/index/index');
  await page.waitForText('已开启');
  expect(page.text()).not.toContain('要不要打开长辈版');
});
