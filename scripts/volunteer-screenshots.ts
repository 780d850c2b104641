/**
 * `npx tsx scripts/volunteer-screenshots.ts`: PNG screenshots (390×844, DPR 2) of the 志愿服务 pages — 我的 → 志愿服务,
 * register, 找服务, 我的服务, 签到 / 签退, 我的时长, 服务排行, 服务证明, 查验证明 and the privacy page — with their loading /
 * error / empty states, then in 长辈版, into .tmp/screenshots-volunteer/, against a fresh local runtime. Each screen is
 * audited like scripts/screenshots.ts (tap targets, type size, contrast, clipped text); exits 1 when something is too
 * small to tap.
 *
 * Needs `npm run build:functions && npm run build:h5`. Browser and Chinese web font as in scripts/screenshots.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { reportShots, type Shot } from './lib/screenshot-report';
import { answerWith, failWith, onAction, runtimeCaller, shotKit } from './lib/shot-kit';
import { elderShots } from './lib/elder-shots';
import { current, ROUTES, routeUrl, signInById } from '../tests/e2e/app';
import { launchPhone, phoneBrowser, ROOT, startRuntime } from '../tests/support/browser';

// Not under .tmp/screenshots/: scripts/screenshots.ts empties that folder when it starts.
const OUT = path.join(ROOT, '.tmp', 'screenshots-volunteer');
const V = '/packages/volunteer/pages';
const MANAGER = 'demo-station-manager';
const VOLUNTEER = 'shot-volunteer';
const NEWCOMER = 'shot-newcomer';

const iso = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 16)}:00+08:00`;
const MINUTE = 60_000;

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  const runtime = await startRuntime();
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];

  const api = runtimeCaller(runtime.url, 'volunteer');
  const { shoot, openWith } = shotKit({ out: OUT, shots, baseUrl: runtime.url, context: phone.context, apiPattern: '**/api/volunteer' });
  const createShift = (title: string, startMs: number, minutes: number, capacity: number, extra: Record<string, unknown> = {}) => {
    const start = Math.ceil(startMs / MINUTE) * MINUTE;
    return api<{ id: string }>(MANAGER, 'createShift', { stationId: 'st-beida', title, start: iso(start), end: iso(start + minutes * MINUTE), capacity, place: '北大社区党群服务中心一楼', ...extra });
  };


  // The volunteer 张秀兰 with a place today (check-in open), one tomorrow, a queue place, and 120 honour hours.
  await api(VOLUNTEER, 'register', { realName: '张秀兰', phone: '13905351111' });
  const soon = await createShift('敬老院陪伴聊天', Date.now() + 10 * MINUTE, 90, 6, { skills: ['聊天陪伴'] });
  const tomorrow = await createShift('社区环境清洁', Date.now() + 26 * 60 * MINUTE, 120, 8, { skills: ['体力活'] });
  const full = await createShift('助老陪诊', Date.now() + 50 * 60 * MINUTE, 180, 1, { skills: ['会开车', '熟悉医院'] });
  await createShift('图书角整理', Date.now() + 74 * 60 * MINUTE, 120, 4);
  await api('demo-volunteer', 'register', { realName: '李建国', phone: '13705352468' });
  await api('demo-volunteer', 'signUp', { shiftId: full.id });
  await api(VOLUNTEER, 'signUp', { shiftId: soon.id });
  await api(VOLUNTEER, 'signUp', { shiftId: tomorrow.id });
  await api(VOLUNTEER, 'signUp', { shiftId: full.id, wait: true });
  await api(MANAGER, 'grantHours', { openid: VOLUNTEER, stationId: 'st-beida', hours: 60, reason: '长期坚持助老服务' });
  await api(MANAGER, 'grantHours', { openid: VOLUNTEER, stationId: 'st-beida', hours: 62.5, reason: '疫情期间社区值守' });

  try {
    const page = phone.page;

    // A resident not registered: 我的 offers the registration; the form with its errors.
    await signInById(page, runtime.url, NEWCOMER);
    await current(page).getByText('注册成为志愿者').waitFor();
    await shoot(page, '30-me-not-registered', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${V}/shifts/index`));
    await current(page).getByText('先注册成为志愿者').waitFor();
    await shoot(page, '31-shifts-not-registered');
    await page.goto(routeUrl(runtime.url, `${V}/register/index`));
    await current(page).getByText('志愿者须知').waitFor();
    await shoot(page, '32-register', { fullPage: true });
    await current(page).getByText('同意并注册', { exact: true }).click();
    await current(page).getByText('请填写真实姓名（2到15个汉字）').waitFor();
    await shoot(page, '32-register-errors', { fullPage: true });

    // The volunteer.
    await signInById(page, runtime.url, VOLUNTEER);
    await current(page).getByText('累计服务122.5小时').waitFor();
    await shoot(page, '33-me-volunteer', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${V}/shifts/index`));
    await current(page).locator('.vshift-card').first().waitFor();
    await shoot(page, '34-shifts');
    await shoot(page, '34-shifts-full', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${V}/mine/index`));
    await current(page).locator('.vshift-card').first().waitFor();
    await shoot(page, '35-mine', { fullPage: true });
    await current(page).getByText('已结束').click();
    await page.waitForTimeout(500);
    await shoot(page, '35-mine-past');

    await page.goto(routeUrl(runtime.url, `${V}/checkin/index?shiftId=${soon.id}&mode=in`));
    await current(page).getByText('敬老院陪伴聊天').waitFor();
    await shoot(page, '36-checkin');
    const { code } = await api<{ code: string }>(MANAGER, 'shiftCode', { shiftId: soon.id });
    await current(page).locator('.code-boxes__input input').fill(code === '123456' ? '654321' : '123456');
    await current(page).getByText('确认签到').click();
    await current(page).locator('.v-error').waitFor();
    await shoot(page, '36-checkin-wrong-code');
    await current(page).locator('.code-boxes__input input').fill((await api<{ code: string }>(MANAGER, 'shiftCode', { shiftId: soon.id })).code);
    await current(page).getByText('确认签到').click();
    await current(page).getByText('签到成功').waitFor();
    await shoot(page, '36-checkin-done');

    await page.goto(routeUrl(runtime.url, `${V}/hours/index`));
    await current(page).getByText('累计服务时长').waitFor();
    await shoot(page, '37-hours');
    await shoot(page, '37-hours-full', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${V}/leaderboard/index`));
    await current(page).locator('.board__row').first().waitFor();
    await shoot(page, '38-leaderboard');

    await page.goto(routeUrl(runtime.url, `${V}/certificate/index`));
    await current(page).getByText('证明上的姓名怎么显示').waitFor();
    await shoot(page, '39-certificate-choose');
    await current(page).getByText('开具证明', { exact: true }).click();
    await current(page).locator('.cert').waitFor();
    await shoot(page, '39-certificate', { fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await shoot(page, '39-certificate-print');
    await page.emulateMedia({ media: 'screen' });
    await current(page).getByText('查验这个编号').click();
    await current(page).getByText('✓ 证明真实有效').waitFor();
    await shoot(page, '40-verify');
    await current(page).locator('.v-field__input input').fill('ZFHF-00000000-NOPE');
    await current(page).getByText('查验', { exact: true }).click();
    await current(page).locator('.v-error').waitFor();
    await shoot(page, '40-verify-not-found');
    await page.goto(routeUrl(runtime.url, '/packages/account/pages/privacy/index'));
    await shoot(page, '41-privacy', { fullPage: true });

    // Loading, error and empty states (answers stood in for the one action).
    const slow = await openWith(`${V}/shifts/index`, onAction('shifts', () => new Promise(() => undefined)));
    await slow.locator('.state--loading').first().waitFor();
    await shoot(slow, '50-shifts-loading', { noSettle: true });
    await slow.close();
    const broken = await openWith(`${V}/shifts/index`, onAction('shifts', failWith('INTERNAL', 500)));
    await broken.getByText('重新加载').first().waitFor();
    await shoot(broken, '51-shifts-error');
    await broken.close();
    const none = await openWith(`${V}/shifts/index`, onAction('shifts', answerWith({ shifts: [] })));
    await none.getByText(/近期没有可以报名的服务/).first().waitFor();
    await shoot(none, '52-shifts-empty');
    await none.close();
    const noPlaces = await openWith(`${V}/mine/index`, onAction('myShifts', answerWith({ shifts: [] })));
    await noPlaces.getByText('您还没有报名的服务。').first().waitFor();
    await shoot(noPlaces, '53-mine-empty');
    await noPlaces.close();
    const noHours = await openWith(`${V}/hours/index`, onAction('ledger', answerWith({ entries: [], totalHours: 0, byStation: [], stars: { level: 0, nextAt: 100, progress: 0 } })));
    await noHours.getByText('还没有时长记录', { exact: false }).first().waitFor();
    await shoot(noHours, '54-hours-empty');
    await noHours.close();
    const hoursDown = await openWith(`${V}/hours/index`, onAction('ledger', failWith('UNAVAILABLE', 503)));
    await hoursDown.getByText('重新加载').first().waitFor();
    await shoot(hoursDown, '55-hours-error');
    await hoursDown.close();
    const noBoard = await openWith(`${V}/leaderboard/index`, onAction('leaderboard', answerWith({ month: iso(Date.now()).slice(0, 7), streetId: null, entries: [] })));
    await noBoard.getByText('这个月还没有人记上服务时长。').first().waitFor();
    await shoot(noBoard, '56-leaderboard-empty');
    await noBoard.close();
    const noCert = await openWith(`${V}/certificate/index`, onAction('certificate', failWith('CERTIFICATE.NO_HOURS', 409)));
    await noCert.getByText('开具证明', { exact: true }).click();
    await noCert.locator('.v-error').waitFor();
    await shoot(noCert, '57-certificate-no-hours');
    await noCert.close();

    await elderShots(page, runtime.url, OUT, shots, [
      { name: '33-me-volunteer', route: ROUTES.me },
      { name: '34-shifts', route: `${V}/shifts/index` },
      { name: '35-mine', route: `${V}/mine/index` },
      { name: '36-checkin', route: `${V}/checkin/index?shiftId=${tomorrow.id}&mode=in` },
      { name: '37-hours', route: `${V}/hours/index` },
      { name: '38-leaderboard', route: `${V}/leaderboard/index` },
      { name: '39-certificate-choose', route: `${V}/certificate/index` },
      { name: '40-verify', route: `${V}/verify/index` },
      { name: '32-register', route: `${V}/register/index` },
      { name: '41-privacy', route: '/packages/account/pages/privacy/index' },
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
