/**
 * `npm run bench:booking`: fires 1,000 concurrent booking attempts at one slot through the local HTTP API (the built
 * functions in the local runtime, as a separate process), then measures distinct-slot booking throughput against a
 * no-op action (`user.ping`) through the same server. Prints figures; asserts nothing but the one-booking invariant.
 */
import { addDays, beijingDate, beijingInstant, toBeijingIso } from '../../types/beijing-time';
import { ensureFunctions } from '../lib/builds';
import { callApi, health, login, percentile, startRuntimeProcess, warmConnections } from '../lib/runtime-process';

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 1000);
const THROUGHPUT_N = Number(process.env.BENCH_THROUGHPUT_N ?? 660);
/** The no-op and one-read phases repeat the job list this many times: a few hundred no-ops take only milliseconds. */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
  return performance.now() - t0;
}

export interface BookingFigures {
  attempts: number;
  confirmed: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  wallMs: number;
  /** The same 1,000 people opening the 场地 list at once (`venue.list`). */
  listWallMs: number;
  listP95: number;
  bookRate: number;
  pingRate: number;
  ratio: number;
  /** Database requests (SDK → database endpoint) per distinct-slot booking. */
  dbCallsPerBooking: number;
  /** An action that makes exactly one database read (`user.me`), as a ratio to the no-op: what any action touching the database can reach at best. */
  oneReadRate: number;
  oneReadRatio: number;
  dbCallsPerOneRead: number;
  concurrency: number;
  throughputN: number;
  /** How many times the no-op and one-read phases repeat the booking job list. */
  repeat: number;
}

/** Requests the local database has answered so far. */
const dbCalls = async (url: string): Promise<number> => (await health(url)).dbCalls;

export async function runBookingBench(): Promise<BookingFigures> {
  const rt = await startRuntimeProcess();
  try {
    const tomorrow = addDays(beijingDate(Date.now()), 1);
    const start = toBeijingIso(beijingInstant(tomorrow, '10:30'));
    const tokens = await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) => login(rt.url, `bench-${i}`)));

    // Warm-up, as a server that has been running is: connections opened, the request and booking paths compiled by
    // the JIT (a cold process answers its first 1,000 no-op requests about three times slower).
    await warmConnections(rt.url, ATTEMPTS);
    await Promise.all(tokens.map((token) => callApi(rt.url, token, 'user', { action: 'ping' })));
    const warmDay = addDays(beijingDate(Date.now()), 13);
    await pool(tokens.slice(0, 100), 16, async (token) => {
      const i = tokens.indexOf(token);
      const venueId = ['cyy-meeting-1', 'cyy-meeting-2', 'xy-center', 'beida-room'][i % 4] as string;
      const time = `${String(9 + Math.floor(i / 4) % 11).padStart(2, '0')}:30`;
      await callApi(rt.url, token, 'venue', { action: 'book', requestId: `bench-warm-${i}-xxxx`, data: { venueId, starts: [toBeijingIso(beijingInstant(warmDay, time))], purpose: '预热', attendees: 2, phone: '13800000000' } });
    });

    // 1. Contention: everyone at once, one slot.
    const t0 = performance.now();
    const results = await Promise.all(
      tokens.map((token, i) =>
        callApi(rt.url, token, 'venue', { action: 'book', requestId: `bench-hot-${i}-xxxx`, data: { venueId: 'cyy-rehearsal', starts: [start], purpose: '压力测试', attendees: 2, phone: '13800000000' } }),
      ),
    );
    const wall = performance.now() - t0;
    if (process.env.BENCH_HISTOGRAM) {
      const buckets: Record<number, number> = {};
      for (const r of results) buckets[Math.floor(r.ms / 100) * 100] = (buckets[Math.floor(r.ms / 100) * 100] ?? 0) + 1;
      process.stdout.write(`latency histogram (100 ms buckets): ${JSON.stringify(buckets)}\n`);
    }
    const statuses: Record<string, number> = {};
    for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const confirmed = results.filter((r) => r.status === 200 && (r.body as { data?: { state?: string } }).data?.state === 'confirmed').length;
    const lat = results.map((r) => r.ms).sort((a, b) => a - b);

    // The same crowd opening the 场地 list at once.
    const l0 = performance.now();
    const lists = await Promise.all(tokens.map((token) => callApi(rt.url, token, 'venue', { action: 'list', data: {} })));
    const listWallMs = performance.now() - l0;
    if (lists.some((r) => r.status !== 200)) throw new Error('venue.list failed under the burst');
    const listLat = lists.map((r) => r.ms).sort((a, b) => a - b);

    // 2. Throughput: distinct slots (venues × days × times), one booking per fresh user, vs a no-op action.
    const venues = ['cyy-rehearsal', 'cyy-meeting-1', 'cyy-meeting-2', 'cyy-workshop', 'xy-center', 'ds-meeting', 'yhd-training', 'xf-activity', 'beida-room', 'haiyun-room', 'suocheng-room', 'yudong-room'];
    const times = ['09:30', '11:30', '13:30', '15:30', '17:30'];
    const jobs: Array<{ venueId: string; start: string; i: number }> = [];
    for (let d = 2; d < 13 && jobs.length < THROUGHPUT_N; d++) {
      for (const venueId of venues) for (const t of times) if (jobs.length < THROUGHPUT_N) jobs.push({ venueId, start: toBeijingIso(beijingInstant(addDays(beijingDate(Date.now()), d), t)), i: jobs.length });
    }
    const bookTokens = await Promise.all(jobs.map((j) => login(rt.url, `bench-tp-${j.i}`)));
    let booked = 0;
    const callsBefore = await dbCalls(rt.url);
    const bookMs = await pool(jobs, CONCURRENCY, async (j) => {
      const r = await callApi(rt.url, bookTokens[j.i] as string, 'venue', { action: 'book', requestId: `bench-tp-${j.i}-xxxx`, data: { venueId: j.venueId, starts: [j.start], purpose: '吞吐测试', attendees: 2, phone: '13800000000' } });
      if (r.status === 200) booked += 1;
    });
    const dbCallsPerBooking = ((await dbCalls(rt.url)) - callsBefore) / jobs.length;
    const repeated = Array.from({ length: REPEAT }, () => jobs).flat();
    const pingMs = await pool(repeated, CONCURRENCY, async (j) => {
      await callApi(rt.url, bookTokens[j.i] as string, 'user', { action: 'ping' });
    });
    // The ceiling: one database read per call. A first pass registers each user's profile (a write) and warms the path.
    await pool(jobs, CONCURRENCY, async (j) => {
      await callApi(rt.url, bookTokens[j.i] as string, 'user', { action: 'me' });
    });
    const readsBefore = await dbCalls(rt.url);
    const oneReadMs = await pool(repeated, CONCURRENCY, async (j) => {
      await callApi(rt.url, bookTokens[j.i] as string, 'user', { action: 'me' });
    });
    const dbCallsPerOneRead = ((await dbCalls(rt.url)) - readsBefore) / repeated.length;
    const bookRate = (jobs.length / bookMs) * 1000;
    const pingRate = (repeated.length / pingMs) * 1000;
    const oneReadRate = (repeated.length / oneReadMs) * 1000;

    const figures: BookingFigures = {
      attempts: ATTEMPTS,
      confirmed,
      statuses,
      p50: percentile(lat, 50),
      p95: percentile(lat, 95),
      p99: percentile(lat, 99),
      wallMs: wall,
      listWallMs,
      listP95: percentile(listLat, 95),
      bookRate,
      pingRate,
      ratio: bookRate / pingRate,
      dbCallsPerBooking,
      oneReadRate,
      oneReadRatio: oneReadRate / pingRate,
      dbCallsPerOneRead,
      concurrency: CONCURRENCY,
      throughputN: jobs.length,
      repeat: REPEAT,
    };
    const lines = [
      `booking burst: ${ATTEMPTS} concurrent attempts at one slot (${start}) through ${rt.url}/api/venue`,
      `  confirmed: ${confirmed} (must be 1)`,
      `  status counts: ${Object.entries(statuses).map(([s, n]) => `${s}×${n}`).join(', ')}`,
      `  latency ms: p50 ${percentile(lat, 50).toFixed(0)}, p95 ${percentile(lat, 95).toFixed(0)}, p99 ${percentile(lat, 99).toFixed(0)}, max ${lat.at(-1)?.toFixed(0)} (goal p95 ≤ 500)`,
      `  wall time: ${wall.toFixed(0)} ms`,
      `venue.list, the same ${ATTEMPTS} at once: wall ${listWallMs.toFixed(0)} ms, p95 ${percentile(listLat, 95).toFixed(0)} ms`,
      `throughput (concurrency ${CONCURRENCY}; ${jobs.length} bookings, ${jobs.length * REPEAT} no-ops, ${jobs.length * REPEAT} one-read calls):`,
      `  distinct-slot bookings: ${bookRate.toFixed(0)}/s (${booked} confirmed)`,
      `  no-op user.ping:        ${pingRate.toFixed(0)}/s`,
      `  ratio: ${(bookRate / pingRate).toFixed(3)} (goal ≥ 0.3)`,
      `  database calls per booking: ${dbCallsPerBooking.toFixed(2)}`,
      `  ceiling — user.me, ${dbCallsPerOneRead.toFixed(2)} database call(s) each: ${oneReadRate.toFixed(0)}/s, ratio ${(oneReadRate / pingRate).toFixed(3)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return figures;
  } finally {
    await rt.stop();
    rt.removeData();
  }
}

if (require.main === module) {
  (async () => {
    if (process.env.BENCH_NO_BUILD !== '1') await ensureFunctions();
    const f = await runBookingBench();
    if (f.confirmed !== 1) process.exitCode = 1;
  })().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
