import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { database } from '../../cloudfunctions/_shared/db';
import { handlers as adminHandlers } from '../../cloudfunctions/admin/index';
import { bookingWorld, type BookingWorld } from '../support/booking';

let w: BookingWorld;
let admin: Main;
beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' });
  admin = createFunction('admin', adminHandlers, { clock: w.clock, db: database });
});
afterEach(() => w.stop());

const call = (openid: string, action: string, data: unknown) => w.cloud.invoke(admin, openid, { action, data, requestId: `roles-${Math.random().toString(36).slice(2, 12)}` });

describe('role administration (admin.grantRole / revokeRole)', () => {
  it('lets a street admin make a resident manager of a room in their street, which then works', async () => {
    expect(await call('demo-street-admin', 'grantRole', { openid: 'demo-resident', grant: { role: 'venue_manager', scope: { venueIds: ['xy-center'] } } })).toMatchObject({
      ok: true,
      data: { roles: expect.arrayContaining([{ role: 'venue_manager', scope: { venueIds: ['xy-center'] } }]) },
    });
    expect(await w.ok('demo-resident', 'managed', {})).toMatchObject({ venues: [expect.objectContaining({ id: 'xy-center' })] });
    expect(await call('demo-street-admin', 'revokeRole', { openid: 'demo-resident', role: 'venue_manager' })).toMatchObject({ ok: true });
    expect(await w.call('demo-resident', 'managed', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('keeps a street admin inside their street and away from other roles', async () => {
    for (const grant of [
      { role: 'venue_manager', scope: { venueIds: ['cyy-hall'] } },
      { role: 'venue_manager', scope: { venueIds: ['xy-center', 'ds-meeting'] } },
      { role: 'venue_manager' },
      { role: 'station_manager', scope: { stationIds: ['st-haiyun'] } },
      { role: 'district_admin' },
      { role: 'street_admin', scope: { streetId: 'xiangyang' } },
    ]) {
      expect(await call('demo-street-admin', 'grantRole', { openid: 'demo-resident', grant })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(w.doc<{ roles: unknown[] }>('users', 'demo-resident')?.roles).toEqual([{ role: 'resident' }]);
  });

  it('lets a district admin grant any role, refuses unknown users and the implicit resident role', async () => {
    expect(await call('demo-district-admin', 'grantRole', { openid: 'demo-resident', grant: { role: 'street_admin', scope: { streetId: 'dongshan' } } })).toMatchObject({ ok: true });
    expect(await call('demo-district-admin', 'grantRole', { openid: 'nobody-here', grant: { role: 'volunteer' } })).toMatchObject({ ok: false, error: { code: 'USER.NOT_FOUND' } });
    expect(await call('demo-district-admin', 'revokeRole', { openid: 'demo-resident', role: 'resident' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });
});
