/**
 * Check-in and check-out with the rotating shift code, through the real volunteer function (two instances, one
 * database, one fake clock): shifts and places come from the real createShift and signUp. Every refusal has its own
 * code and writes nothing; check-out credits the overlap with the shift, rounded down to the quarter hour, once.
 */
import { shiftStepCode, codeStep } from '../../cloudfunctions/_shared/checkin-codes';
import { distanceMetres } from '../../cloudfunctions/_shared/geo';
import type { ShiftSummary, VolunteerProfile } from '../../types';
import { databaseDigest } from '../support/digest';
import { at, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const DAY = '2026-12-01';
const MANAGER = 'demo-station-manager';
const ADMIN = 'demo-district-admin';
/** The fence's centre (北大社区党群服务中心) and points near and far. */
const BEIDA = { latitude: 37.5445, longitude: 121.3921 };
const NEARBY = { latitude: 37.5453, longitude: 121.3921 }; // ≈ 89 m north
const FAR = { latitude: 37.5545, longitude: 121.3921 }; // ≈ 1.1 km north

let w: VolunteerWorld;
let n = 0;
const volunteer = async (): Promise<string> => {
  const id = `att-${++n}`;
  await w.registerVolunteer(id, '陈阿姨', '13900001111');
  return id;
};
const clock = (hhmm: string, seconds = 0): void => w.clock.set(Date.parse(`${at(DAY, hhmm).slice(0, 16)}:${String(seconds).padStart(2, '0')}+08:00`));
const digest = (): string => databaseDigest(w.cloud.db);

interface Code {
  shiftId: string;
  code: string;
  qr: string;
  expiresAt: string;
  stepSeconds: number;
}
const codeOf = async (shiftId: string, by = MANAGER, instance = 0): Promise<string> => (await w.on(instance).ok<Code>('volunteer', by, 'shiftCode', { shiftId })).code;

/** A shift at 北大 09:00–11:00 (geofenced unless `fence` is false), created by its manager at 08:00. */
const shift = async (o: { title?: string; start?: string; end?: string; fence?: boolean; by?: string; stationId?: string; capacity?: number } = {}): Promise<string> => {
  const s = await w.ok<ShiftSummary>('volunteer', o.by ?? MANAGER, 'createShift', {
    stationId: o.stationId ?? 'st-beida',
    title: o.title ?? '助老陪诊',
    start: at(DAY, o.start ?? '09:00'),
    end: at(DAY, o.end ?? '11:00'),
    capacity: o.capacity ?? 5,
    place: '北大社区党群服务中心一楼',
    ...(o.fence === false ? {} : { location: BEIDA, radiusM: 200 }),
  });
  return s.id;
};
const signUp = async (shiftId: string, openid: string): Promise<void> => {
  expect(await w.ok('volunteer', openid, 'signUp', { shiftId })).toMatchObject({ state: 'confirmed' });
};
const refusedWith = async (res: Promise<unknown>, code: string, details?: Record<string, string>): Promise<void> => {
  expect(await res).toMatchObject({ ok: false, error: { code, ...(details ? { details } : {}) } });
};

beforeEach(async () => {
  w = await volunteerWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

describe('volunteer.shiftCode', () => {
  it('gives the shift’s manager six digits and a QR payload for this 30-second step, the same on either instance, new every step', async () => {
    const id = await shift();
    clock('08:50', 10);
    const a = await w.on(0).ok<Code>('volunteer', MANAGER, 'shiftCode', { shiftId: id });
    const b = await w.on(1).ok<Code>('volunteer', MANAGER, 'shiftCode', { shiftId: id });
    expect(a).toEqual(b);
    expect(a).toEqual({ shiftId: id, code: expect.stringMatching(/^\d{6}$/), qr: `redsail:shift:${id}:${a.code}`, expiresAt: '2026-12-01T08:50:30+08:00', stepSeconds: 30 });
    expect(a.code).toBe(shiftStepCode(id, codeStep(w.clock.now())));
    clock('08:50', 30);
    const c = await w.on(1).ok<Code>('volunteer', MANAGER, 'shiftCode', { shiftId: id });
    expect(c.code).not.toBe(a.code);
    expect(c.expiresAt).toBe('2026-12-01T08:51:00+08:00');
    // The street's and the district's admins manage the station too.
    expect((await w.ok<Code>('volunteer', ADMIN, 'shiftCode', { shiftId: id })).code).toBe(c.code);
  });

  it('is refused to a volunteer and to the manager of another station', async () => {
    const id = await shift();
    const v = await volunteer();
    await signUp(id, v);
    await refusedWith(w.call('volunteer', v, 'shiftCode', { shiftId: id }), 'AUTH.FORBIDDEN');
    w.cloud.db.handle({
      action: 'database.insertDocument',
      collectionName: 'users',
      data: [JSON.stringify({ _id: 'att-other-manager', nickname: '别站站长', phone: null, streetId: null, communityId: null, roles: [{ role: 'station_manager', scope: { stationIds: ['st-haiyun'] } }] })],
    });
    await refusedWith(w.call('volunteer', 'att-other-manager', 'shiftCode', { shiftId: id }), 'AUTH.FORBIDDEN');
    await refusedWith(w.call('volunteer', MANAGER, 'shiftCode', { shiftId: 'no-such-shift' }), 'SHIFT.NOT_FOUND');
  });
});

describe('volunteer.checkIn', () => {
  it('accepts the current code inside the fence (code from one instance, check-in on the other) and keeps the time and distance, never the location', async () => {
    const id = await shift();
    const v = await volunteer();
    await signUp(id, v);
    clock('08:45');
    const code = await codeOf(id, MANAGER, 0);
    const res = await w.on(1).ok<{ checkedInAt: string; distanceM: number }>('volunteer', v, 'checkIn', { shiftId: id, code, location: NEARBY });
    expect(res).toEqual({ shiftId: id, checkedInAt: '2026-12-01T08:45:00+08:00', distanceM: distanceMetres(BEIDA, NEARBY) });
    expect(res.distanceM).toBeGreaterThan(50);
    const stored = w.doc<Record<string, unknown>>('shift_signups', `${id}:${v}`);
    expect(stored).toMatchObject({ checkedInAt: new Date(at(DAY, '08:45')), checkInDistanceM: res.distanceM, checkedOutAt: null });
    expect(JSON.stringify(stored)).not.toMatch(/37\.545|121\.392/);
  });

  it('accepts the previous step’s code; a code from two steps ago is expired, and writes nothing', async () => {
    const id = await shift();
    const [v1, v2] = [await volunteer(), await volunteer()];
    await signUp(id, v1);
    await signUp(id, v2);
    clock('09:00', 5);
    const code = await codeOf(id);
    clock('09:00', 35);
    expect(await w.call('volunteer', v1, 'checkIn', { shiftId: id, code, location: BEIDA })).toMatchObject({ ok: true });
    clock('09:01', 5);
    const before = digest();
    await refusedWith(w.call('volunteer', v2, 'checkIn', { shiftId: id, code, location: BEIDA }), 'SHIFT.CODE_EXPIRED', { stepsAgo: '2' });
    expect(digest()).toBe(before);
    // Ten minutes on it is still recognised as this shift's old code; an hour on, it is just wrong.
    clock('09:10', 5);
    await refusedWith(w.call('volunteer', v2, 'checkIn', { shiftId: id, code, location: BEIDA }), 'SHIFT.CODE_EXPIRED', { stepsAgo: '20' });
    clock('10:00', 5);
    await refusedWith(w.call('volunteer', v2, 'checkIn', { shiftId: id, code, location: BEIDA }), 'SHIFT.CODE_INVALID');
    expect(digest()).toBe(before);
  });

  it('refuses the code of another shift running now by its title, and a code nobody shows as invalid; both write nothing', async () => {
    const mine = await shift({ fence: false });
    const other = await shift({ title: '法律咨询', by: ADMIN, stationId: 'st-haiyun', fence: false });
    const later = await shift({ title: '晚间巡逻', start: '19:00', end: '21:00', fence: false });
    const v = await volunteer();
    await signUp(mine, v);
    clock('09:30');
    const before = digest();
    await refusedWith(w.call('volunteer', v, 'checkIn', { shiftId: mine, code: await codeOf(other, ADMIN) }), 'SHIFT.CODE_OTHER_SHIFT', { shiftTitle: '法律咨询' });
    // A shift whose check-in is not open is not "running": its code is simply wrong here.
    const laterCode = shiftStepCode(later, codeStep(w.clock.now()));
    await refusedWith(w.call('volunteer', v, 'checkIn', { shiftId: mine, code: laterCode }), 'SHIFT.CODE_INVALID');
    const good = await codeOf(mine);
    const wrong = good === '000000' ? '000001' : '000000';
    await refusedWith(w.call('volunteer', v, 'checkIn', { shiftId: mine, code: wrong }), 'SHIFT.CODE_INVALID');
    expect(digest()).toBe(before);
    expect(await w.call('volunteer', v, 'checkIn', { shiftId: mine, code: good })).toMatchObject({ ok: true, data: { distanceM: null } });
  });

  it('a geofenced shift needs a location inside the fence: none, or one 1.1 km away, is refused with the distance and writes nothing', async () => {
    const id = await shift();
    const v = await volunteer();
    await signUp(id, v);
    clock('09:05');
    const code = await codeOf(id);
    const before = digest();
    await refusedWith(w.call('volunteer', v, 'checkIn', { shiftId: id, code }), 'SHIFT.LOCATION_REQUIRED');
    await refusedWith(w.call('volunteer', v, 'checkIn', { shiftId: id, code, location: FAR }), 'SHIFT.TOO_FAR', { distanceM: String(distanceMetres(BEIDA, FAR)), radiusM: '200' });
    expect(distanceMetres(BEIDA, FAR)).toBeGreaterThan(1000);
    expect(digest()).toBe(before);
    expect(await w.call('volunteer', v, 'checkIn', { shiftId: id, code, location: NEARBY })).toMatchObject({ ok: true });
  });

  it('a shift without a fence ignores a location sent anyway and stores no distance', async () => {
    const id = await shift({ fence: false });
    const v = await volunteer();
    await signUp(id, v);
    clock('09:05');
    expect(await w.call('volunteer', v, 'checkIn', { shiftId: id, code: await codeOf(id), location: FAR })).toMatchObject({ ok: true, data: { distanceM: null } });
    expect(w.doc('shift_signups', `${id}:${v}`)).toMatchObject({ checkInDistanceM: null });
  });

  it('a second check-in is refused and writes nothing; ten at once on two instances check in once', async () => {
    const id = await shift();
    const [v1, v2] = [await volunteer(), await volunteer()];
    await signUp(id, v1);
    await signUp(id, v2);
    clock('09:00');
    const code = await codeOf(id);
    await w.ok('volunteer', v1, 'checkIn', { shiftId: id, code, location: BEIDA });
    const before = digest();
    clock('09:00', 20);
    await refusedWith(w.call('volunteer', v1, 'checkIn', { shiftId: id, code, location: NEARBY }), 'SHIFT.ALREADY_CHECKED_IN');
    expect(digest()).toBe(before);
    expect(w.doc('shift_signups', `${id}:${v1}`)).toMatchObject({ checkedInAt: new Date(at(DAY, '09:00')) });
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call('volunteer', v2, 'checkIn', { shiftId: id, code, location: BEIDA })));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies.filter((x) => !x.ok)) expect(r).toMatchObject({ error: { code: 'SHIFT.ALREADY_CHECKED_IN' } });
  });

  it('needs a confirmed place: no sign-up, or a waitlist place, is NOT_SIGNED_UP', async () => {
    const id = await shift({ capacity: 1 });
    const [v1, v2, v3] = [await volunteer(), await volunteer(), await volunteer()];
    await signUp(id, v1);
    expect(await w.ok('volunteer', v2, 'signUp', { shiftId: id, wait: true })).toMatchObject({ state: 'waitlisted' });
    clock('09:00');
    const code = await codeOf(id);
    const before = digest();
    for (const v of [v2, v3]) await refusedWith(w.call('volunteer', v, 'checkIn', { shiftId: id, code, location: BEIDA }), 'SHIFT.NOT_SIGNED_UP');
    await refusedWith(w.call('volunteer', v1, 'checkIn', { shiftId: 'no-such-shift', code, location: BEIDA }), 'SHIFT.NOT_FOUND');
    expect(digest()).toBe(before);
  });

  it('opens 30 minutes before the start (earlier: when it opens) and closes at the end', async () => {
    const id = await shift();
    const [v1, v2] = [await volunteer(), await volunteer()];
    await signUp(id, v1);
    await signUp(id, v2);
    clock('08:29', 59);
    const before = digest();
    await refusedWith(w.call('volunteer', v1, 'checkIn', { shiftId: id, code: await codeOf(id), location: BEIDA }), 'SHIFT.CHECKIN_TOO_EARLY', { opensAt: '2026-12-01T08:30:00+08:00' });
    expect(digest()).toBe(before);
    clock('08:30');
    expect(await w.call('volunteer', v1, 'checkIn', { shiftId: id, code: await codeOf(id), location: BEIDA })).toMatchObject({ ok: true });
    clock('11:00', 1);
    const closed = digest();
    await refusedWith(w.call('volunteer', v2, 'checkIn', { shiftId: id, code: await codeOf(id), location: BEIDA }), 'SHIFT.CHECKIN_CLOSED');
    expect(digest()).toBe(closed);
  });
});

describe('volunteer.checkOut', () => {
  it('credits the overlap with the shift rounded down to the quarter hour, in the ledger with the check-out, with a message', async () => {
    const id = await shift();
    const v = await volunteer();
    await signUp(id, v);
    clock('09:10');
    await w.ok('volunteer', v, 'checkIn', { shiftId: id, code: await codeOf(id), location: BEIDA });
    clock('10:58');
    const out = await w.on(1).ok('volunteer', v, 'checkOut', { shiftId: id, code: await codeOf(id, MANAGER, 0), location: NEARBY });
    // 09:10–10:58 is 1 h 48 min → 1.75 h.
    expect(out).toEqual({ shiftId: id, checkedOutAt: '2026-12-01T10:58:00+08:00', hours: 1.75, totalHours: 1.75 });
    expect(w.doc('hours_ledger', `checkout:${id}:${v}`)).toMatchObject({ openid: v, quarters: 7, source: 'checkout', shiftId: id, stationId: 'st-beida', serviceDate: DAY, correctsId: null });
    expect(w.count('hours_ledger', { openid: v })).toBe(1);
    expect(w.doc('shift_signups', `${id}:${v}`)).toMatchObject({ checkedOutAt: new Date(at(DAY, '10:58')), checkOutDistanceM: distanceMetres(BEIDA, NEARBY), hours: 1.75 });
    expect(w.notifications(v).filter((m) => m.kind === 'hours_credited')).toEqual([expect.objectContaining({ shiftId: id, body: expect.stringContaining('1.75小时') })]);
    expect(await w.ok<VolunteerProfile>('volunteer', v, 'me')).toMatchObject({ totalHours: 1.75 });
  });

  it('counts only the shift window: early check-in and late check-out credit the shift’s 2 h; under 15 minutes credits nothing', async () => {
    const id = await shift();
    const [early, brief] = [await volunteer(), await volunteer()];
    await signUp(id, early);
    await signUp(id, brief);
    clock('08:35');
    await w.ok('volunteer', early, 'checkIn', { shiftId: id, code: await codeOf(id), location: BEIDA });
    clock('10:50');
    await w.ok('volunteer', brief, 'checkIn', { shiftId: id, code: await codeOf(id), location: BEIDA });
    clock('11:04');
    expect(await w.ok('volunteer', brief, 'checkOut', { shiftId: id, code: await codeOf(id), location: BEIDA })).toMatchObject({ hours: 0, totalHours: 0 });
    expect(w.count('hours_ledger', { openid: brief })).toBe(0);
    clock('12:40');
    expect(await w.ok('volunteer', early, 'checkOut', { shiftId: id, code: await codeOf(id), location: BEIDA })).toMatchObject({ hours: 2, totalHours: 2 });
  });

  it('needs a check-in first, is accepted until 2 hours after the end, and only once — refusals write nothing', async () => {
    const id = await shift();
    const [v1, v2, v3] = [await volunteer(), await volunteer(), await volunteer()];
    for (const v of [v1, v2, v3]) await signUp(id, v);
    clock('09:00');
    const code = await codeOf(id);
    await refusedWith(w.call('volunteer', v1, 'checkOut', { shiftId: id, code, location: BEIDA }), 'SHIFT.NOT_CHECKED_IN');
    for (const v of [v1, v2, v3]) await w.ok('volunteer', v, 'checkIn', { shiftId: id, code, location: BEIDA });
    clock('13:00');
    expect(await w.call('volunteer', v1, 'checkOut', { shiftId: id, code: await codeOf(id), location: BEIDA })).toMatchObject({ ok: true, data: { hours: 2 } });
    let before = digest();
    await refusedWith(w.call('volunteer', v1, 'checkOut', { shiftId: id, code: await codeOf(id), location: BEIDA }), 'SHIFT.ALREADY_CHECKED_OUT');
    expect(digest()).toBe(before);
    clock('13:00', 1);
    before = digest();
    await refusedWith(w.call('volunteer', v2, 'checkOut', { shiftId: id, code: await codeOf(id), location: BEIDA }), 'SHIFT.CHECKOUT_CLOSED');
    // The code and the fence apply to check-out as to check-in.
    clock('12:00');
    await refusedWith(w.call('volunteer', v3, 'checkOut', { shiftId: id, code: await codeOf(id), location: FAR }), 'SHIFT.TOO_FAR');
    await refusedWith(w.call('volunteer', v3, 'checkOut', { shiftId: id, code, location: BEIDA }), 'SHIFT.CODE_INVALID');
    expect(digest()).toBe(before);
    expect(w.count('hours_ledger', {})).toBe(1);
  });

  it('ten check-outs at once on two instances credit once', async () => {
    const id = await shift();
    const v = await volunteer();
    await signUp(id, v);
    clock('09:00');
    await w.ok('volunteer', v, 'checkIn', { shiftId: id, code: await codeOf(id), location: BEIDA });
    clock('11:00');
    const code = await codeOf(id);
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call('volunteer', v, 'checkOut', { shiftId: id, code, location: BEIDA })));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    for (const r of replies.filter((x) => !x.ok)) expect(r).toMatchObject({ error: { code: 'SHIFT.ALREADY_CHECKED_OUT' } });
    expect(w.count('hours_ledger', { openid: v })).toBe(1);
    expect(w.count('notifications', { openid: v, kind: 'hours_credited' })).toBe(1);
  });

  it('the database refuses a second credit for one sign-up: with the entry already there, check-out is refused and the sign-up unchanged', async () => {
    const id = await shift();
    const v = await volunteer();
    await signUp(id, v);
    clock('09:00');
    await w.ok('volunteer', v, 'checkIn', { shiftId: id, code: await codeOf(id), location: BEIDA });
    w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'hours_ledger', data: [JSON.stringify({ _id: `checkout:${id}:${v}`, openid: v, quarters: 8, source: 'confirmed' })] });
    clock('11:00');
    const before = digest();
    await refusedWith(w.call('volunteer', v, 'checkOut', { shiftId: id, code: await codeOf(id), location: BEIDA }), 'SHIFT.ALREADY_CHECKED_OUT');
    expect(digest()).toBe(before);
    expect(w.doc('shift_signups', `${id}:${v}`)).toMatchObject({ checkedOutAt: null, hours: 0 });
  });
});

describe('volunteer.confirmCheckOut', () => {
  it('after the end, the manager credits a forgotten check-out from check-in to the shift’s end, once, audited; the volunteer cannot then check out', async () => {
    const id = await shift();
    const [v, absent] = [await volunteer(), await volunteer()];
    await signUp(id, v);
    await signUp(id, absent);
    clock('09:20');
    await w.ok('volunteer', v, 'checkIn', { shiftId: id, code: await codeOf(id), location: BEIDA });
    clock('10:59');
    await refusedWith(w.call('volunteer', MANAGER, 'confirmCheckOut', { shiftId: id, openid: v }), 'SHIFT.NOT_ENDED');
    clock('11:30');
    const before = digest();
    await refusedWith(w.call('volunteer', MANAGER, 'confirmCheckOut', { shiftId: id, openid: absent }), 'SHIFT.NOT_CHECKED_IN');
    await refusedWith(w.call('volunteer', MANAGER, 'confirmCheckOut', { shiftId: id, openid: 'att-nobody' }), 'SHIFT.NOT_SIGNED_UP');
    expect(digest()).toBe(before);
    // 09:20–11:00 is 1 h 40 min → 1.5 h.
    expect(await w.ok('volunteer', MANAGER, 'confirmCheckOut', { shiftId: id, openid: v })).toEqual({ shiftId: id, openid: v, hours: 1.5 });
    expect(w.doc('hours_ledger', `checkout:${id}:${v}`)).toMatchObject({ quarters: 6, source: 'confirmed', by: MANAGER, byName: '赵站长' });
    expect(w.count('audit_log', { action: 'volunteer.confirmCheckOut', actor: MANAGER, target: `user:${v}` })).toBe(1);
    expect(w.notifications(v).filter((m) => m.kind === 'hours_credited')).toHaveLength(1);
    const after = digest();
    await refusedWith(w.call('volunteer', MANAGER, 'confirmCheckOut', { shiftId: id, openid: v }), 'SHIFT.ALREADY_CHECKED_OUT');
    await refusedWith(w.call('volunteer', v, 'checkOut', { shiftId: id, code: await codeOf(id), location: BEIDA }), 'SHIFT.ALREADY_CHECKED_OUT');
    expect(digest()).toBe(after);
    expect(await w.ok<VolunteerProfile>('volunteer', v, 'me')).toMatchObject({ totalHours: 1.5 });
  });

  it('is refused to a volunteer and to the manager of another station, writing nothing', async () => {
    const id = await shift();
    const v = await volunteer();
    await signUp(id, v);
    clock('09:00');
    await w.ok('volunteer', v, 'checkIn', { shiftId: id, code: await codeOf(id), location: BEIDA });
    w.cloud.db.handle({
      action: 'database.insertDocument',
      collectionName: 'users',
      data: [JSON.stringify({ _id: 'att-other-manager', nickname: '别站站长', phone: null, streetId: null, communityId: null, roles: [{ role: 'station_manager', scope: { stationIds: ['st-haiyun'] } }] })],
    });
    clock('12:00');
    const before = digest();
    await refusedWith(w.call('volunteer', v, 'confirmCheckOut', { shiftId: id, openid: v }), 'AUTH.FORBIDDEN');
    await refusedWith(w.call('volunteer', 'att-other-manager', 'confirmCheckOut', { shiftId: id, openid: v }), 'AUTH.FORBIDDEN');
    expect(digest()).toBe(before);
  });
});


