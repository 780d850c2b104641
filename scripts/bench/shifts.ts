/**
 * `npm run bench:shifts`: 1,000 registered volunteers sign up at once for one 10-place shift through the local HTTP
 * API (the built functions in the local runtime, a separate process), half of them asking to wait. Prints the
 * outcome counts, status counts and latency percentiles beside the booking burst's p95 (from BENCHMARKS.md, or from
 * the booking run when `npm run bench` runs both). Asserts nothing but the capacity invariant: exactly 10 confirmed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { addDays, beijingDate, beijingInstant, toBeijingIso } from '../../types/beijing-time';
import { ensureFunctions } from '../lib/builds';
import { callApi, health, login, percentile, root, startRuntimeProcess, warmConnections } from '../lib/runtime-process';

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 1000);
const CAPACITY = 10;

export interface ShiftFigures {
  attempts: number;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  full: number;
  /** Seat documents of the shift after the burst (what the database holds). */
  seats: number;
  statuses: Record<string, number>;
  codes: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  wallMs: number;
  /** Database requests (SDK → database endpoint) per sign-up in the burst. */
  dbCallsPerSignUp: number;
}

async function pool<T>(items: T[], concurrency: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

/** The booking burst's p95 as BENCHMARKS.md last recorded it (this script does not re-measure it). */
export function recordedBookingP95(): number | null {
  const file = path.join(root, 'BENCHMARKS.md');
  if (!fs.existsSync(file)) return null;
  const m = /latency p50 \/ p95 \/ p99 \| \d+ \/ (\d+) \/ \d+ ms/.exec(fs.readFileSync(file, 'utf8'));
  return m?.[1] ? Number(m[1]) : null;
}

export async function runShiftBench(): Promise<ShiftFigures> {
  const rt = await startRuntimeProcess();
  try {
    const tomorrow = addDays(beijingDate(Date.now()), 1);
    const manager = await login(rt.url, 'demo-station-manager');
    const create = (title: string, capacity: number, clock: string): Promise<{ status: number; body: unknown }> =>
      callApi(rt.url, manager, 'volunteer', {
        action: 'createShift',
        data: { stationId: 'st-beida', title, start: toBeijingIso(beijingInstant(tomorrow, clock)), end: toBeijingIso(beijingInstant(tomorrow, `${String(Number(clock.slice(0, 2)) + 2).padStart(2, '0')}${clock.slice(2)}`)), capacity, place: '北大社区党群服务站' },
      });
    const created = await create('压力测试班次', CAPACITY, '14:00');
    if (created.status !== 200) throw new Error(`createShift failed: ${JSON.stringify(created.body)}`);
    const shiftId = (created.body as { data: { id: string } }).data.id;

    // 1,000 people register as volunteers (as the 志愿服务 page does), a few at a time.
    const tokens = await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) => login(rt.url, `bench-vol-${i}`)));
    await pool(tokens, 16, async (token, i) => {
      const r = await callApi(rt.url, token, 'volunteer', { action: 'register', data: { realName: '压测志愿者', phone: `139${String(i).padStart(8, '0')}` } });
      if (r.status !== 200) throw new Error(`register failed: ${JSON.stringify(r.body)}`);
    });

    // Warm-up, as a server that has been running is: connections open, the sign-up path compiled (another shift).
    await warmConnections(rt.url, ATTEMPTS);
    const warm = await create('预热班次', 500, '08:00');
    const warmId = (warm.body as { data: { id: string } }).data.id;
    await pool(tokens.slice(0, 100), 16, async (token) => {
      await callApi(rt.url, token, 'volunteer', { action: 'signUp', data: { shiftId: warmId } });
    });

    // The burst: everyone at once, half of them asking to wait.
    const callsBefore = (await health(rt.url)).dbCalls;
    const t0 = performance.now();
    const results = await Promise.all(tokens.map((token, i) => callApi(rt.url, token, 'volunteer', { action: 'signUp', requestId: `bench-shift-${i}-xxxx`, data: { shiftId, wait: i % 2 === 0 } })));
    const wallMs = performance.now() - t0;
    const dbCallsPerSignUp = ((await health(rt.url)).dbCalls - callsBefore) / ATTEMPTS;

    const statuses: Record<string, number> = {};
    const codes: Record<string, number> = {};
    let confirmed = 0;
    let waitlisted = 0;
    for (const r of results) {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const body = r.body as { ok: boolean; data?: { state?: string }; error?: { code: string } };
      const key = body.ok ? (body.data?.state ?? '?') : (body.error?.code ?? '?');
      codes[key] = (codes[key] ?? 0) + 1;
      if (body.ok && body.data?.state === 'confirmed') confirmed += 1;
      if (body.ok && body.data?.state === 'waitlisted') waitlisted += 1;
    }
    const roster = await callApi(rt.url, manager, 'volunteer', { action: 'roster', data: { shiftId } });
    const entries = (roster.body as { data?: { entries: Array<{ state: string }> } }).data?.entries ?? [];
    const lat = results.map((r) => r.ms).sort((a, b) => a - b);
    return {
      attempts: ATTEMPTS,
      capacity: CAPACITY,
      confirmed,
      waitlisted,
      full: codes['SHIFT.FULL'] ?? 0,
      seats: entries.filter((e) => e.state === 'confirmed').length,
      statuses,
      codes,
      p50: percentile(lat, 50),
      p95: percentile(lat, 95),
      p99: percentile(lat, 99),
      max: lat.at(-1) ?? 0,
      wallMs,
      dbCallsPerSignUp,
    };
  } finally {
    await rt.stop();
    rt.removeData();
  }
}

export function shiftLines(f: ShiftFigures, bookingP95: number | null): string[] {
  return [
    `shift sign-up burst: ${f.attempts} concurrent volunteers for one ${f.capacity}-place shift (half ask to wait)`,
    `  confirmed: ${f.confirmed} (must be ${f.capacity}); confirmed on the roster: ${f.seats}; waitlisted: ${f.waitlisted}; SHIFT.FULL: ${f.full}`,
    `  status counts: ${Object.entries(f.statuses).map(([s, n]) => `${s}×${n}`).join(', ')}`,
    `  latency ms: p50 ${f.p50.toFixed(0)}, p95 ${f.p95.toFixed(0)}, p99 ${f.p99.toFixed(0)}, max ${f.max.toFixed(0)}; booking burst p95 ${bookingP95 === null ? '(not measured)' : bookingP95.toFixed(0)}`,
    `  wall time: ${f.wallMs.toFixed(0)} ms; database calls per sign-up: ${f.dbCallsPerSignUp.toFixed(2)}`,
  ];
}

/** The BENCHMARKS.md section. */
export function shiftSection(f: ShiftFigures, bookingP95: number | null): string {
  const fives = Object.keys(f.statuses).filter((s) => s.startsWith('5')).length === 0;
  return `## Shift sign-up burst (\`npm run bench:shifts\`)

${f.attempts} registered volunteers sign up at once for one ${f.capacity}-place shift through the local HTTP API (half of them
ask to wait), as the booking burst does; capacity is held by one seat document per place, created in the sign-up transaction:

| figure | value | goal |
|---|---|---|
| confirmed sign-ups (and confirmed on the roster) | ${f.confirmed} (${f.seats}) | exactly ${f.capacity} |
| waitlisted / SHIFT.FULL | ${f.waitlisted} / ${f.full} | the rest |
| status counts | ${Object.entries(f.statuses).map(([s, n]) => `${s}×${n}`).join(', ')} | no 5xx (${fives ? 'met' : 'NOT met'}) |
| latency p50 / p95 / p99 | ${f.p50.toFixed(0)} / ${f.p95.toFixed(0)} / ${f.p99.toFixed(0)} ms | |
| booking burst p95, for comparison | ${bookingP95 === null ? '–' : `${bookingP95.toFixed(0)} ms`} | |
| wall time | ${f.wallMs.toFixed(0)} ms | |
| database calls per sign-up (SDK requests the database endpoint answered) | ${f.dbCallsPerSignUp.toFixed(2)} | |
`;
}

if (require.main === module) {
  (async () => {
    if (process.env.BENCH_NO_BUILD !== '1') await ensureFunctions();
    const f = await runShiftBench();
    const p95 = recordedBookingP95();
    process.stdout.write(`${shiftLines(f, p95).join('\n')}\n`);
    if (process.env.BENCH_WRITE === '1') process.stdout.write(`\n${shiftSection(f, p95)}`);
    if (f.confirmed !== CAPACITY || f.seats !== CAPACITY) process.exitCode = 1;
  })().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
