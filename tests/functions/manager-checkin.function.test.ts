/**
 * A manager checks residents in by the code on their booking, whichever of their rooms the booking is for, and is told
 * exactly what a code for another day or time is. Two function instances; "now" is Tuesday 2026-12-01 08:00 Beijing.
 * demo-venue-manager (陈主任) manages the 创益园 rooms; demo-station-manager manages only 北大社区活动室.
 */
import type { Booking, Envelope, ManagedBooking } from '../../types';
import { at, bookingWorld, type BookingWorld } from '../support/booking';

const RESIDENT = 'demo-resident'; // 王阿姨
const MANAGER = 'demo-venue-manager';
const OTHER_MANAGER = 'demo-station-manager';
const DAY = '2026-12-01';
const TOMORROW = '2026-12-02';

let w: BookingWorld;
beforeEach(async () => {
  w = await bookingWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const book = async (venueId: string, start: string): Promise<Booking> =>
  w.ok<Booking>(RESIDENT, 'book', { venueId, starts: [start], purpose: '书法交流', attendees: 6, phone: '13800000000' });
const stateOf = (id: string): string | undefined => w.doc<{ state: string }>('bookings', id)?.state;
const errorOf = (res: Envelope<unknown>) => (res.ok ? null : res.error);

describe('manager check-in across rooms (venue.checkInBooking)', () => {
  it('checks in a booking for another of the manager’s rooms, on either instance, with or without the room chosen', async () => {
    const meeting = await book('cyy-meeting-1', at(DAY, '09:30'));
    const hall = await book('cyy-rehearsal', at(DAY, '09:30'));
    w.clock.set(Date.parse('2026-12-01T09:25:00+08:00'));
    // The manager has 排练室 selected, the resident shows a code for 第一会议室.
    expect(await w.on(0).ok<ManagedBooking>(MANAGER, 'checkInBooking', { venueId: 'cyy-rehearsal', code: meeting.checkInCode })).toMatchObject({
      id: meeting.id,
      venueName: '创益园第一会议室',
      state: 'checked_in',
      bookerName: '王阿姨',
    });
    // 全部场地: no room chosen.
    expect(await w.on(1).ok<ManagedBooking>(MANAGER, 'checkInBooking', { code: hall.checkInCode })).toMatchObject({ id: hall.id, state: 'checked_in' });
  });

  it('says which booking a code for another day is, and checks nothing in', async () => {
    const tomorrow = await book('cyy-rehearsal', at(TOMORROW, '09:30'));
    const res = await w.call(MANAGER, 'checkInBooking', { venueId: 'cyy-meeting-1', code: tomorrow.checkInCode });
    expect(errorOf(res)).toMatchObject({
      code: 'VENUE.CHECKIN_CLOSED',
      details: {
        venueName: '创益园排练室',
        date: TOMORROW,
        start: at(TOMORROW, '09:30'),
        end: at(TOMORROW, '10:30'),
        bookerName: '王阿姨',
        state: 'confirmed',
        opensAt: at(TOMORROW, '09:15'),
      },
    });
    expect(stateOf(tomorrow.id)).toBe('confirmed');
  });

  it('says a booking was already checked in, instead of calling its code wrong', async () => {
    const b = await book('cyy-meeting-1', at(DAY, '09:30'));
    w.clock.set(Date.parse('2026-12-01T09:20:00+08:00'));
    await w.ok(MANAGER, 'checkInBooking', { code: b.checkInCode });
    expect(errorOf(await w.call(MANAGER, 'checkInBooking', { code: b.checkInCode }))).toMatchObject({
      code: 'VENUE.BOOKING_STATE',
      details: { venueName: '创益园第一会议室', state: 'checked_in' },
    });
  });

  it('reveals nothing of a code for a room the manager does not manage, and changes nothing', async () => {
    const b = await book('cyy-meeting-1', at(DAY, '09:30'));
    w.clock.set(Date.parse('2026-12-01T09:20:00+08:00'));
    for (const data of [{ code: b.checkInCode }, { venueId: 'beida-room', code: b.checkInCode }]) {
      const res = await w.call(OTHER_MANAGER, 'checkInBooking', data);
      expect(errorOf(res)).toMatchObject({ code: 'VENUE.CHECKIN_CODE_INVALID' });
      const text = JSON.stringify(res);
      for (const secret of [b.id, '创益园', '王阿姨', '09:30', DAY]) expect(text).not.toContain(secret);
    }
    expect(stateOf(b.id)).toBe('confirmed');
    // Naming a room they do not manage is refused before any lookup.
    expect(errorOf(await w.call(OTHER_MANAGER, 'checkInBooking', { venueId: 'cyy-meeting-1', code: b.checkInCode }))).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect(stateOf(b.id)).toBe('confirmed');
  });
});
