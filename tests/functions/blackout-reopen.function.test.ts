/**
 * Reopening a closed date frees only the closure's hold on the day: a booking made after the date was reopened keeps
 * its slot when the date is "reopened" again (a second tap, a second manager, a replay with a new requestId).
 *
 * "Now" is Tuesday 2026-12-01 08:00 Beijing. 创益园排练室 (cyy-rehearsal) is managed by 陈主任 (demo-venue-manager).
 */
import type { Booking, Slot } from '../../types';
import { at, bookingWorld, type BookingWorld } from '../support/booking';

const A = 'demo-resident';
const B = 'demo-resident-2';
const MANAGER = 'demo-venue-manager';
const DATE = '2026-12-02';

let w: BookingWorld;
beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const setClosed = (instance: number, closed: boolean) => w.on(instance).ok(MANAGER, 'setBlackout', { venueId: 'cyy-rehearsal', date: DATE, closed });
const book = (openid: string, instance: number) =>
  w.on(instance).call(openid, 'book', { venueId: 'cyy-rehearsal', starts: [at(DATE, '09:30')], purpose: '书法交流', attendees: 6 });

describe('reopening a date that is already open', () => {
  it('never frees a booking’s slot: a second resident is still refused it and the first keeps it', async () => {
    await setClosed(0, true);
    await setClosed(1, false);
    const first = await book(A, 0);
    expect(first).toMatchObject({ ok: true, data: { state: 'confirmed' } });
    const id = first.ok ? (first.data as Booking).id : '';

    // A second manager's tap (or a replay with a new requestId) reopens the already open date.
    await setClosed(1, false);

    for (const instance of [0, 1]) {
      expect(await book(B, instance)).toMatchObject({ ok: false, error: { code: 'VENUE.SLOT_TAKEN' } });
    }
    expect(w.count('bookings', { state: 'confirmed' })).toBe(1);
    expect(w.doc<{ bookingId: string }>('slot_ledger', `cyy-rehearsal:${DATE}:0930`)).toMatchObject({ bookingId: id });
    const slots = (await w.ok<{ slots: Slot[] }>(A, 'slots', { venueId: 'cyy-rehearsal', date: DATE })).slots;
    expect(slots.find((s) => s.start === at(DATE, '09:30'))?.state).toBe('mine');
  });
});
