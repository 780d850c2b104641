/**
 * Crash safety: a booking burst against the local runtime (a child process running several instances of each
 * function, calls spread over them), SIGKILL in the middle, restart on the same DATA_DIR. Every acknowledged booking
 * must be there, no two holding bookings may cover one slot of one venue, and ledger, quota counters and bookings
 * must agree.
 */
import fs from 'node:fs';
import { EJSON } from 'bson';
import Database from 'better-sqlite3';
import path from 'node:path';
import { addDays, beijingDate, beijingInstant, toBeijingIso } from '../../types/beijing-time';
import { callApi, login, startRuntimeProcess, type RuntimeProcess } from '../../scripts/lib/runtime-process';

type Doc = Record<string, unknown> & { _id: string };

function readCollection(dataDir: string, coll: string): Doc[] {
  const db = new Database(path.join(dataDir, 'cloudbase.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT data FROM docs WHERE coll = ?').all(coll) as Array<{ data: string }>).map((r) => EJSON.parse(r.data, { relaxed: true }) as Doc);
  } finally {
    db.close();
  }
}

describe('crash safety of the local runtime', () => {
  let rt: RuntimeProcess | undefined;
  afterEach(async () => {
    await rt?.stop('SIGKILL');
  });

  it('keeps every acknowledged booking through a SIGKILL mid-burst, with ledger, quotas and bookings in agreement', async () => {
    if (!fs.existsSync(path.resolve(__dirname, '../../dist/cloudfunctions/venue/index.js'))) throw new Error('run `npm run build:functions` first');
    // Four instances of each function: colliding attempts meet in the database, not in one instance's memory.
    const instances = { FUNCTION_INSTANCES: '4' };
    rt = await startRuntimeProcess({ env: instances });
    const dataDir = rt.dataDir;
    const venues = ['cyy-rehearsal', 'cyy-meeting-1', 'cyy-meeting-2', 'cyy-workshop', 'xy-center', 'beida-room'];
    const base = addDays(beijingDate(Date.now()), 2);
    const times = ['09:30', '10:30', '13:30', '14:30', '15:30'];
    // 120 slots, each wanted by two people: for half of them both attempts go at once, for the other half the second
    // attempt follows the first one's answer — on another instance, whose memory has not seen the slot.
    const pairs = Array.from({ length: 120 }, (_, p) => ({
      venueId: venues[p % venues.length] as string,
      start: toBeijingIso(beijingInstant(addDays(base, Math.floor(p / 30)), times[Math.floor(p / venues.length) % times.length] as string)),
      together: p % 2 === 0,
      openids: [`crash-${(2 * p) % 120}`, `crash-${(2 * p + 1) % 120}`],
    }));
    const tokens = new Map<string, string>();
    for (const openid of pairs.flatMap((p) => p.openids)) if (!tokens.has(openid)) tokens.set(openid, await login(rt.url, openid));

    const acknowledged: string[] = [];
    let answered = 0;
    const url = rt.url;
    const child = rt.child;
    const attempt = async (p: (typeof pairs)[number], k: number, i: number): Promise<void> => {
      const r = await callApi(url, tokens.get(p.openids[k] as string) as string, 'venue', {
        action: 'book',
        requestId: `crash-test-${i}-${k}-0000`,
        data: { venueId: p.venueId, starts: [p.start], purpose: '断电演练', attendees: 3, phone: '13800000000' },
      });
      answered += 1;
      if (r.status === 200) acknowledged.push((r.body as { data: { id: string } }).data.id);
    };
    const burst = Promise.allSettled(
      pairs.map(async (p, i) => {
        if (p.together) await Promise.all([attempt(p, 0, i), attempt(p, 1, i)]);
        else {
          await attempt(p, 0, i);
          await attempt(p, 1, i);
        }
      }),
    );
    // Kill once most attempts have been answered (the later ones of the one-after-the-other pairs among them), while
    // the rest are in flight.
    const deadline = Date.now() + 30_000;
    while (answered < 170 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await burst;
    await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    expect(answered).toBeGreaterThanOrEqual(170);
    expect(answered).toBeLessThan(2 * pairs.length);

    // Restart on the same data directory: it must come up and serve.
    rt = await startRuntimeProcess({ dataDir, env: instances });
    const me = await callApi(rt.url, await login(rt.url, 'crash-0'), 'venue', { action: 'mine' });
    expect(me.status).toBe(200);
    await rt.stop();

    const bookings = readCollection(dataDir, 'bookings');
    const ledger = readCollection(dataDir, 'slot_ledger');
    const accounts = readCollection(dataDir, 'booking_accounts');
    const holding = bookings.filter((b) => ['pending', 'confirmed', 'checked_in'].includes(b.state as string));
    // Every acknowledged booking is there, still holding its slot.
    const holdingIds = new Set(holding.map((b) => b._id));
    expect(acknowledged.filter((id) => !holdingIds.has(id))).toEqual([]);
    // No two holding bookings cover one slot of one venue — derived from the bookings' venue and times, not the ledger.
    const slotHolder = new Map<string, string>();
    const doubleBooked: string[] = [];
    for (const b of holding) {
      for (let t = new Date(b.start as Date).getTime(); t < new Date(b.end as Date).getTime(); t += 3_600_000) {
        const slot = `${b.venueId as string}@${new Date(t).toISOString()}`;
        const other = slotHolder.get(slot);
        if (other) doubleBooked.push(`${slot}: ${other} and ${b._id}`);
        slotHolder.set(slot, b._id);
      }
    }
    expect(doubleBooked).toEqual([]);

    // Every held slot belongs to a holding booking, and every holding booking holds all its slots: no orphan holds.
    const byId = new Map(holding.map((b) => [b._id, b]));
    for (const l of ledger) expect(byId.has(l.bookingId as string)).toBe(true);
    for (const b of holding) for (const key of b.slotKeys as string[]) expect(ledger.find((l) => l._id === key)?.bookingId).toBe(b._id);
    // Quota counters equal the holding bookings per person: no lost counts. (A course session's or an activity's booking
    // — the seeded sessions and activities in catalogue rooms — counts against nobody's quota.)
    const perUser = new Map<string, number>();
    for (const b of holding.filter((h) => h.source !== 'course' && h.source !== 'activity')) perUser.set(b.openid as string, (perUser.get(b.openid as string) ?? 0) + 1);
    for (const a of accounts) expect(a.active).toBe(perUser.get(a._id) ?? 0);
    for (const [openid, n] of perUser) expect(accounts.find((a) => a._id === openid)?.active).toBe(n);
    rt.removeData();
  }, 90_000);
});
