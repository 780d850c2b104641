/**
 * Venue booking through the real function, real SDK and local database, on a fake clock.
 * Runs under TZ=UTC and TZ=America/Los_Angeles (npm test): slots must still start at the venue's Beijing hours.
 *
 * "Now" is Tuesday 2026-12-01 08:00 Beijing. 创益园排练室 (cyy-rehearsal): 08:30–21:00, 60-minute slots, 30 people.
 */
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction } from '../../cloudfunctions/_shared/runtime';
import { handlers as venueHandlers, timers as venueTimers } from '../../cloudfunctions/venue/index';
import type { Booking, Envelope, ManagedBooking, Slot } from '../../types';
import { addDays } from '../../types/beijing-time';
import { at, bookingWorld, HOUR, MIN, rid, type BookingWorld } from '../support/booking';

const A = 'demo-resident';
const B = 'demo-resident-2';
const C = 'demo-volunteer';
/** New people have no phone on their profile, so their bookings give one on the form (venue.book requires one). */
const PHONE = '13800000000';
const MANAGER = 'demo-venue-manager';
const DAY = '2026-12-01';
const TOMORROW = '2026-12-02';
const book = (w: BookingWorld, openid: string, starts: string[], extra: Record<string, unknown> = {}, requestId?: string) =>
  w.call(openid, 'book', { venueId: 'cyy-rehearsal', starts, purpose: '畅响艺术团排练', attendees: 12, ...extra }, requestId);

const booked = async (res: Promise<Envelope<unknown>>): Promise<Booking> => {
  const r = await res;
  if (!r.ok) throw new Error(`booking failed: ${r.error.code}`);
  return r.data as Booking;
};

let w: BookingWorld;
beforeEach(async () => {
  // Two function instances, calls alternating between them: no rule may rest on one instance's memory.
  w = await bookingWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const slotsOf = async (openid: string, date = DAY, venueId = 'cyy-rehearsal') =>
  (await w.ok<{ slots: Slot[] }>(openid, 'slots', { venueId, date })).slots;

describe('slot grid', () => {
  it('lays out the day in Beijing time from opening to the last whole slot', async () => {
    const slots = await slotsOf(A);
    expect(slots).toHaveLength(12);
    expect(slots[0]).toMatchObject({ start: '2026-12-01T08:30:00+08:00', end: '2026-12-01T09:30:00+08:00', state: 'free' });
    expect(slots.at(-1)).toMatchObject({ start: '2026-12-01T19:30:00+08:00', end: '2026-12-01T20:30:00+08:00' });
  });

  it('marks past slots, my slots, others’ slots, and days beyond the window', async () => {
    expect((await book(w, A, [at(DAY, '10:30')])).ok).toBe(true);
    w.clock.set(Date.parse('2026-12-01T09:40:00+08:00'));
    const mine = await slotsOf(A);
    expect(mine.slice(0, 3).map((s) => s.state)).toEqual(['past', 'past', 'mine']);
    expect((await slotsOf(B))[2]?.state).toBe('taken');
    expect((await slotsOf(A, '2026-12-14')).every((s) => s.state === 'free')).toBe(true);
    expect((await slotsOf(A, '2026-12-15')).every((s) => s.state === 'closed')).toBe(true);
  });

  it('rejects an impossible date', async () => {
    expect(await w.call(A, 'slots', { venueId: 'cyy-rehearsal', date: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(await w.call(A, 'slots', { venueId: 'nope', date: DAY })).toMatchObject({ ok: false, error: { code: 'VENUE.NOT_FOUND' } });
  });
});

describe('booking rules', () => {
  it('confirms an ordinary booking at once and tells the resident', async () => {
    const res = await book(w, A, [at(DAY, '09:30'), at(DAY, '10:30')], { phone: '138 0535 0000' });
    expect(res).toMatchObject({
      ok: true,
      data: { state: 'confirmed', start: '2026-12-01T09:30:00+08:00', end: '2026-12-01T11:30:00+08:00', slotCount: 2, phoneMasked: '138****0000', checkInCode: expect.stringMatching(/^\d{6}$/) },
    });
    expect(w.notifications(A).map((n) => n.kind)).toEqual(['booking_confirmed']);
  });

  it('refuses a slot that is already held, with a 409 over HTTP', async () => {
    expect((await book(w, A, [at(DAY, '09:30')])).ok).toBe(true);
    expect(await book(w, B, [at(DAY, '09:30')])).toMatchObject({ ok: false, error: { code: 'VENUE.SLOT_TAKEN' } });
    const http = await w.cloud.post('venue', B, { action: 'book', requestId: rid(), data: { venueId: 'cyy-rehearsal', starts: [at(DAY, '08:30'), at(DAY, '09:30')], purpose: '合唱', attendees: 5 } });
    expect(http.status).toBe(409);
    // Nothing of the refused request was kept: 08:30 is still free.
    expect((await slotsOf(B))[0]?.state).toBe('free');
  });

  it.each([
    ['a time before opening', () => [at(DAY, '07:30')], 'VENUE.OUTSIDE_HOURS'],
    ['a past slot', () => [at('2026-11-30', '10:30')], 'VENUE.OUTSIDE_WINDOW'],
    ['a slot 14 days ahead', () => [at('2026-12-15', '10:30')], 'VENUE.OUTSIDE_WINDOW'],
    ['a time that is not on the slot grid', () => [at(DAY, '09:00')], 'VENUE.OUTSIDE_HOURS'],
    ['a slot after closing', () => [at(DAY, '20:30')], 'VENUE.OUTSIDE_HOURS'],
    ['slots with a gap', () => [at(DAY, '09:30'), at(DAY, '11:30')], 'VENUE.NOT_ADJACENT'],
    ['the same slot twice', () => [at(DAY, '09:30'), at(DAY, '09:30')], 'VENUE.NOT_ADJACENT'],
    ['four slots in a row', () => ['09:30', '10:30', '11:30', '12:30'].map((t) => at(DAY, t)), 'VENUE.TOO_MANY_SLOTS'],
  ])('refuses %s', async (_what, starts, code) => {
    expect(await book(w, A, starts())).toMatchObject({ ok: false, error: { code } });
    expect(w.count('bookings', {})).toBe(0);
    expect(w.count('slot_ledger', {})).toBe(0);
  });

  it('refuses a slot that has already started', async () => {
    w.clock.set(Date.parse('2026-12-01T08:31:00+08:00'));
    expect(await book(w, A, [at(DAY, '08:30')])).toMatchObject({ ok: false, error: { code: 'VENUE.OUTSIDE_WINDOW' } });
  });

  it('accepts the last bookable day and the last slot of the day', async () => {
    expect((await book(w, A, [at('2026-12-14', '19:30')])).ok).toBe(true);
  });

  it('refuses more people than the room holds', async () => {
    expect(await book(w, A, [at(DAY, '09:30')], { attendees: 31 })).toMatchObject({ ok: false, error: { code: 'VENUE.OVER_CAPACITY', details: { capacity: '30' } } });
  });

  it('refuses a closed (blackout) date and shows its slots as closed', async () => {
    expect(await w.ok(MANAGER, 'setBlackout', { venueId: 'cyy-rehearsal', date: TOMORROW, closed: true })).toMatchObject({ blackoutDates: [TOMORROW] });
    expect(await book(w, A, [at(TOMORROW, '09:30')])).toMatchObject({ ok: false, error: { code: 'VENUE.BLACKOUT' } });
    expect((await slotsOf(A, TOMORROW)).every((s) => s.state === 'closed')).toBe(true);
    expect(w.count('audit_log', { action: 'venue.setBlackout' })).toBe(1);
  });

  it('will not close a date that still has bookings', async () => {
    expect((await book(w, A, [at(TOMORROW, '09:30')])).ok).toBe(true);
    expect(await w.call(MANAGER, 'setBlackout', { venueId: 'cyy-rehearsal', date: TOMORROW, closed: true })).toMatchObject({
      ok: false,
      error: { code: 'VENUE.BLACKOUT_HAS_BOOKINGS', details: { count: '1' } },
    });
  });

  it('allows three active future bookings per person and refuses the fourth', async () => {
    for (const t of ['08:30', '11:30', '14:30']) expect((await book(w, A, [at(DAY, t)])).ok).toBe(true);
    expect(await book(w, A, [at(DAY, '17:30')])).toMatchObject({ ok: false, error: { code: 'VENUE.QUOTA_EXCEEDED' } });
    // Cancelling one gives the place back.
    const [first] = (await w.ok<{ bookings: Booking[] }>(A, 'mine')).bookings;
    await w.ok(A, 'cancel', { bookingId: first?.id });
    expect((await book(w, A, [at(DAY, '17:30')])).ok).toBe(true);
  });

  it('needs a requestId, and replays of it return the same booking without a second one', async () => {
    expect(await w.cloud.invoke(w.venue, B, { action: 'book', data: { venueId: 'cyy-rehearsal', starts: [at(DAY, '09:30')], purpose: '排练', attendees: 3 } })).toMatchObject({
      ok: false,
      error: { code: 'INPUT.INVALID', fields: { requestId: 'required' } },
    });
    const requestId = rid();
    const replies = await Promise.all(Array.from({ length: 10 }, () => book(w, A, [at(DAY, '09:30')], {}, requestId)));
    const ids = new Set(replies.map((r) => (r.ok ? (r.data as Booking).id : `${r.error.code} ${r.error.message}`)));
    if (ids.size !== 1) console.log([...ids]);
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^bk_/);
    expect(w.count('bookings', {})).toBe(1);
    expect(w.doc<{ active: number }>('booking_accounts', A)?.active).toBe(1);
    w.clock.advance(MIN); // a new rate-limit window: ten attempts a minute are allowed
    expect(await book(w, A, [at(DAY, '10:30')], {}, requestId)).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY.KEY_REUSED' } });
  });
});

describe('closing a date', () => {
  const close = (date: string, closed = true) => w.call(MANAGER, 'setBlackout', { venueId: 'cyy-rehearsal', date, closed });

  it('is enforced by the database: another function instance with an older copy of the venue cannot book the date either', async () => {
    // A second instance (CloudBase runs many) that read the venue before the date was closed.
    const other = createFunction('venue', venueHandlers, { clock: w.clock, db: database }, venueTimers);
    const callOther = (openid: string, action: string, data: unknown) => w.cloud.invoke(other, openid, { action, data, requestId: rid() });
    expect(await callOther(B, 'slots', { venueId: 'cyy-rehearsal', date: TOMORROW })).toMatchObject({ ok: true });
    expect((await close(TOMORROW)).ok).toBe(true);

    expect(await callOther(B, 'book', { venueId: 'cyy-rehearsal', starts: [at(TOMORROW, '09:30')], purpose: '排练', attendees: 5 })).toMatchObject({ ok: false, error: { code: 'VENUE.BLACKOUT' } });
    const grid = (await callOther(B, 'slots', { venueId: 'cyy-rehearsal', date: TOMORROW })) as Envelope<{ slots: Slot[] }>;
    expect(grid.ok && grid.data.slots.every((s) => s.state === 'closed')).toBe(true);
    expect(grid).toMatchObject({ ok: true, data: { closedDay: true } });
    expect(await callOther(B, 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at(TOMORROW, '09:30'), purpose: '排练', attendees: 5 })).toMatchObject({ ok: false, error: { code: 'VENUE.BLACKOUT' } });
    expect(w.count('bookings', {})).toBe(0);

    // Reopened, the date is bookable again everywhere, and nothing of the closure is left in the ledger.
    expect(await close(TOMORROW, false)).toMatchObject({ ok: true, data: { blackoutDates: [] } });
    expect(w.count('slot_ledger', { date: TOMORROW })).toBe(0);
    expect(await callOther(B, 'book', { venueId: 'cyy-rehearsal', starts: [at(TOMORROW, '09:30')], purpose: '排练', attendees: 5 })).toMatchObject({ ok: true, data: { state: 'confirmed' } });
    expect(w.count('audit_log', { action: 'venue.setBlackout' })).toBe(2);
  });

  it('is open again at once in an instance whose copy of the venue still says closed', async () => {
    expect((await close(TOMORROW)).ok).toBe(true);
    // This instance reads the venue while the date is closed…
    const other = createFunction('venue', venueHandlers, { clock: w.clock, db: database }, venueTimers);
    const callOther = (action: string, data: unknown) => w.cloud.invoke(other, B, { action, data, requestId: rid() });
    const closedGrid = (await callOther('slots', { venueId: 'cyy-rehearsal', date: TOMORROW })) as Envelope<{ slots: Slot[] }>;
    expect(closedGrid.ok && closedGrid.data.slots.every((s) => s.state === 'closed')).toBe(true);
    // …then the manager reopens it elsewhere; within the copy's 30 s the date is bookable here too.
    expect((await close(TOMORROW, false)).ok).toBe(true);
    const openGrid = (await callOther('slots', { venueId: 'cyy-rehearsal', date: TOMORROW })) as Envelope<{ slots: Slot[] }>;
    expect(openGrid.ok && openGrid.data.slots.some((s) => s.state === 'free')).toBe(true);
    expect(openGrid).toMatchObject({ ok: true, data: { closedDay: false } });
    expect(await callOther('book', { venueId: 'cyy-rehearsal', starts: [at(TOMORROW, '10:30')], purpose: '排练', attendees: 5 })).toMatchObject({ ok: true, data: { state: 'confirmed' } });
  });

  it('shows a date closed in another instance on the venue page at once, and its reopening too', async () => {
    // This instance has the venue in its copy while the date is still open…
    const other = createFunction('venue', venueHandlers, { clock: w.clock, db: database }, venueTimers);
    const detail = async () => ((await w.cloud.invoke(other, B, { action: 'get', data: { venueId: 'cyy-rehearsal' } })) as Envelope<{ venue: { blackoutDates: string[] } }>);
    expect(await detail()).toMatchObject({ ok: true, data: { venue: { blackoutDates: [] } } });
    // …then the manager closes it elsewhere: the venue page says so here at once, not when the copy expires.
    expect((await close(TOMORROW)).ok).toBe(true);
    expect(await detail()).toMatchObject({ ok: true, data: { venue: { blackoutDates: [TOMORROW] } } });
    expect((await close(TOMORROW, false)).ok).toBe(true);
    expect(await detail()).toMatchObject({ ok: true, data: { venue: { blackoutDates: [] } } });
  });

  it('never lets a closure and a booking of the same date both succeed when they race', async () => {
    for (let d = 1; d <= 12; d++) {
      const date = addDays(DAY, d);
      const [closing, booking] = await Promise.all([close(date), book(w, `racer-${d}`, [at(date, '09:30')], { phone: PHONE })]);
      expect(closing.ok && booking.ok).toBe(false);
      const venue = w.doc<{ blackoutDates: string[] }>('venues', 'cyy-rehearsal');
      const holding = w.count('bookings', { date, state: 'confirmed' });
      if (venue?.blackoutDates.includes(date)) {
        expect(holding).toBe(0);
        expect(booking).toMatchObject({ ok: false, error: { code: 'VENUE.BLACKOUT' } });
      } else {
        expect(holding).toBe(1);
        expect(closing).toMatchObject({ ok: false, error: { code: 'VENUE.BLACKOUT_HAS_BOOKINGS' } });
      }
    }
  }, 60_000);

  it('keeps both dates when two managers close different dates at the same moment', async () => {
    const [first, second] = await Promise.all([close(addDays(DAY, 3)), close(addDays(DAY, 4))]);
    expect(first.ok && second.ok).toBe(true);
    expect(w.doc<{ blackoutDates: string[] }>('venues', 'cyy-rehearsal')?.blackoutDates.sort()).toEqual([addDays(DAY, 3), addDays(DAY, 4)]);
    expect(await close(addDays(DAY, 3))).toMatchObject({ ok: true, data: { blackoutDates: [addDays(DAY, 3), addDays(DAY, 4)] } });
  });
});

describe('approval', () => {
  const hall = (w2: BookingWorld, openid: string, extra: Record<string, unknown> = {}) =>
    w2.call(openid, 'book', { venueId: 'cyy-hall', starts: [at('2026-12-05', '14:30')], purpose: '社会组织党建培训', attendees: 80, ...extra });

  it('holds a booking of a venue that needs approval as pending, until the manager approves it', async () => {
    const res = await hall(w, A);
    expect(res).toMatchObject({ ok: true, data: { state: 'pending', expiresAt: '2026-12-03T08:00:00+08:00', checkInCode: null } });
    const id = res.ok ? (res.data as Booking).id : "";
    expect(await hall(w, B)).toMatchObject({ ok: false, error: { code: 'VENUE.SLOT_TAKEN' } });
    const pending = await w.ok<{ bookings: ManagedBooking[] }>(MANAGER, 'pending');
    expect(pending.bookings).toEqual([expect.objectContaining({ id, bookerName: '王阿姨', phone: '13805351234' })]);
    expect(await w.ok(MANAGER, 'approve', { bookingId: id })).toMatchObject({ id, state: 'confirmed', expiresAt: null });
    expect(w.notifications(A).map((n) => n.kind)).toEqual(['booking_pending', 'booking_approved']);
    expect(w.count('audit_log', { action: 'venue.approve', target: `booking:${id}` })).toBe(1);
  });

  it('frees the slot when the manager rejects, with the reason told to the resident', async () => {
    const id = (await booked(w.on(0).call(A, 'book', { venueId: 'cyy-hall', starts: [at('2026-12-05', '14:30')], purpose: '社会组织党建培训', attendees: 80 }))).id;
    expect(await w.on(1).ok(MANAGER, 'reject', { bookingId: id, reason: '当天已安排区级会议' })).toMatchObject({ state: 'rejected', rejectReason: '当天已安排区级会议' });
    expect(w.notifications(A).at(-1)).toMatchObject({ kind: 'booking_rejected', body: expect.stringContaining('当天已安排区级会议') });
    // Booked through the instance that saw A's booking, not the one that freed it.
    expect((await w.on(0).call(B, 'book', { venueId: 'cyy-hall', starts: [at('2026-12-05', '14:30')], purpose: '社会组织党建培训', attendees: 80 })).ok).toBe(true);
    expect(await w.call(MANAGER, 'approve', { bookingId: id })).toMatchObject({ ok: false, error: { code: 'VENUE.BOOKING_STATE' } });
  });

  it('makes an organization’s booking pending even at an ordinary venue', async () => {
    expect(await book(w, A, [at(DAY, '09:30')], { orgId: 'org-changxiang' })).toMatchObject({ ok: true, data: { state: 'pending', orgName: '北大社区畅响艺术团' } });
    expect(await book(w, A, [at(DAY, '10:30')], { orgId: 'org-nope' })).toMatchObject({ ok: false, error: { code: 'VENUE.ORG_NOT_FOUND' } });
  });

  it('lets only the venue’s own managers approve', async () => {
    const id = (await booked(hall(w, A))).id;
    for (const who of [A, B, 'demo-station-manager', 'demo-street-admin']) {
      expect(await w.call(who, 'approve', { bookingId: id })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(await w.call('demo-district-admin', 'approve', { bookingId: id })).toMatchObject({ ok: true });
  });

  it('lets a pending booking lapse after 48 hours and frees its slot', async () => {
    const id = (await booked(hall(w, A))).id;
    w.clock.advance(48 * HOUR - MIN);
    await w.tick();
    expect(w.doc<{ state: string }>('bookings', id)?.state).toBe('pending');
    w.clock.advance(MIN);
    expect(await w.tick()).toMatchObject({ expired: 1 });
    expect(w.doc<{ state: string }>('bookings', id)?.state).toBe('expired');
    expect(w.doc('slot_ledger', 'cyy-hall:2026-12-05:1430')).toBeNull();
    expect(w.notifications(A).at(-1)?.kind).toBe('booking_expired');
    expect(w.doc<{ active: number }>('booking_accounts', A)?.active).toBe(0);
  });
});

describe('cancellation and fairness', () => {
  it('cancels free of penalty until two hours before the start', async () => {
    const b = await booked(book(w, A, [at(DAY, '10:30')]));
    w.clock.set(Date.parse('2026-12-01T08:30:00+08:00'));
    expect(await w.ok(A, 'cancel', { bookingId: b.id })).toMatchObject({ state: 'cancelled', penalised: false });
    expect(w.count('booking_strikes', { openid: A })).toBe(0);
    expect((await slotsOf(B))[2]?.state).toBe('free');
  });

  it('counts a strike for a later cancellation', async () => {
    const b = await booked(book(w, A, [at(DAY, '10:30')]));
    w.clock.set(Date.parse('2026-12-01T08:31:00+08:00'));
    expect(await w.ok(A, 'cancel', { bookingId: b.id })).toMatchObject({ state: 'cancelled', penalised: true });
    expect(w.count('booking_strikes', { openid: A })).toBe(1);
  });

  it('does not let anyone else cancel a booking, nor cancel twice', async () => {
    const b = await booked(book(w, A, [at(DAY, '10:30')]));
    expect(await w.call(B, 'cancel', { bookingId: b.id })).toMatchObject({ ok: false, error: { code: 'VENUE.BOOKING_NOT_FOUND' } });
    expect(await w.call(MANAGER, 'cancel', { bookingId: b.id })).toMatchObject({ ok: false, error: { code: 'VENUE.BOOKING_NOT_FOUND' } });
    await w.ok(A, 'cancel', { bookingId: b.id });
    expect(await w.call(A, 'cancel', { bookingId: b.id })).toMatchObject({ ok: false, error: { code: 'VENUE.BOOKING_STATE' } });
  });

  it('releases a booking nobody checked in for 15 minutes after its start, with a strike', async () => {
    const b = await booked(book(w, A, [at(DAY, '08:30'), at(DAY, '09:30')]));
    w.clock.set(Date.parse('2026-12-01T08:44:00+08:00'));
    expect(await w.tick()).toMatchObject({ released: 0 });
    w.clock.set(Date.parse('2026-12-01T08:45:00+08:00'));
    expect(await w.tick()).toMatchObject({ released: 1 });
    expect(w.doc<{ state: string }>('bookings', b.id)?.state).toBe('released');
    expect(w.notifications(A).at(-1)?.kind).toBe('booking_released');
    expect(w.count('booking_strikes', { openid: A, reason: 'no_show' })).toBe(1);
    // The later slot is bookable again.
    expect((await book(w, B, [at(DAY, '09:30')])).ok).toBe(true);
    // A second run changes nothing.
    expect(await w.tick()).toMatchObject({ released: 0 });
    expect(w.count('booking_strikes', { openid: A })).toBe(1);
  });

  it('suspends booking for 30 days after three strikes in 60 days, saying until when', async () => {
    for (let i = 0; i < 3; i++) {
      w.clock.set(Date.parse(`2026-12-0${1 + i}T08:00:00+08:00`));
      const b = await booked(book(w, A, [at(`2026-12-0${1 + i}`, '08:30')]));
      w.clock.set(Date.parse(`2026-12-0${1 + i}T08:50:00+08:00`));
      await w.tick();
      expect(w.doc<{ state: string }>('bookings', b.id)?.state).toBe('released');
    }
    const res = await book(w, A, [at('2026-12-04', '10:30')]);
    expect(res).toMatchObject({ ok: false, error: { code: 'VENUE.SUSPENDED', details: { until: '2027-01-02' } } });
    w.clock.set(Date.parse('2027-01-02T09:00:00+08:00'));
    expect((await book(w, A, [at('2027-01-02', '10:30')])).ok).toBe(true);
  });
});

describe('check-in', () => {
  it('lets the resident check in with the venue’s code from 15 minutes before to 15 minutes after the start', async () => {
    const b = await booked(book(w, A, [at(DAY, '09:30')]));
    const { code } = await w.ok<{ code: string }>(MANAGER, 'venueCode', { venueId: 'cyy-rehearsal' });
    w.clock.set(Date.parse('2026-12-01T09:14:00+08:00'));
    expect(await w.call(A, 'checkIn', { venueId: 'cyy-rehearsal', code })).toMatchObject({ ok: false, error: { code: 'VENUE.CHECKIN_CLOSED' } });
    w.clock.set(Date.parse('2026-12-01T09:15:00+08:00'));
    const wrong = code === '000000' ? '000001' : '000000';
    expect(await w.call(A, 'checkIn', { venueId: 'cyy-rehearsal', code: wrong })).toMatchObject({ ok: false, error: { code: 'VENUE.CHECKIN_CODE_INVALID' } });
    expect(await w.ok(A, 'checkIn', { venueId: 'cyy-rehearsal', code })).toMatchObject({ id: b.id, state: 'checked_in' });
    // Checked-in bookings are not released, and complete after their end.
    w.clock.set(Date.parse('2026-12-01T10:30:00+08:00'));
    expect(await w.tick()).toMatchObject({ released: 0, completed: 1 });
    expect(w.doc<{ active: number }>('booking_accounts', A)?.active).toBe(0);
  });

  it('lets the venue manager check a booking in by the code the resident shows', async () => {
    const b = await booked(book(w, A, [at(DAY, '09:30')]));
    w.clock.set(Date.parse('2026-12-01T09:40:00+08:00'));
    expect(await w.call('demo-station-manager', 'checkInBooking', { venueId: 'cyy-rehearsal', code: b.checkInCode })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await w.ok(MANAGER, 'checkInBooking', { venueId: 'cyy-rehearsal', code: b.checkInCode })).toMatchObject({ id: b.id, state: 'checked_in', bookerName: '王阿姨' });
    w.clock.set(Date.parse('2026-12-01T09:50:00+08:00'));
    // Used again, the code is recognised: the booking is already checked in.
    expect(await w.call(MANAGER, 'checkInBooking', { venueId: 'cyy-rehearsal', code: b.checkInCode })).toMatchObject({ ok: false, error: { code: 'VENUE.BOOKING_STATE', details: { state: 'checked_in' } } });
    const wrong = b.checkInCode === '000000' ? '000001' : '000000';
    expect(await w.call(MANAGER, 'checkInBooking', { venueId: 'cyy-rehearsal', code: wrong })).toMatchObject({ ok: false, error: { code: 'VENUE.CHECKIN_CODE_INVALID' } });
  });

  it('shows the venue code only to its managers', async () => {
    expect(await w.call(A, 'venueCode', { venueId: 'cyy-rehearsal' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});

describe('waitlist', () => {
  it('gives a freed slot to the first in line, confirmed, and tells them', async () => {
    const b = await booked(book(w, A, [at(DAY, '10:30')]));
    expect(await w.ok(B, 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at(DAY, '10:30'), purpose: '书法交流', attendees: 6 })).toMatchObject({ position: 1 });
    expect(await w.ok('demo-volunteer', 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at(DAY, '10:30'), purpose: '志愿者培训', attendees: 6 })).toMatchObject({ position: 2 });
    expect((await slotsOf(B))[2]).toMatchObject({ state: 'taken', waitlist: 2, waitlisted: true });
    await w.ok(A, 'cancel', { bookingId: b.id });
    const mine = await w.ok<{ bookings: Booking[] }>(B, 'mine');
    expect(mine.bookings).toEqual([expect.objectContaining({ start: at(DAY, '10:30'), state: 'confirmed', purpose: '书法交流' })]);
    expect(w.notifications(B).at(-1)).toMatchObject({ kind: 'waitlist_booked' });
    expect((await w.ok<{ bookings: Booking[] }>('demo-volunteer', 'mine')).bookings).toEqual([]);
  });

  it('skips someone already at their quota', async () => {
    const b = await booked(book(w, A, [at(DAY, '10:30')]));
    await w.ok(B, 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at(DAY, '10:30'), purpose: '书法交流', attendees: 6 });
    await w.ok('demo-volunteer', 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at(DAY, '10:30'), purpose: '志愿者培训', attendees: 6 });
    for (const t of ['13:30', '14:30', '15:30']) expect((await book(w, B, [at(DAY, t)])).ok).toBe(true);
    await w.ok(A, 'cancel', { bookingId: b.id });
    expect((await w.ok<{ bookings: Booking[] }>('demo-volunteer', 'mine')).bookings.map((x) => x.start)).toEqual([at(DAY, '10:30')]);
  });

  it('refuses to queue for a free slot', async () => {
    expect(await w.call(B, 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at(DAY, '10:30'), purpose: '书法交流', attendees: 6 })).toMatchObject({
      ok: false,
      error: { code: 'VENUE.SLOT_FREE' },
    });
  });
});

describe('reminders and my bookings', () => {
  it('reminds once, an hour before the start', async () => {
    await book(w, A, [at(DAY, '10:30')]);
    w.clock.set(Date.parse('2026-12-01T09:29:00+08:00'));
    expect(await w.tick()).toMatchObject({ reminded: 0 });
    w.clock.set(Date.parse('2026-12-01T09:30:00+08:00'));
    expect(await w.tick()).toMatchObject({ reminded: 1 });
    expect(await w.tick()).toMatchObject({ reminded: 0 });
    expect(w.notifications(A).filter((n) => n.kind === 'booking_reminder')).toHaveLength(1);
  });

  it('lists upcoming and past bookings separately', async () => {
    const b1 = await booked(book(w, A, [at(DAY, '08:30')]));
    const b2 = await booked(book(w, A, [at(TOMORROW, '08:30')]));
    w.clock.set(Date.parse('2026-12-01T08:40:00+08:00'));
    await w.ok(MANAGER, 'checkInBooking', { venueId: 'cyy-rehearsal', code: b1.checkInCode });
    w.clock.set(Date.parse('2026-12-01T12:00:00+08:00'));
    await w.tick();
    expect((await w.ok<{ bookings: Booking[] }>(A, 'mine', { when: 'upcoming' })).bookings.map((b) => b.id)).toEqual([b2.id]);
    expect((await w.ok<{ bookings: Booking[] }>(A, 'mine', { when: 'past' })).bookings).toEqual([expect.objectContaining({ id: b1.id, state: 'completed' })]);
    expect((await w.ok<{ bookings: Booking[] }>(B, 'mine')).bookings).toEqual([]);
  });
});

/** Bookings that hold slots, and every (venue, slot start) they cover, derived from the bookings themselves. */
const overlaps = (bookings: Array<{ _id: string; venueId: string; start: Date; end: Date; state: string }>): string[] => {
  const seen = new Map<string, string>();
  const twice: string[] = [];
  for (const b of bookings.filter((x) => ['pending', 'confirmed', 'checked_in'].includes(x.state))) {
    for (let t = new Date(b.start).getTime(); t < new Date(b.end).getTime(); t += HOUR) {
      const slot = `${b.venueId}@${new Date(t).toISOString()}`;
      if (seen.has(slot)) twice.push(`${slot}: ${seen.get(slot)} and ${b._id}`);
      seen.set(slot, b._id);
    }
  }
  return twice;
};
const allBookings = (world: BookingWorld) =>
  [...world.cloud.db.store.entries('bookings')].map((e) => e.doc as unknown as { _id: string; openid: string; venueId: string; start: Date; end: Date; state: string });

/**
 * Several function instances (separately created mains: each its own slot lock, "recently taken" memory and
 * catalogue copy) on one database, as CloudBase runs them. No instance's memory can answer for another's bookings:
 * only the database's refusal of a second holder of a slot keeps these tests green.
 */
describe('concurrency across function instances', () => {
  beforeEach(async () => {
    // Replaces this file's one-instance world (the file's afterEach stops whichever world is current).
    await w.stop();
    w = await bookingWorld({ date: DAY, clock: '08:00' }, { instances: 4 });
  });

  it('a slot cancelled through one instance is bookable at once through the instance that saw it taken', async () => {
    const b = await booked(w.on(0).call(A, 'book', { venueId: 'cyy-rehearsal', starts: [at(DAY, '09:30')], purpose: '排练', attendees: 5 }));
    const again = { venueId: 'cyy-rehearsal', starts: [at(DAY, '09:30')], purpose: '排练', attendees: 5 };
    // Instance 0 has just seen the slot taken (and refuses B from that) ...
    expect(await w.on(0).call(B, 'book', again)).toMatchObject({ ok: false, error: { code: 'VENUE.SLOT_TAKEN' } });
    // ... then A cancels through instance 1. Instance 0's memory must not outlive the booking it remembers.
    await w.on(1).ok(A, 'cancel', { bookingId: b.id });
    expect(await w.on(0).call(B, 'book', again)).toMatchObject({ ok: true, data: { state: 'confirmed' } });
    expect(await w.on(2).call(C, 'book', again)).toMatchObject({ ok: false, error: { code: 'VENUE.SLOT_TAKEN' } });
  });

  it('refuses a slot booked through one instance in every other instance, and keeps nothing of the refused attempts', async () => {
    const first = await booked(w.on(0).call(A, 'book', { venueId: 'cyy-rehearsal', starts: [at(DAY, '09:30'), at(DAY, '10:30')], purpose: '排练', attendees: 5 }));
    for (const [i, starts] of [[1, ['09:30']], [2, ['10:30']], [3, ['10:30', '11:30']]] as const) {
      const res = await w.on(i).call(`other-${i}`, 'book', { venueId: 'cyy-rehearsal', starts: starts.map((t) => at(DAY, t)), purpose: '合唱', attendees: 5, phone: PHONE });
      expect(res).toMatchObject({ ok: false, error: { code: 'VENUE.SLOT_TAKEN' } });
    }
    expect(allBookings(w).map((b) => b._id)).toEqual([first.id]);
    expect(w.count('slot_ledger', {})).toBe(2);
    expect(w.doc<{ bookingId: string }>('slot_ledger', 'cyy-rehearsal:2026-12-01:1030')?.bookingId).toBe(first.id);
    expect(w.count('booking_accounts', { active: { $gt: 0 } })).toBe(1);
    // Every instance's grid says the slots are someone else's.
    for (let i = 0; i < 4; i++) {
      const grid = await w.on(i).ok<{ slots: Slot[] }>(B, 'slots', { venueId: 'cyy-rehearsal', date: DAY });
      expect(grid.slots.slice(1, 3).map((s) => s.state)).toEqual(['taken', 'taken']);
    }
  });

  it('gives a slot wanted by 200 residents (in waves, over four instances) to exactly one, and a clean 409 to the other 199', async () => {
    const start = at(DAY, '18:30');
    const results: Array<{ status: number; body: Envelope<unknown> }> = [];
    // Ten waves of twenty at once, each spread over the four instances.
    for (let wave = 0; wave < 10; wave++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            w.cloud.post('venue', `crowd-${wave * 20 + i}`, { action: 'book', requestId: rid(), data: { venueId: 'cyy-rehearsal', starts: [start], purpose: '排练', attendees: 5, phone: PHONE } }),
          ),
        )),
      );
    }
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    for (const r of results) if (r.status === 409) expect(r.body).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^VENUE\.(SLOT_TAKEN|BUSY)$/) } });
    expect(allBookings(w)).toHaveLength(1);
    expect(w.count('slot_ledger', {})).toBe(1);
    expect(w.count('booking_accounts', { active: 1 })).toBe(1);
    expect(w.count('booking_accounts', { active: { $gt: 1 } })).toBe(0);
  }, 60_000);

  it('never double-books when residents race for overlapping slots on different instances', async () => {
    // 60 residents, 2–3 consecutive slots each, all within 09:30–14:30, spread over the instances at once.
    const times = ['09:30', '10:30', '11:30', '12:30', '13:30', '14:30'];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const first = i % 4;
        const starts = times.slice(first, first + 2 + (i % 2)).map((t) => at(TOMORROW, t));
        return w.on(i).call(`racer-${i}`, 'book', { venueId: 'cyy-rehearsal', starts, purpose: '排练', attendees: 5, phone: PHONE });
      }),
    );
    for (const r of results) if (!r.ok) expect(r.error.code).toMatch(/^VENUE\.(SLOT_TAKEN|BUSY)$/);
    const won = results.filter((r) => r.ok).length;
    expect(won).toBeGreaterThanOrEqual(2);
    expect(overlaps(allBookings(w))).toEqual([]);
    expect(allBookings(w)).toHaveLength(won);
  }, 60_000);

  it('counts the quota in the database: six attempts at once over three instances, then one more on a fresh instance', async () => {
    const starts = ['08:30', '10:30', '12:30', '14:30', '16:30', '18:30'].map((t) => at(TOMORROW, t));
    const results = await Promise.all(starts.map((s, i) => w.on(i % 3).call(A, 'book', { venueId: 'cyy-rehearsal', starts: [s], purpose: '排练', attendees: 5 })));
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code)).sort();
    expect(codes).toEqual(['VENUE.QUOTA_EXCEEDED', 'VENUE.QUOTA_EXCEEDED', 'VENUE.QUOTA_EXCEEDED', 'ok', 'ok', 'ok']);
    expect(await w.on(3).call(A, 'book', { venueId: 'cyy-rehearsal', starts: [at(TOMORROW, '19:30')], purpose: '排练', attendees: 5 })).toMatchObject({
      ok: false,
      error: { code: 'VENUE.QUOTA_EXCEEDED' },
    });
    expect(w.doc<{ active: number }>('booking_accounts', A)?.active).toBe(3);
    expect(allBookings(w).filter((b) => b.openid === A)).toHaveLength(3);
  });

  it('takes no quota place for a booking refused because another instance holds the slot', async () => {
    const held = ['08:30', '10:30', '12:30'].map((t) => at(TOMORROW, t));
    for (const s of held) await booked(w.on(0).call(A, 'book', { venueId: 'cyy-rehearsal', starts: [s], purpose: '排练', attendees: 5 }));
    // B tries A's three slots on the other instances, then books a free one: B's quota is untouched by the refusals.
    for (const [i, s] of held.entries()) {
      expect(await w.on(1 + i).call(B, 'book', { venueId: 'cyy-rehearsal', starts: [s], purpose: '合唱', attendees: 5 })).toMatchObject({ ok: false, error: { code: 'VENUE.SLOT_TAKEN' } });
    }
    expect(w.doc<{ active: number }>('booking_accounts', B)?.active ?? 0).toBe(0);
    for (const t of ['15:30', '16:30', '17:30']) expect(await w.on(1).call(B, 'book', { venueId: 'cyy-rehearsal', starts: [at(TOMORROW, t)], purpose: '合唱', attendees: 5 })).toMatchObject({ ok: true });
    expect(w.doc<{ active: number }>('booking_accounts', B)?.active).toBe(3);
    expect(overlaps(allBookings(w))).toEqual([]);
  });

  it('answers a replay that lands on another instance with the same booking, and makes no second one', async () => {
    const requestId = rid();
    const data = { venueId: 'cyy-rehearsal', starts: [at(DAY, '09:30')], purpose: '排练', attendees: 5 };
    const first = await booked(w.on(0).call(A, 'book', data, requestId));
    // One replay on each other instance (none of them has seen the booking), then ten at once spread over all four.
    for (let i = 1; i < 4; i++) expect(await w.on(i).call(A, 'book', data, requestId)).toMatchObject({ ok: true, data: { id: first.id, state: 'confirmed' } });
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call(A, 'book', data, requestId)));
    for (const r of replies) expect(r).toMatchObject({ ok: true, data: { id: first.id } });
    expect(allBookings(w).map((b) => b._id)).toEqual([first.id]);
    expect(w.doc<{ active: number }>('booking_accounts', A)?.active).toBe(1);
    expect(w.notifications(A).map((n) => n.kind)).toEqual(['booking_confirmed']);
    // The same requestId with another slot, on yet another instance, is refused and changes nothing.
    w.clock.advance(MIN);
    expect(await w.on(3).call(A, 'book', { ...data, starts: [at(DAY, '10:30')] }, requestId)).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY.KEY_REUSED' } });
    expect(w.count('slot_ledger', {})).toBe(1);
  });
});
