/**
 * `npx tsx scripts/organizer-screenshots.ts`: PNG screenshots (390×844, DPR 2) of the 活动管理 pages for branch
 * secretaries — the list (草稿 / 已发布 / 已取消 with counts, the 取消活动 form), the editor (an activity, a new one with
 * the contract's words at the fields, a taken venue slot said with the slot, a blocked word at its field, a long
 * title), 报名名单 (confirmed and waiting) and the rotating code — with their loading / error / empty states, then in
 * 长辈版, into .tmp/screenshots-organizer/, against a fresh local runtime. Each screen is audited like
 * scripts/screenshots.ts; exits 1 when something is too small to tap.
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

const OUT = path.join(ROOT, '.tmp', 'screenshots-organizer');
const O = '/packages/organizer/pages';
const SECRETARY = 'demo-secretary';
const DAY = 24 * 3600_000;
const dayAt = (days: number, hhmm: string) => `${new Date(Date.now() + 8 * 3600_000 + days * DAY).toISOString().slice(0, 10)}T${hhmm}:00+08:00`;
const DESCRIPTION = '陪社区老人聊聊天、理理发、量量血压。请志愿者提前十分钟到场，穿好红马甲。';

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  const runtime = await startRuntime();
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];

  const api = runtimeCaller(runtime.url, 'activity');
  const { shoot, openWith } = shotKit({ out: OUT, shots, baseUrl: runtime.url, context: phone.context, apiPattern: '**/api/activity' });
  const create = async (title: string, o: { days?: number; capacity?: number; venueId?: string } = {}) =>
    api<{ id: string }>(SECRETARY, 'create', {
      activity: {
        title,
        type: 'volunteer',
        description: DESCRIPTION,
        coverFileId: null,
        start: dayAt(o.days ?? 2, '14:00'),
        end: dayAt(o.days ?? 2, '16:00'),
        place: o.venueId ? { kind: 'venue', venueId: o.venueId } : { kind: 'address', address: '山和梁社区党群服务中心二楼活动室（幸福街道幸福路12号）' },
        capacity: o.capacity ?? 20,
        audience: 'public',
      },
    });

  // A nearly full one with people waiting, a long-titled draft, a cancelled one.
  const full = await create('重阳节敬老志愿服务', { capacity: 2 });
  await api(SECRETARY, 'publish', { activityId: full.id });
  for (const who of ['demo-resident', 'demo-party-member', 'demo-resident-2']) await api(who, 'signUp', { activityId: full.id, wait: true });
  await create('社会组织联合党支部“我为群众办实事”社区环境整治议事会', { days: 3 });
  const gone = await create('红色观影活动', { days: 4 });
  await api(SECRETARY, 'publish', { activityId: gone.id });
  await api(SECRETARY, 'cancelActivity', { activityId: gone.id, reason: '放映设备临时故障，改期另行通知' });
  // 创益园排练室 is booked by a resident tomorrow 09:30 (the editor's default time).
  await api('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [dayAt(1, '09:30')], purpose: '社区读书会', attendees: 6 }, 'venue');

  try {
    const page = phone.page;
    await signInById(page, runtime.url, SECRETARY);

    await page.goto(routeUrl(runtime.url, `${O}/activities/index`));
    await current(page).locator('.ocard').first().waitFor();
    await shoot(page, '80-activities');
    await shoot(page, '80-activities-full', { fullPage: true });
    await current(page).getByText('取消活动').first().click();
    await current(page).getByText('确认取消活动').click();
    await current(page).getByText('请写明取消原因，至少2个字').waitFor();
    await current(page).locator('.author-cancel').scrollIntoViewIfNeeded();
    await shoot(page, '81-cancel-form');

    await page.goto(routeUrl(runtime.url, `${O}/edit/index?activityId=${full.id}`));
    await current(page).getByText('保存修改').waitFor();
    await shoot(page, '82-edit');
    await shoot(page, '82-edit-full', { fullPage: true });

    await page.goto(routeUrl(runtime.url, `${O}/edit/index`));
    await current(page).getByText('保存草稿').waitFor();
    await shoot(page, '83-new');
    await current(page).getByText('保存草稿').click();
    await current(page).getByText('标题至少4个字').waitFor();
    await shoot(page, '83-new-errors', { fullPage: true });

    // a taken slot: the slot named, the advice
    await current(page).locator('.field__input input').first().fill('主题党日：重温入党誓词');
    await current(page).locator('.field__textarea textarea').first().fill(DESCRIPTION);
    await current(page).getByText('主题党日', { exact: true }).click();
    await current(page).getByText('换场地').click();
    await current(page).getByText('创益园排练室').first().click();
    await current(page).getByText('发布', { exact: true }).click();
    await page.locator('.taro-modal__foot').getByText('发布', { exact: true }).click();
    await current(page).getByText('没能发布：', { exact: false }).waitFor();
    await current(page).locator('.author-problem').scrollIntoViewIfNeeded();
    await shoot(page, '84-venue-taken');

    await page.goto(routeUrl(runtime.url, `${O}/roster/index?activityId=${full.id}`));
    await current(page).getByText('已报名（2人）').waitFor();
    await shoot(page, '85-roster');
    await shoot(page, '85-roster-full', { fullPage: true });

    await page.goto(routeUrl(runtime.url, `${O}/code/index?activityId=${full.id}`));
    await current(page).locator('.shift-code__digit').first().waitFor();
    await shoot(page, '86-code');
    await shoot(page, '86-code-full', { fullPage: true });

    // Loading, error and empty states (answers stood in for the one action).
    const slow = await openWith(`${O}/activities/index`, onAction('organized', () => new Promise(() => undefined)));
    await slow.locator('.state--loading').first().waitFor();
    await shoot(slow, '90-activities-loading', { noSettle: true });
    await slow.close();
    const broken = await openWith(`${O}/activities/index`, onAction('organized', failWith('INTERNAL', 500)));
    await broken.getByText('重新加载').first().waitFor();
    await shoot(broken, '91-activities-error');
    await broken.close();
    const none = await openWith(`${O}/activities/index`, onAction('organized', answerWith({ branches: [{ id: 'branch-shanheliang', name: '山和梁联合党支部' }], items: [] })));
    await none.getByText('还没有活动', { exact: false }).first().waitFor();
    await shoot(none, '92-activities-empty');
    await none.close();
    const gone404 = await openWith(`${O}/roster/index?activityId=act-gone`);
    await gone404.getByText('重新加载').first().waitFor();
    await shoot(gone404, '93-roster-not-found');
    await gone404.close();
    const codeDown = await openWith(`${O}/code/index?activityId=${full.id}`, onAction('checkInCode', failWith('UNAVAILABLE', 503)));
    await codeDown.getByText('重新加载').first().waitFor();
    await shoot(codeDown, '94-code-error');
    await codeDown.close();

    await elderShots(page, runtime.url, OUT, shots, [
      { name: '80-activities', route: `${O}/activities/index` },
      { name: '82-edit', route: `${O}/edit/index?activityId=${full.id}` },
      { name: '83-new', route: `${O}/edit/index` },
      { name: '85-roster', route: `${O}/roster/index?activityId=${full.id}` },
      { name: '86-code', route: `${O}/code/index?activityId=${full.id}` },
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
