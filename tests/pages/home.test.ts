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

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- WeChat's event system, as the harness uses it for taps */
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void };
};
/** What WeChat does to a node: an `input` (typing) or a button's open-type answer (`getphonenumber`). */
function dispatch(el: Element | undefined, name: string, detail: unknown): void {
  const target = (el as { __wxElement?: unknown } | undefined)?.__wxElement;
  if (!target) throw new Error('not a rendered mini-program node');
  exparser.Event.dispatchEvent(target, exparser.Event.create(name, detail, { bubbles: false, composed: false }));
}
const setProfileCalls = () => cloud.calls.filter((c) => (c.data as { action?: string }).action === 'setProfile');

test('first use: no phone on file → asked for a 称呼 and a phone in the page; WeChat’s phone button fills it through the server', async () => {
  baseInfo = { fontSizeScaleFactor: 1, fontSizeSetting: 16 };
  cloud.setOpenid('pages-first-use');
  try {
    page = await weapp.renderPage('pages/index/index');
    await page.waitForText('第一次使用，请留下称呼和电话');
    expect(modals).toEqual([]);
    // Without a 称呼 nothing is sent.
    dispatch(page.byClass('profile-card__wechat')[0], 'getphonenumber', { code: 'dev-13712345678', errMsg: 'getPhoneNumber:ok' });
    await page.waitForText('请先写一下怎么称呼您');
    expect(setProfileCalls()).toHaveLength(0);
    dispatch(page.byClass('profile-card__input')[0], 'input', { value: '孙阿姨', cursor: 3 });
    await page.waitFor(() => JSON.stringify(page!.data()).includes('孙阿姨'));
    // WeChat hands the page a one-time code; only the server turns it into the number (locally: the stand-in).
    dispatch(page.byClass('profile-card__wechat')[0], 'getphonenumber', { code: 'dev-13712345678', errMsg: 'getPhoneNumber:ok' });
    await page.waitForText('孙阿姨，您好');
    expect(page.text()).not.toContain('第一次使用');
    expect(setProfileCalls().map((c) => (c.data as { data: unknown }).data)).toEqual([{ nickname: '孙阿姨', phoneCode: 'dev-13712345678' }]);
    const me = await cloud.wxCloud.callFunction({ name: 'user', data: { action: 'me' } });
    expect((me as { result: { data: { profile: { phoneMasked: string } } } }).result.data.profile.phoneMasked).toBe('137****5678');
  } finally {
    cloud.setOpenid('demo-resident-2');
  }
});

test('first use, typed: a wrong number is refused on the spot; a right one is saved and the card goes', async () => {
  baseInfo = { fontSizeScaleFactor: 1, fontSizeSetting: 16 };
  cloud.setOpenid('pages-first-use-typed');
  try {
    page = await weapp.renderPage('pages/index/index');
    await page.waitForText('第一次使用，请留下称呼和电话');
    const [name, phone] = page.byClass('profile-card__input');
    dispatch(name, 'input', { value: '老周', cursor: 2 });
    dispatch(phone, 'input', { value: '1371234', cursor: 7 });
    await page.waitFor(() => JSON.stringify(page!.data()).includes('1371234'));
    page.tap('保存');
    await page.waitForText('请填写11位手机号');
    expect(setProfileCalls().filter((c) => c.openid === 'pages-first-use-typed')).toHaveLength(0);
    dispatch(phone, 'input', { value: '13712345679', cursor: 11 });
    await page.waitFor(() => JSON.stringify(page!.data()).includes('13712345679'));
    page.tap('保存');
    await page.waitForText('老周，您好');
    expect(page.text()).not.toContain('第一次使用');
  } finally {
    cloud.setOpenid('demo-resident-2');
  }
});
