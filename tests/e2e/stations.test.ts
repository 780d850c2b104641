/**
 * 红帆站 in the H5 build, in real Chromium (phone size) against a fresh local runtime: 赵大爷 opens the 红帆站 tab (the
 * list by street, then 离我最近 with the browser's location), opens 北大社区创益红帆站, applies to join (申请中), the
 * station manager agrees (over the runtime's API), he sees 已加入 and leaves again after the confirmation.
 * Needs `npm run build:functions && npm run build:h5` and a browser (a missing browser is a failure, not a skip).
 */
import type { Response } from 'playwright-core';
import { launchPhone, startRuntime, type Phone, type Runtime } from '../support/browser';
import { current, signIn, tapTab } from './app';

jest.setTimeout(90_000);

let runtime: Runtime | undefined;
let phone: Phone | undefined;
const pageErrors: string[] = [];

/** The browser's (WGS-84) position: on the 芝罘岛 island, a few hundred metres from its station. */
const ON_THE_ISLAND = { latitude: 37.5578, longitude: 121.3752 };

beforeAll(async () => {
  runtime = await startRuntime();
  phone = await launchPhone();
  phone.page.on('pageerror', (e) => pageErrors.push(e.message));
  await phone.context.grantPermissions(['geolocation'], { origin: runtime.url });
  await phone.context.setGeolocation(ON_THE_ISLAND);
}, 45_000);

afterAll(async () => {
  await phone?.close();
  await runtime?.stop();
});

/** Calls the local runtime as `openid`, outside the browser (the manager's phone). */
async function api<T>(openid: string, fn: string, action: string, data: Record<string, unknown>): Promise<T> {
  const base = runtime!.url;
  const login = (await (await fetch(`${base}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).json()) as { data: { token: string } };
  const res = await fetch(`${base}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.token}` },
    body: JSON.stringify({ action, data, requestId: `e2e-${action}-${Math.random().toString(36).slice(2, 10)}` }),
  });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { code: string } };
  if (!body.ok) throw new Error(`${fn}.${action} as ${openid} failed: ${body.error?.code}`);
  return body.data as T;
}

interface ListBody {
  ok: boolean;
  data: { stations: Array<{ id: string; name: string; streetName: string; distanceM: number | null }> };
}
const isStationCall = (action: string) => (r: Response): boolean =>
  r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/station' && (r.request().postData() ?? '').includes(`"action":"${action}"`);

describe('红帆站 in the H5 app', () => {
  it('lists the stations by street, sorts them by distance from the browser’s location, and 赵大爷 joins 北大社区', async () => {
    const { page } = phone!;
    const base = runtime!.url;
    try {
      await signIn(page, base, '居民 赵大爷');

      // The list: every station, under its street, no location asked for.
      const listed = page.waitForResponse(isStationCall('list'));
      await tapTab(page, '红帆站');
      const first = (await (await listed).json()) as ListBody;
      expect(first.ok).toBe(true);
      const tab = current(page);
      await tab.locator('.station-card').first().waitFor();
      expect(await tab.locator('.station-card__name').allTextContents()).toEqual(first.data.stations.map((s) => s.name));
      expect(await tab.locator('.stations__street-name').allTextContents()).toEqual([...new Set(first.data.stations.map((s) => s.streetName))]);
      // H5 has no map: no 列表/地图 switch
      expect(await tab.getByText('地图', { exact: true }).count()).toBe(0);
      // 赵大爷 belongs to 海韵社区 (seeded): his card says so
      await expect(tab.locator('.station-card', { hasText: '海韵社区创益红帆站' }).textContent()).resolves.toContain('已加入');

      // 离我最近: the browser's position goes with that one list call (converted to GCJ-02), the island first.
      const sorted = page.waitForResponse(isStationCall('list'));
      await tab.getByText('离我最近', { exact: true }).click();
      const response = await sorted;
      const sent = JSON.parse(response.request().postData() ?? '{}') as { data: { near?: { latitude: number; longitude: number } } };
      expect(sent.data.near).toBeDefined();
      // GCJ-02 is shifted from WGS-84 by a few hundred metres here (east and a little south)
      const dLng = sent.data.near!.longitude - ON_THE_ISLAND.longitude;
      const dLat = sent.data.near!.latitude - ON_THE_ISLAND.latitude;
      expect(dLng).toBeGreaterThan(0.003);
      expect(dLng).toBeLessThan(0.009);
      expect(Math.abs(dLat)).toBeLessThan(0.003);
      const near = (await response.json()) as ListBody;
      expect(near.data.stations[0]!.id).toBe('st-zhifudao');
      await tab.getByText('已按离您的远近排列').waitFor();
      await expect(tab.locator('.station-card__name').first().textContent()).resolves.toBe('芝罘岛创益红帆站');
      await expect(tab.locator('.station-card').first().textContent()).resolves.toMatch(/约\d+米/);
      expect(await tab.locator('.stations__street-name').count()).toBe(0);

      // The station page.
      await tab.locator('.station-card', { hasText: '北大社区创益红帆站' }).click();
      await page.waitForURL((u) => u.hash.includes('/packages/station/pages/detail/index'));
      const station = current(page);
      await station.getByText('申请加入', { exact: true }).waitFor();
      const detailText = (await station.textContent()) ?? '';
      expect(detailText).toContain('站长：赵站长');
      expect(detailText).toContain('服务时间：');
      expect(detailText).toContain('近期服务班次');
      expect(detailText).toContain('本周四义务理发照常进行');
      expect(detailText).not.toContain('站长工具');
      const members = Number(/成员：(\d+)位/.exec(detailText)?.[1]);

      // Apply → 申请中（等待站长同意）
      await station.getByText('申请加入', { exact: true }).click();
      await station.getByText('申请中（等待站长同意）').waitFor();

      // 赵站长 agrees on his phone; 赵大爷 pulls the page again and is a member.
      await api('demo-station-manager', 'station', 'decide', { stationId: 'st-beida', openid: 'demo-resident-2', approve: true });
      await page.reload();
      const again = current(page);
      await again.getByText('您已加入本站').waitFor();
      await expect(again.textContent()).resolves.toContain(`成员：${members + 1}位`);

      // 退出站点 asks first; 不退出 keeps him in, 退出站点 takes him out.
      await again.getByText('退出站点', { exact: true }).click();
      const modal = page.locator('.taro-modal__content');
      await modal.waitFor();
      expect(await modal.textContent()).toContain('北大社区创益红帆站');
      await page.locator('.taro-modal__foot').getByText('不退出').click();
      await again.getByText('您已加入本站').waitFor();
      await again.getByText('退出站点', { exact: true }).click();
      await page.locator('.taro-modal__foot').getByText('退出站点', { exact: true }).click();
      await again.getByText('申请加入', { exact: true }).waitFor();
      await expect(again.textContent()).resolves.toContain(`成员：${members}位`);
    } catch (e) {
      process.stderr.write(`runtime output:\n${runtime?.output() ?? ''}\n`);
      throw e;
    }
    expect(pageErrors).toEqual([]);
  });
});
