/**
 * The audit log: every privileged change appends exactly one entry (actor, action, target, summary, requestId,
 * time), in the same transaction as the change; admins read it for their scope only.
 */
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { database } from '../../cloudfunctions/_shared/db';
import { handlers as adminHandlers } from '../../cloudfunctions/admin/index';
import { contract, type ActionSpec, type AuditEntryView, type Booking } from '../../types';
import { at, bookingWorld, rid, type BookingWorld } from '../support/booking';
import { joinOrganization } from '../support/organizations';

let w: BookingWorld;
let admin: Main;
beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
  admin = createFunction('admin', adminHandlers, { clock: w.clock, db: database });
});
afterEach(() => w.stop());

const pending = async (venueId: string, who: string, time: string): Promise<Booking> =>
  joinOrganization(who, 'org-shanheliang').then(() => w.ok<Booking>(who, 'book', { venueId, starts: [at('2026-12-04', time)], purpose: '组织活动', attendees: 5, phone: '13800000000', orgId: 'org-shanheliang' }));

const venueEdit = {
  name: '向阳街道党群服务中心活动室',
  level: 'street',
  type: 'activity',
  capacity: 60,
  facilities: ['音响', '桌椅'],
  address: '芝罘区向阳街道',
  streetId: 'xiangyang',
  communityId: null,
  opens: '08:30',
  closes: '20:30',
  slotMinutes: 60,
  windowDays: 14,
  maxConsecutive: 3,
  needsApproval: false,
  photos: [],
};
const stationEdit = {
  name: '北大社区创益红帆站',
  streetId: 'xiangyang',
  communityId: 'beida',
  address: '芝罘区北大街46号',
  services: ['义务理发'],
  hours: '每周二 9:00–11:30',
  location: null,
};

/** The privileged (audited) actions, and one call of each. */
const privileged: Record<string, () => Promise<{ openid: string; data: unknown }>> = {
  'venue.approve': async () => ({ openid: 'demo-venue-manager', data: { bookingId: (await pending('cyy-hall', 'p-1', '09:30')).id } }),
  'venue.reject': async () => ({ openid: 'demo-venue-manager', data: { bookingId: (await pending('cyy-hall', 'p-2', '10:30')).id, reason: '当天已有安排' } }),
  'venue.setBlackout': async () => ({ openid: 'demo-venue-manager', data: { venueId: 'cyy-reading', date: '2026-12-24', closed: true } }),
  'admin.grantRole': async () => ({ openid: 'demo-street-admin', data: { openid: 'demo-resident', grant: { role: 'venue_manager', scope: { venueIds: ['beida-room'] } } } }),
  'admin.revokeRole': async () => ({ openid: 'demo-district-admin', data: { openid: 'demo-volunteer', role: 'volunteer' } }),
  'admin.saveVenue': () => Promise.resolve({ openid: 'demo-street-admin', data: { venueId: 'xy-center', venue: venueEdit } }),
  'admin.retireVenue': () => Promise.resolve({ openid: 'demo-district-admin', data: { venueId: 'zfd-room', reason: '房屋改作他用', cancelBookings: true } }),
  'admin.saveStation': () => Promise.resolve({ openid: 'demo-street-admin', data: { stationId: 'st-beida', station: stationEdit } }),
  'admin.retireStation': () => Promise.resolve({ openid: 'demo-district-admin', data: { stationId: 'st-haiyun', reason: '并入东山街道站点', cancelShifts: true } }),
};

const readLog = async (openid: string): Promise<AuditEntryView[]> => {
  const res = await w.cloud.invoke(admin, openid, { action: 'auditLog', data: {} });
  if (!res.ok) throw new Error(res.error.code);
  return (res.data as { entries: AuditEntryView[] }).entries;
};

describe('audit log', () => {
  it('covers every mutating action reserved to managers or admins', () => {
    // Stations and volunteers: guards.stations.test.ts checks their privileged actions are audited exactly once.
    const reserved = Object.entries(contract).filter(([fn]) => ['user', 'venue', 'admin'].includes(fn)).flatMap(([fn, actions]) =>
      Object.entries(actions as Record<string, ActionSpec>)
        .filter(([, s]) => s.mutates && s.access.roles !== 'any' && !(fn === 'venue' && s === contract.venue.checkInBooking))
        .map(([a]) => `${fn}.${a}`),
    );
    expect(reserved.filter((id) => !privileged[id])).toEqual([]);
  });

  it.each(Object.keys(privileged))('%s appends exactly one entry with actor, target, summary and requestId', async (id) => {
    const { openid, data } = await (privileged[id] as () => Promise<{ openid: string; data: unknown }>)();
    const requestId = rid();
    const before = w.count('audit_log', {});
    const [fn, action] = id.split('.') as [string, string];
    const res = fn === 'admin' ? await w.cloud.invoke(admin, openid, { action, data, requestId }) : await w.call(openid, action, data, requestId);
    expect(res.ok).toBe(true);
    expect(w.count('audit_log', {}) - before).toBe(1);
    const [entry] = (await readLog('demo-district-admin')).filter((e) => e.requestId === requestId);
    expect(entry).toMatchObject({ actor: openid, action: id, target: expect.stringMatching(/^(booking|venue|user|station):/), summary: expect.any(String), at: expect.stringMatching(/\+08:00$/) });
  });

  it('writes nothing when the privileged change is refused', async () => {
    const before = w.count('audit_log', {});
    expect(await w.call('demo-street-admin', 'setBlackout', { venueId: 'cyy-reading', date: '2026-12-24', closed: true })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(w.count('audit_log', {})).toBe(before);
    // The same change by its manager is audited: the count above could have moved.
    await w.ok('demo-venue-manager', 'setBlackout', { venueId: 'cyy-reading', date: '2026-12-24', closed: true });
    expect(w.count('audit_log', {})).toBe(before + 1);
  });

  it('shows each admin only their scope, and residents nothing', async () => {
    await w.ok('demo-venue-manager', 'setBlackout', { venueId: 'cyy-reading', date: '2026-12-24', closed: true });
    const street = await pending('xy-center', 'p-3', '11:30');
    await w.ok('demo-street-admin', 'approve', { bookingId: street.id });
    expect((await readLog('demo-district-admin')).map((e) => e.action).sort()).toEqual(['venue.approve', 'venue.setBlackout']);
    expect((await readLog('demo-venue-manager')).map((e) => e.target)).toEqual(['venue:cyy-reading']);
    expect((await readLog('demo-street-admin')).map((e) => e.target)).toEqual([`booking:${street.id}`]);
    expect(await w.cloud.invoke(admin, 'demo-resident', { action: 'auditLog', data: {} })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });
});

describe('audit log filters', () => {
  const log = async (openid: string, data: Record<string, unknown>): Promise<AuditEntryView[]> => {
    const res = await w.cloud.invoke(admin, openid, { action: 'auditLog', data });
    if (!res.ok) throw new Error(res.error.code);
    return (res.data as { entries: AuditEntryView[] }).entries;
  };

  it('filters by actor, by action or its prefix, and by Beijing dates (both included), naming the actors', async () => {
    await w.ok('demo-venue-manager', 'setBlackout', { venueId: 'cyy-reading', date: '2026-12-24', closed: true });
    w.clock.set(new Date('2026-12-02T15:59:00Z').getTime()); // 23:59 on 12月2日 in Beijing
    await w.cloud.invoke(admin, 'demo-district-admin', { action: 'grantRole', data: { openid: 'demo-resident', grant: { role: 'volunteer' } }, requestId: rid() });
    w.clock.set(new Date('2026-12-02T16:00:00Z').getTime()); // 00:00 on 12月3日
    await w.cloud.invoke(admin, 'demo-district-admin', { action: 'revokeRole', data: { openid: 'demo-resident', role: 'volunteer' }, requestId: rid() });

    expect((await log('demo-district-admin', {})).map((e) => e.action)).toEqual(['admin.revokeRole', 'admin.grantRole', 'venue.setBlackout']);
    expect((await log('demo-district-admin', { actor: 'demo-venue-manager' })).map((e) => [e.action, e.actorName])).toEqual([['venue.setBlackout', '陈主任']]);
    expect((await log('demo-district-admin', { action: 'admin.' })).map((e) => e.action)).toEqual(['admin.revokeRole', 'admin.grantRole']);
    expect((await log('demo-district-admin', { action: 'admin.grantRole' })).map((e) => e.action)).toEqual(['admin.grantRole']);
    expect(await log('demo-district-admin', { action: 'admin' })).toEqual([]);
    expect((await log('demo-district-admin', { from: '2026-12-02', to: '2026-12-02' })).map((e) => e.action)).toEqual(['admin.grantRole']);
    expect((await log('demo-district-admin', { from: '2026-12-03' })).map((e) => e.action)).toEqual(['admin.revokeRole']);
    expect((await log('demo-district-admin', { to: '2026-12-01' })).map((e) => e.action)).toEqual(['venue.setBlackout']);
  });

  it('records a role change’s grants before and after, as the acting administrator sees them', async () => {
    await w.cloud.invoke(admin, 'demo-district-admin', { action: 'grantRole', data: { openid: 'demo-resident', grant: { role: 'venue_manager', scope: { venueIds: ['cyy-hall', 'xy-center'] } } }, requestId: rid() });
    await w.cloud.invoke(admin, 'demo-street-admin', { action: 'grantRole', data: { openid: 'demo-resident', grant: { role: 'venue_manager', scope: { venueIds: ['beida-room'] } } }, requestId: rid() });
    const [street] = await log('demo-street-admin', { action: 'admin.grantRole' });
    // The 创益园 room stays in the grant, but the street's log names only the street's rooms.
    expect(street).toMatchObject({
      actorName: '孙科长',
      target: 'user:demo-resident',
      before: { roles: [{ role: 'venue_manager', scope: { venueIds: ['xy-center'] } }] },
      after: { roles: [{ role: 'venue_manager', scope: { venueIds: ['beida-room'] } }] },
    });
    const district = (await log('demo-district-admin', { action: 'admin.grantRole', actor: 'demo-district-admin' }))[0];
    expect(district).toMatchObject({ before: { roles: [] }, after: { roles: [{ role: 'venue_manager', scope: { venueIds: ['cyy-hall', 'xy-center'] } }] } });
  });
});
