/**
 * Authorization, driven by the contract: every registered action × every role is called through the real function,
 * and the answer must match the action's declared `access` (allowed → not AUTH.FORBIDDEN; not allowed →
 * AUTH.FORBIDDEN). Every action that takes object ids has a BOLA case: another user of the same role tries it on
 * someone else's object, is refused, and the object is unchanged. An action without a sample or a BOLA case fails.
 */
import { main as adminMain } from '../../cloudfunctions/admin/index';
import { main as stationMain } from '../../cloudfunctions/station/index';
import { main as userMain } from '../../cloudfunctions/user/index';
import type { Main } from '../../cloudfunctions/_shared/runtime';
import { contract, Roles, type ActionSpec, type Booking, type Envelope, type Role, type RoleGrant } from '../../types';
import { at, bookingWorld, rid, type BookingWorld } from '../support/booking';
import { databaseDigest } from '../support/digest';
import { joinOrganization } from '../support/organizations';
import { demoUsers } from '../../local-cloud/seed';

const DAY = '2026-12-01';
const LATER = '2026-12-05';

/** One user per role, holding only that role (plus resident), with a scope where the role has one. */
const grants: Record<Role, RoleGrant[]> = {
  resident: [],
  volunteer: [{ role: 'volunteer' }],
  party_member: [{ role: 'party_member', scope: { branchId: 'branch-shanheliang' } }],
  branch_secretary: [{ role: 'branch_secretary', scope: { branchId: 'branch-shanheliang' } }],
  station_manager: [{ role: 'station_manager', scope: { stationIds: ['st-beida'] } }],
  venue_manager: [{ role: 'venue_manager', scope: { venueIds: ['cyy-hall', 'cyy-rehearsal', 'cyy-meeting-1'] } }],
  street_admin: [{ role: 'street_admin', scope: { streetId: 'xiangyang' } }],
  district_admin: [{ role: 'district_admin' }],
};
const userOf = (role: Role, n = 1) => `matrix-${role}-${n}`;
/** A venue each role manages (or any venue, for roles that manage none). */
const venueFor = (role: Role): string => (role === 'street_admin' ? 'xy-center' : 'cyy-hall');

let w: BookingWorld;
let slotSeq = 0;
let people = 0;
/** A fresh plain resident (each has its own booking quota). */
const someone = (): string => `someone-${++people}`;
const nextSlot = (): string => {
  const times = ['08:30', '09:30', '10:30', '11:30', '12:30', '13:30', '14:30', '15:30', '16:30', '17:30', '18:30', '19:30'];
  const i = slotSeq++;
  return at(`2026-12-${String(2 + Math.floor(i / times.length)).padStart(2, '0')}`, times[i % times.length] as string);
};

const mains: Record<string, Main> = {};
const invoke = (fn: string, openid: string, action: string, data: unknown): Promise<Envelope<unknown>> =>
  w.cloud.invoke(mains[fn] as Main, openid, { action, data, requestId: rid() });
const must = async <T>(p: Promise<Envelope<unknown>>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(`setup failed: ${r.error.code} ${r.error.message}`);
  return r.data as T;
};

/** A pending booking (organization booking) at a venue, made by `openid`. */
const pendingAt = async (venueId: string, openid = someone()): Promise<Booking> => {
  await joinOrganization(openid, 'org-shanheliang');
  return must<Booking>(invoke('venue', openid, 'book', { venueId, starts: [nextSlot()], purpose: '组织活动', attendees: 5, orgId: 'org-shanheliang' }));
};

type Sample = (role: Role, caller: string) => Promise<unknown>;
const samples: Record<string, Sample> = {
  'user.me': async () => ({}),
  'user.ping': async () => ({}),
  'user.messages': async () => ({}),
  'user.readMessages': async () => ({}),
  'user.exportMyData': async () => ({}),
  // Deleting erases the role grant, so a second user of the role does it (see `callerFor`).
  'user.deleteAccount': async () => ({ confirm: '注销' }),
  'station.list': async () => ({}),
  'admin.auditLog': async () => ({ limit: 20 }),
  'admin.grantRole': async () => ({ openid: 'demo-volunteer', grant: { role: 'volunteer' } }),
  'admin.revokeRole': async () => ({ openid: 'demo-party-member', role: 'volunteer' }),
  'venue.list': async () => ({}),
  'venue.areas': async () => ({}),
  'venue.get': async () => ({ venueId: 'cyy-rehearsal' }),
  'venue.slots': async () => ({ venueId: 'cyy-rehearsal', date: LATER }),
  'venue.book': async () => ({ venueId: 'cyy-rehearsal', starts: [nextSlot()], purpose: '矩阵测试', attendees: 3 }),
  'venue.cancel': async (_role, caller) => {
    const b = await must<Booking>(invoke('venue', caller, 'book', { venueId: 'cyy-meeting-2', starts: [nextSlot()], purpose: '将取消', attendees: 2 }));
    return { bookingId: b.id };
  },
  'venue.mine': async () => ({}),
  'venue.checkIn': async () => ({ venueId: 'cyy-rehearsal', code: '000000' }),
  'venue.joinWaitlist': async () => {
    const start = nextSlot();
    await must(invoke('venue', someone(), 'book', { venueId: 'cyy-workshop', starts: [start], purpose: '占位', attendees: 2 }));
    return { venueId: 'cyy-workshop', start, purpose: '候补', attendees: 2 };
  },
  'venue.leaveWaitlist': async () => ({ venueId: 'cyy-workshop', start: at(LATER, '10:30') }),
  'venue.managed': async () => ({}),
  'venue.schedule': async (role) => ({ venueId: venueFor(role), date: DAY }),
  'venue.pending': async () => ({}),
  'venue.approve': async (role) => ({ bookingId: (await pendingAt(venueFor(role))).id }),
  'venue.reject': async (role) => ({ bookingId: (await pendingAt(venueFor(role))).id, reason: '当天已有安排' }),
  'venue.checkInBooking': async (role) => ({ venueId: venueFor(role), code: '000000' }),
  'venue.venueCode': async (role) => ({ venueId: venueFor(role) }),
  'venue.setBlackout': async (role) => ({ venueId: venueFor(role), date: '2026-12-31', closed: true }),
};

/** BOLA: the victim's object, an attacker of the same role, and what must hold afterwards. */
interface BolaCase {
  role: Role;
  run(): Promise<{ res: Envelope<unknown>; unchanged: () => void }>;
}
const snapshot = (coll: string, id: string) => JSON.stringify(w.doc(coll, id));
const bola: Record<string, BolaCase> = {
  // Own-object reads take no id: naming someone else's openid is refused as an unknown field.
  'user.me': { role: 'resident', run: async () => ({ res: await invoke('user', someone(), 'me', { openid: 'demo-resident' }), unchanged: () => undefined }) },
  'user.messages': { role: 'resident', run: async () => ({ res: await invoke('user', someone(), 'messages', { openid: 'demo-resident' }), unchanged: () => undefined }) },
  'user.readMessages': {
    role: 'resident',
    run: async () => {
      const victim = someone();
      const b = await must<Booking>(invoke('venue', victim, 'book', { venueId: 'cyy-meeting-1', starts: [nextSlot()], purpose: '消息', attendees: 2 }));
      const ids = w.notifications(victim).filter((n) => n.bookingId === b.id).map((n) => (n as unknown as { _id: string })._id);
      expect(ids.length).toBeGreaterThan(0);
      const before = ids.map((id) => snapshot('notifications', id)).join();
      const res = await invoke('user', someone(), 'readMessages', { ids });
      return { res, unchanged: () => expect(ids.map((id) => snapshot('notifications', id)).join()).toBe(before) };
    },
  },
  'venue.cancel': {
    role: 'resident',
    run: async () => {
      const b = await must<Booking>(invoke('venue', someone(), 'book', { venueId: 'cyy-meeting-1', starts: [nextSlot()], purpose: '别人的', attendees: 2 }));
      const before = snapshot('bookings', b.id);
      return { res: await invoke('venue', someone(), 'cancel', { bookingId: b.id }), unchanged: () => expect(snapshot('bookings', b.id)).toBe(before) };
    },
  },
  'user.exportMyData': { role: 'resident', run: async () => ({ res: await invoke('user', someone(), 'exportMyData', { openid: 'demo-resident' }), unchanged: () => undefined }) },
  'user.deleteAccount': {
    role: 'resident',
    run: async () => {
      const before = snapshot('users', 'demo-resident');
      return { res: await invoke('user', someone(), 'deleteAccount', { confirm: '注销', openid: 'demo-resident' }), unchanged: () => expect(snapshot('users', 'demo-resident')).toBe(before) };
    },
  },
  'venue.mine': { role: 'resident', run: async () => ({ res: await invoke('venue', someone(), 'mine', { openid: 'demo-resident' }), unchanged: () => undefined }) },
  'venue.checkIn': {
    role: 'resident',
    run: async () => {
      const start = at(DAY, '08:30');
      const b = await must<Booking>(invoke('venue', someone(), 'book', { venueId: 'cyy-meeting-1', starts: [start], purpose: '签到', attendees: 2 }));
      const { code } = await must<{ code: string }>(invoke('venue', 'demo-district-admin', 'venueCode', { venueId: 'cyy-meeting-1' }));
      w.clock.set(Date.parse('2026-12-01T08:25:00+08:00'));
      const before = snapshot('bookings', b.id);
      const res = await invoke('venue', someone(), 'checkIn', { venueId: 'cyy-meeting-1', code });
      w.clock.set(Date.parse('2026-12-01T08:00:00+08:00'));
      return { res, unchanged: () => expect(snapshot('bookings', b.id)).toBe(before) };
    },
  },
  'venue.leaveWaitlist': {
    role: 'resident',
    run: async () => {
      const start = nextSlot();
      await must(invoke('venue', someone(), 'book', { venueId: 'cyy-workshop', starts: [start], purpose: '占位', attendees: 2 }));
      await must(invoke('venue', someone(), 'joinWaitlist', { venueId: 'cyy-workshop', start, purpose: '候补', attendees: 2 }));
      const digest = databaseDigest(w.cloud.db);
      const res = await invoke('venue', someone(), 'leaveWaitlist', { venueId: 'cyy-workshop', start });
      return { res, unchanged: () => expect(databaseDigest(w.cloud.db)).toBe(digest) };
    },
  },
  ...Object.fromEntries(
    (['schedule', 'approve', 'reject', 'checkInBooking', 'venueCode', 'setBlackout'] as const).map((action) => [
      `venue.${action}`,
      {
        role: 'venue_manager',
        run: async () => {
          // A manager of the 创益园 rooms acts on 向阳街道's venue.
          const pending = await pendingAt('xy-center');
          const data = {
            schedule: { venueId: 'xy-center' },
            approve: { bookingId: pending.id },
            reject: { bookingId: pending.id, reason: '越权测试' },
            checkInBooking: { venueId: 'xy-center', code: '000000' },
            venueCode: { venueId: 'xy-center' },
            setBlackout: { venueId: 'xy-center', date: '2026-12-30', closed: true },
          }[action];
          const digest = databaseDigest(w.cloud.db);
          const res = await invoke('venue', userOf('venue_manager'), action, data);
          return { res, unchanged: () => expect(databaseDigest(w.cloud.db)).toBe(digest) };
        },
      },
    ]),
  ),
  'venue.managed': {
    role: 'venue_manager',
    run: async () => {
      const res = await invoke('venue', userOf('venue_manager'), 'managed', {});
      return { res, unchanged: () => expect(JSON.stringify(res)).not.toContain('xy-center') };
    },
  },
  'admin.auditLog': {
    role: 'venue_manager',
    run: async () => {
      const other = await pendingAt('xy-center');
      await must(invoke('venue', 'demo-street-admin', 'approve', { bookingId: other.id }));
      const res = await invoke('admin', userOf('venue_manager'), 'auditLog', {});
      return { res, unchanged: () => expect(JSON.stringify(res)).not.toContain(other.id) };
    },
  },
  'admin.grantRole': {
    role: 'street_admin',
    run: async () => {
      // 向阳街道's admin tries to make someone manager of a 创益园 room (district level, not their street).
      const before = snapshot('users', 'demo-resident-2');
      const res = await invoke('admin', userOf('street_admin'), 'grantRole', { openid: 'demo-resident-2', grant: { role: 'venue_manager', scope: { venueIds: ['cyy-hall'] } } });
      return { res, unchanged: () => expect(snapshot('users', 'demo-resident-2')).toBe(before) };
    },
  },
  'admin.revokeRole': {
    role: 'street_admin',
    run: async () => {
      const before = snapshot('users', 'demo-venue-manager');
      const res = await invoke('admin', userOf('street_admin'), 'revokeRole', { openid: 'demo-venue-manager', role: 'venue_manager' });
      return { res, unchanged: () => expect(snapshot('users', 'demo-venue-manager')).toBe(before) };
    },
  },
  'venue.pending': {
    role: 'venue_manager',
    run: async () => {
      const other = await pendingAt('xy-center');
      const res = await invoke('venue', userOf('venue_manager'), 'pending', {});
      return { res, unchanged: () => expect(JSON.stringify(res)).not.toContain(other.id) };
    },
  },
};

/** Every full phone number in the demo data (matrix users have none of their own). */
const seededPhones = demoUsers.map((u) => u.phone);

const allActions = Object.entries(contract).flatMap(([fn, actions]) =>
  Object.entries(actions as Record<string, ActionSpec>).map(([action, spec]) => ({ fn, action, spec, id: `${fn}.${action}` })),
);

beforeAll(async () => {
  w = await bookingWorld({ date: DAY, clock: '08:00' });
  mains.venue = w.venue;
  mains.user = userMain;
  mains.station = stationMain;
  mains.admin = adminMain;
  const users = Roles.flatMap((role) =>
    [1, 2].map((n) => ({ _id: userOf(role, n), nickname: `矩阵${role}`, phone: null, streetId: null, communityId: null, roles: [{ role: 'resident' }, ...grants[role]], createdAt: { $date: '2026-11-01T00:00:00Z' }, updatedAt: { $date: '2026-11-01T00:00:00Z' } })),
  );
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: users.map((u) => JSON.stringify(u)) });
  // Phone-bearing data that others' views could leak: a booking and a waitlist entry with contact phones.
  const start = at(LATER, '10:30');
  await must(invoke('venue', 'demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [start], purpose: '排练', attendees: 5, phone: '13805351234' }));
  await must(invoke('venue', 'demo-resident-2', 'joinWaitlist', { venueId: 'cyy-rehearsal', start, purpose: '候补', attendees: 5, phone: '13905356789' }));
});
afterAll(() => w.stop());

describe('authorization matrix: every action × every role', () => {
  it('has a sample call for every registered action', () => {
    expect(allActions.map((a) => a.id).filter((id) => !samples[id])).toEqual([]);
  });

  it.each(allActions.flatMap((a) => Roles.map((role) => ({ ...a, role }))).map((c) => [`${c.id} as ${c.role}`, c] as const))('%s', async (_name, c) => {
    const allowed = c.spec.access.roles === 'any' || c.spec.access.roles.includes(c.role);
    const caller = c.id === 'user.deleteAccount' ? userOf(c.role, 2) : userOf(c.role);
    const data = await (samples[c.id] as Sample)(c.role, caller);
    const res = await invoke(c.fn, caller, c.action, data);
    const code = res.ok ? null : res.error.code;
    expect(code).not.toBe('INTERNAL');
    // Privacy: outside the responsible managers' views, nobody sees another person's full phone number.
    if (c.spec.access.roles === 'any') {
      for (const phone of seededPhones) expect(JSON.stringify(res)).not.toContain(phone);
    }
    if (allowed) expect(code).not.toBe('AUTH.FORBIDDEN');
    else expect(code).toBe('AUTH.FORBIDDEN');
  });
});

describe('object-level authorization (BOLA)', () => {
  it('has a case for every action that takes or returns someone’s objects', () => {
    expect(allActions.filter((a) => a.spec.access.objects !== 'none' && !bola[a.id]).map((a) => a.id)).toEqual([]);
  });

  it.each(Object.keys(bola))('%s refuses another user’s object and changes nothing', async (id) => {
    const { res, unchanged } = await (bola[id] as BolaCase).run();
    if (!res.ok) expect(['AUTH.FORBIDDEN', 'VENUE.BOOKING_NOT_FOUND', 'VENUE.NOT_FOUND', 'VENUE.BOOKING_STATE', 'INPUT.INVALID', 'VENUE.CHECKIN_CODE_INVALID']).toContain(res.error.code);
    unchanged();
  });
});
