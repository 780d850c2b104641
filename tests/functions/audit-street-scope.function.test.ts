/**
 * A street admin's role changes are in their own audit log (the entry is scoped to their street), and not in another
 * street's admin's.
 */
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { handlers as adminHandlers } from '../../cloudfunctions/admin/index';
import { handlers as userHandlers } from '../../cloudfunctions/user/index';
import type { Envelope } from '../../types';
import { bookingWorld, rid, type BookingWorld } from '../support/booking';

const STREET_ADMIN = 'demo-street-admin'; // 孙科长, 向阳街道
const OTHER_ADMIN = 'street-admin-dongshan';
let w: BookingWorld;
let admins: Main[];
let users: Main[];
let turn = 0;
const admin = (openid: string, action: string, data: unknown): Promise<Envelope<unknown>> =>
  w.cloud.invoke(admins[turn++ % admins.length] as Main, openid, { action, data, requestId: rid() });
type Entries = { entries: Array<{ action: string; target: string; actor?: string }> };

beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
  admins = [0, 1].map(() => createFunction('admin', adminHandlers, { clock: w.clock, db: database }));
  users = [0, 1].map(() => createFunction('user', userHandlers, { clock: w.clock, db: database }));
  expect((await w.cloud.invoke(users[0] as Main, OTHER_ADMIN, { action: 'me', data: {} })).ok).toBe(true);
  expect(await admin('demo-district-admin', 'grantRole', { openid: OTHER_ADMIN, grant: { role: 'street_admin', scope: { streetId: 'dongshan' } } })).toMatchObject({ ok: true });
});
afterEach(() => w.stop());

describe('a street admin’s audit log', () => {
  it('holds the role grants they made, and another street’s admin does not see them', async () => {
    expect(await admin(STREET_ADMIN, 'grantRole', { openid: 'demo-resident', grant: { role: 'volunteer' } })).toMatchObject({ ok: true });

    const own = await admin(STREET_ADMIN, 'auditLog', {});
    expect(own.ok).toBe(true);
    const grants = (own.ok ? (own.data as Entries).entries : []).filter((e) => e.action === 'admin.grantRole');
    expect(grants).toHaveLength(1);

    const other = await admin(OTHER_ADMIN, 'auditLog', {});
    expect(other.ok).toBe(true);
    expect((other.ok ? (other.data as Entries).entries : []).filter((e) => e.action === 'admin.grantRole')).toEqual([]);
  });
});
