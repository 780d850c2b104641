/**
 * Crash safety: a booking burst against the local runtime (a child process), SIGKILL in the middle, restart on the
 * same DATA_DIR. Every acknowledged booking must be there, and ledger, quota counters and bookings must agree.
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
    rt = await startRuntimeProcess();
    const dataDir = rt.dataDir;
    const venues = ['cyy-rehearsal', 'cyy-meeting-1', 'cyy-meeting-2', 'cyy-workshop', 'xy-center', 'beida-room'];
    const base = addDays(beijingDate(Date.now()), 2);
    const jobs = Array.from({ length: 240 }, (_, i) => ({
      openid: `crash-${i % 120}`,
      venueId: venues[i % venues.length] as string,
      // Half the attempts collide on purpose (two people per slot).
      start: toBeijingIso(beijingInstant(addDays(base, Math.floor(i / 60)), ['09:30', '10:30', '13:30', '14:30', '15:30'][Math.floor(i / 12) % 5] as string)),
    }));
    const tokens = new Map<string, string>();
    for (const j of jobs) if (!tokens.has(j.openid)) tokens.set(j.openid, await login(rt.url, j.openid));

    const acknowledged: string[] = [];
    const url = rt.url;
    const child = rt.child;
    const burst = Promise.allSettled(
      jobs.map(async (j, i) => {
        const r = await callApi(url, tokens.get(j.openid) as string, 'venue', {
          action: 'book',
          requestId: `crash-test-${i}-0000`,
          data: { venueId: j.venueId, starts: [j.start], purpose: '断电演练', attendees: 3 },
        });
        if (r.status === 200) acknowledged.push((r.body as { data: { id: string } }).data.id);
      }),
    );
    // Kill once some bookings have been acknowledged, while others are in flight.
    const deadline = Date.now() + 20_000;
    while (acknowledged.length < 15 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await burst;
    await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    expect(acknowledged.length).toBeGreaterThanOrEqual(15);
    expect(acknowledged.length).toBeLessThan(jobs.length);

    // Restart on the same data directory: it must come up and serve.
    rt = await startRuntimeProcess({ dataDir });
    const me = await callApi(rt.url, await login(rt.url, 'crash-0'), 'venue', { action: 'mine' });
    expect(me.status).toBe(200);
    await rt.stop();

    const bookings = readCollection(dataDir, 'bookings');
    const ledger = readCollection(dataDir, 'slot_ledger');
    const accounts = readCollection(dataDir, 'booking_accounts');
    const ids = new Set(bookings.map((b) => b._id));
    for (const id of acknowledged) expect(ids.has(id)).toBe(true);

    const holding = bookings.filter((b) => ['pending', 'confirmed', 'checked_in'].includes(b.state as string));
    // Every held slot belongs to a holding booking, and every holding booking holds all its slots: no orphan holds.
    const byId = new Map(holding.map((b) => [b._id, b]));
    for (const l of ledger) expect(byId.has(l.bookingId as string)).toBe(true);
    for (const b of holding) for (const key of b.slotKeys as string[]) expect(ledger.find((l) => l._id === key)?.bookingId).toBe(b._id);
    // Quota counters equal the holding bookings per person: no lost counts.
    const perUser = new Map<string, number>();
    for (const b of holding) perUser.set(b.openid as string, (perUser.get(b.openid as string) ?? 0) + 1);
    for (const a of accounts) expect(a.active).toBe(perUser.get(a._id) ?? 0);
    for (const [openid, n] of perUser) expect(accounts.find((a) => a._id === openid)?.active).toBe(n);
    // No slot is held twice.
    expect(new Set(ledger.map((l) => l._id)).size).toBe(ledger.length);
    rt.removeData();
  }, 90_000);
});
