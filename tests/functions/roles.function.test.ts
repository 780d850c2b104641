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

type Grant = { role: string; scope?: Record<string, unknown> };
const rolesOf = (openid: string): Grant[] => w.doc<{ roles: Grant[] }>('users', openid)?.roles ?? [];
const CYY_ROOMS = ['cyy-hall', 'cyy-rehearsal', 'cyy-meeting-1', 'cyy-meeting-2', 'cyy-workshop', 'cyy-council', 'cyy-reading'];
const roleAudits = (): number => w.count('audit_log', { action: { $in: ['admin.grantRole', 'admin.revokeRole'] } });

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

  it('lets a street admin add their street’s rooms to a manager without touching the rooms outside it', async () => {
    const res = await call('demo-street-admin', 'grantRole', { openid: 'demo-venue-manager', grant: { role: 'venue_manager', scope: { venueIds: ['xy-center'] } } });
    expect(res).toMatchObject({ ok: true });
    // The street admin is told only about their own street's part.
    expect(res.ok && res.data).toEqual({ openid: 'demo-venue-manager', roles: [{ role: 'resident' }, { role: 'venue_manager', scope: { venueIds: ['xy-center'] } }] });
    expect(rolesOf('demo-venue-manager')).toEqual([{ role: 'resident' }, { role: 'venue_manager', scope: { venueIds: [...CYY_ROOMS, 'xy-center'] } }]);
    const managed = await w.ok<{ venues: Array<{ id: string }> }>('demo-venue-manager', 'managed', {});
    expect(managed.venues.map((v) => v.id).sort()).toEqual([...CYY_ROOMS, 'xy-center'].sort());

    // Re-scoping from the street replaces only the street's part.
    expect(await call('demo-street-admin', 'grantRole', { openid: 'demo-venue-manager', grant: { role: 'venue_manager', scope: { venueIds: ['beida-room'] } } })).toMatchObject({ ok: true });
    expect(rolesOf('demo-venue-manager')).toEqual([{ role: 'resident' }, { role: 'venue_manager', scope: { venueIds: [...CYY_ROOMS, 'beida-room'] } }]);
  });

  it('lets a street admin revoke only the part of a scope inside their street', async () => {
    const before = roleAudits();
    // Nothing of 陈主任's seven 创益园 rooms is the street admin's: nothing changes, and the answer reveals none of them.
    const untouched = await call('demo-street-admin', 'revokeRole', { openid: 'demo-venue-manager', role: 'venue_manager' });
    expect(untouched).toEqual({ ok: true, data: { openid: 'demo-venue-manager', roles: [{ role: 'resident' }] } });
    expect(rolesOf('demo-venue-manager')).toEqual([{ role: 'resident' }, { role: 'venue_manager', scope: { venueIds: CYY_ROOMS } }]);
    expect(roleAudits()).toBe(before);

    await call('demo-street-admin', 'grantRole', { openid: 'demo-venue-manager', grant: { role: 'venue_manager', scope: { venueIds: ['xy-center'] } } });
    expect(await call('demo-street-admin', 'revokeRole', { openid: 'demo-venue-manager', role: 'venue_manager' })).toEqual({
      ok: true,
      data: { openid: 'demo-venue-manager', roles: [{ role: 'resident' }] },
    });
    expect(rolesOf('demo-venue-manager')).toEqual([{ role: 'resident' }, { role: 'venue_manager', scope: { venueIds: CYY_ROOMS } }]);
    expect(w.count('audit_log', { action: 'admin.revokeRole', actor: 'demo-street-admin', target: 'user:demo-venue-manager' })).toBe(1);

    // A station manager's station of another street is not the street admin's to take either.
    expect(await call('demo-district-admin', 'grantRole', { openid: 'demo-volunteer', grant: { role: 'station_manager', scope: { stationIds: ['st-haiyun', 'st-beida'] } } })).toMatchObject({ ok: true });
    expect(await call('demo-street-admin', 'revokeRole', { openid: 'demo-volunteer', role: 'station_manager' })).toMatchObject({ ok: true });
    expect(rolesOf('demo-volunteer')).toContainEqual({ role: 'station_manager', scope: { stationIds: ['st-haiyun'] } });
  });

  it('lets a district admin replace a grant whole', async () => {
    expect(await call('demo-district-admin', 'grantRole', { openid: 'demo-venue-manager', grant: { role: 'venue_manager', scope: { venueIds: ['cyy-hall'] } } })).toMatchObject({
      ok: true,
      data: { roles: [{ role: 'resident' }, { role: 'venue_manager', scope: { venueIds: ['cyy-hall'] } }] },
    });
    expect(await call('demo-district-admin', 'revokeRole', { openid: 'demo-venue-manager', role: 'venue_manager' })).toMatchObject({ ok: true, data: { roles: [{ role: 'resident' }] } });
  });

  it('refuses a scope that does not fit the role, naming the field, and changes nothing', async () => {
    const cases: Array<[Grant, string]> = [
      [{ role: 'volunteer', scope: { venueIds: ['xy-center'] } }, 'grant.scope'],
      [{ role: 'volunteer', scope: { streetId: 'xiangyang' } }, 'grant.scope'],
      [{ role: 'venue_manager' }, 'grant.scope'],
      [{ role: 'venue_manager', scope: { venueIds: [] } }, 'grant.scope.venueIds'],
      [{ role: 'venue_manager', scope: { venueIds: ['xy-center'], streetId: 'xiangyang' } }, 'grant.scope.streetId'],
      [{ role: 'venue_manager', scope: { venueIds: ['no-such-room'] } }, 'grant.scope.venueIds'],
      [{ role: 'station_manager', scope: { venueIds: ['xy-center'] } }, 'grant.scope.stationIds'],
      [{ role: 'party_member', scope: { streetId: 'xiangyang' } }, 'grant.scope.branchId'],
      [{ role: 'branch_secretary' }, 'grant.scope'],
      [{ role: 'street_admin', scope: { venueIds: ['xy-center'] } }, 'grant.scope.streetId'],
      [{ role: 'street_admin', scope: { streetId: 'no-such-street' } }, 'grant.scope.streetId'],
      [{ role: 'district_admin', scope: { streetId: 'xiangyang' } }, 'grant.scope'],
    ];
    const before = roleAudits();
    for (const [grant, field] of cases) {
      const res = await call('demo-district-admin', 'grantRole', { openid: 'demo-resident', grant });
      expect({ grant, res }).toMatchObject({ grant, res: { ok: false, error: { code: 'INPUT.INVALID', fields: { [field]: expect.any(String) } } } });
    }
    expect(rolesOf('demo-resident')).toEqual([{ role: 'resident' }]);
    expect(roleAudits()).toBe(before);
  });

  it('tells a street admin nothing about a user before deciding they may act', async () => {
    // Whether the openid exists, and what it holds, makes no difference to a refusal.
    for (const openid of ['nobody-here', 'demo-district-admin', 'demo-secretary']) {
      expect(await call('demo-street-admin', 'grantRole', { openid, grant: { role: 'venue_manager', scope: { venueIds: ['cyy-hall'] } } })).toEqual({
        ok: false,
        error: { code: 'AUTH.FORBIDDEN', message: expect.any(String) },
      });
      for (const role of ['district_admin', 'party_member', 'branch_secretary', 'street_admin']) {
        expect(await call('demo-street-admin', 'revokeRole', { openid, role })).toEqual({ ok: false, error: { code: 'AUTH.FORBIDDEN', message: expect.any(String) } });
      }
    }
    expect(rolesOf('demo-secretary')).toEqual([{ role: 'resident' }, { role: 'party_member', scope: { branchId: 'branch-shanheliang' } }, { role: 'branch_secretary', scope: { branchId: 'branch-shanheliang' } }]);
    // Allowed to grant, the street admin sees only the roles they administer.
    expect(await call('demo-street-admin', 'grantRole', { openid: 'demo-secretary', grant: { role: 'volunteer' } })).toEqual({
      ok: true,
      data: { openid: 'demo-secretary', roles: [{ role: 'resident' }, { role: 'volunteer' }] },
    });
  });
});
