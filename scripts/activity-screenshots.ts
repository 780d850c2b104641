/**
 * `npx tsx scripts/activity-screenshots.ts`: PNG screenshots (390×844, DPR 2) of the residents' 活动 pages — 首页 with
 * 近期活动, 我的 with 我的活动, the list (filtered too), 活动详情 (open, full with 排队候补, 已报名 with 签到 open, 候补第2位,
 * cancelled with its reason, members-only not found, a long title), the sign-up and waiting confirmations, 我的活动
 * and 活动签到 (form, wrong code, done) — with their loading / error / empty states, then in 长辈版, into
 * .tmp/screenshots-activity/, against a fresh local runtime. The `activity` function's answers are stood in by canned
 * ones that follow the contract (types/activity.ts), so every state can be shown on any day; everything else (sign-in,
 * 首页, 我的, messages) is the real runtime. Each screen is audited like scripts/screenshots.ts; exits 1 when something
 * is too small to tap.
 *
 * Needs `npm run build:functions && npm run build:h5`. Browser and Chinese web font as in scripts/screenshots.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Route } from 'playwright-core';
import type { ActivityDetail, ActivitySummary } from '../types';
import { reportShots, type Shot } from './lib/screenshot-report';
import { answerWith, failWith, shotKit } from './lib/shot-kit';
import { elderShots } from './lib/elder-shots';
import { current, ROUTES, routeUrl, signInById } from '../tests/e2e/app';
import { launchPhone, phoneBrowser, ROOT, startRuntime } from '../tests/support/browser';

const OUT = path.join(ROOT, '.tmp', 'screenshots-activity');
const A = '/packages/activity/pages';
const RESIDENT = 'demo-resident';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const iso = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 16)}:00+08:00`;
/** The Beijing day `days` from now at `clock`. */
const dayAt = (days: number, clock: string) => `${new Date(Date.now() + days * DAY + 8 * 3600_000).toISOString().slice(0, 10)}T${clock}:00+08:00`;
const soonStart = Math.ceil((Date.now() + 10 * MINUTE) / MINUTE) * MINUTE;

function summary(s: Partial<ActivitySummary> & Pick<ActivitySummary, 'id' | 'title' | 'type' | 'typeLabel' | 'start' | 'end'>): ActivitySummary {
  return {
    cover: null,
    branchId: 'branch-shanheliang',
    branchName: '芝罘区社会组织第一联合党支部',
    signUpDeadline: s.start,
    placeName: '北大社区党群服务中心二楼活动室',
    address: '芝罘区北大街46号',
    venueId: null,
    streetName: '向阳街道',
    communityName: '北大社区',
    audience: 'public',
    capacity: 30,
    taken: 12,
    waiting: 0,
    state: 'published',
    cancelReason: null,
    near: 'district',
    mine: null,
    ...s,
  };
}
function detail(s: ActivitySummary, extra: Partial<ActivityDetail> = {}): ActivityDetail {
  return {
    ...s,
    description:
      '重阳节到了，支部邀请社区的老人和志愿者一起包饺子、拉家常。面和馅都准备好了，您只要带上好心情。\n活动结束后大家一起合影留念，行动不便的老人可以请志愿者上门接送。',
    lat: null,
    lng: null,
    communityId: 'beida',
    canSignUp: s.taken < s.capacity,
    reason: s.taken < s.capacity ? null : { code: 'ACTIVITY.FULL', message: '名额已经报满了。可以排队候补，有人取消时按先后顺序递补' },
    organizer: false,
    coverFileId: null,
    coverRejected: false,
    freeCancelUntil: s.start,
    checkInOpensAt: iso(Date.parse(s.start) - 30 * MINUTE),
    checkInClosesAt: s.end,
    ...extra,
  };
}

// The activities 王阿姨 sees: one starting in ten minutes she holds a place in (签到 open), a nearly full one in her
// community with a cover, a full one (候补), one she waits for, a members-only one of 张老师's branch, one cancelled.
const soon = summary({
  id: 'act-soon',
  title: '志愿服务：清扫楼道小广告',
  type: 'volunteer',
  typeLabel: '志愿服务',
  start: iso(soonStart),
  end: iso(soonStart + 90 * MINUTE),
  near: 'community',
  capacity: 15,
  taken: 9,
  mine: { state: 'confirmed', position: null, checkedInAt: null },
});
const dumplings = summary({
  id: 'act-dumplings',
  title: '北大社区重阳节包饺子',
  type: 'culture',
  typeLabel: '文体活动',
  start: dayAt(2, '14:00'),
  end: dayAt(2, '16:00'),
  signUpDeadline: dayAt(2, '12:00'),
  near: 'community',
  capacity: 20,
  taken: 17,
  cover: { url: '/static/venues/activity.png', state: 'ok' },
});
const council = summary({
  id: 'act-council',
  title: '书记议事厅：楼道停车怎么管',
  type: 'council',
  typeLabel: '议事',
  start: dayAt(3, '09:00'),
  end: dayAt(3, '10:30'),
  placeName: '创益园 第一会议室',
  address: '芝罘区幸福路9号 芝罘区社会组织党群服务中心',
  venueId: 'cyy-meeting-1',
  near: 'street',
  capacity: 12,
  taken: 12,
  waiting: 3,
});
const training = summary({
  id: 'act-training',
  title: '智能手机课：学会用微信视频通话',
  type: 'training',
  typeLabel: '培训',
  start: dayAt(4, '15:00'),
  end: dayAt(4, '16:30'),
  capacity: 25,
  taken: 25,
  waiting: 2,
  mine: { state: 'waitlisted', position: 2, checkedInAt: null },
});
const themeDay = summary({
  id: 'act-theme',
  title: '主题党日：重温入党誓词',
  type: 'theme_day',
  typeLabel: '主题党日',
  start: dayAt(5, '09:00'),
  end: dayAt(5, '11:00'),
  audience: 'members',
  placeName: '创益园 党建展厅',
  capacity: 40,
  taken: 8,
});
const calledOff = summary({
  id: 'act-called-off',
  title: '健身操培训第一课',
  type: 'training',
  typeLabel: '培训',
  start: dayAt(6, '15:00'),
  end: dayAt(6, '16:00'),
  state: 'cancelled',
  cancelReason: '老师临时有事，改期另行通知',
  mine: { state: 'confirmed', position: null, checkedInAt: null },
});
const attended = summary({
  id: 'act-attended',
  title: '文艺汇演：唱支山歌给党听',
  type: 'culture',
  typeLabel: '文体活动',
  start: dayAt(-6, '19:00'),
  end: dayAt(-6, '21:00'),
  capacity: 80,
  taken: 64,
  mine: { state: 'confirmed', position: null, checkedInAt: dayAt(-6, '18:52') },
});
const longTitle = summary({
  id: 'act-long',
  title: '芝罘区社会组织联合党支部“红帆启航”暨重阳敬老志愿服务进社区',
  type: 'volunteer',
  typeLabel: '志愿服务',
  start: dayAt(7, '08:30'),
  end: dayAt(7, '11:30'),
  placeName: '芝罘区只楚街道只楚社区新时代文明实践站（只楚路东首）三楼多功能厅',
  audience: 'members',
  near: 'street',
  capacity: 100,
  taken: 37,
});

const FEED = [soon, dumplings, council, training, themeDay, longTitle];
const DETAILS: Record<string, ActivityDetail> = Object.fromEntries(
  [soon, dumplings, council, training, themeDay, calledOff, attended, longTitle].map((a) => [a.id, detail(a, a.mine?.state === 'waitlisted' ? { canSignUp: false, reason: null } : a.mine ? { canSignUp: false } : {})]),
);
let codeTries = 0;

/** Stands in for the `activity` function, by action, as the contract says it answers. */
async function activityFunction(r: Route): Promise<void> {
  const body = JSON.parse(r.request().postData() ?? '{}') as { action: string; data: { activityId?: string; type?: string; from?: string; to?: string; code?: string } };
  const { action, data } = body;
  if (action === 'feed') {
    const items = FEED.filter((a) => (!data.type || a.type === data.type) && (!data.from || a.start.slice(0, 10) >= data.from) && (!data.to || a.start.slice(0, 10) <= data.to));
    return answerWith({ items })(r);
  }
  if (action === 'get') {
    const d = DETAILS[data.activityId ?? ''];
    return d ? answerWith(d)(r) : failWith('ACTIVITY.NOT_FOUND', 404)(r);
  }
  if (action === 'mine') return answerWith({ upcoming: [soon, training, calledOff], past: [attended] })(r);
  if (action === 'checkIn') {
    codeTries += 1;
    return codeTries === 1 ? failWith('ACTIVITY.CODE_WRONG', 422)(r) : answerWith({ activityId: data.activityId, checkedInAt: iso(Date.now()), points: 5 })(r);
  }
  return failWith('INTERNAL', 500)(r);
}
const slowly = () => new Promise<void>(() => undefined);

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  const runtime = await startRuntime();
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];
  const { shoot, openWith } = shotKit({ out: OUT, shots, baseUrl: runtime.url, context: phone.context, apiPattern: '**/api/activity' });

  try {
    const page = phone.page;
    await page.route('**/api/activity', activityFunction);
    await signInById(page, runtime.url, RESIDENT);

    await page.goto(routeUrl(runtime.url, ROUTES.home));
    await current(page).locator('.acard').first().waitFor();
    await shoot(page, '80-home', { fullPage: true });
    await page.goto(routeUrl(runtime.url, ROUTES.me));
    await current(page).getByText('我的活动').waitFor();
    await shoot(page, '81-me', { fullPage: true });

    await page.goto(routeUrl(runtime.url, `${A}/list/index`));
    await current(page).locator('.acard').first().waitFor();
    await shoot(page, '82-list');
    await shoot(page, '82-list-full', { fullPage: true });
    await current(page).locator('.chips').first().getByText('议事', { exact: true }).click();
    await page.waitForTimeout(400);
    await shoot(page, '83-list-council');

    for (const [name, id] of [
      ['84-detail-open', dumplings.id],
      ['85-detail-full', council.id],
      ['86-detail-confirmed-checkin', soon.id],
      ['87-detail-waiting', training.id],
      ['88-detail-cancelled', calledOff.id],
      ['89-detail-long-title', longTitle.id],
      ['90-detail-not-found', 'act-other-branch'],
    ] as const) {
      await page.goto(routeUrl(runtime.url, `${A}/detail/index?activityId=${id}`));
      await current(page).locator('.adetail__head, .state--empty').first().waitFor();
      await shoot(page, name, { fullPage: true });
    }
    await page.goto(routeUrl(runtime.url, `${A}/detail/index?activityId=${dumplings.id}`));
    await current(page).getByText('我要报名', { exact: true }).click();
    await page.waitForTimeout(400);
    await shoot(page, '91-signup-confirm', { noSettle: true });
    await page.getByText('再想想').click();
    await page.goto(routeUrl(runtime.url, `${A}/detail/index?activityId=${council.id}`));
    await current(page).getByText('排队候补', { exact: true }).click();
    await page.waitForTimeout(400);
    await shoot(page, '92-wait-confirm', { noSettle: true });
    await page.getByText('再想想').click();

    await page.goto(routeUrl(runtime.url, `${A}/mine/index`));
    await current(page).locator('.acard').first().waitFor();
    await shoot(page, '93-mine', { fullPage: true });

    await page.goto(routeUrl(runtime.url, `${A}/checkin/index?activityId=${soon.id}`));
    await current(page).locator('.checkin-head__title').waitFor();
    await shoot(page, '94-checkin');
    await current(page).locator('.code-boxes__input input').fill('123456');
    await current(page).getByText('确认签到').click();
    await current(page).locator('.v-error').waitFor();
    await shoot(page, '94-checkin-wrong-code');
    await current(page).locator('.code-boxes__input input').fill('654321');
    await current(page).getByText('确认签到').click();
    await current(page).getByText('签到成功').waitFor();
    await shoot(page, '94-checkin-done');

    // Loading, error and empty states.
    const states: Array<[string, string, (r: Route) => Promise<void> | void, string]> = [
      ['95-list-loading', `${A}/list/index`, slowly, '.state--loading'],
      ['96-list-error', `${A}/list/index`, failWith('UNAVAILABLE', 503), '.state--error'],
      ['97-list-empty', `${A}/list/index`, answerWith({ items: [] }), '.state--empty'],
      ['98-home-no-activities', ROUTES.home, answerWith({ items: [] }), '.home__activities-note'],
      ['99-detail-error', `${A}/detail/index?activityId=${soon.id}`, failWith('INTERNAL', 500), '.state--error'],
      ['100-mine-empty', `${A}/mine/index`, answerWith({ upcoming: [], past: [] }), '.state--empty'],
    ];
    for (const [name, route, answer, ready] of states) {
      const tab = await openWith(route, answer);
      await tab.locator(`.taro_page_show:not(.taro_page_shade) ${ready}`).first().waitFor();
      await shoot(tab, name, { noSettle: name.endsWith('loading'), fullPage: name.startsWith('98') });
      await tab.close();
    }

    await elderShots(page, runtime.url, OUT, shots, [
      { name: '80-home', route: ROUTES.home },
      { name: '82-list', route: `${A}/list/index` },
      { name: '84-detail-open', route: `${A}/detail/index?activityId=${dumplings.id}` },
      { name: '86-detail-confirmed-checkin', route: `${A}/detail/index?activityId=${soon.id}` },
      { name: '87-detail-waiting', route: `${A}/detail/index?activityId=${training.id}` },
      { name: '89-detail-long-title', route: `${A}/detail/index?activityId=${longTitle.id}` },
      { name: '93-mine', route: `${A}/mine/index` },
      { name: '94-checkin', route: `${A}/checkin/index?activityId=${soon.id}` },
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
