/**
 * The demo: a lived-in week seeded around "now", and the local runtime's demo clock (DEMO_CLOCK), which moves the
 * functions' clock and the database's serverDate together — and which the deployed bundles never read.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../cloudfunctions/_shared/clock';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction } from '../../cloudfunctions/_shared/runtime';
import { handlers as venueHandlers, timers as venueTimers } from '../../cloudfunctions/venue/index';
import { devPhoneNumberForCode, installLocalRuntimeHooks, parseDemoClock } from '../../local-cloud/clock';
import { runLocalCloud, type RunningRuntime } from '../../local-cloud/main';
import { seedIfEmpty } from '../../local-cloud/seed';
import type { Booking, ManagedBooking } from '../../types';
import { startTestCloud } from '../support/local-cloud';

const root = path.resolve(__dirname, '../..');

describe('DEMO_CLOCK', () => {
  it('is an instant with its offset or a shift in days, hours or minutes; anything else stops the runtime with a clear message', () => {
    const real = Date.parse('2026-12-01T08:00:00Z');
    expect(parseDemoClock('2026-12-03T09:20+08:00', real)).toBe(Date.parse('2026-12-03T01:20:00Z') - real);
    expect(parseDemoClock('+2d', real)).toBe(2 * 86_400_000);
    expect(parseDemoClock('-3h', real)).toBe(-3 * 3_600_000);
    expect(parseDemoClock('+90m', real)).toBe(90 * 60_000);
    expect(parseDemoClock(undefined, real)).toBe(0);
    for (const bad of ['tomorrow', '2026-12-03 09:20', '2026-12-03T09:20', '+2w']) expect(() => parseDemoClock(bad, real)).toThrow(/DEMO_CLOCK/);
  });

  it('the local stand-in turns only dev-<mobile number> into a number', () => {
    expect(devPhoneNumberForCode('dev-13812345678')).toBe('13812345678');
    expect(devPhoneNumberForCode('13812345678')).toBeNull();
    expect(devPhoneNumberForCode('dev-23812345678')).toBeNull();
  });
});

describe('the local runtime with DEMO_CLOCK', () => {
  let rt: RunningRuntime;
  let dataDir: string;
  let uninstall: () => void = () => undefined;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'red-sail-demo-clock-'));
    rt = await runLocalCloud({ DATA_DIR: dataDir, PORT: '0', TIMERS: '0', FUNCTION_INSTANCES: '1', RED_SAIL_LOG: 'off', DEMO_CLOCK: '2026-12-03T09:20+08:00' });
    // runLocalCloud installed its hooks in this process; the afterAll removes them.
    uninstall = () => installLocalRuntimeHooks({})();
  }, 60_000);
  afterAll(async () => {
    await rt.stop();
    uninstall();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const api = async (openid: string, fn: string, action: string, data: unknown = {}) => {
    const login = (await (await fetch(`${rt.server.url}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).json()) as { data: { token: string } };
    const res = await fetch(`${rt.server.url}/api/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.data.token}` }, body: JSON.stringify({ action, data }) });
    return (await res.json()) as { ok: boolean; data: Record<string, unknown> };
  };

  it('moves the functions’ clock and the lived-in week to the demo time', async () => {
    const ping = await api('demo-resident', 'user', 'ping');
    expect(Math.abs(Date.parse(ping.data.at as string) - Date.parse('2026-12-03T01:20:00Z'))).toBeLessThan(120_000);
    // The seeded week is around the demo date: the manager's schedule of that day is not empty.
    const schedule = await api('demo-venue-manager', 'venue', 'schedule', {});
    expect(schedule.data.date).toBe('2026-12-03');
    expect((schedule.data.bookings as ManagedBooking[]).map((b) => b.id)).toContain('bk_demo_today');
  });
});

describe('production bundles ignore DEMO_CLOCK', () => {
  it('the built functions never read it, and answer with the real time when it is set', () => {
    const bundles = ['user', 'venue', 'station', 'admin'].map((fn) => path.join(root, 'dist/cloudfunctions', fn, 'index.js'));
    for (const b of bundles) expect(fs.readFileSync(b, 'utf8')).not.toContain('DEMO_CLOCK');
    const script = `require(${JSON.stringify(bundles[0])}).main({action:'ping',data:{}},{environment:JSON.stringify({WX_OPENID:'someone',WX_APPID:'wx'})}).then(r=>process.stdout.write(JSON.stringify(r)))`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, DEMO_CLOCK: '2030-01-01T00:00+08:00', RED_SAIL_LOG: 'off' }, encoding: 'utf8' })) as { data: { at: string } };
    expect(Math.abs(Date.parse(out.data.at) - Date.now())).toBeLessThan(60_000);
  });
});

describe('the lived-in week', () => {
  it('gives every manager page something to show, lets check-in be tried at once, and agrees with the booking rules', async () => {
    const now = Date.parse('2026-12-01T09:05:00+08:00');
    const clock = new FakeClock(now);
    const venue = createFunction('venue', venueHandlers, { clock, db: database }, venueTimers);
    const cloud = await startTestCloud({ seed: false, now: () => clock.now(), functions: { venue } });
    try {
      expect(seedIfEmpty(cloud.db, { now: new Date(now) })).toBe(true);
      const call = async <T>(openid: string, action: string, data: unknown = {}) => {
        const r = await cloud.invoke(venue, openid, { action, data, requestId: `demo-${Math.random().toString(36).slice(2)}-req` });
        return r as { ok: boolean; data: T; error?: { code: string } };
      };
      const pending = await call<{ bookings: ManagedBooking[] }>('demo-venue-manager', 'pending');
      expect(pending.data.bookings.map((b) => b.id).sort()).toEqual(['bk_demo_council', 'bk_demo_hall']);
      const today = await call<{ bookings: ManagedBooking[] }>('demo-venue-manager', 'schedule', { venueId: 'cyy-meeting-2', date: '2026-12-01' });
      expect(today.data.bookings).toEqual([expect.objectContaining({ id: 'bk_demo_today', start: '2026-12-01T09:30:00+08:00', bookerName: '赵大爷', phone: '13905356789' })]);
      const mine = await call<{ bookings: Booking[] }>('demo-resident', 'mine', { when: 'upcoming' });
      expect(mine.ok).toBe(true);
      // The ledger holds the seeded slots: nobody else can take 王阿姨's rehearsal tomorrow.
      expect(await call('demo-volunteer', 'book', { venueId: 'cyy-workshop', starts: ['2026-12-02T10:30:00+08:00'], purpose: '排练', attendees: 3 })).toMatchObject({ ok: false, error: { code: 'VENUE.SLOT_TAKEN' } });
      // Today's booking starts in 25 minutes: ten minutes on, 赵大爷 checks in with the room's code of the day.
      clock.set(now + 15 * 60_000);
      const { data: code } = await call<{ code: string }>('demo-venue-manager', 'venueCode', { venueId: 'cyy-meeting-2' });
      expect(await call('demo-resident-2', 'checkIn', { venueId: 'cyy-meeting-2', code: code.code })).toMatchObject({ ok: true, data: { state: 'checked_in' } });
      // Messages and last week's no-show with its strike are there.
      expect(cloud.db.handle({ action: 'database.calculateDocument', collectionName: 'notifications', query: '{"openid":"demo-resident"}' })).toMatchObject({ data: { total: 2 } });
      expect(cloud.db.handle({ action: 'database.calculateDocument', collectionName: 'booking_strikes', query: '{"openid":"demo-resident-2"}' })).toMatchObject({ data: { total: 1 } });
    } finally {
      await cloud.stop();
    }
  });

  it('is left out for the function suites (seedIfEmpty with lived: false): no bookings at all', async () => {
    const cloud = await startTestCloud();
    try {
      expect(cloud.db.handle({ action: 'database.calculateDocument', collectionName: 'bookings', query: '{}' })).toMatchObject({ data: { total: 0 } });
    } finally {
      await cloud.stop();
    }
  });
});
