/**
 * PIPL rights through the user function: export everything stored about me; delete my account (personal data
 * removed, future bookings cancelled without penalty, past bookings kept only anonymously).
 */
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { database } from '../../cloudfunctions/_shared/db';
import { handlers as userHandlers } from '../../cloudfunctions/user/index';
import type { Booking, Envelope, MyData } from '../../types';
import { at, bookingWorld, type BookingWorld } from '../support/booking';

let w: BookingWorld;
let user: Main;
const me = (openid: string, action: string, data: unknown = {}): Promise<Envelope<unknown>> =>
  w.cloud.invoke(user, openid, { action, data, requestId: `privacy-${action}-${Math.random().toString(36).slice(2, 10)}` });

beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' });
  user = createFunction('user', userHandlers, { clock: w.clock, db: database });
});
afterEach(() => w.stop());

const everywhere = (openid: string): string[] =>
  w.cloud.db.store
    .collectionNames()
    .filter((c) => !['rate_limits', 'idempotency_keys'].includes(c))
    .flatMap((c) => [...w.cloud.db.store.entries(c)].map((e) => ({ c, json: JSON.stringify(e.doc) })))
    .filter(({ json }) => json.includes(openid) || json.includes('13805351234'))
    .map(({ c, json }) => `${c}: ${json.slice(0, 120)}`);

describe('PIPL: my data', () => {
  it('exports my profile with my own full phone, my bookings, waitlist places and messages — and nobody else’s', async () => {
    const b = (await w.ok<Booking>('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: '畅响艺术团排练', attendees: 10 }));
    await w.ok('demo-resident-2', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '10:30')], purpose: '别人的', attendees: 4 });
    await w.ok('demo-resident', 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at('2026-12-02', '10:30'), purpose: '候补', attendees: 4 });
    const res = await me('demo-resident', 'exportMyData');
    expect(res.ok).toBe(true);
    const data = (res as { data: MyData }).data;
    expect(data.profile).toMatchObject({ nickname: '王阿姨', phone: '13805351234', streetId: 'xiangyang' });
    expect(data.bookings).toEqual([expect.objectContaining({ _id: b.id, purpose: '畅响艺术团排练', start: '2026-12-02T09:30:00+08:00' })]);
    expect(data.waitlist).toHaveLength(1);
    expect(data.messages.map((m) => m.kind)).toEqual(['booking_confirmed']);
    expect(JSON.stringify(data)).not.toContain('demo-resident-2');
    expect(JSON.stringify(data)).not.toContain('13905356789');
  });

  it('deletes my account only with the explicit confirmation word', async () => {
    expect(await me('demo-resident', 'deleteAccount', {})).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { confirm: expect.any(String) } } });
    expect(await me('demo-resident', 'deleteAccount', { confirm: 'yes' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(w.doc('users', 'demo-resident')).not.toBeNull();
  });

  it('removes my personal data, cancels my future bookings without a strike, and keeps past usage anonymously', async () => {
    const past = await w.ok<Booking>('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-01', '08:30')], purpose: '已完成的排练', attendees: 8, phone: '13805351234' });
    const future = await w.ok<Booking>('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-03', '09:30')], purpose: '未来的排练', attendees: 8 });
    await w.ok('demo-resident-2', 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at('2026-12-03', '09:30'), purpose: '候补', attendees: 3 });
    w.clock.set(Date.parse('2026-12-01T08:40:00+08:00'));
    await w.ok('demo-venue-manager', 'checkInBooking', { venueId: 'cyy-rehearsal', code: past.checkInCode });

    const res = await me('demo-resident', 'deleteAccount', { confirm: '注销' });
    expect(res).toMatchObject({ ok: true, data: { deleted: true, cancelledBookings: 2, anonymisedBookings: 2 } });
    // Nothing anywhere still names me or holds my phone number.
    expect(everywhere('demo-resident"')).toEqual([]);
    expect(w.count('booking_strikes', {})).toBe(0);
    // Usage stays countable without identity.
    expect(w.count('bookings', { openid: { $regex: '^deleted:' } })).toBe(2);
    // My freed future slot went to the first person waiting for it.
    expect((await w.ok<{ bookings: Booking[] }>('demo-resident-2', 'mine')).bookings).toEqual([expect.objectContaining({ start: at('2026-12-03', '09:30') })]);
    expect(future.id).toBeTruthy();
    // Opening the app again starts afresh as a new resident.
    expect(await me('demo-resident', 'me')).toMatchObject({ ok: true, data: { profile: { nickname: '芝罘居民', phoneMasked: null } } });
  });
});
