/**
 * `npm run bench`: every benchmark, printed and written to BENCHMARKS.md with the command and the date.
 *   1. weapp main package and total size, and the main package as a ratio to the framework floor;
 *   2. each function bundle's size and require() time as a ratio to requiring bare @cloudbase/node-sdk;
 *   3. the booking burst and distinct-slot throughput (scripts/bench/booking.ts);
 *   3b. the shift sign-up burst: 1,000 volunteers for a 10-place shift (scripts/bench/shifts.ts), beside the booking p95;
 *   3c. the course session burst: 1,000 residents for a 20-seat session, the waitlist's positions and a promotion (scripts/bench/sessions.ts);
 *   3d. the activity sign-up bursts: 1,000 residents for a 10-place activity, with and without wait, one person twice (scripts/bench/activities.ts);
 *   3e. the dashboard's flat cost: latency and database calls per view over a small district and a full year (scripts/bench/dashboard.ts);
 *   4. H5 first screen: navigation → venue list visible, Chromium at 390×844 with 4× CPU throttling.
 * Builds what is stale first. Benchmarks print figures; they do not pass or fail (except the one-booking invariant).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFunctions, ensureH5, ensureWeapp, root } from '../lib/builds';
import { measureWeapp } from '../weapp-size';
import { functionNames } from '../build-functions';
import { activityLines, activitySection, runActivityBench } from './activities';
import { runBookingBench, type BookingFigures } from './booking';
import { dashboardLines, dashboardSection, runDashboardBench } from './dashboard';
import { runSessionBench, sessionLines, sessionSection } from './sessions';
import { runShiftBench, shiftLines, shiftSection } from './shifts';
import { launchPhone, startRuntime } from '../../tests/support/browser';
import { routeUrl, signIn } from '../../tests/e2e/app';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

/** ms to require a module in a fresh Node process (median of `runs`). */
function requireMs(modulePath: string, runs = 7): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(modulePath)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  return median(Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }))));
}

function functionFigures(): Array<{ name: string; kb: number; requireMs: number; ratio: number }> & { sdkMs?: number } {
  const sdkMs = requireMs('@cloudbase/node-sdk');
  const rows = functionNames().map((name) => {
    const file = path.join(root, 'dist', 'cloudfunctions', name, 'index.js');
    const ms = requireMs(file);
    return { name, kb: fs.statSync(file).size / 1024, requireMs: ms, ratio: ms / sdkMs };
  });
  return Object.assign(rows, { sdkMs });
}

async function h5FirstScreen(runs = 5): Promise<{ medianMs: number; samples: number[] }> {
  const rt = await startRuntime();
  const phone = await launchPhone();
  try {
    const { page } = phone;
    await signIn(page, rt.url, '居民 王阿姨');
    const cdp = await page.context().newCDPSession(page);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto('about:blank');
      await cdp.send('Network.clearBrowserCache');
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const t0 = Date.now();
      await page.goto(routeUrl(rt.url, '/pages/venues/index'));
      await page.locator('.venue-card').first().waitFor({ state: 'visible', timeout: 30_000 });
      samples.push(Date.now() - t0);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    }
    return { medianMs: median(samples), samples };
  } finally {
    await phone.close();
    await rt.stop();
  }
}

async function main(): Promise<void> {
  await ensureFunctions();
  ensureWeapp();
  ensureH5();
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`;

  const weapp = measureWeapp();
  process.stdout.write(`weapp: main ${weapp.main.kb} KB, total ${weapp.total.kb} KB, floor ${weapp.floor.kb} KB, ratio ${weapp.ratio.toFixed(2)}\n`);
  const fns = functionFigures();
  for (const f of fns) process.stdout.write(`function ${f.name}: ${f.kb.toFixed(0)} KB, require ${f.requireMs.toFixed(0)} ms (${f.ratio.toFixed(2)}× bare SDK ${fns.sdkMs?.toFixed(0)} ms)\n`);
  const booking: BookingFigures = await runBookingBench();
  const shifts = await runShiftBench();
  process.stdout.write(`${shiftLines(shifts, booking.p95).join('\n')}\n`);
  const sessions = await runSessionBench();
  process.stdout.write(`${sessionLines(sessions).join('\n')}\n`);
  const activities = await runActivityBench();
  process.stdout.write(`${activityLines(activities).join('\n')}\n`);
  const dashboard = await runDashboardBench();
  process.stdout.write(`${dashboardLines(dashboard).join('\n')}\n`);
  const h5 = await h5FirstScreen();
  process.stdout.write(`H5 first screen (4× CPU throttling): median ${h5.medianMs} ms (${h5.samples.join(', ')})\n`);

  const md = `# Benchmarks

Measured ${date} on this project's machine: ${machine}. Regenerate with \`npm run bench\` (writes this file);
\`npm run bench:booking\` runs the booking benchmark alone, \`npm run bench:shifts\` the shift sign-up burst, \`npm run bench:sessions\` the course session burst, \`npm run bench:activities\` the activity sign-up bursts, \`npm run bench:dashboard\` the dashboard over a small district and a full year, \`npm run size\` the weapp sizes alone.

## Weapp package size (\`npm run size\`)

| | KB | goal |
|---|---|---|
| main package | ${weapp.main.kb} | ≤ 600 (${weapp.pass ? 'met' : 'NOT met'}) |
| total (main + ${weapp.subpackages.length} subpackages) | ${weapp.total.kb} | |
${weapp.subpackages.map((p) => `| subpackage \`${p.root}\` | ${p.kb} | |`).join('\n')}
| framework floor (${weapp.floor.files.map((f) => f.file).join(', ')}) | ${weapp.floor.kb} | |
| main package ÷ floor | ${weapp.ratio.toFixed(2)} | |

## Cloud function bundles (esbuild, self-contained CommonJS)

Bare \`require('@cloudbase/node-sdk')\`: ${fns.sdkMs?.toFixed(0)} ms (median of 7 fresh processes).

| function | bundle KB | require() ms | ÷ bare SDK |
|---|---|---|---|
${fns.map((f) => `| ${f.name} | ${f.kb.toFixed(0)} | ${f.requireMs.toFixed(0)} | ${f.ratio.toFixed(2)} |`).join('\n')}

## Booking burst (\`npm run bench:booking\`)

${booking.attempts} concurrent attempts at one slot through the local HTTP API (built functions in the local runtime, a separate process; its database on its own thread):

| figure | value | goal |
|---|---|---|
| confirmed bookings | ${booking.confirmed} | exactly 1 |
| status counts | ${Object.entries(booking.statuses).map(([s, n]) => `${s}×${n}`).join(', ')} | 1×200, rest 409 |
| latency p50 / p95 / p99 | ${booking.p50.toFixed(0)} / ${booking.p95.toFixed(0)} / ${booking.p99.toFixed(0)} ms | p95 ≤ 500 ms (${booking.p95 <= 500 ? 'met' : 'NOT met'}) |
| the same ${booking.attempts} opening the 场地 list at once (\`venue.list\`): wall / p95 | ${booking.listWallMs.toFixed(0)} / ${booking.listP95.toFixed(0)} ms | |
| distinct-slot bookings (concurrency ${booking.concurrency}, ${booking.throughputN} requests; the no-op and one-read rows: ${booking.repeat}× as many) | ${booking.bookRate.toFixed(0)}/s | |
| no-op \`user.ping\` through the same server | ${booking.pingRate.toFixed(0)}/s | |
| ratio | ${booking.ratio.toFixed(3)} | ≥ 0.3 (${booking.ratio >= 0.3 ? 'met' : 'NOT met'}) |
| database calls per booking (SDK requests the database endpoint answered) | ${booking.dbCallsPerBooking.toFixed(2)} | |
| ceiling: \`user.me\`, ${booking.dbCallsPerOneRead.toFixed(2)} database read per call | ${booking.oneReadRate.toFixed(0)}/s, ratio ${booking.oneReadRatio.toFixed(3)} | |

The ceiling row is the fastest any action that touches the database can be here: one SDK request already costs the
function host several no-ops of CPU (request signing, HTTP). A booking is at least seven such requests in CloudBase,
whose transactions take single-document operations only (start, slot, account read, booking, account write,
notification, commit), plus the rate-limit counter.

${shiftSection(shifts, booking.p95)}
${sessionSection(sessions)}
${activitySection(activities)}
${dashboardSection(dashboard)}
## H5 first screen

Navigation to the 场地 list until the first venue card is visible, Chromium 390×844, 4× CPU throttling, browser
cache cleared, signed in: median **${h5.medianMs} ms** of ${h5.samples.length} runs (${h5.samples.join(', ')} ms). Goal ≤ 1500 ms (${h5.medianMs <= 1500 ? 'met' : 'NOT met'}).
`;
  fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), md);
  process.stdout.write('wrote BENCHMARKS.md\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
