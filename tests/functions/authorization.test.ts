/**
 * Authorization, driven by the contract: every registered action × every role is called through the real functions
 * (two instances of each, calls alternating between them, one database), and the answer must match the action's
 * declared `access`: allowed → the call really succeeds (ok:true, or the one domain code a sample names and why);
 * not allowed → AUTH.FORBIDDEN. Every action on someone's objects has a BOLA case: another user of the same role
 * tries it on a victim who has data (bookings, messages, a phone), and is refused or gets none of the victim's data —
 * the same call by the victim (or their manager) shows that data, so the check could fail. Mutations must also leave
 * the object unchanged. An action without a sample or a BOLA case fails the suite.
 */
import { handlers as adminHandlers } from '../../cloudfunctions/admin/index';
import { handlers as userHandlers, timers as userTimers } from '../../cloudfunctions/user/index';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { contract, Roles, type ActionSpec, type Booking, type Envelope, type ErrorCode, type Role } from '../../types';
import { at, bookingWorld, rid, type BookingWorld } from '../support/booking';
import { databaseDigest } from '../support/digest';
import { joinOrganization } from '../support/organizations';
import { demoUsers } from '../../local-cloud/seed';
import { answeredWithout, matrixUser, matrixUserDocs, STATIONS_SUITE_FUNCTIONS, VENUE_SUITE_FUNCTIONS, refused, shownTo, text } from '../support/authorization';

const DAY = '2026-12-01';
const LATER = '2026-12-05';
const MORNING = Date.parse('2026-12-01T08:00:00+08:00');

const userOf = matrixUser;
/** A venue each role manages (or any venue, for roles that manage none). */
const venueFor = (role: Role): string => (role === 'street_admin' ? 'xy-center' : 'cyy-hall');
/** A venue that needs no approval, managed by the role where it manages any: for check-in by the booking's code. */
const checkInVenueFor = (role: Role): string => (role === 'street_admin' ? 'xy-center' : 'cyy-meeting-1');
/** Today's check-in samples: each role its own hour, so roles never share a slot. */
const hourOf = (role: Role): string => `${String(9 + Roles.indexOf(role)).padStart(2, '0')}:30`;

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

/** Two instances of each function; calls to a function alternate between its instances. */
const instances: Record<string, Main[]> = {};
const turns: Record<string, number> = {};
const invoke = (fn: string, openid: string, action: string, data: unknown): Promise<Envelope<unknown>> => {
  const all = instances[fn] as Main[];
  const main = all[(turns[fn] = (turns[fn] ?? 0) + 1) % all.length] as Main;
  return w.cloud.invoke(main, openid, { action, data, requestId: rid() });
};
const must = async <T>(p: Promise<Envelope<unknown>>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(`setup failed: ${r.error.code} ${r.error.message}`);
  return r.data as T;
};

/** A pending booking (organization booking, by a member) at a venue, made by `openid`. */
const pendingAt = async (venueId: string, openid = someone(), start = nextSlot()): Promise<Booking> => {
  await joinOrganization(openid, 'org-shanheliang');
  return must<Booking>(invoke('venue', openid, 'book', { venueId, starts: [start], purpose: '组织活动', attendees: 5, phone: '13800000000', orgId: 'org-shanheliang' }));
};
/** A confirmed booking by someone at `venueId` today at `clock`; the clock is then set 5 minutes before its start. */
const confirmedToday = async (venueId: string, clock: string, openid = someone()): Promise<Booking> => {
  const b = await must<Booking>(invoke('venue', openid, 'book', { venueId, starts: [at(DAY, clock)], purpose: '签到', attendees: 2, phone: '13800000000' }));
  w.clock.set(Date.parse(at(DAY, clock)) - 5 * 60_000);
  return b;
};

/** The victim whose data attackers must not see: 王阿姨, with a phone, a booking and its message. */
const victim = { openid: 'demo-resident', phone: '13805351234', nickname: '王阿姨', bookingId: '', messageIds: [] as string[] };

/** A new street venue / station of 向阳街道 as an administrator writes it. */
const adminVenue = (): Record<string, unknown> => ({
  name: '矩阵测试活动室', level: 'street', type: 'activity', capacity: 10, facilities: ['桌椅'], address: '芝罘区向阳街道测试路1号',
  streetId: 'xiangyang', communityId: null, opens: '09:00', closes: '17:00', slotMinutes: 60, windowDays: 14, maxConsecutive: 3, needsApproval: false, photos: [],
});
const adminStation = (): Record<string, unknown> => ({
  name: '矩阵测试红帆站', streetId: 'xiangyang', communityId: 'beida', address: '芝罘区北大街测试号', services: ['义务理发'], hours: '每周二 9:00–11:00', location: null,
});

/**
 * A sample call: its input, and — only where an allowed role can get nothing but a domain refusal — that exact code.
 */
type Sample = (role: Role, caller: string) => Promise<unknown>;
const samples: Record<string, Sample> = {
  'user.me': async () => ({}),
  'user.ping': async () => ({}),
  'user.messages': async () => ({}),
  'user.readMessages': async () => ({}),
  'user.setPreferences': async () => ({ elderMode: true }),
  'user.setProfile': async () => ({ nickname: '矩阵用户', phone: '13800000000' }),
  'user.exportMyData': async () => ({}),
  // Deleting erases the role grant, so a second user of the role does it (see the matrix test).
  'user.deleteAccount': async () => ({ confirm: '注销' }),
  'admin.auditLog': async () => ({ limit: 20 }),
  // A volunteer of 向阳街道 (demo-volunteer lives there): within every admin's reach.
  'admin.grantRole': async () => ({ openid: 'demo-volunteer', grant: { role: 'volunteer' } }),
  'admin.revokeRole': async () => ({ openid: 'demo-volunteer', role: 'volunteer' }),
  // The dashboard over a year: every admin sees their scope (a street admin their street).
  'admin.dashboard': async () => ({ from: '2026-01-01', to: '2026-12-31' }),
  'admin.exportTable': async () => ({ table: 'streets', from: '2026-01-01', to: '2026-12-31' }),
  // Places administration: each call its own new place in 向阳街道 (within every admin's reach).
  'admin.venues': async () => ({}),
  'admin.saveVenue': async () => ({ venue: adminVenue() }),
  'admin.retireVenue': async () => ({ venueId: (await must<{ venue: { id: string } }>(invoke('admin', 'demo-district-admin', 'saveVenue', { venue: adminVenue() }))).venue.id, reason: '矩阵测试停用' }),
  'admin.stations': async () => ({}),
  'admin.saveStation': async () => ({ station: adminStation() }),
  'admin.retireStation': async () => ({ stationId: (await must<{ station: { id: string } }>(invoke('admin', 'demo-district-admin', 'saveStation', { station: adminStation() }))).station.id, reason: '矩阵测试停用' }),
  'admin.findPeople': async () => ({ q: '王阿姨' }),
  'venue.list': async () => ({}),
  'venue.areas': async () => ({}),
  'venue.get': async () => ({ venueId: 'cyy-rehearsal' }),
  'venue.slots': async () => ({ venueId: 'cyy-rehearsal', date: LATER }),
  'venue.availability': async () => ({ from: DAY, days: 7, part: 'afternoon', level: 'district' }),
  'venue.quota': async () => ({}),
  'venue.book': async () => ({ venueId: 'cyy-rehearsal', starts: [nextSlot()], purpose: '矩阵测试', attendees: 3 }),
  'venue.cancel': async (_role, caller) => {
    const b = await must<Booking>(invoke('venue', caller, 'book', { venueId: 'cyy-meeting-2', starts: [nextSlot()], purpose: '将取消', attendees: 2, phone: '13800000000' }));
    return { bookingId: b.id };
  },
  'venue.mine': async () => ({}),
  // The caller's own booking today at 创益园第二会议室, the venue's real code of the day, inside the check-in window.
  'venue.checkIn': async (role, caller) => {
    const { code } = await must<{ code: string }>(invoke('venue', 'demo-district-admin', 'venueCode', { venueId: 'cyy-meeting-2' }));
    await confirmedToday('cyy-meeting-2', hourOf(role), caller);
    return { venueId: 'cyy-meeting-2', code };
  },
  'venue.joinWaitlist': async () => {
    const start = nextSlot();
    await must(invoke('venue', someone(), 'book', { venueId: 'cyy-workshop', starts: [start], purpose: '占位', attendees: 2, phone: '13800000000' }));
    return { venueId: 'cyy-workshop', start, purpose: '候补', attendees: 2 };
  },
  'venue.leaveWaitlist': async (_role, caller) => {
    const start = nextSlot();
    await must(invoke('venue', someone(), 'book', { venueId: 'cyy-workshop', starts: [start], purpose: '占位', attendees: 2, phone: '13800000000' }));
    await must(invoke('venue', caller, 'joinWaitlist', { venueId: 'cyy-workshop', start, purpose: '候补', attendees: 2 }));
    return { venueId: 'cyy-workshop', start };
  },
  'venue.managed': async () => ({}),
  'venue.schedule': async (role) => ({ venueId: venueFor(role), date: DAY }),
  'venue.pending': async () => ({}),
  'venue.approve': async (role) => ({ bookingId: (await pendingAt(venueFor(role))).id }),
  'venue.reject': async (role) => ({ bookingId: (await pendingAt(venueFor(role))).id, reason: '当天已有安排' }),
  // Someone's confirmed booking today at a venue the role manages, by the code the resident shows, in the window.
  'venue.checkInBooking': async (role) => ({ venueId: checkInVenueFor(role), code: (await confirmedToday(checkInVenueFor(role), hourOf(role))).checkInCode }),
  'venue.venueCode': async (role) => ({ venueId: venueFor(role) }),
  'venue.setBlackout': async (role) => ({ venueId: venueFor(role), date: '2026-12-31', closed: true }),
};
/** Allowed roles for which the sample's only possible answer is a domain refusal: none today. */
const expectedRefusal: Partial<Record<string, ErrorCode>> = {};

/** BOLA: an attacker of the victim's role (or a manager of other venues) against the victim's objects. */
interface BolaCase {
  role: Role;
  run(): Promise<void>;
}
const snapshot = (coll: string, id: string) => JSON.stringify(w.doc(coll, id));
/** Reads of one's own data take no id: naming the victim is refused, and the plain call answers only the caller's. */
const ownRead = (fn: 'user' | 'venue', action: string, secrets: () => string[]): BolaCase => ({
  role: 'resident',
  run: async () => {
    shownTo(await invoke(fn, victim.openid, action, {}), secrets());
    const attacker = someone();
    refused(await invoke(fn, attacker, action, { openid: victim.openid }), 'INPUT.INVALID');
    answeredWithout(await invoke(fn, attacker, action, {}), secrets());
  },
});
const bola: Record<string, BolaCase> = {
  'user.me': ownRead('user', 'me', () => [victim.nickname, victim.openid]),
  'user.messages': ownRead('user', 'messages', () => [victim.bookingId, ...victim.messageIds]),
  'user.exportMyData': ownRead('user', 'exportMyData', () => [victim.phone, victim.bookingId, ...victim.messageIds]),
  'venue.mine': ownRead('venue', 'mine', () => [victim.bookingId]),
  // The victim has an active booking: their quota says so; another resident's says only their own (none used).
  'venue.quota': {
    role: 'resident',
    run: async () => {
      const used = `"used":${w.doc<{ active: number }>('booking_accounts', victim.openid)?.active ?? 0}`;
      expect(used).not.toBe('"used":0');
      shownTo(await invoke('venue', victim.openid, 'quota', {}), [used]);
      const attacker = someone();
      refused(await invoke('venue', attacker, 'quota', { openid: victim.openid }), 'INPUT.INVALID');
      answeredWithout(await invoke('venue', attacker, 'quota', {}), [used]);
    },
  },
  'user.readMessages': {
    role: 'resident',
    run: async () => {
      const owner = someone();
      const b = await must<Booking>(invoke('venue', owner, 'book', { venueId: 'cyy-meeting-1', starts: [nextSlot()], purpose: '消息', attendees: 2, phone: '13800000000' }));
      const ids = w.notifications(owner).filter((n) => n.bookingId === b.id).map((n) => (n as unknown as { _id: string })._id);
      expect(ids.length).toBeGreaterThan(0);
      const before = ids.map((id) => snapshot('notifications', id)).join();
      await invoke('user', someone(), 'readMessages', { ids });
      expect(ids.map((id) => snapshot('notifications', id)).join()).toBe(before);
      // The control: the owner marking them read does change them.
      await must(invoke('user', owner, 'readMessages', { ids }));
      expect(ids.map((id) => snapshot('notifications', id)).join()).not.toBe(before);
    },
  },
  'venue.cancel': {
    role: 'resident',
    run: async () => {
      const b = await must<Booking>(invoke('venue', someone(), 'book', { venueId: 'cyy-meeting-1', starts: [nextSlot()], purpose: '别人的', attendees: 2, phone: '13800000000' }));
      const before = snapshot('bookings', b.id);
      refused(await invoke('venue', someone(), 'cancel', { bookingId: b.id }), 'VENUE.BOOKING_NOT_FOUND');
      expect(snapshot('bookings', b.id)).toBe(before);
    },
  },
  // 长辈版 is the caller's own: naming the victim is refused, and the victim's profile moves only by their own call.
  'user.setPreferences': {
    role: 'resident',
    run: async () => {
      const before = snapshot('users', victim.openid);
      refused(await invoke('user', someone(), 'setPreferences', { elderMode: true, openid: victim.openid }), 'INPUT.INVALID');
      await must(invoke('user', someone(), 'setPreferences', { elderMode: true }));
      expect(snapshot('users', victim.openid)).toBe(before);
      // The control: the victim's own call does change their profile.
      await must(invoke('user', victim.openid, 'setPreferences', { elderMode: true }));
      expect(snapshot('users', victim.openid)).not.toBe(before);
    },
  },
  // 称呼 and phone are the caller's own: naming the victim is refused, and only the victim's own call changes theirs.
  'user.setProfile': {
    role: 'resident',
    run: async () => {
      const before = snapshot('users', victim.openid);
      refused(await invoke('user', someone(), 'setProfile', { nickname: '冒名', phone: '13800000000', openid: victim.openid }), 'INPUT.INVALID');
      const attacker = await must<{ phoneMasked: string | null }>(invoke('user', someone(), 'setProfile', { nickname: '冒名', phone: '13800000000' }));
      expect(JSON.stringify(attacker)).not.toContain(victim.nickname);
      expect(snapshot('users', victim.openid)).toBe(before);
      // The control: the victim's own call does change their profile.
      await must(invoke('user', victim.openid, 'setProfile', { nickname: victim.nickname, phone: '13805350000' }));
      expect(snapshot('users', victim.openid)).not.toBe(before);
      await must(invoke('user', victim.openid, 'setProfile', { phone: victim.phone }));
    },
  },
  'user.deleteAccount': {
    role: 'resident',
    run: async () => {
      const before = snapshot('users', victim.openid);
      refused(await invoke('user', someone(), 'deleteAccount', { confirm: '注销', openid: victim.openid }), 'INPUT.INVALID');
      expect(snapshot('users', victim.openid)).toBe(before);
    },
  },
  'venue.checkIn': {
    role: 'resident',
    run: async () => {
      // Someone else's booking at 08:30, the venue's real code, inside the window: the attacker has no booking there.
      const b = await must<Booking>(invoke('venue', someone(), 'book', { venueId: 'cyy-meeting-1', starts: [at(DAY, '08:30')], purpose: '签到', attendees: 2, phone: '13800000000' }));
      const { code } = await must<{ code: string }>(invoke('venue', 'demo-district-admin', 'venueCode', { venueId: 'cyy-meeting-1' }));
      w.clock.set(Date.parse('2026-12-01T08:25:00+08:00'));
      const before = snapshot('bookings', b.id);
      refused(await invoke('venue', someone(), 'checkIn', { venueId: 'cyy-meeting-1', code }), 'VENUE.BOOKING_NOT_FOUND');
      expect(snapshot('bookings', b.id)).toBe(before);
    },
  },
  'venue.leaveWaitlist': {
    role: 'resident',
    run: async () => {
      const start = nextSlot();
      const queued = someone();
      await must(invoke('venue', someone(), 'book', { venueId: 'cyy-workshop', starts: [start], purpose: '占位', attendees: 2, phone: '13800000000' }));
      await must(invoke('venue', queued, 'joinWaitlist', { venueId: 'cyy-workshop', start, purpose: '候补', attendees: 2 }));
      const digest = databaseDigest(w.cloud.db);
      // Waitlist places are per person: the attacker can only leave their own (absent) place.
      expect(await invoke('venue', someone(), 'leaveWaitlist', { venueId: 'cyy-workshop', start })).toMatchObject({ ok: true, data: { left: false } });
      expect(databaseDigest(w.cloud.db)).toBe(digest);
    },
  },
  // A manager of the 创益园 rooms against 向阳街道's venue, which has a booking today (with a phone) and a pending one.
  'venue.schedule': {
    role: 'venue_manager',
    run: async () => {
      const b = await must<Booking>(invoke('venue', someone(), 'book', { venueId: 'xy-center', starts: [at(DAY, '19:30')], purpose: '街道活动', attendees: 5, phone: '13812345678' }));
      shownTo(await invoke('venue', 'demo-street-admin', 'schedule', { venueId: 'xy-center', date: DAY }), [b.id, '13812345678']);
      refused(await invoke('venue', userOf('venue_manager'), 'schedule', { venueId: 'xy-center', date: DAY }), 'AUTH.FORBIDDEN');
      answeredWithout(await invoke('venue', userOf('venue_manager'), 'schedule', { date: DAY }), [b.id, '13812345678']);
    },
  },
  'venue.venueCode': {
    role: 'venue_manager',
    run: async () => {
      const { code } = await must<{ code: string }>(invoke('venue', 'demo-street-admin', 'venueCode', { venueId: 'xy-center' }));
      const res = await invoke('venue', userOf('venue_manager'), 'venueCode', { venueId: 'xy-center' });
      refused(res, 'AUTH.FORBIDDEN');
      expect(text(res)).not.toContain(code);
    },
  },
  'venue.checkInBooking': {
    role: 'venue_manager',
    run: async () => {
      // The booking's real code, inside its window: only the venue's managers may use it.
      const b = await confirmedToday('xy-center', '18:30');
      const before = snapshot('bookings', b.id);
      const res = await invoke('venue', userOf('venue_manager'), 'checkInBooking', { venueId: 'xy-center', code: b.checkInCode });
      refused(res, 'AUTH.FORBIDDEN');
      expect(text(res)).not.toContain(b.id);
      expect(snapshot('bookings', b.id)).toBe(before);
      // Without a room, the code is looked up only in the caller's own rooms: to them it is simply wrong.
      const across = await invoke('venue', userOf('venue_manager'), 'checkInBooking', { code: b.checkInCode });
      refused(across, 'VENUE.CHECKIN_CODE_INVALID');
      expect(text(across)).not.toContain(b.id);
      expect(text(across)).not.toContain('xy-center');
      expect(snapshot('bookings', b.id)).toBe(before);
    },
  },
  ...Object.fromEntries(
    (['approve', 'reject', 'setBlackout'] as const).map((action) => [
      `venue.${action}`,
      {
        role: 'venue_manager',
        run: async () => {
          const pending = await pendingAt('xy-center');
          const data = {
            approve: { bookingId: pending.id },
            reject: { bookingId: pending.id, reason: '越权测试' },
            setBlackout: { venueId: 'xy-center', date: '2026-12-30', closed: true },
          }[action];
          const digest = databaseDigest(w.cloud.db);
          refused(await invoke('venue', userOf('venue_manager'), action, data), 'AUTH.FORBIDDEN');
          expect(databaseDigest(w.cloud.db)).toBe(digest);
        },
      } satisfies BolaCase,
    ]),
  ),
  'venue.managed': {
    role: 'venue_manager',
    run: async () => {
      shownTo(await invoke('venue', 'demo-street-admin', 'managed', {}), ['xy-center']);
      answeredWithout(await invoke('venue', userOf('venue_manager'), 'managed', {}), ['xy-center']);
    },
  },
  'admin.auditLog': {
    role: 'venue_manager',
    run: async () => {
      const other = await pendingAt('xy-center');
      await must(invoke('venue', 'demo-street-admin', 'approve', { bookingId: other.id }));
      shownTo(await invoke('admin', 'demo-street-admin', 'auditLog', {}), [other.id]);
      answeredWithout(await invoke('admin', userOf('venue_manager'), 'auditLog', {}), [other.id]);
    },
  },
  'admin.grantRole': {
    role: 'street_admin',
    run: async () => {
      // 向阳街道's admin tries to make someone manager of a 创益园 room (district level, not their street).
      const before = snapshot('users', 'demo-resident-2');
      refused(
        await invoke('admin', userOf('street_admin'), 'grantRole', { openid: 'demo-resident-2', grant: { role: 'venue_manager', scope: { venueIds: ['cyy-hall'] } } }),
        'AUTH.FORBIDDEN',
      );
      expect(snapshot('users', 'demo-resident-2')).toBe(before);
    },
  },
  'admin.revokeRole': {
    role: 'street_admin',
    run: async () => {
      // 陈主任 manages only 创益园 rooms: nothing of 向阳街道's to take back, so nothing changes (the contract says so),
      // and the answer shows none of the rooms outside the street.
      const before = snapshot('users', 'demo-venue-manager');
      const audit = w.count('audit_log', {});
      const res = await invoke('admin', userOf('street_admin'), 'revokeRole', { openid: 'demo-venue-manager', role: 'venue_manager' });
      if (!res.ok) refused(res, 'AUTH.FORBIDDEN');
      expect(text(res)).not.toContain('cyy-');
      expect(snapshot('users', 'demo-venue-manager')).toBe(before);
      expect(w.count('audit_log', {})).toBe(audit);
    },
  },
  'admin.dashboard': {
    role: 'street_admin',
    run: async () => {
      // 向阳街道's admin: another street's figures are refused, and the plain call shows no other street.
      const range = { from: '2026-01-01', to: '2026-12-31' };
      shownTo(await invoke('admin', 'demo-district-admin', 'dashboard', range), ['东山街道', '区级（创益园）']);
      refused(await invoke('admin', userOf('street_admin'), 'dashboard', { ...range, streetId: 'dongshan' }), 'AUTH.FORBIDDEN');
      answeredWithout(await invoke('admin', userOf('street_admin'), 'dashboard', range), ['东山街道', '区级（创益园）', 'dongshan', 'cyy-']);
    },
  },
  'admin.exportTable': {
    role: 'street_admin',
    run: async () => {
      const range = { table: 'streets', from: '2026-01-01', to: '2026-12-31' };
      const all = await must<{ rows: number; filename: string }>(invoke('admin', 'demo-district-admin', 'exportTable', range));
      expect(all.rows).toBeGreaterThan(1);
      refused(await invoke('admin', userOf('street_admin'), 'exportTable', { ...range, streetId: 'dongshan' }), 'AUTH.FORBIDDEN');
      const own = await must<{ rows: number; filename: string }>(invoke('admin', userOf('street_admin'), 'exportTable', range));
      expect(own).toMatchObject({ rows: 1, filename: expect.stringContaining('向阳街道') as unknown });
    },
  },
  // 向阳街道's admin against another street's venue and station, the 创益园, and people of other streets.
  'admin.venues': {
    role: 'street_admin',
    run: async () => {
      shownTo(await invoke('admin', 'demo-district-admin', 'venues', { streetId: 'dongshan' }), ['ds-meeting']);
      refused(await invoke('admin', userOf('street_admin'), 'venues', { streetId: 'dongshan' }), 'AUTH.FORBIDDEN');
      answeredWithout(await invoke('admin', userOf('street_admin'), 'venues', { includeRetired: true }), ['ds-meeting', 'cyy-hall', 'dongshan']);
    },
  },
  'admin.saveVenue': {
    role: 'street_admin',
    run: async () => {
      const digest = databaseDigest(w.cloud.db);
      refused(await invoke('admin', userOf('street_admin'), 'saveVenue', { venueId: 'ds-meeting', venue: adminVenue() }), 'AUTH.FORBIDDEN');
      refused(await invoke('admin', userOf('street_admin'), 'saveVenue', { venueId: 'cyy-hall', venue: adminVenue() }), 'AUTH.FORBIDDEN');
      refused(await invoke('admin', userOf('street_admin'), 'saveVenue', { venueId: 'xy-center', venue: { ...adminVenue(), streetId: 'dongshan' } }), 'AUTH.FORBIDDEN');
      expect(databaseDigest(w.cloud.db)).toBe(digest);
    },
  },
  'admin.retireVenue': {
    role: 'street_admin',
    run: async () => {
      const digest = databaseDigest(w.cloud.db);
      refused(await invoke('admin', userOf('street_admin'), 'retireVenue', { venueId: 'ds-meeting', reason: '越权测试', cancelBookings: true }), 'AUTH.FORBIDDEN');
      refused(await invoke('admin', userOf('street_admin'), 'retireVenue', { venueId: 'cyy-rehearsal', reason: '越权测试', cancelBookings: true }), 'AUTH.FORBIDDEN');
      expect(databaseDigest(w.cloud.db)).toBe(digest);
    },
  },
  'admin.stations': {
    role: 'street_admin',
    run: async () => {
      shownTo(await invoke('admin', 'demo-district-admin', 'stations', { streetId: 'dongshan' }), ['st-haiyun']);
      refused(await invoke('admin', userOf('street_admin'), 'stations', { streetId: 'dongshan' }), 'AUTH.FORBIDDEN');
      answeredWithout(await invoke('admin', userOf('street_admin'), 'stations', { includeRetired: true }), ['st-haiyun', 'dongshan']);
    },
  },
  'admin.saveStation': {
    role: 'street_admin',
    run: async () => {
      const digest = databaseDigest(w.cloud.db);
      refused(await invoke('admin', userOf('street_admin'), 'saveStation', { stationId: 'st-haiyun', station: adminStation() }), 'AUTH.FORBIDDEN');
      refused(await invoke('admin', userOf('street_admin'), 'saveStation', { stationId: 'st-beida', station: { ...adminStation(), streetId: 'dongshan', communityId: null } }), 'AUTH.FORBIDDEN');
      expect(databaseDigest(w.cloud.db)).toBe(digest);
    },
  },
  'admin.retireStation': {
    role: 'street_admin',
    run: async () => {
      const digest = databaseDigest(w.cloud.db);
      refused(await invoke('admin', userOf('street_admin'), 'retireStation', { stationId: 'st-haiyun', reason: '越权测试', cancelShifts: true }), 'AUTH.FORBIDDEN');
      expect(databaseDigest(w.cloud.db)).toBe(digest);
    },
  },
  'admin.findPeople': {
    role: 'street_admin',
    run: async () => {
      // 赵大爷 lives in 东山街道: the district admin finds him (phone masked), 向阳街道's admin does not.
      shownTo(await invoke('admin', 'demo-district-admin', 'findPeople', { q: '赵大爷' }), ['demo-resident-2', '东山街道']);
      answeredWithout(await invoke('admin', 'demo-district-admin', 'findPeople', { q: '赵大爷' }), ['13905356789']);
      answeredWithout(await invoke('admin', userOf('street_admin'), 'findPeople', { q: '赵大爷' }), ['demo-resident-2', '东山街道']);
      answeredWithout(await invoke('admin', userOf('street_admin'), 'findPeople', { q: '13905356789' }), ['demo-resident-2']);
      answeredWithout(await invoke('admin', userOf('street_admin'), 'findPeople', { q: '6789' }), ['demo-resident-2']);
    },
  },
  'venue.pending': {
    role: 'venue_manager',
    run: async () => {
      const other = await pendingAt('xy-center');
      shownTo(await invoke('venue', 'demo-street-admin', 'pending', {}), [other.id]);
      answeredWithout(await invoke('venue', userOf('venue_manager'), 'pending', {}), [other.id]);
    },
  },
};

/** Every full phone number in the demo data (matrix users have none of their own). */
const seededPhones = demoUsers.map((u) => u.phone);

/** Stations and volunteers have their own suite (authorization.stations.test.ts). */
const SLICE_FUNCTIONS: readonly string[] = VENUE_SUITE_FUNCTIONS;
const allActions = Object.entries(contract).filter(([fn]) => SLICE_FUNCTIONS.includes(fn)).flatMap(([fn, actions]) =>
  Object.entries(actions as Record<string, ActionSpec>).map(([action, spec]) => ({ fn, action, spec, id: `${fn}.${action}` })),
);

beforeAll(async () => {
  w = await bookingWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
  const deps = () => ({ clock: w.clock, db: database });
  instances.venue = w.instances;
  instances.user = [0, 1].map(() => createFunction('user', userHandlers, deps(), userTimers));
  instances.admin = [0, 1].map(() => createFunction('admin', adminHandlers, deps()));
  const users = matrixUserDocs(Roles);
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: users.map((u) => JSON.stringify(u)) });
  // Phone-bearing data that others' views could leak: the victim's booking (with its message) and a waitlist entry.
  const start = at(LATER, '10:30');
  victim.bookingId = (await must<Booking>(invoke('venue', victim.openid, 'book', { venueId: 'cyy-rehearsal', starts: [start], purpose: '排练', attendees: 5, phone: victim.phone }))).id;
  victim.messageIds = w.notifications(victim.openid).map((n) => (n as unknown as { _id: string })._id);
  expect(victim.messageIds.length).toBeGreaterThan(0);
  await must(invoke('venue', 'demo-resident-2', 'joinWaitlist', { venueId: 'cyy-rehearsal', start, purpose: '候补', attendees: 5, phone: '13905356789' }));
});
afterAll(() => w.stop());
// Samples and cases move the clock into a check-in window; each case starts at 08:00 again.
afterEach(() => w.clock.set(MORNING));

describe('authorization matrix: every action × every role', () => {
  it('covers every function of the contract in exactly one of the two authorization suites', () => {
    expect([...VENUE_SUITE_FUNCTIONS, ...STATIONS_SUITE_FUNCTIONS].sort()).toEqual(Object.keys(contract).sort());
  });

  it('has a sample call for every registered action', () => {
    expect(allActions.map((a) => a.id).filter((id) => !samples[id])).toEqual([]);
  });

  it.each(allActions.flatMap((a) => Roles.map((role) => ({ ...a, role }))).map((c) => [`${c.id} as ${c.role}`, c] as const))('%s', async (_name, c) => {
    const allowed = c.spec.access.roles === 'any' || c.spec.access.roles.includes(c.role);
    const caller = c.id === 'user.deleteAccount' ? userOf(c.role, 2) : userOf(c.role);
    const data = await (samples[c.id] as Sample)(c.role, caller);
    const res = await invoke(c.fn, caller, c.action, data);
    // Privacy: outside the responsible managers' views, nobody sees another person's full phone number.
    if (c.spec.access.roles === 'any') {
      for (const phone of seededPhones) expect(text(res)).not.toContain(phone);
    }
    if (!allowed) expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    else if (expectedRefusal[c.id]) expect(res).toMatchObject({ ok: false, error: { code: expectedRefusal[c.id] } });
    else {
      expect(res.ok ? 'ok' : `${res.error.code} ${res.error.message}`).toBe('ok');
      expect(c.spec.output.safeParse(res.ok ? res.data : undefined).success).toBe(true);
    }
  });
});

describe('object-level authorization (BOLA)', () => {
  it('has a case for every action that takes or returns someone’s objects', () => {
    expect(allActions.filter((a) => a.spec.access.objects !== 'none' && !bola[a.id]).map((a) => a.id)).toEqual([]);
  });

  it.each(Object.keys(bola))('%s: another user gets a refusal or none of the victim’s data, and changes nothing', async (id) => {
    await (bola[id] as BolaCase).run();
  });
});
