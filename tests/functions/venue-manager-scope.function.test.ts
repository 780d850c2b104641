/**
 * A street admin manages their own street's venues only: the managed list, the pending approvals and the schedule
 * (bookers' names and phones) of other streets' venues and the 创益园 are not theirs to read.
 *
 * "Now" is Tuesday 2026-12-01 08:00 Beijing. 孙科长 (demo-street-admin) is street admin of 向阳街道 (xiangyang).
 */
import type { Booking, ManagedBooking } from '../../types';
import { at, bookingWorld, type BookingWorld } from '../support/booking';

const A = 'demo-resident';
const B = 'demo-resident-2';
const STREET_ADMIN = 'demo-street-admin';
const DAY = '2026-12-03';

let w: BookingWorld;
beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const pendingAt = async (openid: string, venueId: string, extra: Record<string, unknown> = {}): Promise<Booking> =>
  w.ok<Booking>(openid, 'book', { venueId, starts: [at(DAY, '14:30')], purpose: '社会组织党建培训', attendees: 10, ...extra });

describe('a street admin’s venues (venue.managed / pending / schedule)', () => {
  it('shows their own street’s venues and pending bookings, and none of other streets’ or the 创益园’s', async () => {
    // Control: a pending booking in the admin's own street (an organization's booking is pending at any venue).
    const own = await pendingAt(A, 'xy-center', { orgId: 'org-changxiang' });
    // Pending bookings at the 创益园 (no street) and at 只楚街道 (another street): both need approval.
    const district = await pendingAt(A, 'cyy-hall');
    const otherStreet = await pendingAt(B, 'zc-hall');
    expect([own.state, district.state, otherStreet.state]).toEqual(['pending', 'pending', 'pending']);

    for (const instance of [0, 1]) {
      const managed = await w.on(instance).ok<{ venues: Array<{ id: string }> }>(STREET_ADMIN, 'managed');
      const ids = managed.venues.map((v) => v.id);
      expect(ids).toEqual(expect.arrayContaining(['xy-center', 'beida-room']));
      expect(ids).not.toContain('cyy-hall');
      expect(ids).not.toContain('zc-hall');
      expect(ids).not.toContain('ds-meeting');

      const pending = await w.on(instance).ok<{ bookings: ManagedBooking[] }>(STREET_ADMIN, 'pending');
      expect(pending.bookings.map((b) => b.id)).toEqual([own.id]);
      expect(JSON.stringify(pending)).not.toContain('13905356789'); // 赵大爷's phone, booked in 只楚街道
    }
  });

  it('refuses the schedule of another street’s venue or the 创益园, and leaves them out of the day’s schedule', async () => {
    const district = await pendingAt(A, 'cyy-hall');
    const otherStreet = await pendingAt(B, 'zc-hall');
    for (const venueId of ['zc-hall', 'cyy-hall']) {
      expect(await w.call(STREET_ADMIN, 'schedule', { venueId, date: DAY })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    const day = await w.call(STREET_ADMIN, 'schedule', { date: DAY });
    expect(day.ok).toBe(true);
    const text = JSON.stringify(day);
    expect(text).not.toContain(district.id);
    expect(text).not.toContain(otherStreet.id);
    expect(text).not.toContain('13905356789');
    // Control: the district admin does see both.
    const all = JSON.stringify(await w.call('demo-district-admin', 'schedule', { date: DAY }));
    expect(all).toContain(district.id);
    expect(all).toContain(otherStreet.id);
  });
});
