/**
 * 场地 (venues) page of the BUILT weapp under miniprogram-simulate, talking through `wx.cloud.callFunction` to a real
 * local runtime (local-cloud/main.ts with the built functions and a fresh seeded database). Needs `npm run build:weapp`
 * and `npm run build:functions`.
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
  cloud.goOnline();
});

afterAll(async () => {
  await runtime?.stop();
});

interface VenueSummary {
  name: string;
  level: 'district' | 'street' | 'community';
}

const venueCalls = () => cloud.calls.filter((c) => c.name === 'venue');
const lastVenues = (): VenueSummary[] => {
  const result = venueCalls().at(-1)?.result as { ok: boolean; data: { venues: VenueSummary[] } };
  return result.data.venues;
};
/** The venue cards as a user sees them: name and level badge. */
const cards = (p: PageHandle) =>
  p.byClass('venue-card').map((card) => ({
    name: p.byClass('venue-card__name', card)[0]?.textContent ?? '',
    level: p.byClass('venue-card__level', card)[0]?.textContent ?? '',
  }));

test('first render lists the seeded venues, fetched through the venue function as the signed-in user', async () => {
  page = await weapp.renderPage('pages/venues/index');
  await page.waitForText('创益园多功能厅');
  const shown = cards(page);
  expect(shown.map((c) => c.name)).toEqual(expect.arrayContaining(['创益园多功能厅', '向阳街道党群服务中心活动室', '北大社区文体活动室']));
  // the call went through wx.cloud to the runtime, and every venue it returned is on screen
  expect(cloud.initOptions.length).toBe(1);
  expect(venueCalls()).toEqual([expect.objectContaining({ name: 'venue', data: { action: 'list', data: {} }, openid: 'demo-resident', outcome: 'ok' })]);
  expect(shown.map((c) => c.name)).toEqual(lastVenues().map((v) => v.name));
  expect(page.text()).not.toContain('正在加载');
});

test('tapping the 社区 chip narrows the list to community venues', async () => {
  page = await weapp.renderPage('pages/venues/index');
  await page.waitForText('创益园多功能厅');
  const chips = page.byClass('chips')[0];
  expect(chips).toBeDefined();

  page.tap('社区', chips);

  const shown = await page.waitFor(() => {
    const now = cards(page!);
    return now.length > 0 && now.every((c) => c.level === '社区') ? now : null;
  });
  expect(shown.map((c) => c.name)).toEqual(expect.arrayContaining(['北大社区文体活动室', '海韵社区多功能室', '芝罘岛社区渔家文化室']));
  expect(page.text()).not.toContain('创益园多功能厅');
  expect(page.text()).not.toContain('向阳街道党群服务中心活动室');
  expect(venueCalls().at(-1)).toEqual(expect.objectContaining({ data: { action: 'list', data: { level: 'community' } }, outcome: 'ok' }));
  expect(shown.map((c) => c.name)).toEqual(lastVenues().map((v) => v.name));
  // the tapped chip is the selected one
  const on = page.byClass('chip--on', chips);
  expect(on.map((el) => el.textContent)).toEqual(['社区']);
});

test('when the runtime is unreachable the page says so, and 重新加载 loads the list once it is back', async () => {
  await cloud.goOffline();
  page = await weapp.renderPage('pages/venues/index');
  await page.waitForText('网络不太好，请检查网络后重试');
  expect(page.text()).not.toContain('创益园多功能厅');
  expect(venueCalls().at(-1)?.outcome).toBe('fail');
  expect(venueCalls().at(-1)?.errMsg).toMatch(/^cloud\.callFunction:fail .*ECONNREFUSED/);
  const retry = page.getByText('重新加载');

  cloud.goOnline();
  const before = venueCalls().length;
  page.tap(retry);

  await page.waitForText('创益园多功能厅');
  expect(page.text()).not.toContain('网络不太好');
  expect(page.findAllByText('重新加载')).toEqual([]);
  expect(venueCalls().length).toBe(before + 1);
  expect(venueCalls().at(-1)?.outcome).toBe('ok');
});
