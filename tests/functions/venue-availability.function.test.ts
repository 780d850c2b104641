import type { AvailabilityOutput, Quota } from '../../types';
import { databaseDigest } from '../support/digest';
import { at, bookingWorld, type BookingWorld } from '../support/booking';

// Today is Tuesday 2026-12-01, 08:00 in Beijing; the rooms open 08:30–21:00 in 60-minute slots (12 a day:
// 4 in the morning, 6 in the afternoon from 12:30, 2 in the evening from 18:30).
const DAY = '2026-12-01';
const THU = '2026-12-03';
let w: BookingWorld;
beforeEach(async () => {
  w = await bookingWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

let n = 0;
const someone = (): string => `avail-user-${++n}`;
const book = (openid: string, venueId: string, starts: string[]) => w.ok(openid, 'book', { venueId, starts, purpose: '活动', attendees: 2, phone: '13805350001' });
const dayOf = (out: AvailabilityOutput, venueId: string, date: string) => out.venues.find((v) => v.venue.id === venueId)?.days.find((d) => d.date === date);

/** Counts the database requests the SDK sends, by action and collection. */
const countQueries = async <T>(work: () => Promise<T>): Promise<{ result: T; ledgerQueries: number; calls: number }> => {
  const spy = jest.spyOn(w.cloud.db, 'handle');
  try {
    const result = await work();
    const bodies = spy.mock.calls.map((c) => c[0] as { action?: string; collectionName?: string });
    return { result, ledgerQueries: bodies.filter((b) => b.collectionName === 'slot_ledger').length, calls: bodies.length };
  } finally {
    spy.mockRestore();
  }
};

describe('venue.availability (free slots per date, two instances)', () => {
  it('counts free slots per date for one venue, and a booking made on one instance shows at once on the other', async () => {
    const first = await w.on(0).ok<AvailabilityOutput>(someone(), 'availability', { venueId: 'cyy-rehearsal', from: DAY, days: 14 });
    expect(first.venues).toHaveLength(1);
    expect(first.venues[0]?.days).toHaveLength(14);
    expect(dayOf(first, 'cyy-rehearsal', THU)).toEqual({ date: THU, free: 12, total: 12, closed: false });
    // The 14th date is the last of the window; today only counts slots that have not started.
    expect(dayOf(first, 'cyy-rehearsal', '2026-12-14')).toMatchObject({ free: 12, closed: false });

    await book(someone(), 'cyy-rehearsal', [at(THU, '14:30'), at(THU, '15:30')]);
    const after = await w.on(1).ok<AvailabilityOutput>(someone(), 'availability', { venueId: 'cyy-rehearsal', from: DAY, days: 7 });
    expect(dayOf(after, 'cyy-rehearsal', THU)).toMatchObject({ free: 10, total: 12 });
    // The caller's own booking is not free for them either.
    const mine = someone();
    await book(mine, 'cyy-rehearsal', [at(THU, '09:30')]);
    expect(dayOf(await w.on(0).ok<AvailabilityOutput>(mine, 'availability', { venueId: 'cyy-rehearsal', from: THU, days: 1 }), 'cyy-rehearsal', THU)).toMatchObject({ free: 9 });
  });

  it('says a fully booked date has no free slot (满), and counts the afternoon alone when asked', async () => {
    // Fill Thursday afternoon at the rehearsal room, 3 slots per booking by different people.
    for (const clocks of [['12:30', '13:30', '14:30'], ['15:30', '16:30', '17:30']]) {
      await book(someone(), 'cyy-rehearsal', clocks.map((c) => at(THU, c)));
    }
    const afternoon = await w.on(1).ok<AvailabilityOutput>(someone(), 'availability', { from: THU, days: 1, part: 'afternoon', level: 'district' });
    expect(afternoon.part).toBe('afternoon');
    expect(dayOf(afternoon, 'cyy-rehearsal', THU)).toEqual({ date: THU, free: 0, total: 6, closed: false });
    expect(dayOf(afternoon, 'cyy-meeting-1', THU)).toEqual({ date: THU, free: 6, total: 6, closed: false });
    // 党建阅览室 closes at 17:30: five afternoon slots.
    expect(dayOf(afternoon, 'cyy-reading', THU)).toMatchObject({ total: 5, free: 5 });
    expect(afternoon.venues.map((v) => v.venue.id)).toEqual(expect.arrayContaining(['cyy-hall', 'cyy-rehearsal', 'cyy-meeting-1', 'cyy-meeting-2', 'cyy-workshop', 'cyy-council', 'cyy-reading']));
    expect(afternoon.venues.every((v) => v.venue.level === 'district')).toBe(true);
    const morning = await w.on(0).ok<AvailabilityOutput>(someone(), 'availability', { from: THU, days: 1, part: 'morning', venueId: 'cyy-rehearsal' });
    expect(dayOf(morning, 'cyy-rehearsal', THU)).toEqual({ date: THU, free: 4, total: 4, closed: false });
  });

  it('reads the ledger of every venue and date in one query (7 rooms × 7 days: one ledger query, no venue query)', async () => {
    await book(someone(), 'cyy-meeting-1', [at(THU, '09:30')]);
    // Warm this instance's catalogue copy, as any earlier screen would.
    await w.on(0).ok(someone(), 'list', {});
    const { result, ledgerQueries, calls } = await countQueries(() => w.on(0).ok<AvailabilityOutput>(someone(), 'availability', { from: DAY, days: 7, level: 'district' }));
    expect(result.venues).toHaveLength(7);
    expect(result.venues.every((v) => v.days.length === 7)).toBe(true);
    expect(dayOf(result, 'cyy-meeting-1', THU)).toMatchObject({ free: 11 });
    expect(ledgerQueries).toBe(1);
    expect(calls).toBe(1);
  });

  it('shows a date closed on one instance as closed on the other at once, and open again at once when reopened', async () => {
    const MANAGER = 'demo-venue-manager';
    // Both instances hold a catalogue copy from before the closure.
    await w.on(0).ok(someone(), 'availability', { venueId: 'cyy-meeting-2', from: DAY, days: 3 });
    await w.on(1).ok(someone(), 'availability', { venueId: 'cyy-meeting-2', from: DAY, days: 3 });
    await w.on(0).ok(MANAGER, 'setBlackout', { venueId: 'cyy-meeting-2', date: THU, closed: true });
    expect(dayOf(await w.on(1).ok<AvailabilityOutput>(someone(), 'availability', { venueId: 'cyy-meeting-2', from: DAY, days: 3 }), 'cyy-meeting-2', THU)).toMatchObject({ free: 0, closed: true });
    // Instance 1 opens the venue page: its copy now knows of the closure.
    expect(await w.on(1).ok(someone(), 'get', { venueId: 'cyy-meeting-2' })).toMatchObject({ venue: { blackoutDates: [THU] } });
    await w.on(0).ok(MANAGER, 'setBlackout', { venueId: 'cyy-meeting-2', date: THU, closed: false });
    // Instance 1's copy still says closed; the ledger does not: it checks afresh.
    expect(dayOf(await w.on(1).ok<AvailabilityOutput>(someone(), 'availability', { venueId: 'cyy-meeting-2', from: DAY, days: 3 }), 'cyy-meeting-2', THU)).toMatchObject({ free: 12, closed: false });
  });

  it('marks dates outside the booking window closed, with nothing free', async () => {
    const out = await w.ok<AvailabilityOutput>(someone(), 'availability', { venueId: 'cyy-rehearsal', from: '2026-11-30', days: 14 });
    expect(dayOf(out, 'cyy-rehearsal', '2026-11-30')).toMatchObject({ free: 0, closed: true });
    const late = await w.ok<AvailabilityOutput>(someone(), 'availability', { venueId: 'cyy-rehearsal', from: '2026-12-14', days: 2 });
    expect(dayOf(late, 'cyy-rehearsal', '2026-12-14')).toMatchObject({ free: 12, closed: false });
    expect(dayOf(late, 'cyy-rehearsal', '2026-12-15')).toMatchObject({ free: 0, closed: true });
  });

  it('refuses bad input with a coded error and writes nothing', async () => {
    const before = databaseDigest(w.cloud.db);
    for (const data of [{ from: DAY, days: 15 }, { from: DAY, days: 0 }, { from: '2026-02-30', days: 1 }, { from: DAY, days: 1, part: 'night' }, { from: DAY, days: 1, venueId: { $ne: null } }, { from: DAY, days: 1, openid: 'x' }]) {
      expect(await w.call(someone(), 'availability', data)).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    }
    expect(await w.call(someone(), 'availability', { venueId: 'no-such-room', from: DAY, days: 1 })).toMatchObject({ ok: false, error: { code: 'VENUE.NOT_FOUND' } });
    expect(databaseDigest(w.cloud.db)).toBe(before);
  });
});

describe('venue.quota (bookings left, before the form)', () => {
  it('says 3 for a newcomer, counts down with each booking on either instance, and up again after a cancel', async () => {
    const me = someone();
    expect(await w.on(0).ok<Quota>(me, 'quota')).toEqual({ max: 3, used: 0, remaining: 3, suspendedUntil: null });
    const b = await w.on(0).ok<{ id: string }>(me, 'book', { venueId: 'cyy-rehearsal', starts: [at(THU, '09:30')], purpose: '活动', attendees: 2, phone: '13805350001' });
    expect(await w.on(1).ok<Quota>(me, 'quota')).toMatchObject({ used: 1, remaining: 2 });
    await book(me, 'cyy-rehearsal', [at(THU, '10:30')]);
    await book(me, 'cyy-rehearsal', [at(THU, '11:30')]);
    expect(await w.on(0).ok<Quota>(me, 'quota')).toMatchObject({ used: 3, remaining: 0, suspendedUntil: null });
    // What the quota says is what booking does.
    expect(await w.call(me, 'book', { venueId: 'cyy-rehearsal', starts: [at(THU, '12:30')], purpose: '活动', attendees: 2, phone: '13805350001' })).toMatchObject({ ok: false, error: { code: 'VENUE.QUOTA_EXCEEDED' } });
    await w.ok(me, 'cancel', { bookingId: b.id });
    expect(await w.on(1).ok<Quota>(me, 'quota')).toMatchObject({ used: 2, remaining: 1 });
  });

  it('says until when booking is suspended after three no-shows, with nothing left', async () => {
    const me = someone();
    for (const date of ['2026-12-01', '2026-12-02', '2026-12-03']) {
      w.clock.set(Date.parse(`${date}T08:00:00+08:00`));
      await book(me, 'cyy-rehearsal', [at(date, '08:30')]);
      w.clock.set(Date.parse(`${date}T08:50:00+08:00`));
      await w.tick();
    }
    const quota = await w.on(1).ok<Quota>(me, 'quota');
    expect(quota).toEqual({ max: 3, used: 0, remaining: 0, suspendedUntil: '2027-01-02' });
    expect(await w.call(me, 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-04', '09:30')], purpose: '活动', attendees: 2, phone: '13805350001' })).toMatchObject({ ok: false, error: { code: 'VENUE.SUSPENDED', details: { until: '2027-01-02' } } });
  });

  it('answers only the caller’s own account and refuses naming someone else', async () => {
    const victim = someone();
    await book(victim, 'cyy-rehearsal', [at(THU, '09:30')]);
    expect(await w.call(someone(), 'quota', { openid: victim })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(await w.ok<Quota>(someone(), 'quota')).toMatchObject({ used: 0, remaining: 3 });
  });
});
