/**
 * `npx tsx scripts/org-screenshots.ts`: PNG screenshots (390×844, DPR 2) of the 社会组织 pages — 首页's entry, the
 * register (filters, search, 加载更多), an organization's page as a resident, as its leader, as the district admin with a
 * claim waiting and the merge search, a merged one, the edit form with its errors, 新增组织, 党组织 and its editor —
 * with their loading / error / empty states, then in 长辈版, into .tmp/screenshots-org/, against a fresh local runtime.
 * Each screen is audited like scripts/screenshots.ts (tap targets, type size, contrast, clipped text); exits 1 when
 * something is too small to tap.
 *
 * Needs `npm run build:functions && npm run build:h5`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { reportShots, type Shot } from './lib/screenshot-report';
import { answerWith, failWith, onAction, runtimeCaller, shotKit } from './lib/shot-kit';
import { elderShots } from './lib/elder-shots';
import { current, ROUTES, routeUrl, signInById } from '../tests/e2e/app';
import { launchPhone, phoneBrowser, ROOT, startRuntime } from '../tests/support/browser';

const OUT = path.join(ROOT, '.tmp', 'screenshots-org');
const O = '/packages/org/pages';
const RESIDENT = 'demo-resident';
const ADMIN = 'demo-district-admin';
const LINLI = 'org-linli-shouwang';

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  const runtime = await startRuntime();
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];
  const api = runtimeCaller(runtime.url, 'org');
  const { shoot, openWith } = shotKit({ out: OUT, shots, baseUrl: runtime.url, context: phone.context, apiPattern: '**/api/org' });

  // 王阿姨 asks to lead 邻里守望 (waits for the street); a duplicate of it to merge.
  await api(RESIDENT, 'claim', { orgId: LINLI });
  const dup = await api<{ id: string }>(ADMIN, 'create', {
    profile: { name: '邻里守望志愿服务队', kind: 'community_group', streetId: 'xiangyang', communityId: 'dahaiyang', sizeBand: '10_29', leaderName: '于海波', leaderPhone: null, services: ['楼道巡查'], intro: '', instructor: null },
  });
  const merged = await api<{ id: string }>(ADMIN, 'create', {
    profile: { name: '邻里守望服务队（旧）', kind: 'community_group', streetId: 'xiangyang', communityId: null, sizeBand: 'under_10', leaderName: '于海波', leaderPhone: null, services: [], intro: '', instructor: null },
  });
  await api(ADMIN, 'merge', { keepId: LINLI, dropId: merged.id });
  const { items: unverified } = await api<{ items: Array<{ id: string }> }>(ADMIN, 'list', { verification: 'unverified', streetId: 'xiangyang' });

  try {
    const page = phone.page;
    await signInById(page, runtime.url, RESIDENT);
    await page.goto(routeUrl(runtime.url, ROUTES.home));
    await current(page).getByText('看看社会组织').waitFor();
    await current(page).locator('.home__orgs').scrollIntoViewIfNeeded();
    await shoot(page, '01-home-entry');

    await page.goto(routeUrl(runtime.url, `${O}/list/index`));
    await current(page).locator('.ocard').first().waitFor();
    await shoot(page, '10-list');
    await shoot(page, '10-list-full', { fullPage: true });
    await current(page).locator('.chip').getByText('向阳', { exact: true }).click();
    await current(page).locator('.chip').getByText('未建党组织', { exact: true }).click();
    await page.waitForTimeout(600);
    await shoot(page, '11-list-filtered', { fullPage: true });
    await current(page).locator('.osearch__input input').fill('没有这个名字');
    await current(page).getByText('查找', { exact: true }).click();
    await current(page).getByText('没有找到符合条件的组织', { exact: false }).waitFor();
    await shoot(page, '12-list-no-match');

    await page.goto(routeUrl(runtime.url, `${O}/detail/index?orgId=org-shanheliang`));
    await current(page).locator('.odetail__name').waitFor();
    await shoot(page, '20-detail-resident', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${O}/detail/index?orgId=${LINLI}`));
    await current(page).getByText('您的认领正在等街道核实').waitFor();
    await shoot(page, '21-detail-claim-pending', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${O}/detail/index?orgId=${unverified[0]?.id ?? dup.id}`));
    await current(page).getByText('我是负责人，认领').waitFor();
    await shoot(page, '22-detail-claimable');
    await page.goto(routeUrl(runtime.url, `${O}/detail/index?orgId=org-changxiang`));
    await current(page).getByText('您是这个组织的负责人', { exact: false }).waitFor();
    await shoot(page, '23-detail-leader', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${O}/edit/index?orgId=org-changxiang`));
    await current(page).getByText('保存修改').waitFor();
    await shoot(page, '30-edit-leader', { fullPage: true });
    await current(page).locator('.field__input input').first().fill('');
    await current(page).locator('.field__input input').nth(2).fill('1380');
    await current(page).getByText('保存修改').click();
    await current(page).getByText('有几项需要修改，请看红字提示').waitFor();
    await shoot(page, '31-edit-errors', { fullPage: true });
    await current(page).locator('.field__input input').first().fill('畅响赌博艺术团');
    await current(page).locator('.field__input input').nth(2).fill('');
    await current(page).getByText('保存修改').click();
    await current(page).getByText('不适合发布', { exact: false }).waitFor();
    await shoot(page, '32-edit-blocked-word');

    await page.goto(routeUrl(runtime.url, `${O}/party/index?streetId=xiangyang`));
    await current(page).locator('.pcard').first().waitFor();
    await shoot(page, '40-party', { fullPage: true });

    // The district admin.
    await signInById(page, runtime.url, ADMIN);
    await page.goto(routeUrl(runtime.url, `${O}/list/index`));
    await current(page).getByText('新增组织').waitFor();
    await shoot(page, '13-list-admin');
    await page.goto(routeUrl(runtime.url, `${O}/detail/index?orgId=${LINLI}`));
    await current(page).getByText('有人申请认领这个组织').waitFor();
    await shoot(page, '24-detail-admin-claim', { fullPage: true });
    await current(page).getByText('合并重复记录').click();
    await current(page).locator('.opick').first().waitFor();
    await shoot(page, '25-detail-merge-street');
    await current(page).locator('.omerge .osearch__input input').fill('邻里守望');
    await current(page).locator('.omerge').getByText('查找', { exact: true }).click();
    await current(page).locator('.opick').first().waitFor();
    await shoot(page, '25-detail-merge-search', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${O}/detail/index?orgId=${unverified[1]?.id ?? dup.id}`));
    await current(page).getByText('核实资料').waitFor();
    await shoot(page, '26-detail-admin-unverified');
    await page.goto(routeUrl(runtime.url, `${O}/detail/index?orgId=${merged.id}`));
    await current(page).getByText('这条记录已合并到', { exact: false }).waitFor();
    await shoot(page, '27-detail-merged');
    await page.goto(routeUrl(runtime.url, `${O}/edit/index`));
    await current(page).getByText('基本信息').waitFor();
    await shoot(page, '33-create', { fullPage: true });
    await current(page).locator('.oactions .btn-primary').click();
    await current(page).getByText('有几项需要修改，请看红字提示').waitFor();
    await shoot(page, '34-create-errors', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${O}/party/index?streetId=xiangyang`));
    await current(page).getByText('新建党组织').waitFor();
    await shoot(page, '41-party-admin');
    await current(page).getByText('编辑党组织').first().click();
    await current(page).getByText('保存党组织').waitFor();
    await page.waitForTimeout(600);
    await shoot(page, '42-party-edit', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${O}/party/index`));
    await current(page).getByText('新建党组织').click();
    await current(page).getByText('保存党组织').click();
    await current(page).getByText('请至少选择一个社会组织').waitFor();
    await shoot(page, '43-party-new-errors', { fullPage: true });

    // Loading, error and empty states.
    const slow = await openWith(`${O}/list/index`, onAction('list', () => new Promise(() => undefined)));
    await slow.locator('.state--loading').first().waitFor();
    await shoot(slow, '50-list-loading', { noSettle: true });
    await slow.close();
    const broken = await openWith(`${O}/list/index`, onAction('list', failWith('INTERNAL', 500)));
    await broken.getByText('重新加载').first().waitFor();
    await shoot(broken, '51-list-error');
    await broken.close();
    const none = await openWith(`${O}/list/index`, onAction('list', answerWith({ items: [], total: 0 })));
    await none.getByText('还没有登记的社会组织。').first().waitFor();
    await shoot(none, '52-list-empty');
    await none.close();
    const missing = await openWith(`${O}/detail/index?orgId=org-nope`);
    await missing.getByText('没有找到这个社会组织。').first().waitFor();
    await shoot(missing, '53-detail-not-found');
    await missing.close();
    const detailDown = await openWith(`${O}/detail/index?orgId=${LINLI}`, onAction('get', failWith('UNAVAILABLE', 503)));
    await detailDown.getByText('重新加载').first().waitFor();
    await shoot(detailDown, '54-detail-error');
    await detailDown.close();
    const noParty = await openWith(`${O}/party/index`, onAction('partyOrgs', answerWith({ items: [] })));
    await noParty.getByText('这里还没有党组织。').first().waitFor();
    await shoot(noParty, '55-party-empty');
    await noParty.close();
    const longName = await openWith(
      `${O}/detail/index?orgId=${LINLI}`,
      onAction(
        'get',
        answerWith({
          id: LINLI, name: '芝罘区向阳街道大海阳社区邻里守望互助志愿服务队暨老年人关爱服务中心', kind: 'community_group', kindLabel: '社区社会组织', streetId: 'xiangyang', streetName: '向阳街道', communityName: '大海阳社区',
          sizeBand: '30_99', services: ['楼道巡查', '独居老人探访', '代买代办', '邻里调解', '健康义诊', '法律咨询'], party: { mode: 'joint', partyOrgId: 'branch-shanheliang', partyOrgName: '善和良联合党支部' }, verification: 'unverified',
          intro: '楼门院落的邻里守望，志愿者结对探访独居老人。'.repeat(6), communityId: 'dahaiyang', leaderName: '于海波', leaderPhoneMasked: '139****1002', instructor: '孙丽娟', claim: 'none', mergedInto: null,
          activities: [{ id: 'a1', title: '重阳节包饺子，陪独居老人过节，欢迎邻居们一起来帮忙', start: '2026-12-12T09:30:00+08:00', typeLabel: '志愿服务' }],
          volunteerHours: 1280.5, venueUse: { bookings: 36, hours: 72 }, can: { edit: false, verify: false, claim: true }, myClaim: 'none', pendingClaim: null,
        }),
      ),
    );
    await longName.locator('.odetail__name').first().waitFor();
    await shoot(longName, '56-detail-long-name', { fullPage: true });
    await longName.close();

    await elderShots(page, runtime.url, OUT, shots, [
      { name: '10-list', route: `${O}/list/index` },
      { name: '24-detail-admin-claim', route: `${O}/detail/index?orgId=${LINLI}` },
      { name: '20-detail', route: `${O}/detail/index?orgId=org-shanheliang` },
      { name: '33-create', route: `${O}/edit/index` },
      { name: '41-party-admin', route: `${O}/party/index?streetId=xiangyang` },
      { name: '01-home', route: ROUTES.home },
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
