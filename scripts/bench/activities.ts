/**
 * `npm run bench:activities`: 1,000 residents sign up at once for one 10-place activity through the local HTTP API
 * (the built `activity` function, several instances, in the local runtime, a separate process), twice: asking to wait
 * (exactly 10 confirmed, the other 990 waitlisted with distinct, gap-free positions 1…990) and not asking (exactly 10
 * confirmed, 990 answered ACTIVITY.FULL, HTTP 409). Then 20 people each sign up twice at once for another 10-place
 * activity: exactly 10 places, each person's two answers the same. Prints counts and latency percentiles; exits
 * non-zero when an invariant fails.
 */
import { addDays, beijingDate, beijingInstant, toBeijingIso } from '../../types/beijing-time';
import { ensureFunctions } from '../lib/builds';
import { callApi, login, percentile, startRuntimeProcess, warmConnections } from '../lib/runtime-process';

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 1000);
const CAPACITY = 10;
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 4);
const TWICE = 20;

interface Burst {
  confirmed: number;
  waitlisted: number;
  full: number;
  /** Waitlist positions in the responses: all different and exactly 1…waitlisted. */
  distinct: boolean;
  gapFree: boolean;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  max: number;
  wallMs: number;
  /** Places taken as the activity reports them afterwards. */
  taken: number;
}

export interface ActivityFigures {
  attempts: number;
  capacity: number;
  instances: number;
  wait: Burst;
  noWait: Burst;
  /** 20 people each twice at once: places taken, and whether each person's two answers agree. */
  twiceTaken: number;
  twiceAgree: boolean;
}

interface Answer {
  ok: boolean;
  data?: { state: 'confirmed' | 'waitlisted'; position?: number };
  error?: { code: string; message: string };
}

export async function runActivityBench(): Promise<ActivityFigures> {
  const rt = await startRuntimeProcess({ env: { FUNCTION_INSTANCES: String(INSTANCES) } });
  try {
    const day = addDays(beijingDate(Date.now()), 2);
    const secretary = await login(rt.url, 'demo-secretary');
    const publish = async (clock: string, capacity: number): Promise<string> => {
      const start = beijingInstant(day, clock);
      const created = await callApi(rt.url, secretary, 'activity', {
        action: 'create',
        data: {
          activity: {
            title: `测试报名压力活动 ${clock}`,
            type: 'volunteer',
            description: '用来测量同时报名的志愿服务活动，请勿当真。',
            coverFileId: null,
            start: toBeijingIso(start),
            end: toBeijingIso(start + 2 * 3600_000),
            place: { kind: 'address', address: '芝罘区北大街46号' },
            capacity,
            audience: 'public',
          },
        },
      });
      if (created.status !== 200) throw new Error(`activity.create failed: ${JSON.stringify(created.body)}`);
      const activityId = (created.body as { data: { id: string } }).data.id;
      const published = await callApi(rt.url, secretary, 'activity', { action: 'publish', data: { activityId } });
      if (published.status !== 200) throw new Error(`activity.publish failed: ${JSON.stringify(published.body)}`);
      return activityId;
    };
    const takenOf = async (activityId: string): Promise<number> => {
      const r = await callApi(rt.url, secretary, 'activity', { action: 'get', data: { activityId } });
      return (r.body as { data?: { taken: number } }).data?.taken ?? -1;
    };

    const tokens = await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) => login(rt.url, `bench-as-${i}`)));
    // Warm-up, as a server that has been running is: connections open, the sign-up path compiled (another activity).
    await warmConnections(rt.url, ATTEMPTS);
    const warmId = await publish('08:00', 1000);
    await Promise.all(tokens.slice(0, 100).map((token) => callApi(rt.url, token, 'activity', { action: 'signUp', data: { activityId: warmId } })));

    const burst = async (activityId: string, wait: boolean, tag: string): Promise<Burst> => {
      const t0 = performance.now();
      const results = await Promise.all(tokens.map((token, i) => callApi(rt.url, token, 'activity', { action: 'signUp', requestId: `bench-activity-${tag}-${i}`, data: wait ? { activityId, wait: true } : { activityId } })));
      const wallMs = performance.now() - t0;
      const statuses: Record<string, number> = {};
      const positions: number[] = [];
      let confirmed = 0;
      let full = 0;
      for (const r of results) {
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        const body = r.body as Answer;
        if (body.ok && body.data?.state === 'confirmed') confirmed += 1;
        if (body.ok && body.data?.state === 'waitlisted') positions.push(body.data.position ?? -1);
        if (!body.ok && body.error?.code === 'ACTIVITY.FULL' && r.status === 409) full += 1;
      }
      positions.sort((a, b) => a - b);
      const lat = results.map((r) => r.ms).sort((a, b) => a - b);
      return {
        confirmed,
        waitlisted: positions.length,
        full,
        distinct: new Set(positions).size === positions.length,
        gapFree: positions.every((p, i) => p === i + 1),
        statuses,
        p50: percentile(lat, 50),
        p95: percentile(lat, 95),
        max: lat.at(-1) ?? 0,
        wallMs,
        taken: await takenOf(activityId),
      };
    };
    const wait = await burst(await publish('10:00', CAPACITY), true, 'wait');
    const noWait = await burst(await publish('14:00', CAPACITY), false, 'nowait');

    // The same person twice at once (two requests, two request ids): one place each, the two answers the same.
    const twiceId = await publish('16:00', CAPACITY);
    const pairs = await Promise.all(
      tokens.slice(0, TWICE).map((token, i) =>
        Promise.all([0, 1].map((k) => callApi(rt.url, token, 'activity', { action: 'signUp', requestId: `bench-activity-twice-${i}-${k}`, data: { activityId: twiceId } }))),
      ),
    );
    const outcome = (r: { body: unknown }): string => {
      const b = r.body as Answer;
      return b.ok ? (b.data?.state ?? '?') : (b.error?.code ?? '?');
    };
    const twiceAgree = pairs.every(([a, b]) => a !== undefined && b !== undefined && outcome(a) === outcome(b));
    return { attempts: ATTEMPTS, capacity: CAPACITY, instances: INSTANCES, wait, noWait, twiceTaken: await takenOf(twiceId), twiceAgree };
  } finally {
    await rt.stop();
    rt.removeData();
  }
}

const yes = (b: boolean): string => (b ? 'yes' : 'NO');
const statusText = (s: Record<string, number>): string =>
  Object.entries(s)
    .map(([k, n]) => `${k}×${n}`)
    .join(', ');

export function activityLines(f: ActivityFigures): string[] {
  return [
    `activity sign-up bursts: ${f.attempts} residents at once for one ${f.capacity}-place activity (${f.instances} function instances)`,
    `  with wait: confirmed ${f.wait.confirmed} (must be ${f.capacity}), waitlisted ${f.wait.waitlisted} (must be ${f.attempts - f.capacity}), positions distinct ${yes(f.wait.distinct)}, gap-free ${yes(f.wait.gapFree)}; taken afterwards ${f.wait.taken}`,
    `    status counts: ${statusText(f.wait.statuses)}; latency ms: p50 ${f.wait.p50.toFixed(0)}, p95 ${f.wait.p95.toFixed(0)}, max ${f.wait.max.toFixed(0)}; wall ${f.wait.wallMs.toFixed(0)} ms`,
    `  without wait: confirmed ${f.noWait.confirmed} (must be ${f.capacity}), ACTIVITY.FULL ${f.noWait.full} (must be ${f.attempts - f.capacity}); taken afterwards ${f.noWait.taken}`,
    `    status counts: ${statusText(f.noWait.statuses)}; latency ms: p50 ${f.noWait.p50.toFixed(0)}, p95 ${f.noWait.p95.toFixed(0)}, max ${f.noWait.max.toFixed(0)}; wall ${f.noWait.wallMs.toFixed(0)} ms`,
    `  ${TWICE} people each twice at once: places taken ${f.twiceTaken} (must be ${Math.min(TWICE, f.capacity)}), each person's two answers the same ${yes(f.twiceAgree)}`,
  ];
}

/** The BENCHMARKS.md section. */
export function activitySection(f: ActivityFigures): string {
  return `## Activity sign-up bursts (\`npm run bench:activities\`)

${f.attempts} residents sign up at once for one ${f.capacity}-place activity through the local HTTP API (the built \`activity\`
function, ${f.instances} instances), on the place engine course sessions use (seat documents and numbered waitlist tickets the
database refuses to hold twice):

| figure | with wait | without wait | goal |
|---|---|---|---|
| confirmed | ${f.wait.confirmed} | ${f.noWait.confirmed} | exactly ${f.capacity} |
| waitlisted / ACTIVITY.FULL (409) | ${f.wait.waitlisted} / ${f.wait.full} | ${f.noWait.waitlisted} / ${f.noWait.full} | ${f.attempts - f.capacity} / 0, 0 / ${f.attempts - f.capacity} |
| positions distinct / gap-free | ${yes(f.wait.distinct)} / ${yes(f.wait.gapFree)} | | yes / yes |
| status counts | ${statusText(f.wait.statuses)} | ${statusText(f.noWait.statuses)} | |
| latency p50 / p95 / max | ${f.wait.p50.toFixed(0)} / ${f.wait.p95.toFixed(0)} / ${f.wait.max.toFixed(0)} ms | ${f.noWait.p50.toFixed(0)} / ${f.noWait.p95.toFixed(0)} / ${f.noWait.max.toFixed(0)} ms | |
| wall time | ${f.wait.wallMs.toFixed(0)} ms | ${f.noWait.wallMs.toFixed(0)} ms | |

${TWICE} people each signing up twice at once: ${f.twiceTaken} places taken (goal ${Math.min(TWICE, f.capacity)}), each person's two answers the same: ${yes(f.twiceAgree)}.
`;
}

export const activityInvariantsHold = (f: ActivityFigures): boolean =>
  f.wait.confirmed === f.capacity &&
  f.wait.taken === f.capacity &&
  f.wait.waitlisted === f.attempts - f.capacity &&
  f.wait.distinct &&
  f.wait.gapFree &&
  f.noWait.confirmed === f.capacity &&
  f.noWait.taken === f.capacity &&
  f.noWait.full === f.attempts - f.capacity &&
  f.twiceTaken === Math.min(TWICE, f.capacity) &&
  f.twiceAgree;

if (require.main === module) {
  (async () => {
    if (process.env.BENCH_NO_BUILD !== '1') await ensureFunctions();
    const f = await runActivityBench();
    process.stdout.write(`${activityLines(f).join('\n')}\n`);
    if (process.env.BENCH_WRITE === '1') process.stdout.write(`\n${activitySection(f)}`);
    if (!activityInvariantsHold(f)) process.exitCode = 1;
  })().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
