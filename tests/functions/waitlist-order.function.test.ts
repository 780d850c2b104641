/**
 * The waitlist is first come, first served: a freed slot goes to the first who joined, the later one keeps waiting.
 *
 * "Now" is Tuesday 2026-12-01 08:00 Beijing. 创益园排练室 (cyy-rehearsal).
 */
import type { Booking, Slot } from '../../types';
import { at, bookingWorld, MIN, type BookingWorld } from '../support/booking';

const HOLDER = 'demo-resident';
const FIRST = 'demo-resident-2';
const SECOND = 'demo-volunteer';
const DAY = '2026-12-01';
const START = at(DAY, '10:30');

let w: BookingWorld;
beforeEach(async () => {
  w = await bookingWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

describe('waitlist order', () => {
  it('gives the freed slot to the one who joined first; the one who joined later is still waiting', async () => {
    const held = await w.ok<Booking>(HOLDER, 'book', { venueId: 'cyy-rehearsal', starts: [START], purpose: '合唱排练', attendees: 10 });
    expect(await w.on(0).ok(FIRST, 'joinWaitlist', { venueId: 'cyy-rehearsal', start: START, purpose: '书法交流', attendees: 6 })).toMatchObject({ position: 1 });
    w.clock.advance(MIN);
    expect(await w.on(1).ok(SECOND, 'joinWaitlist', { venueId: 'cyy-rehearsal', start: START, purpose: '志愿者培训', attendees: 6 })).toMatchObject({ position: 2 });

    await w.ok(HOLDER, 'cancel', { bookingId: held.id });

    expect((await w.ok<{ bookings: Booking[] }>(FIRST, 'mine')).bookings).toEqual([expect.objectContaining({ start: START, state: 'confirmed', purpose: '书法交流' })]);
    expect(w.notifications(FIRST).map((n) => n.kind)).toContain('waitlist_booked');
    expect((await w.ok<{ bookings: Booking[] }>(SECOND, 'mine')).bookings).toEqual([]);
    expect(w.notifications(SECOND).map((n) => n.kind)).not.toContain('waitlist_booked');
    const slot = (await w.ok<{ slots: Slot[] }>(SECOND, 'slots', { venueId: 'cyy-rehearsal', date: DAY })).slots.find((s) => s.start === START);
    expect(slot).toMatchObject({ state: 'taken', waitlist: 1, waitlisted: true });
  });
});
