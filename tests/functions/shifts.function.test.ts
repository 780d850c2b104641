/**
 * Service shifts through the real volunteer function (two instances, one database, one fake clock): creating shifts,
 * the list a volunteer may sign up for, sign-up with capacity enforced by the database (seat documents), the
 * waitlist and its promotion (on cancel, and by the timer after a crash), cancellation rules, 我的服务, the managers'
 * list and the roster.
 */
import { database } from '../../cloudfunctions/_shared/db';
import { LocalDatabase } from '../../local-cloud/db/engine';
import { seedIfEmpty } from '../../local-cloud/seed';
import type { ErrorCode, MyShift, RosterEntry, ShiftSummary } from '../../types';
import { at, HOUR, MIN, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const DAY = '2026-12-01';
const NEXT = '2026-12-02';
const MORNING = Date.parse('2026-12-01T08:00:00+08:00');
const MANAGER = 'demo-station-manager'; // st-beida
const STREET_ADMIN = 'demo-street-admin'; // xiangyang (st-beida's street)
const DISTRICT_ADMIN = 'demo-district-admin';

let w: VolunteerWorld;
let people = 0;

beforeAll(async () => {
  w = await volunteerWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
  // Managers of other stations: st-haiyun.
  await database()
    .collection('users')
    .add({ _id: 'sh-manager-haiyun', nickname: '钱站长', phone: '13200000001', roles: [{ role: 'resident' }, { role: 'station_manager', scope: { stationIds: ['st-haiyun'] } }] });
});
afterAll(() => w.stop());
afterEach(() => w.clock.set(MORNING));

/** A fresh registered volunteer (user with the volunteer role and a registration), written as register would. */
async function volunteer(realName: string | null = '测试志愿者'): Promise<string> {
  const openid = `sh-vol-${++people}`;
  const phone = `139${String(people).padStart(8, '0')}`;
  await database()
    .collection('users')
    .add({ _id: openid, nickname: `昵称${people}`, phone, roles: [{ role: 'resident' }, { role: 'volunteer' }] });
  if (realName) {
    await database()
      .collection('volunteers')
      .add({ _id: openid, realName, phone, termsVersion: 'v1', registeredAt: new Date(MORNING), updatedAt: new Date(MORNING), showOnLeaderboard: true, streetId: null });
  }
  return openid;
}

async function volunteers(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await volunteer(null));
  return out;
}

const shiftInput = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  stationId: 'st-beida',
  title: '助老陪诊',
  description: '陪老人去医院',
  start: at(NEXT, '09:00'),
  end: at(NEXT, '11:30'),
  capacity: 3,
  place: '北大社区党群服务站',
  ...over,
});

/** st-beida's three managers take turns (each may create 30 shifts a minute, and the test clock mostly stands still). */
let creations = 0;
const createShift = (over: Record<string, unknown> = {}, as?: string): Promise<ShiftSummary> =>
  w.ok<ShiftSummary>('volunteer', as ?? ([MANAGER, STREET_ADMIN, DISTRICT_ADMIN][creations++ % 3] as string), 'createShift', shiftInput(over));

const code = async (p: Promise<{ ok: boolean; error?: { code: ErrorCode } }>): Promise<string> => {
  const r = await p;
  return r.ok ? 'ok' : (r.error as { code: ErrorCode }).code;
};

const seats = (shiftId: string): number => w.count('shift_seats', { shiftId });
const signup = <T = Record<string, unknown>>(shiftId: string, openid: string): T | null => w.doc<T>('shift_signups', `${shiftId}:${openid}`);

describe('createShift', () => {
  it('creates a shift at a managed station, copies the station, defaults the fence radius, and audits it with the station scope', async () => {
    const s = await createShift({ location: { latitude: 37.54, longitude: 121.39 }, skills: ['理发'] });
    expect(s).toMatchObject({ stationId: 'st-beida', stationName: '北大社区创益红帆站', streetId: 'xiangyang', capacity: 3, taken: 0, waiting: 0, geofenced: true, radiusM: 200, openTo: 'all', state: 'open', start: '2026-12-02T09:00:00+08:00' });
    const plain = await createShift();
    expect(plain).toMatchObject({ geofenced: false, radiusM: null });
    expect(w.doc<{ radiusM: number | null; location: unknown; date: string }>('shifts', plain.id)).toMatchObject({ radiusM: null, location: null, date: NEXT });
    expect(w.count('audit_log', { action: 'volunteer.createShift', target: `shift:${s.id}`, 'scope.stationId': 'st-beida', 'scope.streetId': 'xiangyang' })).toBe(1);
  });

  it.each([
    ['a start in the past', { start: at(DAY, '07:00'), end: at(DAY, '09:00') }],
    ['an end before the start', { start: at(NEXT, '11:00'), end: at(NEXT, '10:00') }],
    ['an end equal to the start', { start: at(NEXT, '11:00'), end: at(NEXT, '11:00') }],
    ['more than 12 hours', { start: at(NEXT, '07:00'), end: at(NEXT, '19:15') }],
  ])('refuses %s with SHIFT.BAD_TIMES and writes nothing', async (_n, times) => {
    const before = w.count('shifts', {});
    const audits = w.count('audit_log', {});
    expect(await code(w.call('volunteer', MANAGER, 'createShift', shiftInput(times)))).toBe('SHIFT.BAD_TIMES');
    expect(w.count('shifts', {})).toBe(before);
    expect(w.count('audit_log', {})).toBe(audits);
  });

  it('exactly 12 hours is allowed', async () => {
    expect(await code(w.call('volunteer', MANAGER, 'createShift', shiftInput({ start: at(NEXT, '07:00'), end: at(NEXT, '19:00') })))).toBe('ok');
  });

  it('an unknown station is STATION.NOT_FOUND; another station’s manager and a volunteer are refused; the street admin may', async () => {
    const before = w.count('shifts', {});
    expect(await code(w.call('volunteer', MANAGER, 'createShift', shiftInput({ stationId: 'st-nowhere' })))).toBe('STATION.NOT_FOUND');
    expect(await code(w.call('volunteer', MANAGER, 'createShift', shiftInput({ stationId: 'st-haiyun' })))).toBe('AUTH.FORBIDDEN');
    expect(await code(w.call('volunteer', 'sh-manager-haiyun', 'createShift', shiftInput()))).toBe('AUTH.FORBIDDEN');
    expect(await code(w.call('volunteer', await volunteer(), 'createShift', shiftInput()))).toBe('AUTH.FORBIDDEN');
    expect(w.count('shifts', {})).toBe(before);
    expect(await code(w.call('volunteer', STREET_ADMIN, 'createShift', shiftInput()))).toBe('ok');
  });
});

describe('shifts: what a volunteer may sign up for', () => {
  it('lists upcoming shifts open to all, and members-only shifts only to members of that station', async () => {
    const open = await createShift({ stationId: 'st-haiyun' }, DISTRICT_ADMIN);
    const members = await createShift({ stationId: 'st-haiyun', openTo: 'members', title: '会员专场' }, DISTRICT_ADMIN);
    const outsider = await volunteer();
    const member = await volunteer();
    await database().collection('station_members').add({ _id: `st-haiyun:${member}`, stationId: 'st-haiyun', openid: member, state: 'member' });
    const ids = async (openid: string): Promise<string[]> => (await w.ok<{ shifts: ShiftSummary[] }>('volunteer', openid, 'shifts', { stationId: 'st-haiyun' })).shifts.map((s) => s.id);
    expect(await ids(outsider)).toContain(open.id);
    expect(await ids(outsider)).not.toContain(members.id);
    expect(await ids(member)).toEqual(expect.arrayContaining([open.id, members.id]));
    expect(await code(w.call('volunteer', outsider, 'signUp', { shiftId: members.id }))).toBe('SHIFT.MEMBERS_ONLY');
    expect(signup(members.id, outsider)).toBeNull();
    expect(await code(w.call('volunteer', member, 'signUp', { shiftId: members.id }))).toBe('ok');
  });

  it('counts taken and waiting, shows the caller’s own place, and leaves out started shifts and other stations when asked for one', async () => {
    const s = await createShift({ capacity: 1, start: at(DAY, '10:00'), end: at(DAY, '12:00') });
    const [a, b, c] = [await volunteer(), await volunteer(), await volunteer()];
    await w.ok('volunteer', a, 'signUp', { shiftId: s.id });
    await w.ok('volunteer', b, 'signUp', { shiftId: s.id, wait: true });
    const seen = (await w.ok<{ shifts: ShiftSummary[] }>('volunteer', b, 'shifts', { stationId: 'st-beida' })).shifts.find((x) => x.id === s.id);
    expect(seen).toMatchObject({ taken: 1, waiting: 1, myState: 'waitlisted', capacity: 1 });
    const list = (await w.ok<{ shifts: ShiftSummary[] }>('volunteer', c, 'shifts', { stationId: 'st-beida' })).shifts;
    expect(list.every((x) => x.stationId === 'st-beida')).toBe(true);
    expect(list.find((x) => x.id === s.id)?.myState).toBe('none');
    w.clock.set(Date.parse(`${DAY}T10:00:00+08:00`));
    expect((await w.ok<{ shifts: ShiftSummary[] }>('volunteer', c, 'shifts', {})).shifts.map((x) => x.id)).not.toContain(s.id);
  });
  it('counts every held place, however many shifts and places are listed at once (no page limit cuts a count short)', async () => {
    const big = [await createShift({ capacity: 450, stationId: 'st-zhifudao' }, DISTRICT_ADMIN), await createShift({ capacity: 450, stationId: 'st-zhifudao' }, DISTRICT_ADMIN), await createShift({ capacity: 450, stationId: 'st-zhifudao' }, DISTRICT_ADMIN)];
    const seatDocs = big.flatMap((s, k) => Array.from({ length: 400 + k }, (_, i) => JSON.stringify({ _id: `${s.id}:seat:${i + 1}`, shiftId: s.id, seat: i + 1, openid: `filler-${k}-${i}`, at: { $date: '2026-12-01T00:00:00Z' } })));
    w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'shift_seats', data: seatDocs });
    const listed = (await w.ok<{ shifts: ShiftSummary[] }>('volunteer', await volunteer(), 'shifts', { stationId: 'st-zhifudao' })).shifts;
    expect(big.map((s) => listed.find((x) => x.id === s.id)?.taken)).toEqual([400, 401, 402]);
  });
});

describe('signUp', () => {
  it('takes a place: a seat document and a sign-up, and a confirmation message about the shift', async () => {
    const s = await createShift();
    const v = await volunteer();
    expect(await w.ok('volunteer', v, 'signUp', { shiftId: s.id })).toEqual({ shiftId: s.id, state: 'confirmed' });
    expect(seats(s.id)).toBe(1);
    expect(signup(s.id, v)).toMatchObject({ state: 'confirmed', stationId: 'st-beida', lateCancel: false, hours: 0, checkedInAt: null });
    expect(w.notifications(v)).toEqual([expect.objectContaining({ kind: 'shift_confirmed', shiftId: s.id, stationId: 'st-beida' })]);
  });

  it('signing up again returns the place held and takes no second seat', async () => {
    const s = await createShift();
    const v = await volunteer();
    await w.ok('volunteer', v, 'signUp', { shiftId: s.id });
    expect(await w.ok('volunteer', v, 'signUp', { shiftId: s.id })).toEqual({ shiftId: s.id, state: 'confirmed' });
    expect(seats(s.id)).toBe(1);
    expect(w.notifications(v)).toHaveLength(1);
  });

  it('a full shift answers SHIFT.FULL (409) and writes nothing; asking to wait gives waitlist places in order', async () => {
    const s = await createShift({ capacity: 1 });
    const [a, b, c, d] = [await volunteer(), await volunteer(), await volunteer(), await volunteer()];
    await w.ok('volunteer', a, 'signUp', { shiftId: s.id });
    const full = await w.call('volunteer', b, 'signUp', { shiftId: s.id });
    expect(full).toMatchObject({ ok: false, error: { code: 'SHIFT.FULL' } });
    expect(signup(s.id, b)).toBeNull();
    expect(w.notifications(b)).toEqual([]);
    expect(await w.ok('volunteer', b, 'signUp', { shiftId: s.id, wait: true })).toEqual({ shiftId: s.id, state: 'waitlisted', position: 1 });
    w.clock.advance(MIN);
    expect(await w.ok('volunteer', c, 'signUp', { shiftId: s.id, wait: true })).toEqual({ shiftId: s.id, state: 'waitlisted', position: 2 });
    w.clock.advance(MIN);
    expect(await w.ok('volunteer', d, 'signUp', { shiftId: s.id, wait: true })).toEqual({ shiftId: s.id, state: 'waitlisted', position: 3 });
    // Asking again keeps the place in line.
    expect(await w.ok('volunteer', c, 'signUp', { shiftId: s.id, wait: true })).toEqual({ shiftId: s.id, state: 'waitlisted', position: 2 });
    expect(seats(s.id)).toBe(1);
    // A waitlist place is answered with its position; the message comes when a place is given.
    expect(w.notifications(b)).toEqual([]);
  });

  it('closes at the start and for a cancelled shift (SHIFT.SIGNUP_CLOSED); an unknown shift is SHIFT.NOT_FOUND', async () => {
    const s = await createShift({ start: at(DAY, '09:00'), end: at(DAY, '10:00') });
    const gone = await createShift();
    await database().collection('shifts').doc(gone.id).update({ state: 'cancelled' });
    const v = await volunteer();
    expect(await code(w.call('volunteer', v, 'signUp', { shiftId: gone.id }))).toBe('SHIFT.SIGNUP_CLOSED');
    expect(await code(w.call('volunteer', v, 'signUp', { shiftId: 'sh_nope' }))).toBe('SHIFT.NOT_FOUND');
    w.clock.set(Date.parse(`${DAY}T08:59:59+08:00`));
    expect(await code(w.call('volunteer', v, 'signUp', { shiftId: s.id }))).toBe('ok');
    w.clock.set(Date.parse(`${DAY}T09:00:00+08:00`));
    const late = await volunteer();
    expect(await code(w.call('volunteer', late, 'signUp', { shiftId: s.id }))).toBe('SHIFT.SIGNUP_CLOSED');
    expect(await code(w.call('volunteer', late, 'signUp', { shiftId: s.id, wait: true }))).toBe('SHIFT.SIGNUP_CLOSED');
    expect(signup(s.id, late)).toBeNull();
  });

  it('200 volunteers at once on two instances for 10 places: exactly 10 confirmed and 10 seats, the rest waitlisted or SHIFT.FULL, never an internal error', async () => {
    const s = await createShift({ capacity: 10 });
    const crowd = await volunteers(200);
    const replies = await Promise.all(crowd.map((v, i) => w.on(i).call('volunteer', v, 'signUp', { shiftId: s.id, wait: i % 2 === 0 })));
    const outcome = (r: (typeof replies)[number]): string => (r.ok ? (r.data as { state: string }).state : r.error.code);
    const tally: Record<string, number> = {};
    for (const r of replies) tally[outcome(r)] = (tally[outcome(r)] ?? 0) + 1;
    expect(tally.confirmed).toBe(10);
    expect(Object.keys(tally).sort()).toEqual(expect.arrayContaining(['confirmed']));
    for (const k of Object.keys(tally)) expect(['confirmed', 'waitlisted', 'SHIFT.FULL']).toContain(k);
    expect(seats(s.id)).toBe(10);
    expect(w.count('shift_signups', { shiftId: s.id, state: 'confirmed' })).toBe(10);
    expect(w.count('shift_signups', { shiftId: s.id, state: 'waitlisted' })).toBe(tally.waitlisted ?? 0);
    // Every seat is held by a confirmed person, each person at most once.
    const holders = crowd.filter((v) => signup<{ state: string }>(s.id, v)?.state === 'confirmed');
    expect(new Set(holders).size).toBe(10);
    for (let n = 1; n <= 10; n++) expect(holders).toContain(w.doc<{ openid: string }>('shift_seats', `${s.id}:seat:${n}`)?.openid);
    // Once the burst has settled, the people waiting hold places 1…k in line, each its own.
    const waiters = crowd.filter((v) => signup<{ state: string }>(s.id, v)?.state === 'waitlisted');
    const again = await Promise.all(waiters.map((v, i) => w.on(i).ok<{ state: string; position: number }>('volunteer', v, 'signUp', { shiftId: s.id, wait: true })));
    expect(again.map((r) => r.position).sort((x, y) => x - y)).toEqual(waiters.map((_, i) => i + 1));
    expect(seats(s.id)).toBe(10);
    const listed = (await w.ok<{ shifts: ShiftSummary[] }>('volunteer', crowd[0] as string, 'shifts', { stationId: 'st-beida' })).shifts.find((x) => x.id === s.id);
    expect(listed).toMatchObject({ taken: 10, waiting: tally.waitlisted ?? 0 });
  }, 120_000);

  it('one person signing up 10 times at once on both instances holds one place and one seat', async () => {
    const s = await createShift({ capacity: 5 });
    const v = await volunteer();
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call('volunteer', v, 'signUp', { shiftId: s.id })));
    for (const r of replies) expect(r).toMatchObject({ ok: true, data: { state: 'confirmed' } });
    expect(seats(s.id)).toBe(1);
    expect(w.count('shift_signups', { shiftId: s.id })).toBe(1);
    expect(w.notifications(v).filter((n) => n.shiftId === s.id)).toHaveLength(1);
  });
});

describe('cancel and the waitlist', () => {
  it('cancelling early frees the seat and the first in line is promoted at once, with a message', async () => {
    const s = await createShift({ capacity: 1 });
    const [a, b, c] = [await volunteer(), await volunteer(), await volunteer()];
    await w.ok('volunteer', a, 'signUp', { shiftId: s.id });
    await w.ok('volunteer', b, 'signUp', { shiftId: s.id, wait: true });
    w.clock.advance(MIN);
    await w.ok('volunteer', c, 'signUp', { shiftId: s.id, wait: true });
    expect(await w.ok('volunteer', a, 'cancel', { shiftId: s.id })).toEqual({ shiftId: s.id, state: 'cancelled', late: false });
    expect(signup(s.id, a)).toMatchObject({ state: 'cancelled', lateCancel: false, seat: null });
    expect(signup(s.id, b)).toMatchObject({ state: 'confirmed', seat: 1 });
    expect(w.doc<{ openid: string }>('shift_seats', `${s.id}:seat:1`)?.openid).toBe(b);
    expect(w.notifications(b)).toEqual([expect.objectContaining({ kind: 'shift_promoted', shiftId: s.id, stationId: 'st-beida' })]);
    expect(await w.ok('volunteer', c, 'signUp', { shiftId: s.id, wait: true })).toMatchObject({ state: 'waitlisted', position: 1 });
    expect(seats(s.id)).toBe(1);
  });

  it('less than 2 hours before the start counts as a late cancellation on the record; after the start it is SHIFT.STARTED', async () => {
    const s = await createShift({ start: at(DAY, '12:00'), end: at(DAY, '14:00') });
    const [a, b] = [await volunteer(), await volunteer()];
    await w.ok('volunteer', a, 'signUp', { shiftId: s.id });
    await w.ok('volunteer', b, 'signUp', { shiftId: s.id });
    w.clock.set(Date.parse(`${DAY}T10:00:01+08:00`));
    expect(await w.ok('volunteer', a, 'cancel', { shiftId: s.id })).toEqual({ shiftId: s.id, state: 'cancelled', late: true });
    expect(signup(s.id, a)).toMatchObject({ state: 'cancelled', lateCancel: true });
    expect(w.count('shift_signups', { openid: a, lateCancel: true })).toBe(1);
    w.clock.set(Date.parse(`${DAY}T12:00:00+08:00`));
    expect(await code(w.call('volunteer', b, 'cancel', { shiftId: s.id }))).toBe('SHIFT.STARTED');
    expect(signup(s.id, b)).toMatchObject({ state: 'confirmed' });
    expect(seats(s.id)).toBe(1);
  });

  it('exactly 2 hours before is still free', async () => {
    const s = await createShift({ start: at(DAY, '12:00'), end: at(DAY, '14:00') });
    const a = await volunteer();
    await w.ok('volunteer', a, 'signUp', { shiftId: s.id });
    w.clock.set(Date.parse(`${DAY}T10:00:00+08:00`));
    expect(await w.ok('volunteer', a, 'cancel', { shiftId: s.id })).toMatchObject({ late: false });
  });

  it('a waitlisted person cancelling just leaves the line (no late cancellation, nobody promoted)', async () => {
    const s = await createShift({ capacity: 1, start: at(DAY, '09:30'), end: at(DAY, '10:30') });
    const [a, b, c] = [await volunteer(), await volunteer(), await volunteer()];
    await w.ok('volunteer', a, 'signUp', { shiftId: s.id });
    await w.ok('volunteer', b, 'signUp', { shiftId: s.id, wait: true });
    w.clock.advance(MIN);
    await w.ok('volunteer', c, 'signUp', { shiftId: s.id, wait: true });
    expect(await w.ok('volunteer', b, 'cancel', { shiftId: s.id })).toEqual({ shiftId: s.id, state: 'cancelled', late: false });
    expect(signup(s.id, a)).toMatchObject({ state: 'confirmed' });
    expect(signup(s.id, c)).toMatchObject({ state: 'waitlisted' });
    expect(await w.ok('volunteer', c, 'signUp', { shiftId: s.id, wait: true })).toMatchObject({ position: 1 });
  });

  it('cancelling without a place (or someone else’s) is SHIFT.NOT_SIGNED_UP and changes nothing', async () => {
    const s = await createShift();
    const [a, b] = [await volunteer(), await volunteer()];
    await w.ok('volunteer', a, 'signUp', { shiftId: s.id });
    expect(await code(w.call('volunteer', b, 'cancel', { shiftId: s.id }))).toBe('SHIFT.NOT_SIGNED_UP');
    expect(await code(w.call('volunteer', b, 'cancel', { shiftId: 'sh_nope' }))).toBe('SHIFT.NOT_FOUND');
    expect(signup(s.id, a)).toMatchObject({ state: 'confirmed' });
    await w.ok('volunteer', a, 'cancel', { shiftId: s.id });
    expect(await code(w.call('volunteer', a, 'cancel', { shiftId: s.id }))).toBe('SHIFT.NOT_SIGNED_UP');
    // And may sign up again.
    expect(await w.ok('volunteer', a, 'signUp', { shiftId: s.id })).toMatchObject({ state: 'confirmed' });
    expect(seats(s.id)).toBe(1);
  });

  it('the timer heals a crash between a cancel and the promotion: a free seat with people waiting is given within a minute', async () => {
    const s = await createShift({ capacity: 2 });
    const [a, b, c, d] = [await volunteer(), await volunteer(), await volunteer(), await volunteer()];
    await w.ok('volunteer', a, 'signUp', { shiftId: s.id });
    await w.ok('volunteer', b, 'signUp', { shiftId: s.id });
    await w.ok('volunteer', c, 'signUp', { shiftId: s.id, wait: true });
    w.clock.advance(MIN);
    await w.ok('volunteer', d, 'signUp', { shiftId: s.id, wait: true });
    // The cancel's own transaction committed, then the instance died before promoting.
    const seat = signup<{ seat: number }>(s.id, a)?.seat as number;
    await database().collection('shift_signups').doc(`${s.id}:${a}`).update({ state: 'cancelled', seat: null, cancelledAt: new Date(w.clock.now()) });
    await database().collection('shift_seats').doc(`${s.id}:seat:${seat}`).remove();
    // Meanwhile a newcomer cannot jump the line.
    expect(await code(w.call('volunteer', await volunteer(), 'signUp', { shiftId: s.id }))).toBe('SHIFT.FULL');
    expect(await w.tick()).toMatchObject({ promoted: 1 });
    expect(signup(s.id, c)).toMatchObject({ state: 'confirmed', seat });
    expect(signup(s.id, d)).toMatchObject({ state: 'waitlisted' });
    expect(w.notifications(c).map((n) => n.kind)).toContain('shift_promoted');
    expect(await w.tick()).toMatchObject({ promoted: 0 });
    expect(seats(s.id)).toBe(2);
  });

  it('the timer serves shifts still to come, however many people were left waiting on shifts that have started', async () => {
    const old = await createShift({ capacity: 1, start: at(DAY, '08:30'), end: at(DAY, '09:30'), title: '早班' });
    const stale = Array.from({ length: 1001 }, (_, i) =>
      JSON.stringify({ _id: `${old.id}:stale-${i}`, shiftId: old.id, stationId: 'st-beida', openid: `stale-${i}`, state: 'waitlisted', seat: null, waitingSince: { $date: '2026-11-30T00:00:00Z' }, createdAt: { $date: '2026-11-30T00:00:00Z' }, updatedAt: { $date: '2026-11-30T00:00:00Z' }, cancelledAt: null, lateCancel: false, checkedInAt: null, checkedOutAt: null, checkInDistanceM: null, checkOutDistanceM: null, hours: 0 }),
    );
    w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'shift_signups', data: stale });
    const s = await createShift({ capacity: 1, start: at(NEXT, '15:00'), end: at(NEXT, '16:00') });
    const [a, b] = [await volunteer(), await volunteer()];
    await w.ok('volunteer', a, 'signUp', { shiftId: s.id });
    await w.ok('volunteer', b, 'signUp', { shiftId: s.id, wait: true });
    await database().collection('shift_signups').doc(`${s.id}:${a}`).update({ state: 'cancelled', seat: null });
    await database().collection('shift_seats').doc(`${s.id}:seat:1`).remove();
    w.clock.set(Date.parse(`${DAY}T09:00:00+08:00`));
    expect(await w.tick()).toMatchObject({ promoted: 1 });
    expect(signup(s.id, b)).toMatchObject({ state: 'confirmed', seat: 1 });
    // Nobody is promoted into a shift that has started.
    expect(w.count('shift_signups', { shiftId: old.id, state: 'confirmed' })).toBe(0);
  });

  it('three places freed at once on two instances while 20 newcomers sign up: the first three in line get them, in order, and no newcomer jumps the line', async () => {
    const s = await createShift({ capacity: 3 });
    const holders = [await volunteer(), await volunteer(), await volunteer()];
    for (const h of holders) await w.ok('volunteer', h, 'signUp', { shiftId: s.id });
    const line: string[] = [];
    for (let i = 0; i < 5; i++) {
      const v = await volunteer();
      await w.ok('volunteer', v, 'signUp', { shiftId: s.id, wait: true });
      line.push(v);
      w.clock.advance(1000);
    }
    const newcomers = await volunteers(20);
    const replies = await Promise.all([
      ...holders.map((h, i) => w.on(i).call('volunteer', h, 'cancel', { shiftId: s.id })),
      ...newcomers.map((v, i) => w.on(i).call('volunteer', v, 'signUp', { shiftId: s.id })),
    ]);
    for (const r of replies.slice(0, 3)) expect(r).toMatchObject({ ok: true, data: { state: 'cancelled' } });
    for (const r of replies.slice(3)) expect(r.ok ? 'ok' : r.error.code).toBe('SHIFT.FULL');
    await w.tick(); // whatever a promotion missed under contention, the timer gives out
    expect(line.map((v) => signup<{ state: string }>(s.id, v)?.state)).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    expect(seats(s.id)).toBe(3);
    expect(w.count('shift_signups', { shiftId: s.id, state: 'confirmed' })).toBe(3);
    for (const v of line.slice(0, 3)) expect(w.notifications(v).filter((n) => n.kind === 'shift_promoted')).toHaveLength(1);
    expect(await w.ok('volunteer', line[3] as string, 'signUp', { shiftId: s.id, wait: true })).toMatchObject({ state: 'waitlisted', position: 1 });
  });
});

describe('myShifts', () => {
  it('upcoming: confirmed and waitlisted places with the position and the check-in window; past: the last 90 days with check-in/out and hours', async () => {
    const v = await volunteer();
    const other = await volunteer();
    const soon = await createShift({ capacity: 1, start: at(DAY, '15:00'), end: at(DAY, '17:00'), title: '今天下午' });
    const later = await createShift({ capacity: 1, title: '明天上午' });
    await w.ok('volunteer', other, 'signUp', { shiftId: later.id });
    await w.ok('volunteer', v, 'signUp', { shiftId: soon.id });
    await w.ok('volunteer', v, 'signUp', { shiftId: later.id, wait: true });
    const upcoming = (await w.ok<{ shifts: MyShift[] }>('volunteer', v, 'myShifts', { when: 'upcoming' })).shifts;
    expect(upcoming.map((s) => [s.id, s.myState, s.position])).toEqual([
      [soon.id, 'confirmed', null],
      [later.id, 'waitlisted', 1],
    ]);
    expect(upcoming[0]).toMatchObject({ checkInOpensAt: '2026-12-01T14:30:00+08:00', checkOutClosesAt: '2026-12-01T19:00:00+08:00', hours: 0, checkedInAt: null });
    // Served the afternoon shift (as attendance would record it), and the evening passes.
    await database()
      .collection('shift_signups')
      .doc(`${soon.id}:${v}`)
      .update({ checkedInAt: new Date(Date.parse(`${DAY}T14:55:00+08:00`)), checkedOutAt: new Date(Date.parse(`${DAY}T17:05:00+08:00`)), hours: 2 });
    w.clock.set(Date.parse(`${DAY}T20:00:00+08:00`));
    const past = (await w.ok<{ shifts: MyShift[] }>('volunteer', v, 'myShifts', { when: 'past' })).shifts;
    expect(past).toEqual([expect.objectContaining({ id: soon.id, checkedInAt: '2026-12-01T14:55:00+08:00', checkedOutAt: '2026-12-01T17:05:00+08:00', hours: 2 })]);
    expect((await w.ok<{ shifts: MyShift[] }>('volunteer', v, 'myShifts', {})).shifts.map((s) => s.id)).toEqual([later.id]);
    // 91 days on, the shift is out of the record list.
    w.clock.set(Date.parse(`${DAY}T20:00:00+08:00`) + 91 * 24 * HOUR);
    expect((await w.ok<{ shifts: MyShift[] }>('volunteer', v, 'myShifts', { when: 'past' })).shifts).toEqual([]);
    // Nobody else's places appear.
    expect((await w.ok<{ shifts: MyShift[] }>('volunteer', await volunteer(), 'myShifts', { when: 'upcoming' })).shifts).toEqual([]);
  });
});

describe('managedShifts and roster', () => {
  it('a manager lists shifts of their stations from 7 days ago, with check-in counts and how many need a confirmation', async () => {
    const mine = await createShift({ start: at(DAY, '09:00'), end: at(DAY, '10:00') });
    const theirs = await createShift({ stationId: 'st-haiyun' }, DISTRICT_ADMIN);
    const v = await volunteer();
    await w.ok('volunteer', v, 'signUp', { shiftId: mine.id });
    await database().collection('shift_signups').doc(`${mine.id}:${v}`).update({ checkedInAt: new Date(Date.parse(`${DAY}T08:50:00+08:00`)) });
    w.clock.set(Date.parse(`${DAY}T11:00:00+08:00`));
    type Managed = ShiftSummary & { checkedIn: number; needsConfirmation: number };
    const list = (await w.ok<{ shifts: Managed[] }>('volunteer', MANAGER, 'managedShifts', {})).shifts;
    expect(list.map((s) => s.stationId).every((id) => id === 'st-beida')).toBe(true);
    expect(list.find((s) => s.id === mine.id)).toMatchObject({ taken: 1, checkedIn: 1, needsConfirmation: 1 });
    expect(list.map((s) => s.id)).not.toContain(theirs.id);
    expect((await w.ok<{ shifts: Managed[] }>('volunteer', MANAGER, 'managedShifts', { stationId: 'st-haiyun' })).shifts).toEqual([]);
    expect((await w.ok<{ shifts: Managed[] }>('volunteer', DISTRICT_ADMIN, 'managedShifts', { stationId: 'st-haiyun' })).shifts.map((s) => s.id)).toContain(theirs.id);
    w.clock.set(Date.parse(`${DAY}T11:00:00+08:00`) + 7 * 24 * HOUR);
    expect((await w.ok<{ shifts: Managed[] }>('volunteer', MANAGER, 'managedShifts', {})).shifts.map((s) => s.id)).not.toContain(mine.id);
  });

  it('roster: names, full phones to the station’s own manager, masked to admins above, waitlist order, needsConfirmation; other managers and volunteers are refused', async () => {
    const s = await createShift({ capacity: 1, start: at(DAY, '09:00'), end: at(DAY, '10:00') });
    const named = await volunteer('王秀芳');
    const unnamed = await volunteer(null);
    await w.ok('volunteer', named, 'signUp', { shiftId: s.id });
    await w.ok('volunteer', unnamed, 'signUp', { shiftId: s.id, wait: true });
    await database()
      .collection('shift_signups')
      .doc(`${s.id}:${named}`)
      .update({ checkedInAt: new Date(Date.parse(`${DAY}T08:55:00+08:00`)), checkInDistanceM: 35 });
    const phoneOf = (openid: string): string => (w.doc<{ phone: string }>('users', openid) as { phone: string }).phone;
    const own = await w.ok<{ shift: ShiftSummary; entries: RosterEntry[] }>('volunteer', MANAGER, 'roster', { shiftId: s.id });
    expect(own.shift).toMatchObject({ id: s.id, taken: 1, waiting: 1 });
    expect(own.entries).toEqual([
      expect.objectContaining({ openid: named, name: '王秀芳', phone: phoneOf(named), state: 'confirmed', position: null, checkedInAt: '2026-12-01T08:55:00+08:00', distanceM: 35, needsConfirmation: false }),
      expect.objectContaining({ openid: unnamed, name: expect.stringMatching(/^昵称/), state: 'waitlisted', position: 1 }),
    ]);
    w.clock.set(Date.parse(`${DAY}T10:30:00+08:00`));
    for (const admin of [STREET_ADMIN, DISTRICT_ADMIN]) {
      const r = await w.ok<{ entries: RosterEntry[] }>('volunteer', admin, 'roster', { shiftId: s.id });
      expect(r.entries[0]).toMatchObject({ phone: expect.stringMatching(/^\d{3}\*{4}\d{4}$/), needsConfirmation: true });
      expect(JSON.stringify(r)).not.toContain(phoneOf(named));
    }
    const refused = await w.call('volunteer', 'sh-manager-haiyun', 'roster', { shiftId: s.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(JSON.stringify(refused)).not.toContain('王秀芳');
    expect(await code(w.call('volunteer', named, 'roster', { shiftId: s.id }))).toBe('AUTH.FORBIDDEN');
    expect(await code(w.call('volunteer', MANAGER, 'roster', { shiftId: 'sh_nope' }))).toBe('SHIFT.NOT_FOUND');
  });
});

describe('personal data', () => {
  it('the export holds the person’s sign-ups and seats; deleting the account frees their future places (the timer promotes the next in line) and leaves no sign-up or seat naming them', async () => {
    const s = await createShift({ capacity: 1 });
    const past = await createShift({ start: at(DAY, '09:00'), end: at(DAY, '10:00'), title: '已服务' });
    const me = await volunteer('魏注销');
    const next = await volunteer();
    await w.ok('volunteer', me, 'signUp', { shiftId: s.id });
    await w.ok('volunteer', me, 'signUp', { shiftId: past.id });
    await w.ok('volunteer', next, 'signUp', { shiftId: s.id, wait: true });
    await database().collection('shift_signups').doc(`${past.id}:${me}`).update({ checkedInAt: new Date(Date.parse(`${DAY}T08:58:00+08:00`)), checkedOutAt: new Date(Date.parse(`${DAY}T10:00:00+08:00`)), hours: 1 });
    const exported = await w.ok<{ shiftSignups: Array<{ _id: string; state: string }>; shiftSeats: Array<{ shiftId: string; openid: string }> }>('user', me, 'exportMyData');
    expect(exported.shiftSignups.map((x) => x._id).sort()).toEqual([`${past.id}:${me}`, `${s.id}:${me}`].sort());
    expect(exported.shiftSeats.map((x) => [x.shiftId, x.openid]).sort()).toEqual([[past.id, me], [s.id, me]].sort());
    expect(JSON.stringify(exported.shiftSignups)).not.toContain(next);
    w.clock.set(Date.parse(`${DAY}T11:00:00+08:00`));
    await w.ok('user', me, 'deleteAccount', { confirm: '注销' });
    expect(w.count('shift_signups', { openid: me })).toBe(0);
    expect(w.count('shift_seats', { openid: me })).toBe(0);
    expect(await code(w.call('volunteer', me, 'signUp', { shiftId: s.id }))).toMatch(/^(ACCOUNT\.DELETING|AUTH\.FORBIDDEN)$/);
    expect(await w.tick()).toMatchObject({ promoted: 1 });
    expect(signup(s.id, next)).toMatchObject({ state: 'confirmed', seat: 1 });
    const everything = ['shift_signups', 'shift_seats', 'shifts'].flatMap((c) => [...w.cloud.db.store.entries(c)].map((e) => JSON.stringify(e.doc)));
    expect(everything.filter((d) => d.includes(me) || d.includes('魏注销'))).toEqual([]);
  });
});

describe('demo data', () => {
  it.each(['2026-12-01T08:00:00+08:00', '2026-12-05T22:50:00+08:00', '2027-03-02T13:05:00+08:00'])(
    'seeded at %s: upcoming shifts at 4+ stations, seats and sign-ups agree, two nearly full, some free, one members-only, one today for 李师傅 to check in',
    (iso) => {
      const now = Date.parse(iso);
      const db = new LocalDatabase({ file: ':memory:' });
      try {
        seedIfEmpty(db, { now: new Date(now), lived: true });
        type D = Record<string, unknown> & { _id: string };
        const all = (c: string): D[] => [...db.store.entries(c)].map((e) => e.doc);
        const t = (v: unknown): number => new Date(v as string).getTime();
        const upcoming = all('shifts').filter((s) => t(s.start) > now);
        const seats = all('shift_seats');
        const signups = all('shift_signups');
        const volunteers = new Set(all('users').filter((u) => (u.roles as Array<{ role: string }>).some((g) => g.role === 'volunteer')).map((u) => u._id));
        const free = new Map<string, number>();
        for (const s of upcoming) {
          const held = seats.filter((x) => x.shiftId === s._id);
          const confirmed = signups.filter((x) => x.shiftId === s._id && x.state === 'confirmed');
          expect(held.length).toBeLessThanOrEqual(s.capacity as number);
          expect(held.map((x) => x.seat).sort()).toEqual(confirmed.map((x) => x.seat).sort());
          for (const x of held) {
            expect(x._id).toBe(`${s._id}:seat:${x.seat as number}`);
            expect(x.seat as number).toBeGreaterThanOrEqual(1);
            expect(x.seat as number).toBeLessThanOrEqual(s.capacity as number);
            expect(confirmed.find((c) => c.openid === x.openid)?.seat).toBe(x.seat);
            expect(volunteers.has(x.openid as string)).toBe(true);
          }
          for (const c of signups.filter((x) => x.shiftId === s._id)) expect(c._id).toBe(`${s._id}:${c.openid as string}`);
          free.set(s._id, (s.capacity as number) - held.length);
        }
        const openToAll = upcoming.filter((s) => s.openTo === 'all');
        expect(new Set(openToAll.map((s) => s.stationId)).size).toBeGreaterThanOrEqual(4);
        expect(openToAll.filter((s) => free.get(s._id) === 1).length).toBeGreaterThanOrEqual(2);
        expect(openToAll.filter((s) => (free.get(s._id) as number) >= 3).length).toBeGreaterThanOrEqual(2);
        expect(upcoming.filter((s) => s.openTo === 'members')).toHaveLength(1);
        // Today: 李师傅 holds a place on a geofenced shift whose check-in opens within the next quarter hour.
        const today = upcoming.filter((s) => signups.some((x) => x.shiftId === s._id && x.openid === 'demo-volunteer' && x.state === 'confirmed') && t(s.start) - now <= 45 * MIN);
        expect(today).toHaveLength(1);
        expect(today[0]).toMatchObject({ stationId: 'st-beida', radiusM: 200 });
        expect(t(today[0]?.start) - now).toBeGreaterThanOrEqual(15 * MIN);
        // Everyone holding a place is a registered volunteer (李师傅 included): their pages open on their record.
        const registered = new Set(all('volunteers').map((v) => v._id));
        for (const x of signups) expect(registered.has(x.openid as string) ? x.openid : `${x.openid as string} not registered`).toBe(x.openid);
      } finally {
        db.close();
      }
    },
  );
});
