/**
 * `npx tsx scripts/branch-screenshots.ts`: PNG screenshots (390×844, DPR 2) of the 支部组织生活记录 pages — 我的 with
 * the 党支部 entry, the record (this quarter and the one before), 党员学习情况 before and after 一键提醒 — with their
 * loading / error / empty states and a long branch name, then in 长辈版, into .tmp/screenshots-branch/, against a fresh
 * local runtime (the demo branch's quarter). Each screen is audited like scripts/screenshots.ts (tap targets, type
 * size, contrast, clipped text); exits 1 when something is too small to tap.
 *
 * Needs `npm run build:functions && npm run build:h5`. Browser and Chinese web font as in scripts/screenshots.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { reportShots, type Shot } from './lib/screenshot-report';
import { answerWith, failWith, onAction, runtimeCaller, shotKit } from './lib/shot-kit';
import { elderShots } from './lib/elder-shots';
import { current, ROUTES, signIn } from '../tests/e2e/app';
import { launchPhone, phoneBrowser, ROOT, startRuntime } from '../tests/support/browser';
import { courseSeeds } from '../local-cloud/seed-courses';

// Not under .tmp/screenshots/: scripts/screenshots.ts empties that folder when it starts.
const OUT = path.join(ROOT, '.tmp', 'screenshots-branch');
const B = '/packages/branch/pages';
const MEMBER = 'demo-party-member';
const SECRETARY = 'demo-secretary';

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

  // 张老师 passes an online quiz today (answers from the seeded bank), so the record has a fresh 线上 entry.
  const course = courseSeeds.find((c) => c.id === 'course-shyk-basics')!;
  const quiz = await api<{ attemptId: string; questions: Array<{ id: string }> }>(MEMBER, 'quiz', { courseId: course.id });
  await api(MEMBER, 'submitQuiz', {
    courseId: course.id,
    attemptId: quiz.attemptId,
    answers: quiz.questions.map((q) => ({ questionId: q.id, choice: course.questions[Number(q.id.split('-q').pop()) - 1]!.answer })),
  });
  const record = await api<Record<string, unknown> & { quarter: string; months: string[] }>(SECRETARY, 'branchRecord', {});

  try {
    const page = phone.page;
    await signIn(page, runtime.url, '支部书记 刘书记');
    await current(page).getByText('支部组织生活记录').waitFor();
    await shoot(page, '60-me-secretary', { fullPage: true });
    await current(page).getByText('支部组织生活记录').click();
    await current(page).locator('.entry-row').first().waitFor();
    await shoot(page, '61-record');
    await shoot(page, '61-record-full', { fullPage: true });
    await current(page).getByText('上季度', { exact: true }).click();
    await current(page).getByText('✓ 上季度').waitFor();
    await shoot(page, '62-record-last-quarter', { fullPage: true });
    await current(page).getByText('本季度', { exact: true }).click();
    await current(page).locator('.inactive-card').click();
    await current(page).getByText(/一键提醒/).waitFor();
    await shoot(page, '63-members');
    await shoot(page, '63-members-full', { fullPage: true });
    await current(page).getByText(/一键提醒/).click();
    await page.waitForTimeout(400);
    await shoot(page, '64-remind-confirm', { noSettle: true });
    await page.locator('.taro-modal__foot').getByText('发送提醒').click();
    await page.getByText(/已提醒\d+人/).waitFor();
    await shoot(page, '65-remind-done', { noSettle: true });
    await page.locator('.taro-modal__foot').getByText('知道了').click();
    await current(page).getByText(/上次提醒/).first().waitFor();
    await shoot(page, '66-members-reminded', { fullPage: true });

    // Loading, error and empty states; a long branch name and many organizations (answers stood in).
    const slow = await openWith(`${B}/record/index`, onAction('branchRecord', () => new Promise(() => undefined)));
    await slow.locator('.state--loading').first().waitFor();
    await shoot(slow, '70-record-loading', { noSettle: true });
    await slow.close();
    const broken = await openWith(`${B}/record/index`, onAction('branchRecord', failWith('INTERNAL', 500)));
    await broken.getByText('重新加载').first().waitFor();
    await shoot(broken, '71-record-error');
    await broken.close();
    const refused = await openWith(`${B}/members/index`, onAction('branchRecord', failWith('AUTH.FORBIDDEN', 403)));
    await refused.getByText('重新加载').first().waitFor();
    await shoot(refused, '72-members-forbidden');
    await refused.close();
    const quiet = {
      ...record,
      branchName: '芝罘区社会组织第一联合党支部（善和良公益发展中心、烟台市青年企业家企业管理协会等）',
      organizations: ['善和良公益发展中心', '烟台市青年企业家企业管理协会', '北大社区畅响艺术团', '芝罘区邻里守望志愿服务队', '芝罘区夕阳红老年协会'],
      entries: [],
      members: [{ memberId: 'm1', name: '欧阳秀兰', perMonth: record.months.map(() => 0), total: 0, rate: 0, lastDate: null }],
      monthly: record.months.map((month) => ({ month, completions: 0, active: 0, rate: 0 })),
      inactive: [{ memberId: 'm1', name: '欧阳秀兰', remindedAt: null }],
    };
    const empty = await openWith(`${B}/record/index`, onAction('branchRecord', answerWith(quiet)));
    await empty.getByText('这个季度还没有学习记录', { exact: false }).first().waitFor();
    await shoot(empty, '73-record-empty-long-name', { fullPage: true });
    await empty.close();
    const everyone = await openWith(`${B}/members/index`, onAction('branchRecord', answerWith({ ...record, inactive: [] })));
    await everyone.getByText('已参加学习', { exact: false }).first().waitFor();
    await shoot(everyone, '74-members-everyone-studied');
    await everyone.close();

    await elderShots(page, runtime.url, OUT, shots, [
      { name: '60-me-secretary', route: ROUTES.me },
      { name: '61-record', route: `${B}/record/index` },
      { name: '63-members', route: `${B}/members/index` },
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
