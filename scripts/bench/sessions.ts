/**
 * `npm run bench:sessions`: 1,000 residents sign up at once for one 20-seat course session through the local HTTP API
 * (the built `course` function, two instances, in the local runtime, a separate process). Prints how many were
 * enrolled and waitlisted, whether the waitlist positions in the RESPONSES are distinct, gap-free (1…980) and in the
 * order the database took the tickets (each position is the person's ticket number; everyone's position read again
 * afterwards is the one they were answered; ten later arrivals, one after another, get the next positions in order),
 * the latency percentiles, and then one cancellation: position 1 promoted, everyone behind up by one. Exits non-zero
 * when an invariant fails.
 */
import { addDays, beijingDate, beijingInstant, toBeijingIso } from '../../types/beijing-time';
import { ensureFunctions } from '../lib/builds';
import { callApi, login, percentile, startRuntimeProcess, warmConnections } from '../lib/runtime-process';

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 1000);
const CAPACITY = 20;
const LATER = 10;
const COURSE = 'course-shyk-basics';

export interface SessionFigures {
  attempts: number;
  capacity: number;
  enrolled: number;
  waitlisted: number;
  /** Waitlist positions in the sign-up responses: all different, exactly 1…waitlisted, and each the person's ticket. */
  distinct: boolean;
  gapFree: boolean;
  /** Every position read again afterwards equals the response's, and later arrivals get the next positions in order. */
  arrivalOrder: boolean;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  max: number;
  wallMs: number;
  /** One enrolled person cancels: position 1 promoted, position 2 → 1, the last → one less. */
  cancelPromoted: boolean;
  movedUp: boolean;
  cancelMs: number;
}

interface Answer {
  ok: boolean;
  data?: { state: 'enrolled' | 'waitlisted'; position?: number; session?: { taken: number; waiting: number } };
  error?: { code: string; message: string };
}
interface SessionsBody {
  data?: { sessions: Array<{ id: string; mine: { state: string; position: number | null } | null }> };
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

export async function runSessionBench(): Promise<SessionFigures> {
  const rt = await startRuntimeProcess();
  try {
    const tomorrow = addDays(beijingDate(Date.now()), 1);
    const admin = await login(rt.url, 'demo-district-admin');
    const schedule = async (clock: string, capacity: number): Promise<string> => {
      const r = await callApi(rt.url, admin, 'course', {
        action: 'schedule',
        data: { courseId: COURSE, start: toBeijingIso(beijingInstant(tomorrow, clock)), capacity, place: '创益园多功能厅' },
      });
      if (r.status !== 200) throw new Error(`course.schedule failed: ${JSON.stringify(r.body)}`);
      return (r.body as { data: { id: string } }).data.id;
    };
    const sessionId = await schedule('14:00', CAPACITY);
    const mineIn = async (token: string): Promise<{ state: string; position: number | null } | null> => {
      const r = await callApi(rt.url, token, 'course', { action: 'sessions', data: { courseId: COURSE } });
      return (r.body as SessionsBody).data?.sessions.find((s) => s.id === sessionId)?.mine ?? null;
    };

    const tokens = await Promise.all(Array.from({ length: ATTEMPTS + LATER }, (_, i) => login(rt.url, `bench-cs-${i}`)));
    const burst = tokens.slice(0, ATTEMPTS);
    // Warm-up, as a server that has been running is: connections open, the sign-up path compiled (another session).
    await warmConnections(rt.url, ATTEMPTS);
    const warmId = await schedule('09:00', 1000);
    await pool(burst.slice(0, 100), 16, async (token) => {
      await callApi(rt.url, token, 'course', { action: 'signUp', data: { sessionId: warmId } });
    });

    // The burst: everyone at once.
    const t0 = performance.now();
    const results = await Promise.all(burst.map((token, i) => callApi(rt.url, token, 'course', { action: 'signUp', requestId: `bench-session-${i}-xxxx`, data: { sessionId } })));
    const wallMs = performance.now() - t0;

    const statuses: Record<string, number> = {};
    const positions = new Map<number, number>();
    let enrolled = 0;
    for (const [i, r] of results.entries()) {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const body = r.body as Answer;
      if (body.ok && body.data?.state === 'enrolled') enrolled += 1;
      if (body.ok && body.data?.state === 'waitlisted') positions.set(i, body.data.position ?? -1);
    }
    const waitlisted = positions.size;
    const sorted = [...positions.values()].sort((a, b) => a - b);
    const distinct = new Set(sorted).size === sorted.length;
    const gapFree = sorted.every((p, i) => p === i + 1);

    // Afterwards: everyone's position is the one they were answered; later arrivals, one by one, come next in order.
    let consistent = true;
    await pool([...positions.entries()], 16, async ([i, p]) => {
      const mine = await mineIn(burst[i] as string);
      if (mine?.state !== 'waitlisted' || mine.position !== p) consistent = false;
    });
    let inOrder = true;
    for (let k = 0; k < LATER; k++) {
      const r = (await callApi(rt.url, tokens[ATTEMPTS + k] as string, 'course', { action: 'signUp', data: { sessionId } })).body as Answer;
      if (r.data?.position !== waitlisted + k + 1) inOrder = false;
    }

    // One cancellation: an enrolled person gives up their seat; position 1 is seated in the same call.
    const enrolledAt = results.findIndex((r) => (r.body as Answer).data?.state === 'enrolled');
    const byPosition = new Map([...positions.entries()].map(([i, p]) => [p, i]));
    const first = burst[byPosition.get(1) ?? -1] as string;
    const second = burst[byPosition.get(2) ?? -1] as string;
    const last = tokens[ATTEMPTS + LATER - 1] as string;
    const c0 = performance.now();
    const cancel = await callApi(rt.url, burst[enrolledAt] as string, 'course', { action: 'cancel', data: { sessionId } });
    const cancelMs = performance.now() - c0;
    const cancelPromoted = (cancel.body as { data?: { promoted?: boolean } }).data?.promoted === true && (await mineIn(first))?.state === 'enrolled';
    const movedUp = (await mineIn(second))?.position === 1 && (await mineIn(last))?.position === waitlisted + LATER - 1;

    const lat = results.map((r) => r.ms).sort((a, b) => a - b);
    return {
      attempts: ATTEMPTS,
      capacity: CAPACITY,
      enrolled,
      waitlisted,
      distinct,
      gapFree,
      arrivalOrder: consistent && inOrder,
      statuses,
      p50: percentile(lat, 50),
      p95: percentile(lat, 95),
      max: lat.at(-1) ?? 0,
      wallMs,
      cancelPromoted,
      movedUp,
      cancelMs,
    };
  } finally {
    await rt.stop();
    rt.removeData();
  }
}

const yes = (b: boolean): string => (b ? 'yes' : 'NO');

export function sessionLines(f: SessionFigures): string[] {
  return [
    `course session sign-up burst: ${f.attempts} residents at once for one ${f.capacity}-seat session (two function instances)`,
    `  enrolled: ${f.enrolled} (must be ${f.capacity}); waitlisted: ${f.waitlisted} (must be ${f.attempts - f.capacity})`,
    `  positions in the responses: distinct ${yes(f.distinct)}, gap-free 1…${f.waitlisted} ${yes(f.gapFree)}, in arrival order ${yes(f.arrivalOrder)}`,
    `  status counts: ${Object.entries(f.statuses).map(([s, n]) => `${s}×${n}`).join(', ')}`,
    `  latency ms: p50 ${f.p50.toFixed(0)}, p95 ${f.p95.toFixed(0)}, max ${f.max.toFixed(0)}; wall time ${f.wallMs.toFixed(0)} ms`,
    `  one cancellation (${f.cancelMs.toFixed(0)} ms): position 1 promoted ${yes(f.cancelPromoted)}, everyone behind up by one ${yes(f.movedUp)}`,
  ];
}

/** The BENCHMARKS.md section. */
export function sessionSection(f: SessionFigures): string {
  return `## Course session sign-up burst (\`npm run bench:sessions\`)

${f.attempts} residents sign up at once for one ${f.capacity}-seat course session through the local HTTP API (the built \`course\`
function, two instances); seats are seat documents and the waitlist numbered tickets the database refuses to hold twice:

| figure | value | goal |
|---|---|---|
| enrolled / waitlisted | ${f.enrolled} / ${f.waitlisted} | exactly ${f.capacity} / ${f.attempts - f.capacity} |
| positions in the responses distinct / gap-free (1…${f.waitlisted}) | ${yes(f.distinct)} / ${yes(f.gapFree)} | yes / yes |
| in arrival order (each position read again afterwards as answered; ${LATER} later arrivals next, in order) | ${yes(f.arrivalOrder)} | yes |
| status counts | ${Object.entries(f.statuses).map(([s, n]) => `${s}×${n}`).join(', ')} | all 200 |
| latency p50 / p95 / max | ${f.p50.toFixed(0)} / ${f.p95.toFixed(0)} / ${f.max.toFixed(0)} ms | |
| wall time | ${f.wallMs.toFixed(0)} ms | |
| one cancellation: position 1 promoted in the same call / everyone behind up by one | ${yes(f.cancelPromoted)} / ${yes(f.movedUp)} (${f.cancelMs.toFixed(0)} ms) | yes / yes |
`;
}

export const sessionInvariantsHold = (f: SessionFigures): boolean =>
  f.enrolled === f.capacity && f.waitlisted === f.attempts - f.capacity && f.distinct && f.gapFree && f.arrivalOrder && f.cancelPromoted && f.movedUp;

if (require.main === module) {
  (async () => {
    if (process.env.BENCH_NO_BUILD !== '1') await ensureFunctions();
    const f = await runSessionBench();
    process.stdout.write(`${sessionLines(f).join('\n')}\n`);
    if (process.env.BENCH_WRITE === '1') process.stdout.write(`\n${sessionSection(f)}`);
    if (!sessionInvariantsHold(f)) process.exitCode = 1;
  })().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
