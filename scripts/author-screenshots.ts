/**
 * `npx tsx scripts/author-screenshots.ts`: PNG screenshots (390×844, DPR 2) of the 课程管理 pages for district admins —
 * the course list by series with upcoming sessions (取消本场 form), the course editor (a seeded course, a new course
 * with the contract's words at the fields, a long title), 安排线下课 (a taken venue slot told in plain words) and the
 * rotating session code — with their loading / error / empty states, then in 长辈版, into .tmp/screenshots-author/,
 * against a fresh local runtime. Each screen is audited like scripts/screenshots.ts; exits 1 when something is too small
 * to tap.
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

const OUT = path.join(ROOT, '.tmp', 'screenshots-author');
const A = '/packages/author/pages';
const ADMIN = 'demo-district-admin';
const SEEDED = 'course-shyk-basics';
const MINUTE = 60_000;
const tomorrowAt = (hhmm: string) => `${new Date(Date.now() + 8 * 3600_000 + 24 * 60 * MINUTE).toISOString().slice(0, 10)}T${hhmm}:00+08:00`;

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  const runtime = await startRuntime();
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];

  const api = runtimeCaller(runtime.url, 'course');
  const { shoot, openWith } = shotKit({ out: OUT, shots, baseUrl: runtime.url, context: phone.context, apiPattern: '**/api/course' });

  // Two sessions of the seeded course (one with people enrolled and waiting), an unpublished course with a long title.
  const s1 = await api<{ id: string }>(ADMIN, 'schedule', { courseId: SEEDED, start: tomorrowAt('14:00'), capacity: 2, place: '山和梁联合党支部活动室（幸福街道幸福路12号二楼）' });
  await api<{ id: string }>(ADMIN, 'schedule', { courseId: SEEDED, start: tomorrowAt('15:30'), capacity: 20, venueId: 'cyy-rehearsal' });
  for (const who of ['demo-party-member', 'demo-secretary', 'demo-resident']) await api(who, 'signUp', { sessionId: s1.id });
  const draft = await api<Record<string, unknown> & { id: string }>(ADMIN, 'draft', { courseId: SEEDED });
  const { id: _id, ...seeded } = draft;
  await api(ADMIN, 'save', {
    course: {
      ...seeded,
      title: '社会组织联合党支部如何规范召开组织生活会和民主评议党员',
      published: false,
      questions: (seeded.questions as Array<Record<string, unknown>>).map(({ id: _q, ...q }) => q),
    },
  });
  // The 排练室 is booked by a resident tomorrow 09:30 (the schedule form's default time).
  await api('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [tomorrowAt('09:30')], purpose: '社区读书会', attendees: 6 }, 'venue');

  try {
    const page = phone.page;
    await signInById(page, runtime.url, ADMIN);

    await page.goto(routeUrl(runtime.url, `${A}/courses/index`));
    await current(page).locator('.author-course').first().waitFor();
    await shoot(page, '60-courses');
    await shoot(page, '60-courses-full', { fullPage: true });
    await current(page).getByText('取消本场').first().click();
    await current(page).getByText('确认取消本场').click();
    await current(page).getByText('请写明取消原因，至少2个字').waitFor();
    await current(page).locator('.author-cancel').scrollIntoViewIfNeeded();
    await shoot(page, '61-cancel-form');

    await page.goto(routeUrl(runtime.url, `${A}/edit/index?courseId=${SEEDED}`));
    await current(page).getByText('保存修改').waitFor();
    await shoot(page, '62-edit');
    await shoot(page, '62-edit-full', { fullPage: true });

    await page.goto(routeUrl(runtime.url, `${A}/edit/index`));
    await current(page).getByText('创建课程').waitFor();
    await shoot(page, '63-new');
    await current(page).getByText('创建课程').click();
    await current(page).getByText('课程名称至少2个字').waitFor();
    await shoot(page, '63-new-errors', { fullPage: true });

    await page.goto(routeUrl(runtime.url, `${A}/schedule/index?courseId=${SEEDED}`));
    await current(page).getByText('安排这场课').waitFor();
    await shoot(page, '64-schedule');
    await current(page).getByText('换场地').click();
    await current(page).getByText('创益园排练室').click();
    await current(page).getByText('安排这场课').click();
    await current(page).getByText('没能安排：', { exact: false }).waitFor();
    await shoot(page, '64-schedule-venue-taken', { fullPage: true });
    await current(page).getByText('自己写地点').click();
    await shoot(page, '64-schedule-place');

    await page.goto(routeUrl(runtime.url, `${A}/code/index?sessionId=${s1.id}`));
    await current(page).locator('.shift-code__digit').first().waitFor();
    await shoot(page, '65-code');
    await shoot(page, '65-code-full', { fullPage: true });

    // Loading, error and empty states (answers stood in for the one action).
    const slow = await openWith(`${A}/courses/index`, onAction('drafts', () => new Promise(() => undefined)));
    await slow.locator('.state--loading').first().waitFor();
    await shoot(slow, '70-courses-loading', { noSettle: true });
    await slow.close();
    const broken = await openWith(`${A}/courses/index`, onAction('drafts', failWith('INTERNAL', 500)));
    await broken.getByText('重新加载').first().waitFor();
    await shoot(broken, '71-courses-error');
    await broken.close();
    const none = await openWith(`${A}/courses/index`, onAction('drafts', answerWith({ series: [], courses: [] })));
    await none.getByText('还没有课程', { exact: false }).first().waitFor();
    await shoot(none, '72-courses-empty');
    await none.close();
    const noDraft = await openWith(`${A}/edit/index?courseId=course-gone`);
    await noDraft.getByText('重新加载').first().waitFor();
    await shoot(noDraft, '73-edit-not-found');
    await noDraft.close();
    const codeDown = await openWith(`${A}/code/index?sessionId=${s1.id}`, onAction('sessionCode', failWith('UNAVAILABLE', 503)));
    await codeDown.getByText('重新加载').first().waitFor();
    await shoot(codeDown, '74-code-error');
    await codeDown.close();

    await elderShots(page, runtime.url, OUT, shots, [
      { name: '60-courses', route: `${A}/courses/index` },
      { name: '62-edit', route: `${A}/edit/index?courseId=${SEEDED}` },
      { name: '63-new', route: `${A}/edit/index` },
      { name: '64-schedule', route: `${A}/schedule/index?courseId=${SEEDED}` },
      { name: '65-code', route: `${A}/code/index?sessionId=${s1.id}` },
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
