/**
 * `npx tsx scripts/screenshots.ts`: PNG screenshots of every page of the H5 build at phone size (390×844, DPR 2) and of
 * its loading / error / empty states, into .tmp/screenshots/ (git-ignored), against a fresh local runtime.
 * Also audits each screen for an elderly reader (tap targets < 44 px, type < 17 px, low contrast, clipped text, icons that
 * did not load) and prints the findings. Exits 1 when something is too small to tap.
 *
 * Needs `npm run build` (functions + H5). The browser is the one the e2e tests use (tests/support/browser.ts: an installed
 * Chrome/Chromium/Edge, else the Chromium shipped in an npm package); Chinese is drawn with the Noto Sans SC web font
 * served from node_modules, so the pictures look the same on every machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { reportShots, type Shot } from './lib/screenshot-report';
import { elderShots } from './lib/elder-shots';
import { audit, current, ROUTES, routeUrl, signIn, tapTab } from '../tests/e2e/app';
import { launchPhone, PHONE, phoneBrowser, ROOT, startRuntime } from '../tests/support/browser';

const OUT = path.join(ROOT, '.tmp', 'screenshots');

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  const runtime = await startRuntime();
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];

  const settle = async (page: Page): Promise<void> => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.evaluate(() => document.fonts.ready.then(() => undefined)).catch(() => undefined);
    await page.waitForTimeout(300); // page transition
  };
  const shoot = async (page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> => {
    await settle(page);
    const findings = await audit(page);
    if (options.fullPage) {
      // Taro scrolls inside the page element, not the document: grow the viewport to the content instead.
      const extra = await page.evaluate(() => {
        const el = document.querySelector('.taro_page_show:not(.taro_page_shade)');
        return el ? el.scrollHeight - el.clientHeight : 0;
      });
      await page.setViewportSize({ width: PHONE.width, height: PHONE.height + Math.max(0, extra) });
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
      await page.setViewportSize(PHONE);
    } else {
      await page.screenshot({ path: path.join(OUT, `${name}.png`) });
    }
    shots.push({ name, findings });
  };
  /** A fresh tab in the signed-in browser, with `intercept` applied to /api/* before the app loads. */
  const openWith = async (route: string, intercept?: (r: Route) => Promise<void> | void, pattern = '**/api/**'): Promise<Page> => {
    const page = await phone.context.newPage();
    if (intercept) await page.route(pattern, intercept);
    await page.goto(routeUrl(runtime.url, route));
    return page;
  };

  try {
    const page = phone.page;
    // Not signed in: the app sends the user to the local sign-in page.
    await page.goto(runtime.url);
    await page.waitForURL((u) => u.hash.startsWith(`#${ROUTES.login}`));
    await page.locator('.login__user').first().waitFor();
    await shoot(page, '01-login');
    await shoot(page, '01-login-full', { fullPage: true });

    await signIn(page, runtime.url, '居民 王阿姨');
    await current(page).getByText('王阿姨').first().waitFor();
    await shoot(page, '02-me');

    await tapTab(page, '首页');
    await current(page).locator('.home__entry').first().waitFor();
    await shoot(page, '03-home');

    await tapTab(page, '场地');
    await current(page).locator('.venue-card').first().waitFor();
    await shoot(page, '04-venues');
    await shoot(page, '04-venues-full', { fullPage: true });
    // The end of the list: the last card must clear the tab bar.
    await page.evaluate(() => {
      const el = document.querySelector('.taro_page_show:not(.taro_page_shade)');
      if (el) el.scrollTop = el.scrollHeight;
    });
    await shoot(page, '04-venues-end');
    await current(page).getByText('东山街道社会组织服务中心会议室').scrollIntoViewIfNeeded();
    await shoot(page, '04-venues-long-names');
    await current(page).locator('.chip', { hasText: '社区' }).click();
    await current(page).getByText('北大社区文体活动室').waitFor();
    await shoot(page, '05-venues-community');

    await tapTab(page, '红帆站');
    await current(page).locator('.station-card').first().waitFor();
    await shoot(page, '06-stations');
    // 红帆站: 离我最近 with the browser's location (on 芝罘岛), and refused (kind words, street order kept).
    await phone.context.grantPermissions(['geolocation'], { origin: runtime.url });
    await phone.context.setGeolocation({ latitude: 37.5578, longitude: 121.3752 });
    await current(page).getByText('离我最近', { exact: true }).click();
    await current(page).getByText('已按离您的远近排列').waitFor();
    await shoot(page, '06-stations-nearest');
    await current(page).getByText('按街道排列', { exact: true }).click();
    await current(page).getByText('离我最近', { exact: true }).waitFor();
    await phone.context.clearPermissions();
    await current(page).getByText('离我最近', { exact: true }).click();
    await current(page).locator('.stations__notice').waitFor();
    await shoot(page, '06-stations-location-refused');
    // The station page: 王阿姨 is a member of 北大社区 (退出站点), not of 海韵社区 (申请加入).
    await current(page).locator('.station-card', { hasText: '北大社区创益红帆站' }).click();
    await current(page).locator('.station-info').waitFor();
    await shoot(page, '06-station-member');
    await shoot(page, '06-station-member-full', { fullPage: true });
    await page.goto(routeUrl(runtime.url, '/packages/station/pages/detail/index?stationId=st-haiyun'));
    await current(page).getByText('申请加入', { exact: true }).waitFor();
    await shoot(page, '06-station-apply');
    await current(page).getByText('申请加入', { exact: true }).click();
    await current(page).getByText('申请中（等待站长同意）').waitFor();
    await shoot(page, '06-station-pending');
    await current(page).getByText('撤回申请', { exact: true }).click();
    await page.locator('.taro-modal__foot').getByText('撤回申请', { exact: true }).click();
    await current(page).getByText('申请加入', { exact: true }).waitFor();

    // States, each in a fresh tab of the signed-in browser.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const slow = await openWith(ROUTES.venues, async (r) => {
      await held;
      await r.continue().catch(() => undefined);
    });
    await current(slow).getByText('正在加载').waitFor();
    await slow.waitForTimeout(300);
    shots.push({ name: '07-venues-loading', findings: await audit(slow) });
    await slow.screenshot({ path: path.join(OUT, '07-venues-loading.png') });
    release();
    await slow.close();

    const failing = await openWith(ROUTES.venues, (r) =>
      r.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'boom' } }) }),
    );
    await current(failing).locator('.state--error').waitFor();
    await shoot(failing, '08-venues-error-500');
    await failing.close();

    const offline = await openWith(ROUTES.stations, (r) => r.abort('internetdisconnected'));
    await current(offline).locator('.state--error').waitFor();
    await shoot(offline, '09-stations-offline');
    await offline.close();

    const meDown = await openWith(ROUTES.me, (r) => r.abort('connectionrefused'));
    await current(meDown).locator('.state--error').waitFor();
    await shoot(meDown, '10-me-error');
    await meDown.close();

    const empty = await openWith(
      ROUTES.venues,
      (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, data: { venues: [] } }) }),
      '**/api/venue',
    );
    await current(empty).locator('.state--empty').waitFor();
    await shoot(empty, '11-venues-empty');
    // A filter that matches nothing offers the way back to all venues.
    await current(empty).locator('.chip', { hasText: '社区' }).click();
    await current(empty).getByText('查看全部场地').waitFor();
    await shoot(empty, '11-venues-empty-filtered');
    await empty.close();

    const stationDown = await openWith('/packages/station/pages/detail/index?stationId=st-beida', (r) => r.abort('internetdisconnected'), '**/api/station');
    await current(stationDown).locator('.state--error').waitFor();
    await shoot(stationDown, '12-station-offline');
    await stationDown.close();

    const noStation = await openWith(
      '/packages/station/pages/detail/index?stationId=st-gone',
      undefined,
    );
    await current(noStation).locator('.state--error').waitFor();
    await shoot(noStation, '12-station-not-found');
    await noStation.close();

    const noStations = await openWith(
      ROUTES.stations,
      (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, data: { stations: [] } }) }),
      '**/api/station',
    );
    await current(noStations).locator('.state--empty').waitFor();
    await shoot(noStations, '12-stations-empty');
    await noStations.close();

    // 长辈版: the same pages with large type and large buttons, at 390×844 and 375×667.
    await elderShots(page, runtime.url, OUT, shots, [
      { name: '02-me', route: ROUTES.me },
      { name: '03-home', route: ROUTES.home },
      { name: '04-venues', route: ROUTES.venues },
      { name: '06-stations', route: ROUTES.stations },
      { name: '06-station-member', route: '/packages/station/pages/detail/index?stationId=st-beida' },
      { name: '01-login', route: ROUTES.login },
    ]);

    // 红帆站 for its manager 赵站长: the station with 站长工具, members (an application waiting), 发布通知 and its errors.
    await signIn(page, runtime.url, '红帆站站长 赵站长');
    await page.goto(routeUrl(runtime.url, '/packages/station/pages/detail/index?stationId=st-beida'));
    await current(page).locator('.station-tools').waitFor();
    await shoot(page, '13-station-manager');
    await current(page).getByText('成员管理', { exact: true }).click();
    await current(page).locator('.member').first().waitFor();
    await shoot(page, '13-station-members');
    await shoot(page, '13-station-members-full', { fullPage: true });
    await page.goto(routeUrl(runtime.url, '/packages/station/pages/post/index?stationId=st-beida'));
    await current(page).locator('.station-post-page__submit').waitFor();
    await shoot(page, '13-station-post');
    await current(page).locator('.station-post-page__submit').click();
    await current(page).locator('.st-field__error').first().waitFor();
    await shoot(page, '13-station-post-errors');
    const noMembers = await openWith(
      '/packages/station/pages/members/index?stationId=st-beida',
      (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, data: { members: [] } }) }),
      '**/api/station',
    );
    await current(noMembers).locator('.state--empty').waitFor();
    await shoot(noMembers, '13-station-members-empty');
    await noMembers.close();
    await elderShots(page, runtime.url, OUT, shots, [
      { name: '13-station-manager', route: '/packages/station/pages/detail/index?stationId=st-beida' },
      { name: '13-station-members', route: '/packages/station/pages/members/index?stationId=st-beida' },
      { name: '13-station-post', route: '/packages/station/pages/post/index?stationId=st-beida' },
      { name: '06-station-apply', route: '/packages/station/pages/detail/index?stationId=st-haiyun' },
    ]);
    // 站点管理 for 赵站长: 服务班次 (a shift starting soon with a volunteer checked in and one waiting), 发布班次 and its
    // errors, 报名名单, the rotating 签到码 screen, 登记时长 with the station's totals; loading, empty and error states.
    {
      const tokenOf = async (openid: string): Promise<string> => {
        const res = await fetch(`${runtime.url}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) });
        return ((await res.json()) as { data: { token: string } }).data.token;
      };
      const volunteerApi = async <T>(openid: string, action: string, data: unknown): Promise<T> => {
        const res = await fetch(`${runtime.url}/api/volunteer`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(openid)}` },
          body: JSON.stringify({ action, data, requestId: `shots-${action}-${openid}-${Date.now()}` }),
        });
        const body = (await res.json()) as { ok: boolean; data: T; error?: unknown };
        if (!body.ok) throw new Error(`volunteer.${action}: ${JSON.stringify(body.error)}`);
        return body.data;
      };
      const at = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 16)}:00+08:00`;
      const start = Math.ceil((Date.now() + 15 * 60_000) / 60_000) * 60_000;
      const shift = await volunteerApi<{ id: string }>('demo-station-manager', 'createShift', {
        stationId: 'st-beida',
        title: '敬老院陪伴聊天',
        description: '陪老人聊聊天、读读报',
        start: at(start),
        end: at(start + 90 * 60_000),
        capacity: 2,
        place: '北大社区党群服务中心一楼',
        skills: ['陪伴聊天'],
      });
      const people = [
        { openid: 'shots-volunteer-1', realName: '张桂兰', phone: '13905350001' },
        { openid: 'shots-volunteer-2', realName: '刘建国', phone: '13905350002' },
        { openid: 'shots-volunteer-3', realName: '孙秀英', phone: '13905350003' },
      ];
      for (const p of people) {
        await volunteerApi(p.openid, 'register', { realName: p.realName, phone: p.phone });
        await volunteerApi(p.openid, 'signUp', { shiftId: shift.id, wait: true });
      }
      const { code } = await volunteerApi<{ code: string }>('demo-station-manager', 'shiftCode', { shiftId: shift.id });
      await volunteerApi(people[0]!.openid, 'checkIn', { shiftId: shift.id, code });
      await volunteerApi('demo-station-manager', 'grantHours', { openid: people[0]!.openid, stationId: 'st-beida', hours: 2, reason: '协助组织重阳节活动' });

      const STEWARD = '/packages/steward/pages';
      await signIn(page, runtime.url, '红帆站站长 赵站长');
      await page.goto(routeUrl(runtime.url, `${STEWARD}/shifts/index`));
      await current(page).locator('.shift-card').first().waitFor();
      await shoot(page, '14-steward-shifts');
      await shoot(page, '14-steward-shifts-full', { fullPage: true });
      await page.goto(routeUrl(runtime.url, `${STEWARD}/shift-new/index?stationId=st-beida`));
      await current(page).locator('.shift-form__submit').waitFor();
      await shoot(page, '14-steward-shift-new');
      await shoot(page, '14-steward-shift-new-full', { fullPage: true });
      await current(page).locator('.shift-form__submit').click();
      await current(page).locator('.field__error').first().waitFor();
      await shoot(page, '14-steward-shift-new-errors');
      await page.goto(routeUrl(runtime.url, `${STEWARD}/roster/index?shiftId=${shift.id}`));
      await current(page).locator('.roster-row').first().waitFor();
      await shoot(page, '14-steward-roster');
      await shoot(page, '14-steward-roster-full', { fullPage: true });
      await page.goto(routeUrl(runtime.url, `${STEWARD}/code/index?shiftId=${shift.id}`));
      await current(page).locator('.shift-code__digit').first().waitFor();
      await shoot(page, '14-steward-code');
      await shoot(page, '14-steward-code-full', { fullPage: true });
      await page.goto(routeUrl(runtime.url, `${STEWARD}/grant/index?stationId=st-beida&openid=${people[0]!.openid}`));
      await current(page).locator('.grant-submit').waitFor();
      await shoot(page, '14-steward-grant');
      await current(page).getByText('更正一条记录', { exact: true }).click();
      await current(page).locator('.grant-entry').first().waitFor();
      await shoot(page, '14-steward-grant-correction');
      await shoot(page, '14-steward-grant-correction-full', { fullPage: true });

      const noShifts = await openWith(
        `${STEWARD}/shifts/index`,
        (r) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, data: { shifts: [] } }) }),
        '**/api/volunteer',
      );
      await current(noShifts).locator('.state--empty').waitFor();
      await shoot(noShifts, '14-steward-shifts-empty');
      await noShifts.close();
      const shiftsDown = await openWith(`${STEWARD}/shifts/index`, (r) => r.abort('internetdisconnected'), '**/api/volunteer');
      await current(shiftsDown).locator('.state--error').waitFor();
      await shoot(shiftsDown, '14-steward-shifts-offline');
      await shiftsDown.close();
      let releaseCode = (): void => undefined;
      const held = new Promise<void>((resolve) => (releaseCode = resolve));
      const codeSlow = await openWith(`${STEWARD}/code/index?shiftId=${shift.id}`, async (r) => {
        await held;
        await r.continue().catch(() => undefined);
      }, '**/api/volunteer');
      await current(codeSlow).locator('.state--loading').waitFor();
      await codeSlow.waitForTimeout(300);
      await codeSlow.screenshot({ path: path.join(OUT, '14-steward-code-loading.png') });
      shots.push({ name: '14-steward-code-loading', findings: await audit(codeSlow) });
      releaseCode();
      await codeSlow.close();
      const notMine = await openWith(`${STEWARD}/roster/index?shiftId=no-such-shift`);
      await current(notMine).locator('.state--error').waitFor();
      await shoot(notMine, '14-steward-roster-not-found');
      await notMine.close();
      await elderShots(page, runtime.url, OUT, shots, [
        { name: '14-steward-shifts', route: `${STEWARD}/shifts/index` },
        { name: '14-steward-shift-new', route: `${STEWARD}/shift-new/index?stationId=st-beida` },
        { name: '14-steward-roster', route: `${STEWARD}/roster/index?shiftId=${shift.id}` },
        { name: '14-steward-code', route: `${STEWARD}/code/index?shiftId=${shift.id}` },
        { name: '14-steward-grant', route: `${STEWARD}/grant/index?stationId=st-beida&openid=${people[0]!.openid}` },
      ]);
    }
  } catch (e) {
    process.stderr.write(`runtime output:\n${runtime.output()}\n`);
    throw e;
  } finally {
    await phone.close();
    await runtime.stop();
  }

  reportShots(shots, OUT, t0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
