/**
 * `npx tsx scripts/admin-screenshots.ts`: PNG screenshots (390×844, DPR 2) of the 管理后台 pages — home (district and
 * street admin, 无权限), 场地管理, 编辑场地 (new with its errors, an existing one with its managers and 停用), 红帆站管理,
 * 编辑红帆站, 人员与角色 (search and a person's roles), 操作记录 (an entry opened to its changes) — with loading / error /
 * empty states, then in 长辈版, into .tmp/screenshots-admin/, against a fresh local runtime. Each screen is audited like
 * scripts/screenshots.ts (tap targets, type size, contrast, clipped text).
 *
 * Needs `npm run build:functions && npm run build:h5`. Browser and Chinese web font as in scripts/screenshots.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { reportShots, type Shot } from './lib/screenshot-report';
import { answerWith, failWith, onAction, runtimeCaller, shotKit } from './lib/shot-kit';
import { elderShots } from './lib/elder-shots';
import { current, routeUrl, signInById } from '../tests/e2e/app';
import { launchPhone, phoneBrowser, ROOT, startRuntime } from '../tests/support/browser';

const OUT = path.join(ROOT, '.tmp', 'screenshots-admin');
const A = '/packages/admin/pages';
const DISTRICT = 'demo-district-admin';
const STREET = 'demo-street-admin';

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  const runtime = await startRuntime();
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];
  const api = runtimeCaller(runtime.url, 'admin');
  const { shoot, openWith } = shotKit({ out: OUT, shots, baseUrl: runtime.url, context: phone.context, apiPattern: '**/api/admin' });

  // Something in the audit log with a before and after: the street admin edits her street's activity room.
  const venues = await api<{ venues: Array<{ id: string; name: string } & Record<string, unknown>> }>(STREET, 'venues', {});
  const room = venues.venues.find((v) => v.id === 'xy-center');
  if (room) {
    const { name, level, type, facilities, address, streetId, communityId, opens, slotMinutes, windowDays, maxConsecutive, needsApproval } = room;
    await api(STREET, 'saveVenue', { venueId: room.id, venue: { name, level, type, capacity: 60, facilities, address, streetId, communityId, opens, closes: '20:00', slotMinutes, windowDays, maxConsecutive, needsApproval, photos: [] } });
  }

  try {
    const page = phone.page;
    await signInById(page, runtime.url, DISTRICT);
    await page.goto(routeUrl(runtime.url, '/pages/me/index'));
    await current(page).getByText('管理后台').first().waitFor();
    await shoot(page, '01-me-admin-entry');
    await page.goto(routeUrl(runtime.url, `${A}/home/index`));
    await current(page).getByText('区管理员').waitFor();
    await shoot(page, '02-home-district', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${A}/venues/index`));
    await current(page).locator('.admin-place').first().waitFor();
    await shoot(page, '03-venues-district');
    await shoot(page, '03-venues-district-full', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${A}/venue-edit/index`));
    await current(page).getByText('基本信息').waitFor();
    await shoot(page, '04-venue-new', { fullPage: true });
    await current(page).getByText('新增场地', { exact: true }).last().click();
    await current(page).getByText('请填写场地名称，至少2个字').waitFor();
    await shoot(page, '04-venue-new-errors', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${A}/venue-edit/index?venueId=cyy-hall`));
    await current(page).getByText('添加场地管理员').waitFor();
    await shoot(page, '05-venue-edit', { fullPage: true });
    await current(page).getByText('添加场地管理员').click();
    await current(page).locator('.admin-search .admin-search__input input').fill('王');
    await current(page).getByText('查找', { exact: true }).click();
    await page.waitForTimeout(800);
    await shoot(page, '05-venue-add-manager', { fullPage: true });
    await current(page).getByText('停用场地', { exact: true }).click();
    await shoot(page, '05-venue-retire', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${A}/stations/index`));
    await current(page).locator('.admin-place').first().waitFor();
    await shoot(page, '06-stations');
    await page.goto(routeUrl(runtime.url, `${A}/station-edit/index?stationId=st-beida`));
    await current(page).getByText('添加红帆站站长').waitFor();
    await shoot(page, '07-station-edit', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${A}/station-edit/index`));
    await current(page).getByText('基本信息').waitFor();
    await shoot(page, '07-station-new', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${A}/people/index`));
    await current(page).locator('.admin-search .admin-search__input input').fill('王');
    await current(page).getByText('查找', { exact: true }).click();
    await current(page).locator('.admin-person').first().waitFor();
    await shoot(page, '08-people-search', { fullPage: true });
    await current(page).getByText('选择', { exact: true }).first().click();
    await current(page).getByText('场地管理员', { exact: true }).last().click();
    await shoot(page, '08-people-grant', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${A}/audit/index`));
    await current(page).locator('.admin-entry').first().waitFor();
    await shoot(page, '09-audit');
    await current(page).getByText('改了什么 ▼').first().click();
    await shoot(page, '09-audit-open', { fullPage: true });

    // The street admin: her street only.
    await signInById(page, runtime.url, STREET);
    await page.goto(routeUrl(runtime.url, `${A}/home/index`));
    await current(page).getByText('向阳街道管理员').waitFor();
    await shoot(page, '10-home-street');
    await page.goto(routeUrl(runtime.url, `${A}/venues/index`));
    await current(page).locator('.admin-place').first().waitFor();
    await shoot(page, '11-venues-street');
    await page.goto(routeUrl(runtime.url, `${A}/venue-edit/index`));
    await current(page).getByText('基本信息').waitFor();
    await shoot(page, '12-venue-new-street', { fullPage: true });

    // Someone who is not an administrator.
    await signInById(page, runtime.url, 'demo-resident');
    await page.goto(routeUrl(runtime.url, `${A}/home/index`));
    await current(page).getByText('无权限').waitFor();
    await shoot(page, '13-denied');

    // Loading, error and empty states.
    await signInById(page, runtime.url, DISTRICT);
    const slow = await openWith(`${A}/venues/index`, onAction('venues', () => new Promise(() => undefined)));
    await slow.locator('.state--loading').first().waitFor();
    await shoot(slow, '20-venues-loading', { noSettle: true });
    await slow.close();
    const broken = await openWith(`${A}/venues/index`, onAction('venues', failWith('UNAVAILABLE', 503)));
    await broken.getByText('重新加载').first().waitFor();
    await shoot(broken, '21-venues-error');
    await broken.close();
    const none = await openWith(`${A}/stations/index`, onAction('stations', answerWith({ stations: [] })));
    await none.getByText(/这里还没有红帆站/).first().waitFor();
    await shoot(none, '22-stations-empty');
    await none.close();
    const noLog = await openWith(`${A}/audit/index`, onAction('auditLog', answerWith({ entries: [] })));
    await noLog.getByText('没有符合条件的操作记录').first().waitFor();
    await shoot(noLog, '23-audit-empty');
    await noLog.close();
    const nobody = await openWith(`${A}/people/index`, onAction('findPeople', answerWith({ people: [] })));
    await nobody.locator('.admin-search .admin-search__input input').fill('赵');
    await nobody.getByText('查找', { exact: true }).click();
    await nobody.getByText(/没有找到这个人/).first().waitFor();
    await shoot(nobody, '24-people-none');
    await nobody.close();

    await elderShots(page, runtime.url, OUT, shots, [
      { name: '02-home-district', route: `${A}/home/index` },
      { name: '03-venues-district', route: `${A}/venues/index` },
      { name: '04-venue-new', route: `${A}/venue-edit/index` },
      { name: '05-venue-edit', route: `${A}/venue-edit/index?venueId=cyy-hall` },
      { name: '06-stations', route: `${A}/stations/index` },
      { name: '07-station-edit', route: `${A}/station-edit/index?stationId=st-beida` },
      { name: '08-people', route: `${A}/people/index?q=${encodeURIComponent('王')}` },
      { name: '09-audit', route: `${A}/audit/index` },
    ]);
  } catch (e) {
    await phone.page.screenshot({ path: path.join(OUT, 'zz-failure.png') }).catch(() => undefined);
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
