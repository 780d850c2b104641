/**
 * `npx tsx scripts/dashboard-screenshots.ts`: PNG screenshots (390×844, DPR 2) of 数据看板 — the district admin's
 * dashboard (charts drawn by uCharts on the H5 canvas, each with its table), a street admin's, 自选月份 with a range
 * too long, the 无权限, loading, error and empty states — then in 长辈版, into .tmp/screenshots-dashboard/, against a
 * fresh local runtime. The dashboard's answer is stood in (scripts/dashboard-sample.ts: a year of realistic figures)
 * so the charts show what a year of use looks like. Audited like scripts/screenshots.ts; exits 1 when something is
 * too small to tap.
 *
 * Needs `npm run build:functions && npm run build:h5`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { reportShots, type Shot } from './lib/screenshot-report';
import { answerWith, failWith, onAction, shotKit } from './lib/shot-kit';
import { elderShots } from './lib/elder-shots';
import { emptyDashboard, sampleDashboard } from './dashboard-sample';
import { current, routeUrl, signInById } from '../tests/e2e/app';
import { launchPhone, phoneBrowser, ROOT, startRuntime } from '../tests/support/browser';

const OUT = path.join(ROOT, '.tmp', 'screenshots-dashboard');
const ROUTE = '/packages/dashboard/pages/index/index';

/** The dashboard answered from the sample (the street asked for, if any); other actions go to the runtime. */
const sampleAnswer = onAction('dashboard', (r) => {
  const body = JSON.parse(r.request().postData() ?? '{}') as { data?: { streetId?: string; to?: string } };
  return answerWith(sampleDashboard(body.data?.to?.slice(0, 7), body.data?.streetId ?? null))(r);
});

/** Whether the charts drew anything: pixels other than white on each canvas. */
const drawnCharts = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('.taro_page_show canvas')).map((c) => {
      const canvas = c as HTMLCanvasElement;
      const ctx = canvas.getContext('2d');
      if (!ctx || !canvas.width) return false;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4 * 97) if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) return true;
      return false;
    }),
  );

async function main(): Promise<void> {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const t0 = Date.now();
  // A busy machine (builds, other suites) can take a while to start the runtime.
  const runtime = await startRuntime({ timeoutMs: 120_000 });
  const phone = await launchPhone({ deviceScaleFactor: 2, cjkFont: true });
  const browser = await phoneBrowser();
  process.stdout.write(`browser: ${browser.executablePath} (${browser.source})\n`);
  const shots: Shot[] = [];
  const { shoot, openWith } = shotKit({ out: OUT, shots, baseUrl: runtime.url, context: phone.context, apiPattern: '**/api/admin' });

  try {
    const page = phone.page;
    await page.route('**/api/admin', sampleAnswer);

    const at = (title: string) => async (p: Page) => {
      await p.goto(routeUrl(runtime.url, ROUTE));
      const heading = current(p).getByText(title, { exact: true }).first();
      await heading.waitFor();
      await heading.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await p.waitForTimeout(400);
    };
    const charts: Array<[string, string]> = [
      ['13-venue-use', '场地使用（按月）'],
      ['14-streets', '各街道场地使用'],
      ['15-hours', '最忙的时段'],
      ['16-venues', '最忙的场地'],
      ['17-learning', '课程完成与活动（按月）'],
      ['18-org-kinds', '社会组织（按类型）'],
      ['19-party', '党组织覆盖'],
    ];

    await signInById(page, runtime.url, 'demo-district-admin');
    await page.goto(routeUrl(runtime.url, ROUTE));
    await current(page).getByText('场地使用（按月）').first().waitFor();
    await shoot(page, '10-district');
    const drawn = await drawnCharts(page);
    process.stdout.write(`charts drawn: ${drawn.filter(Boolean).length} of ${drawn.length}\n`);
    if (drawn.length === 0 || drawn.some((d) => !d)) throw new Error(`a chart did not draw: ${JSON.stringify(drawn)}`);
    await shoot(page, '11-district-full', { fullPage: true });
    for (const [name, title] of charts) {
      await at(title)(page);
      await shoot(page, name);
    }
    await page.goto(routeUrl(runtime.url, ROUTE));
    await current(page).getByText('场地使用（按月）').first().waitFor();
    await current(page).getByText('自选月份').click();
    await page.waitForTimeout(300);
    await shoot(page, '12-custom-months');

    await signInById(page, runtime.url, 'demo-street-admin');
    await page.goto(routeUrl(runtime.url, ROUTE));
    await current(page).getByText('场地使用（按月）').first().waitFor();
    await shoot(page, '20-street', { fullPage: true });

    await signInById(page, runtime.url, 'demo-resident');
    await page.goto(routeUrl(runtime.url, ROUTE));
    await current(page).getByText(/数据看板只给/).waitFor();
    await shoot(page, '30-not-admin');

    await signInById(page, runtime.url, 'demo-district-admin');
    const slow = await openWith(ROUTE, onAction('dashboard', () => new Promise(() => undefined)));
    await slow.locator('.state--loading').first().waitFor();
    await shoot(slow, '40-loading', { noSettle: true });
    await slow.close();
    const broken = await openWith(ROUTE, onAction('dashboard', failWith('UNAVAILABLE', 503)));
    await broken.getByText('重新加载').first().waitFor();
    await shoot(broken, '41-error');
    await broken.close();
    const none = await openWith(ROUTE, onAction('dashboard', answerWith(emptyDashboard('2026-01-01', '2026-12-02'))));
    await none.getByText('数据还没有开始统计').first().waitFor();
    await shoot(none, '42-empty', { fullPage: true });
    await none.close();

    // 长辈版: the top of the page, then each chart scrolled to the top of the screen.
    await elderShots(page, runtime.url, OUT, shots, [
      { name: '10-district', route: ROUTE },
      ...charts.map(([name, title]) => ({ name, open: at(title) })),
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
