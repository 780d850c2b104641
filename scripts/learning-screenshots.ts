/**
 * `npx tsx scripts/learning-screenshots.ts`: PNG screenshots (390×844, DPR 2) of the 线上学习 pages — the lesson (text,
 * pictures, a video), the quiz (one question per screen, an option chosen, the unanswered reminder), its result (通过
 * and 未通过), the day's limit, 我的积分 with the branch ranking — with their loading / error / empty states and a long
 * title, then in 长辈版, into .tmp/screenshots-learning/, against a fresh local runtime. Audited like the other
 * screenshot scripts; exits 1 when something is too small to tap.
 *
 * The script plays a person who knows the answers (from the seeded bank); the pages never do.
 * Needs `npm run build:functions && npm run build:h5`. Browser and Chinese web font as in scripts/screenshots.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { courseCatalogue } from '../local-cloud/seed-courses';
import { reportShots, type Shot } from './lib/screenshot-report';
import { answerWith, failWith, onAction, shotKit } from './lib/shot-kit';
import { elderShots } from './lib/elder-shots';
import { current, routeUrl, signInById } from '../tests/e2e/app';
import { launchPhone, phoneBrowser, ROOT, startRuntime } from '../tests/support/browser';

// Not under .tmp/screenshots/: scripts/screenshots.ts empties that folder when it starts.
const OUT = path.join(ROOT, '.tmp', 'screenshots-learning');
const C = '/packages/course/pages';
const OPEN = 'course-shyk-basics';
const VIDEO = 'course-shyk-records';
const MEMBERS_ONLY = 'course-dfsj-standard';
const MEMBER = 'demo-party-member';
const SECRETARY = 'demo-secretary';
const RESIDENT = 'shot-learner';

const answerOf = new Map(
  courseCatalogue()
    .filter((d) => d.coll === 'course_questions')
    .map((d) => [d.doc.text as string, { answer: d.doc.answer as number, options: (d.doc.options as string[]).length }]),
);

/** Answers the question on screen (right or wrong) and goes on; on the last one, 提交答案. */
async function answerQuiz(page: Page, right: boolean[]): Promise<void> {
  for (let i = 0; i < right.length; i++) {
    const q = current(page).locator('.quiz__question');
    await q.waitFor();
    const text = (await q.textContent()) ?? '';
    const known = answerOf.get(text.trim());
    if (!known) throw new Error(`not in the seeded bank: ${text}`);
    const choice = right[i] ? known.answer : (known.answer + 1) % known.options;
    await current(page).locator('.quiz__option').nth(choice).click();
    await current(page).getByText(i < right.length - 1 ? '下一题' : '提交答案', { exact: true }).click();
    if (i < right.length - 1) await current(page).locator('.quiz__where').getByText(['第二题', '第三题'][i] as string).waitFor();
  }
}

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  const runtime = await startRuntime();
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];
  const { shoot, openWith } = shotKit({ out: OUT, shots, baseUrl: runtime.url, context: phone.context, apiPattern: '**/api/**' });

  try {
    const page = phone.page;
    await signInById(page, runtime.url, MEMBER);

    // The lesson, with and without a video.
    await page.goto(routeUrl(runtime.url, `${C}/lesson/index?courseId=${OPEN}`));
    await current(page).getByText('开始测验').waitFor();
    await shoot(page, '60-lesson');
    await shoot(page, '60-lesson-full', { fullPage: true });
    await page.goto(routeUrl(runtime.url, `${C}/lesson/index?courseId=${VIDEO}`));
    await current(page).getByText('开始测验').waitFor();
    await shoot(page, '61-lesson-video');

    // The quiz: a question, an option chosen, the reminder of an unanswered question, the pass.
    await page.goto(routeUrl(runtime.url, `${C}/quiz/index?courseId=${OPEN}`));
    await current(page).locator('.quiz__question').waitFor();
    await shoot(page, '62-quiz');
    await current(page).locator('.quiz__option').nth(1).click();
    await shoot(page, '62-quiz-chosen');
    await current(page).getByText('下一题', { exact: true }).click();
    await current(page).locator('.quiz__where').getByText('第二题').waitFor();
    await current(page).getByText('下一题', { exact: true }).click();
    await current(page).locator('.quiz__where').getByText('第三题').waitFor();
    await current(page).getByText('提交答案', { exact: true }).click();
    const modal = page.locator('.taro-modal__content').filter({ visible: true });
    await modal.getByText('还有题没有答').waitFor();
    await page.waitForTimeout(600); // the dialog fades in
    await shoot(page, '63-quiz-unanswered', { noSettle: true });
    await modal.getByText('去答题', { exact: true }).click();
    await current(page).locator('.quiz__where').getByText('第二题').waitFor();
    await current(page).getByText('上一题', { exact: true }).click();
    await answerQuiz(page, [true, true, true]);
    await current(page).getByText('答对3/3题').waitFor();
    await shoot(page, '64-quiz-passed');

    // A resident who gets two wrong, three times: 未通过 with attempts left, then none left, then refused.
    await signInById(page, runtime.url, RESIDENT);
    await page.goto(routeUrl(runtime.url, `${C}/quiz/index?courseId=${OPEN}`));
    await answerQuiz(page, [false, true, false]);
    await current(page).getByText('答对1/3题').waitFor();
    await shoot(page, '65-quiz-failed');
    await current(page).getByText('再做一次', { exact: true }).click();
    await answerQuiz(page, [false, false, false]);
    await current(page).getByText('答对0/3题').waitFor();
    await current(page).getByText('再做一次', { exact: true }).click();
    await answerQuiz(page, [false, false, true]);
    await current(page).getByText('测验次数已经用完', { exact: false }).waitFor();
    await shoot(page, '66-quiz-failed-last');
    await page.goto(routeUrl(runtime.url, `${C}/quiz/index?courseId=${OPEN}`));
    await current(page).getByText('明天再来吧', { exact: false }).waitFor();
    await shoot(page, '67-quiz-limit');
    await page.goto(routeUrl(runtime.url, `${C}/lesson/index?courseId=${MEMBERS_ONLY}`));
    await current(page).getByText('只对党员开放', { exact: false }).waitFor();
    await shoot(page, '68-lesson-members-only');
    await page.goto(routeUrl(runtime.url, `${C}/points/index`));
    await current(page).getByText('积分记录', { exact: true }).waitFor();
    await shoot(page, '69-points-resident-empty');

    // 我的积分 of a party member: the pass credited, the branch ranking (the secretary passed too).
    await signInById(page, runtime.url, SECRETARY);
    await page.goto(routeUrl(runtime.url, `${C}/quiz/index?courseId=${VIDEO}`));
    await answerQuiz(page, [true, false, true]);
    await current(page).getByText('答对2/3题').waitFor();
    await signInById(page, runtime.url, MEMBER);
    await page.goto(routeUrl(runtime.url, `${C}/points/index`));
    await current(page).locator('.points__rank-row--me').waitFor();
    await shoot(page, '70-points');
    await shoot(page, '70-points-full', { fullPage: true });
    await current(page).getByText('‹ 上个月').click();
    await page.waitForTimeout(600);
    await shoot(page, '71-points-last-month');

    // Loading, error, capped and long-title states (answers stood in for one action).
    const slow = await openWith(`${C}/lesson/index?courseId=${OPEN}`, onAction('lesson', () => new Promise(() => undefined)));
    await slow.locator('.state--loading').first().waitFor();
    await shoot(slow, '80-lesson-loading', { noSettle: true });
    await slow.close();
    const broken = await openWith(`${C}/lesson/index?courseId=${OPEN}`, onAction('lesson', failWith('UNAVAILABLE', 503)));
    await broken.getByText('重新加载').first().waitFor();
    await shoot(broken, '81-lesson-error');
    await broken.close();
    const long = await openWith(
      `${C}/lesson/index?courseId=${OPEN}`,
      onAction(
        'lesson',
        answerWith({
          courseId: OPEN,
          title: '社会组织联合党支部如何规范召开组织生活会并做好会前准备、会中记录和会后整改',
          blocks: [
            { type: 'text', text: '组织生活会一般每年召开一次。会前要学习、谈心谈话、查摆问题；会中开展批评和自我批评；会后列出整改清单，明确时限和责任人。' },
            { type: 'image', url: '/static/courses/missing.png', caption: '一张暂时打不开的图片，说明文字仍然显示' },
          ],
          videoUrl: null,
        }),
      ),
    );
    await long.getByText('开始测验').first().waitFor();
    await shoot(long, '82-lesson-long-title');
    await long.close();
    const quizSlow = await openWith(`${C}/quiz/index?courseId=${OPEN}`, onAction('quiz', () => new Promise(() => undefined)));
    await quizSlow.locator('.state--loading').first().waitFor();
    await shoot(quizSlow, '83-quiz-loading', { noSettle: true });
    await quizSlow.close();
    const quizDown = await openWith(`${C}/quiz/index?courseId=${OPEN}`, onAction('quiz', failWith('UNAVAILABLE', 503)));
    await quizDown.getByText('再试一次').first().waitFor();
    await shoot(quizDown, '84-quiz-error');
    await quizDown.close();
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const capped = await openWith(
      `${C}/points/index`,
      onAction(
        'mine',
        answerWith({
          total: 25,
          thisMonth: 15,
          month,
          entries: [
            { id: 'p1', points: 5, requested: 10, sourceType: 'course_lesson', sourceId: 'course-zzsh-steps', reason: '线上学习《组织生活会：会前、会中、会后》测验通过', at: `${month}-02T10:12:00+08:00` },
            { id: 'p2', points: 10, requested: 10, sourceType: 'course_session', sourceId: 's1', reason: '参加线下课程《三会一课是什么》', at: `${month}-01T15:40:00+08:00` },
          ],
        }),
      ),
    );
    await capped.getByText('积分记录', { exact: true }).first().waitFor();
    await shoot(capped, '85-points-capped', { fullPage: true });
    await capped.close();
    const pointsDown = await openWith(`${C}/points/index`, onAction('mine', failWith('UNAVAILABLE', 503)));
    await pointsDown.getByText('重新加载').first().waitFor();
    await shoot(pointsDown, '86-points-error');
    await pointsDown.close();

    // 长辈版: the member who passed; the quiz of a course not yet done.
    await elderShots(page, runtime.url, OUT, shots, [
      { name: '60-lesson', route: `${C}/lesson/index?courseId=${OPEN}` },
      { name: '62-quiz', route: `${C}/quiz/index?courseId=${VIDEO}` },
      {
        name: '62-quiz-chosen',
        open: async (p) => {
          await p.goto(routeUrl(runtime.url, `${C}/quiz/index?courseId=${VIDEO}`));
          await current(p).locator('.quiz__option').nth(0).click();
        },
      },
      { name: '70-points', route: `${C}/points/index` },
    ]);
    await signInById(page, runtime.url, 'shot-elder-learner');
    await elderShots(page, runtime.url, OUT, shots, [
      {
        name: '65-quiz-failed',
        open: async (p) => {
          await p.goto(routeUrl(runtime.url, `${C}/quiz/index?courseId=${OPEN}`));
          await answerQuiz(p, [false, true, false]);
          await current(p).getByText('未通过').waitFor();
        },
      },
    ]);
    await signInById(page, runtime.url, 'shot-elder-passer');
    await elderShots(page, runtime.url, OUT, shots, [
      {
        name: '64-quiz-passed',
        open: async (p) => {
          await p.goto(routeUrl(runtime.url, `${C}/quiz/index?courseId=${OPEN}`));
          await answerQuiz(p, [true, true, false]);
          await current(p).getByText('答对2/3题').waitFor();
        },
      },
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
