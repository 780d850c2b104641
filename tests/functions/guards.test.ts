/**
 * The runtime's guards on every mutating action: a per-openid rate limit kept in the database (shared by function
 * instances), and idempotency by requestId (10 parallel replays → one effect, one response; the same requestId with
 * other input → IDEMPOTENCY.KEY_REUSED).
 */
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { database } from '../../cloudfunctions/_shared/db';
import { handlers as adminHandlers } from '../../cloudfunctions/admin/index';
import { handlers as userHandlers } from '../../cloudfunctions/user/index';
import { contract, type ActionSpec, type Booking, type Envelope } from '../../types';
import { at, bookingWorld, MIN, rid, type BookingWorld } from '../support/booking';
import { VENUE_SUITE_FUNCTIONS } from '../support/authorization';

let w: BookingWorld;
/** Two instances of each function (separately created mains, own memory), one database. */
let users: Main[];
let admins: Main[];
let people = 0;
const someone = (): string => `guard-${++people}`;
const must = async <T>(p: Promise<Envelope<unknown>>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(`setup failed: ${r.error.code}`);
  return r.data as T;
};

beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
  users = [0, 1].map(() => createFunction('user', userHandlers, { clock: w.clock, db: database }));
  admins = [0, 1].map(() => createFunction('admin', adminHandlers, { clock: w.clock, db: database }));
});
afterEach(() => w.stop());

describe('rate limits', () => {
  it('allows 10 booking attempts a minute per person, counted across function instances, then answers 429', async () => {
    const second = w.instances[1] as Main;
    const who = someone();
    // Distinct slots, so every attempt reaches the database (attempts refused from memory are not counted).
    const slot = (i: number) => at(`2026-12-0${2 + Math.floor(i / 12)}`, `${String(8 + (i % 12)).padStart(2, '0')}:30`);
    const attempt = (i: number) =>
      w.cloud.invoke(i % 2 ? second : w.venue, who, { action: 'book', requestId: rid(), data: { venueId: 'cyy-rehearsal', starts: [slot(i)], purpose: `第${i}次`, attendees: 2, phone: '13800000000' } });
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await attempt(i);
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(codes.filter((c) => c === 'RATE.LIMITED')).toEqual([]);
    const eleventh = await attempt(10);
    expect(eleventh).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', details: { retryAfterSeconds: '60' } } });
    const http = await w.cloud.post('venue', who, { action: 'book', requestId: rid(), data: { venueId: 'cyy-rehearsal', starts: [at('2026-12-06', '09:30')], purpose: '再试', attendees: 2, phone: '13800000000' } });
    expect(http.status).toBe(429);
    // Someone else is not affected; the next minute the person may try again.
    expect((await w.call(someone(), 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-07', '10:30')], purpose: '别人', attendees: 2, phone: '13800000000' })).ok).toBe(true);
    w.clock.advance(MIN);
    const next = await attempt(11);
    expect(next.ok ? 'ok' : next.error.code).not.toBe('RATE.LIMITED');
  });
});

describe('rate limits and refusals from memory', () => {
  it('does not count booking attempts refused from memory (a slot just seen taken)', async () => {
    // One instance's memory: this is about that instance's refusals, so every call goes to it.
    const one = w.on(0);
    await one.ok(someone(), 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: '先到', attendees: 2, phone: '13800000000' });
    const who = someone();
    const codes = [];
    for (let i = 0; i < 15; i++) {
      const r = await one.call(who, 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: '后到', attendees: 2, phone: '13800000000' });
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(new Set(codes)).toEqual(new Set(['VENUE.SLOT_TAKEN']));
    expect((await one.call(who, 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '10:30')], purpose: '换个时段', attendees: 2, phone: '13800000000' })).ok).toBe(true);
  });
});

const placeVenue = (name: string): Record<string, unknown> => ({
  name, level: 'street', type: 'activity', capacity: 10, facilities: [], address: '芝罘区向阳街道测试路1号', streetId: 'xiangyang', communityId: null,
  opens: '09:00', closes: '17:00', slotMinutes: 60, windowDays: 14, maxConsecutive: 3, needsApproval: false, photos: [],
});
const placeStation = (name: string): Record<string, unknown> => ({ name, streetId: 'xiangyang', communityId: null, address: '芝罘区向阳街道测试路2号', services: ['义务理发'], hours: '每周二上午', location: null });

/** For each runtime-idempotent mutating action: who calls it, with which input, on a fresh object. */
type Case = () => Promise<{ fn: 'venue' | 'user' | 'admin'; openid: string; data: Record<string, unknown>; other: Record<string, unknown> }>;
const cases: Record<string, Case> = {
  'user.readMessages': async () => {
    const openid = someone();
    await must(w.call(openid, 'book', { venueId: 'cyy-meeting-1', starts: [at('2026-12-03', '09:30')], purpose: '消息', attendees: 2, phone: '13800000000' }));
    return { fn: 'user', openid, data: {}, other: { ids: ['n_x'] } };
  },
  'venue.cancel': async () => {
    const openid = someone();
    const b = await must<Booking>(w.call(openid, 'book', { venueId: 'cyy-meeting-2', starts: [at('2026-12-08', '09:30')], purpose: '将取消', attendees: 2, phone: '13800000000' }));
    return { fn: 'venue', openid, data: { bookingId: b.id }, other: { bookingId: 'bk_other' } };
  },
  'venue.checkIn': async () => {
    const openid = someone();
    await must(w.call(openid, 'book', { venueId: 'cyy-meeting-2', starts: [at('2026-12-01', '08:30')], purpose: '签到', attendees: 2, phone: '13800000000' }));
    const { code } = await must<{ code: string }>(w.call('demo-district-admin', 'venueCode', { venueId: 'cyy-meeting-2' }));
    w.clock.set(Date.parse('2026-12-01T08:20:00+08:00'));
    return { fn: 'venue', openid, data: { venueId: 'cyy-meeting-2', code }, other: { venueId: 'cyy-meeting-2', code: '123456' } };
  },
  'venue.joinWaitlist': async () => {
    const start = at('2026-12-04', '09:30');
    await must(w.call(someone(), 'book', { venueId: 'cyy-workshop', starts: [start], purpose: '占位', attendees: 2, phone: '13800000000' }));
    return { fn: 'venue', openid: someone(), data: { venueId: 'cyy-workshop', start, purpose: '候补', attendees: 2 }, other: { venueId: 'cyy-workshop', start, purpose: '另一个用途', attendees: 2 } };
  },
  'venue.leaveWaitlist': async () => {
    const start = at('2026-12-04', '10:30');
    const openid = someone();
    await must(w.call(someone(), 'book', { venueId: 'cyy-workshop', starts: [start], purpose: '占位', attendees: 2, phone: '13800000000' }));
    await must(w.call(openid, 'joinWaitlist', { venueId: 'cyy-workshop', start, purpose: '候补', attendees: 2 }));
    return { fn: 'venue', openid, data: { venueId: 'cyy-workshop', start }, other: { venueId: 'cyy-workshop', start: at('2026-12-04', '11:30') } };
  },
  'venue.approve': async () => {
    const b = await must<Booking>(w.call(someone(), 'book', { venueId: 'cyy-hall', starts: [at('2026-12-05', '09:30')], purpose: '培训', attendees: 50, phone: '13800000000' }));
    return { fn: 'venue', openid: 'demo-venue-manager', data: { bookingId: b.id }, other: { bookingId: 'bk_other' } };
  },
  'venue.reject': async () => {
    const b = await must<Booking>(w.call(someone(), 'book', { venueId: 'cyy-hall', starts: [at('2026-12-05', '10:30')], purpose: '培训', attendees: 50, phone: '13800000000' }));
    return { fn: 'venue', openid: 'demo-venue-manager', data: { bookingId: b.id, reason: '当天已有安排' }, other: { bookingId: b.id, reason: '另一个原因' } };
  },
  'venue.checkInBooking': async () => {
    const b = await must<Booking>(w.call(someone(), 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-01', '08:30')], purpose: '排练', attendees: 5, phone: '13800000000' }));
    w.clock.set(Date.parse('2026-12-01T08:20:00+08:00'));
    return { fn: 'venue', openid: 'demo-venue-manager', data: { venueId: 'cyy-rehearsal', code: b.checkInCode }, other: { venueId: 'cyy-rehearsal', code: '000000' } };
  },
  'user.setPreferences': async () => ({ fn: 'user', openid: someone(), data: { elderMode: true }, other: { elderMode: false } }),
  'user.setProfile': async () => ({ fn: 'user', openid: someone(), data: { nickname: '孙奶奶', phone: '13905351111' }, other: { nickname: '孙奶奶', phone: '13905352222' } }),
  'user.deleteAccount': async () => {
    const openid = someone();
    await must(w.call(openid, 'book', { venueId: 'cyy-meeting-1', starts: [at('2026-12-06', '09:30')], purpose: '将注销', attendees: 2, phone: '13800000000' }));
    // The only other valid input is none: a different one is refused before it could reuse the requestId.
    return { fn: 'user', openid, data: { confirm: '注销' }, other: { confirm: '不注销' } };
  },
  'admin.grantRole': async () => ({
    fn: 'admin',
    openid: 'demo-district-admin',
    data: { openid: 'demo-resident', grant: { role: 'volunteer' } },
    other: { openid: 'demo-resident', grant: { role: 'party_member', scope: { branchId: 'branch-shanheliang' } } },
  }),
  'admin.revokeRole': async () => ({
    fn: 'admin',
    openid: 'demo-district-admin',
    data: { openid: 'demo-volunteer', role: 'volunteer' },
    other: { openid: 'demo-volunteer', role: 'party_member' },
  }),
  // A new venue / station: ten replays create one (one audit entry).
  'admin.saveVenue': async () => ({ fn: 'admin', openid: 'demo-street-admin', data: { venue: placeVenue('幂等测试活动室') }, other: { venue: placeVenue('另一个活动室') } }),
  'admin.retireVenue': async () => ({ fn: 'admin', openid: 'demo-district-admin', data: { venueId: 'zfd-room', reason: '房屋改作他用' }, other: { venueId: 'zfd-room', reason: '另一个原因' } }),
  'admin.saveStation': async () => ({ fn: 'admin', openid: 'demo-street-admin', data: { station: placeStation('幂等测试红帆站') }, other: { station: placeStation('另一个红帆站点') } }),
  'admin.retireStation': async () => ({ fn: 'admin', openid: 'demo-district-admin', data: { stationId: 'st-yudong', reason: '站点合并', cancelShifts: true }, other: { stationId: 'st-yudong', reason: '另一个原因' } }),
  'venue.setBlackout': async () => ({
    fn: 'venue',
    openid: 'demo-venue-manager',
    data: { venueId: 'cyy-reading', date: '2026-12-20', closed: true },
    other: { venueId: 'cyy-reading', date: '2026-12-21', closed: true },
  }),
};

/** The audited actions: mutations reserved to managers and admins (see audit.function.test.ts), check-in aside. */
const privileged = new Set(
  Object.entries(contract).flatMap(([fn, actions]) =>
    Object.entries(actions as Record<string, ActionSpec>)
      .filter(([a, s]) => s.mutates && s.access.roles !== 'any' && `${fn}.${a}` !== 'venue.checkInBooking')
      .map(([a]) => `${fn}.${a}`),
  ),
);

/** Stations and volunteers have their own cases (guards.stations.test.ts). */
const runtimeIdempotent = Object.entries(contract).filter(([fn]) => (VENUE_SUITE_FUNCTIONS as readonly string[]).includes(fn)).flatMap(([fn, actions]) =>
  Object.entries(actions as Record<string, ActionSpec>)
    .filter(([, spec]) => spec.mutates && spec.idempotency !== 'native')
    .map(([action]) => `${fn}.${action}`),
);

describe('idempotency by requestId', () => {
  it('has a case for every mutating action', () => {
    expect(runtimeIdempotent.filter((id) => !cases[id])).toEqual([]);
  });

  it.each(Object.keys(cases))('%s: 10 parallel replays on two instances → one effect and one response; other input → KEY_REUSED', async (id) => {
    const action = id.split('.')[1] as string;
    const c = await (cases[id] as Case)();
    const instances = c.fn === 'user' ? users : c.fn === 'admin' ? admins : w.instances;
    const on = (i: number): Main => instances[i % instances.length] as Main;
    const requestId = rid();
    const auditBefore = w.count('audit_log', {});
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => w.cloud.invoke(on(i), c.openid, { action, data: c.data, requestId })));
    expect(replies[0]).toMatchObject({ ok: true });
    if (id === 'user.deleteAccount') {
      // Idempotent by construction (idempotency: 'native', 3 a minute): a run after the deletion finishes it again and
      // answers what that run did, so answers differ, and runs past the third are rate-limited — but the one booking
      // is cancelled exactly once.
      for (const r of replies) expect(r.ok ? r.data : r.error.code).toEqual(r.ok ? expect.objectContaining({ deleted: true }) : 'RATE.LIMITED');
      expect(replies.filter((r) => r.ok)).toHaveLength(3);
      expect(replies.reduce((n, r) => n + (r.ok ? (r.data as { cancelledBookings: number }).cancelledBookings : 0), 0)).toBe(1);
    } else {
      for (const r of replies) expect(r).toEqual(replies[0]);
      // A later replay on either instance gets the same response.
      for (const i of [0, 1]) expect(await w.cloud.invoke(on(i), c.openid, { action, data: c.data, requestId })).toEqual(replies[0]);
    }
    // Privileged changes are audited exactly once however many replays; other changes not at all.
    const audited = privileged.has(id) ? 1 : 0;
    expect(w.count('audit_log', {}) - auditBefore).toBe(audited);
    expect(w.count('audit_log', { requestId })).toBe(audited);
    const reused = await w.cloud.invoke(on(1), c.openid, { action, data: c.other, requestId });
    expect(reused.ok ? 'ok' : reused.error.code).toBe(id === 'user.deleteAccount' ? 'INPUT.INVALID' : 'IDEMPOTENCY.KEY_REUSED');
  });
});
