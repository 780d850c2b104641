/**
 * Booking rules the audit found untested or open: booking in an organization's name, approving a lapsed pending
 * booking, rejecting a confirmed one, the 60-day strike window, late cancellation of a pending booking, a reused
 * requestId, and the check-in code rate limit. Real function, real SDK, local database, fake clock, two instances.
 *
 * "Now" is Tuesday 2026-12-01 08:00 Beijing. 创益园排练室 (cyy-rehearsal) books at once; 创益园多功能厅 (cyy-hall)
 * needs approval. Seeded organizations: 王阿姨 (demo-resident) leads 北大社区畅响艺术团 (org-changxiang), 李师傅
 * (demo-volunteer) is a member; 赵大爷 (demo-resident-2) belongs to none.
 */
import { httpStatusOf, type Booking, type Envelope, type ManagedBooking } from '../../types';
import { at, bookingWorld, MIN, rid, type BookingWorld } from '../support/booking';

const A = 'demo-resident';
const B = 'demo-resident-2';
const MEMBER = 'demo-volunteer';
const MANAGER = 'demo-venue-manager';
const DAY = '2026-12-01';

let w: BookingWorld;
beforeEach(async () => {
  w = await bookingWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const book = (openid: string, venueId: string, start: string, extra: Record<string, unknown> = {}, requestId?: string): Promise<Envelope<unknown>> =>
  w.call(openid, 'book', { venueId, starts: [start], purpose: '畅响艺术团排练', attendees: 12, phone: '13800000000', ...extra }, requestId);
const booked = async (res: Promise<Envelope<unknown>>): Promise<Booking> => {
  const r = await res;
  if (!r.ok) throw new Error(`booking failed: ${r.error.code}`);
  return r.data as Booking;
};
const stateOf = (id: string): string | undefined => w.doc<{ state: string }>('bookings', id)?.state;
const noShow = (openid: string, date: string) => async (): Promise<void> => {
  w.clock.set(Date.parse(`${date}T08:00:00+08:00`));
  const b = await booked(book(openid, 'cyy-rehearsal', at(date, '08:30')));
  w.clock.set(Date.parse(`${date}T08:50:00+08:00`));
  await w.tick();
  expect(stateOf(b.id)).toBe('released');
};

describe('booking in an organization’s name', () => {
  it('is for the organization’s leader and members only: anyone else gets a coded refusal and nothing is written', async () => {
    const before = { bookings: w.count('bookings', {}), ledger: w.count('slot_ledger', {}), notifications: w.count('notifications', {}) };
    for (const orgId of ['org-changxiang', 'org-youth-entrepreneurs']) {
      const res = await book(B, 'cyy-rehearsal', at(DAY, '10:30'), { orgId });
      expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'VENUE.NOT_ORG_MEMBER' }) });
      expect(httpStatusOf('VENUE.NOT_ORG_MEMBER')).toBe(403);
    }
    expect(await book(A, 'cyy-rehearsal', at(DAY, '10:30'), { orgId: 'org-youth-entrepreneurs' })).toMatchObject({ ok: false, error: { code: 'VENUE.NOT_ORG_MEMBER' } });
    expect({ bookings: w.count('bookings', {}), ledger: w.count('slot_ledger', {}), notifications: w.count('notifications', {}) }).toEqual(before);
    expect(w.doc('booking_accounts', B)).toBeNull();

    // The leader and a member may; the booking carries the organization and waits for approval.
    expect(await book(A, 'cyy-rehearsal', at(DAY, '10:30'), { orgId: 'org-changxiang' })).toMatchObject({ ok: true, data: { state: 'pending', orgId: 'org-changxiang', orgName: '北大社区畅响艺术团' } });
    expect(await book(MEMBER, 'cyy-rehearsal', at(DAY, '11:30'), { orgId: 'org-changxiang' })).toMatchObject({ ok: true, data: { state: 'pending', orgId: 'org-changxiang' } });
  });

  it('offers each person only the organizations they may book for', async () => {
    const orgs = async (openid: string) => (await w.ok<{ organizations: Array<{ id: string }> }>(openid, 'get', { venueId: 'cyy-rehearsal' })).organizations.map((o) => o.id);
    expect(await orgs(A)).toEqual(['org-changxiang']);
    expect(await orgs(MEMBER)).toEqual(['org-changxiang']);
    expect(await orgs('demo-secretary')).toEqual(['org-shanheliang']);
    expect(await orgs(B)).toEqual([]);
  });
});

describe('approving and rejecting', () => {
  // Booked Tuesday 08:00 for Saturday 14:30: pending until Thursday 08:00 (48 hours).
  const pendingHall = () => booked(book(A, 'cyy-hall', at('2026-12-05', '14:30')));

  it('approves a pending booking up to its 48 hours, and refuses once they have passed; the timer then expires it without a strike', async () => {
    const early = await pendingHall();
    const late = await booked(book(A, 'cyy-hall', at('2026-12-05', '16:30')));
    expect(late.expiresAt).toBe('2026-12-03T08:00:00+08:00');
    w.clock.set(Date.parse('2026-12-03T07:59:00+08:00'));
    expect(await w.ok<ManagedBooking>(MANAGER, 'approve', { bookingId: early.id })).toMatchObject({ state: 'confirmed' });

    w.clock.set(Date.parse('2026-12-03T08:00:00+08:00'));
    const audits = w.count('audit_log', { action: 'venue.approve' });
    const res = await w.call(MANAGER, 'approve', { bookingId: late.id });
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'VENUE.APPROVAL_EXPIRED', details: { expiresAt: '2026-12-03T08:00:00+08:00' } }) });
    expect(httpStatusOf('VENUE.APPROVAL_EXPIRED')).toBe(409);
    expect(stateOf(late.id)).toBe('pending');
    expect(w.count('audit_log', { action: 'venue.approve' })).toBe(audits);
    expect(w.notifications(A).filter((n) => n.bookingId === late.id).map((n) => n.kind)).toEqual(['booking_pending']);

    await w.tick();
    expect(stateOf(late.id)).toBe('expired');
    // Past the start and the check-in window: the lapsed booking costs its owner nothing (the approved one, not
    // checked in, does).
    w.clock.set(Date.parse('2026-12-05T17:00:00+08:00'));
    await w.tick();
    expect(w.count('booking_strikes', { bookingId: late.id })).toBe(0);
    expect(w.count('booking_strikes', { bookingId: early.id })).toBe(1);
    expect(w.notifications(A).filter((n) => n.bookingId === late.id).map((n) => n.kind)).toEqual(['booking_pending', 'booking_expired']);
  });

  it('refuses to approve a pending booking whose start has passed, even before any timer run', async () => {
    // Booked at 08:00 for 10:30 the same day: it lapses at its start.
    const b = await booked(book(A, 'cyy-hall', at(DAY, '10:30')));
    w.clock.set(Date.parse(`${DAY}T10:30:00+08:00`));
    expect(await w.call(MANAGER, 'approve', { bookingId: b.id })).toMatchObject({ ok: false, error: { code: 'VENUE.APPROVAL_EXPIRED' } });
    w.clock.set(Date.parse(`${DAY}T10:50:00+08:00`));
    expect(await w.tick()).toMatchObject({ expired: 1, released: 0 });
    expect(w.count('booking_strikes', { openid: A })).toBe(0);
  });

  it('refuses to reject a confirmed booking, and changes nothing', async () => {
    const approved = await pendingHall();
    await w.ok(MANAGER, 'approve', { bookingId: approved.id });
    const plain = await booked(book(A, 'cyy-rehearsal', at(DAY, '10:30')));
    for (const b of [approved, plain]) {
      const before = { booking: w.doc('bookings', b.id), ledger: w.count('slot_ledger', {}), notifications: w.notifications(A).length, audits: w.count('audit_log', {}) };
      expect(await w.call(MANAGER, 'reject', { bookingId: b.id, reason: '当天已有安排' })).toMatchObject({ ok: false, error: { code: 'VENUE.BOOKING_STATE', details: { state: 'confirmed' } } });
      expect({ booking: w.doc('bookings', b.id), ledger: w.count('slot_ledger', {}), notifications: w.notifications(A).length, audits: w.count('audit_log', {}) }).toEqual(before);
      expect(stateOf(b.id)).toBe('confirmed');
    }
  });
});

describe('strikes and cancellations', () => {
  it('does not count strikes older than 60 days towards a suspension', async () => {
    await noShow(A, '2026-12-01')();
    // 61 and 62 days later: two more strikes, but the first has left the 60-day window.
    await noShow(A, '2027-01-31')();
    await noShow(A, '2027-02-01')();
    expect(w.count('booking_strikes', { openid: A })).toBe(3);
    w.clock.set(Date.parse('2027-02-01T09:00:00+08:00'));
    expect(await book(A, 'cyy-rehearsal', at('2027-02-01', '10:30'))).toMatchObject({ ok: true, data: { state: 'confirmed' } });
    expect(w.doc<{ suspendedUntil: unknown }>('booking_accounts', A)?.suspendedUntil).toBeNull();
  });

  it('counts no strike for cancelling a pending booking within two hours of its start', async () => {
    const b = await booked(book(A, 'cyy-hall', at(DAY, '10:30')));
    expect(b.state).toBe('pending');
    w.clock.set(Date.parse(`${DAY}T09:00:00+08:00`));
    expect(await w.ok(A, 'cancel', { bookingId: b.id })).toMatchObject({ state: 'cancelled', penalised: false });
    expect(w.count('booking_strikes', { openid: A })).toBe(0);
  });
});

describe('requests and limits', () => {
  it('refuses the same requestId with other attendees, keeping the first booking as it was', async () => {
    const requestId = rid();
    const first = await booked(book(A, 'cyy-rehearsal', at(DAY, '10:30'), {}, requestId));
    expect(await book(A, 'cyy-rehearsal', at(DAY, '10:30'), { attendees: 13 }, requestId)).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY.KEY_REUSED' } });
    expect(w.count('bookings', { openid: A })).toBe(1);
    expect(w.doc<{ attendees: number }>('bookings', first.id)?.attendees).toBe(12);
    // The same request again is still answered with the first booking.
    expect(await book(A, 'cyy-rehearsal', at(DAY, '10:30'), {}, requestId)).toMatchObject({ ok: true, data: { id: first.id, attendees: 12 } });
  });

  it('rate-limits the 11th wrong check-in code within a minute with a 429', async () => {
    await booked(book(A, 'cyy-rehearsal', at(DAY, '09:30')));
    w.clock.set(Date.parse(`${DAY}T09:20:00+08:00`));
    const { code } = await w.ok<{ code: string }>(MANAGER, 'venueCode', { venueId: 'cyy-rehearsal' });
    const wrong = code === '000000' ? '111111' : '000000';
    const attempt = () => w.call(A, 'checkIn', { venueId: 'cyy-rehearsal', code: wrong });
    for (let i = 0; i < 10; i++) expect(await attempt()).toMatchObject({ ok: false, error: { code: 'VENUE.CHECKIN_CODE_INVALID' } });
    expect(await attempt()).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    expect(httpStatusOf('RATE.LIMITED')).toBe(429);
    expect(await w.call(A, 'checkIn', { venueId: 'cyy-rehearsal', code })).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    // A minute later the right code works.
    w.clock.advance(MIN);
    expect(await w.call(A, 'checkIn', { venueId: 'cyy-rehearsal', code })).toMatchObject({ ok: true, data: { state: 'checked_in' } });
  });
});
