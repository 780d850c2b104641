/**
 * A booking's requestId is the caller's own: another person who sends the same requestId (by chance, or having seen
 * it) gets their own answer — never the first person's booking, its code, purpose or phone.
 *
 * "Now" is Tuesday 2026-12-01 08:00 Beijing. 创益园排练室 (cyy-rehearsal).
 */
import type { Booking } from '../../types';
import { at, bookingWorld, type BookingWorld } from '../support/booking';

const A = 'demo-resident';
const B = 'demo-resident-2';
const DAY = '2026-12-01';
const REQUEST = 'shared-request-id-0001';

let w: BookingWorld;
beforeEach(async () => {
  w = await bookingWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const book = (openid: string, instance: number, start: string, purpose: string) =>
  w.on(instance).call(openid, 'book', { venueId: 'cyy-rehearsal', starts: [at(DAY, start)], purpose, attendees: 6 }, REQUEST);

describe('venue.book requestIds belong to their sender', () => {
  it('refuses a second person the slot the first one booked with the same requestId, revealing nothing of it', async () => {
    const first = await book(A, 0, '09:30', '王阿姨的书法课');
    expect(first).toMatchObject({ ok: true, data: { state: 'confirmed' } });
    const mine = first.ok ? (first.data as Booking) : null;

    const second = await book(B, 1, '09:30', '王阿姨的书法课');
    expect(second).toMatchObject({ ok: false, error: { code: 'VENUE.SLOT_TAKEN' } });
    const text = JSON.stringify(second);
    expect(text).not.toContain(mine?.id ?? '?');
    expect(text).not.toContain('13805351234');
    expect(w.count('bookings', { openid: B })).toBe(0);
  });

  it('books another slot for a second person with the same requestId, as their own booking', async () => {
    const first = await book(A, 0, '09:30', '王阿姨的书法课');
    expect(first.ok).toBe(true);
    const second = await book(B, 1, '10:30', '赵大爷的象棋赛');
    expect(second).toMatchObject({ ok: true, data: { state: 'confirmed', start: at(DAY, '10:30'), purpose: '赵大爷的象棋赛' } });
    expect(second.ok && first.ok && (second.data as Booking).id).not.toBe(first.ok && (first.data as Booking).id);
    expect(w.count('bookings', {})).toBe(2);
    expect((await w.ok<{ bookings: Booking[] }>(B, 'mine')).bookings.map((b) => b.purpose)).toEqual(['赵大爷的象棋赛']);
  });
});
