/**
 * The H5 build in real Chromium (phone size) against a fresh local runtime: sign in as a demo resident, see the seeded
 * venues fetched through the venue cloud function, filter them, and find oneself on 我的.
 * Needs `npm run build` and /usr/bin/chromium (a missing browser is a failure, not a skip).
 */
import type { Response } from 'playwright-core';
import { launchPhone, startRuntime, type Phone, type Runtime } from '../support/browser';
import { current, ROUTES, routeUrl, signIn, tapTab } from './app';

jest.setTimeout(60_000);

let runtime: Runtime | undefined;
let phone: Phone | undefined;
const pageErrors: string[] = [];

beforeAll(async () => {
  runtime = await startRuntime();
  phone = await launchPhone();
  phone.page.on('pageerror', (e) => pageErrors.push(e.message));
}, 45_000);

afterAll(async () => {
  await phone?.close();
  await runtime?.stop();
});

interface VenueListBody {
  ok: boolean;
  data?: { venues: Array<{ name: string; level: string }> };
}

const isVenueCall = (r: Response): boolean => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/venue';

describe('venue list in the H5 app', () => {
  it('signs in as 王阿姨, lists the seeded venues, filters to 社区, and shows her on 我的', async () => {
    const { page } = phone!;
    const base = runtime!.url;
    try {
      // Without a token the API answers 401 and the app sends the user to the local sign-in page.
      await page.goto(base);
      await page.waitForURL((u) => u.hash.startsWith(`#${ROUTES.login}`), { timeout: 15_000 });
      await signIn(page, base, '居民 王阿姨');
      expect(new URL(page.url()).hash).toContain(ROUTES.me);

      // 场地: the list comes from the venue function reading the local database.
      const firstList = page.waitForResponse(isVenueCall);
      await tapTab(page, '场地');
      const response = await firstList;
      expect(response.status()).toBe(200);
      const body = (await response.json()) as VenueListBody;
      expect(body.ok).toBe(true);
      const names = body.data!.venues.map((v) => v.name);
      expect(names).toEqual(expect.arrayContaining(['创益园多功能厅', '北大社区文体活动室']));

      const venues = current(page);
      await venues.getByText('创益园多功能厅', { exact: true }).waitFor();
      expect(await venues.getByText('北大社区文体活动室', { exact: true }).isVisible()).toBe(true);
      expect(await venues.locator('.venue-card').count()).toBe(names.length);

      // 社区 filter → only community venues.
      const filtered = page.waitForResponse((r) => isVenueCall(r) && (r.request().postData() ?? '').includes('"community"'));
      await venues.locator('.chip', { hasText: '社区' }).click();
      const communityBody = (await (await filtered).json()) as VenueListBody;
      const communityVenues = communityBody.data!.venues;
      expect(communityVenues.length).toBeGreaterThan(0);
      expect(communityVenues.every((v) => v.level === 'community')).toBe(true);
      await venues.locator('.chip--on', { hasText: '社区' }).waitFor();
      await venues.locator('.state__stale').waitFor({ state: 'detached' });
      await expect(venues.getByText('创益园多功能厅', { exact: true }).count()).resolves.toBe(0);
      expect(await venues.getByText('北大社区文体活动室', { exact: true }).isVisible()).toBe(true);
      expect(await venues.locator('.venue-card').count()).toBe(communityVenues.length);
      const levels = await venues.locator('.venue-card__level').allTextContents();
      expect(new Set(levels)).toEqual(new Set(['社区']));

      // More filters: 向阳街道 → only its venues; 50人以上 on top → only the big ones.
      await venues.locator('.venues__more').click();
      const byStreet = page.waitForResponse((r) => isVenueCall(r) && (r.request().postData() ?? '').includes('"xiangyang"'));
      await venues.locator('.chip', { hasText: /^向阳$/ }).click();
      const streetVenues = ((await (await byStreet).json()) as VenueListBody).data!.venues.map((v) => v.name);
      expect(streetVenues).toEqual(['北大社区文体活动室']);
      await venues.locator('.chip', { hasText: '全部' }).first().click();
      const big = page.waitForResponse((r) => isVenueCall(r) && (r.request().postData() ?? '').includes('"minCapacity":50'));
      await venues.locator('.chip', { hasText: '50人以上' }).click();
      const bigVenues = ((await (await big).json()) as VenueListBody).data!.venues.map((v) => v.name);
      expect(bigVenues).toEqual(['向阳街道党群服务中心活动室']);
      await venues.getByText('向阳街道党群服务中心活动室', { exact: true }).waitFor();

      // 我的: her name and her masked phone number, never the full one.
      await tapTab(page, '我的');
      const me = current(page);
      await me.getByText('王阿姨', { exact: true }).waitFor();
      await expect(me.getByText('138****1234').isVisible()).resolves.toBe(true);
      expect(await page.content()).not.toContain('13805351234');

      expect(pageErrors).toEqual([]);
    } catch (e) {
      // Leave a picture and the runtime's output for whoever reads the failure.
      await page.screenshot({ path: `${process.cwd()}/.tmp/e2e-venue-list-failure.png` }).catch(() => undefined);
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n\nlocal runtime output:\n${runtime!.output()}`, { cause: e });
    }
  });

  it('shows a plain-words error with a retry button when the server fails, and recovers on 重新加载', async () => {
    const page = await phone!.context.newPage();
    try {
      await page.route('**/api/venue', (r) =>
        r.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'boom' } }) }),
      );
      await page.goto(routeUrl(runtime!.url, ROUTES.venues));
      const venues = current(page);
      await venues.locator('.state--error').waitFor();
      expect(await venues.locator('.state--error').textContent()).toContain('系统开小差了');
      await page.unroute('**/api/venue');
      await venues.getByText('重新加载').click();
      await venues.getByText('创益园多功能厅', { exact: true }).waitFor();
      expect(await venues.locator('.state--error').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('opens a page directly by its address once signed in', async () => {
    const { page } = phone!;
    await page.goto(routeUrl(runtime!.url, ROUTES.stations));
    await current(page).locator('.station-card').first().waitFor();
    expect(await current(page).getByText('北大社区创益红帆站').isVisible()).toBe(true);
  });
});
