/**
 * Who the caller is, as the runtime loads it: every signed-in person is a resident whatever else they were granted
 * (an account made in the console may store only its special role), and roles are found under the exact openid
 * WeChat gives (28 mixed-case characters).
 *
 * "Now" is Tuesday 2026-12-01 08:00 Beijing.
 */
import { Collections } from '../../cloudfunctions/_shared/collections';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction } from '../../cloudfunctions/_shared/runtime';
import { handlers as adminHandlers } from '../../cloudfunctions/admin/index';
import { handlers as userHandlers } from '../../cloudfunctions/user/index';
import type { Booking } from '../../types';
import { at, bookingWorld, rid, type BookingWorld } from '../support/booking';

const CONSOLE_MANAGER = 'console-made-manager';
const WECHAT_OPENID = 'oGZUI0egBJY1zhBYw2KhdUfwVJJE';
let w: BookingWorld;

beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

describe('the caller’s roles', () => {
  it('lets a person whose stored roles are only venue_manager book like any resident, and manage their venue', async () => {
    const now = new Date(w.clock.now());
    await database()
      .collection(Collections.users)
      .add({ _id: CONSOLE_MANAGER, nickname: '钱主任', phone: '13305350000', streetId: null, communityId: null, roles: [{ role: 'venue_manager', scope: { venueIds: ['cyy-hall'] } }], orgs: [], createdAt: now, updatedAt: now });
    for (const instance of [0, 1]) {
      const res = await w.on(instance).call(CONSOLE_MANAGER, 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', instance ? '10:30' : '09:30')], purpose: '场地管理员培训', attendees: 5 });
      expect(res).toMatchObject({ ok: true, data: { state: 'confirmed' } });
    }
    expect((await w.ok<{ bookings: Booking[] }>(CONSOLE_MANAGER, 'mine')).bookings).toHaveLength(2);
    expect((await w.ok<{ venues: Array<{ id: string }> }>(CONSOLE_MANAGER, 'managed')).venues.map((v) => v.id)).toEqual(['cyy-hall']);
    // The app is told so: 我的 shows them as a resident (bookings, waitlist) as well as a venue manager.
    const me = await w.cloud.invoke(createFunction('user', userHandlers, { clock: w.clock, db: database }), CONSOLE_MANAGER, { action: 'me', data: {} });
    expect(me.ok).toBe(true);
    expect((me.ok ? (me.data as { roles: Array<{ role: string }> }).roles : []).map((r) => r.role).sort()).toEqual(['resident', 'venue_manager']);
  });

  it('finds the roles of a WeChat openid with capitals under that exact openid', async () => {
    const user = createFunction('user', userHandlers, { clock: w.clock, db: database });
    const admin = createFunction('admin', adminHandlers, { clock: w.clock, db: database });
    expect((await w.cloud.invoke(user, WECHAT_OPENID, { action: 'me', data: {} })).ok).toBe(true);
    const granted = await w.cloud.invoke(admin, 'demo-district-admin', {
      action: 'grantRole',
      requestId: rid(),
      data: { openid: WECHAT_OPENID, grant: { role: 'venue_manager', scope: { venueIds: ['cyy-hall'] } } },
    });
    expect(granted).toMatchObject({ ok: true });
    // Someone whose openid is the lower-case spelling has no role: the two are different people.
    expect(await w.call(WECHAT_OPENID.toLowerCase(), 'managed', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    for (const instance of [0, 1]) {
      expect((await w.on(instance).ok<{ venues: Array<{ id: string }> }>(WECHAT_OPENID, 'managed')).venues.map((v) => v.id)).toEqual(['cyy-hall']);
    }
  });
});
