/**
 * Places in activities through the real `activity` function (two instances, calls alternating, one seeded local
 * database), on the place engine shared with course sessions: seats held by the database (a few hundred at once on two
 * instances → exactly the capacity), one place per person, ACTIVITY.FULL or a waitlist in arrival order, every refusal
 * with its own code and nothing written, sign-up racing the organiser's cancellation refused inside the transaction,
 * cancellation handing the seat to position 1 in the same transaction, the timer and promote() after capacity grows,
 * attendance by the rotating code crediting points once.
 */
import { codeStep, stepCode } from '../../cloudfunctions/_shared/checkin-codes';
import { database } from '../../cloudfunctions/_shared/db';
import type { Main } from '../../cloudfunctions/_shared/runtime';
import { ActivityRepository } from '../../cloudfunctions/activity/activity.repository';
import type { ActivityDoc } from '../../cloudfunctions/activity/activity.docs';
import { services } from '../../cloudfunctions/activity';
import { beijingInstant, toBeijingIso } from '../../types/beijing-time';
import type { ActivitySummary, Envelope } from '../../types';
import { writeActivity, writePlace, writeUser } from '../support/activities';
import { databaseDigest } from '../support/digest';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const at = (date: string, clock: string): number => beijingInstant(date, clock);
const setClock = (date: string, clock: string): void => w.clock.set(at(date, clock));
/** The default test activity starts 2026-12-03 14:00 and ends 16:00 (tests/support/activities.ts). */
const START = at('2026-12-03', '14:00');

let people = 0;
const resident = (): string => `as-resident-${++people}`;
const member = (): string => writeUser(w, `as-member-${++people}`, { roles: [{ role: 'party_member', scope: { branchId: 'branch-shanheliang' } }] });

interface SignUp {
  activityId: string;
  state: 'confirmed' | 'waitlisted';
  position?: number;
  activity: ActivitySummary;
}
const signUp = (openid: string, activityId: string, wait?: boolean) => w.call('activity', openid, 'signUp', wait === undefined ? { activityId } : { activityId, wait });
const placeOf = (r: Envelope<unknown>): SignUp => {
  if (!r.ok) throw new Error(`signUp failed: ${r.error.code} ${r.error.message}`);
  return r.data as SignUp;
};
const code = (activityId: string, stepsAgo = 0): string => stepCode('activity', activityId, codeStep(w.clock.now()) - stepsAgo);
const tick = async (): Promise<unknown> => {
  const main = w.instances.activity[1] as Main;
  const res = await main({ Type: 'Timer', TriggerName: 'tick', Time: new Date(w.clock.now()).toISOString() }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) });
  if (!res.ok) throw new Error(`tick failed: ${res.error.code}`);
  return res.data;
};
const setState = (id: string, set: object): void => {
  w.cloud.db.handle({ action: 'database.modifyDocument', collectionName: 'activities', query: JSON.stringify({ _id: id }), data: JSON.stringify({ $set: set }), merge: true });
};
const signupOf = (activityId: string, openid: string) => w.doc<{ state: string; seat: number | null; ticket: number | null; checkedInAt: unknown }>('activity_signups', `${activityId}:${openid}`);
/** Whether a refusal wrote nothing (rate-limit and idempotency bookkeeping aside). */
async function refusedUnchanged(p: () => Promise<Envelope<unknown>>, errorCode: string): Promise<Envelope<unknown>> {
  const before = databaseDigest(w.cloud.db);
  const res = await p();
  expect(res).toMatchObject({ ok: false, error: { code: errorCode } });
  expect(databaseDigest(w.cloud.db)).toBe(before);
  return res;
}

describe('signing up', () => {
  it('takes a place with a message and answers with the summary; again is the same place; the seat is a database document', async () => {
    const id = writeActivity(w, { capacity: 3, title: '社区清洁志愿服务' });
    const a = resident();
    const first = placeOf(await signUp(a, id));
    expect(first).toMatchObject({ activityId: id, state: 'confirmed', activity: { id, capacity: 3, taken: 1, waiting: 0, mine: { state: 'confirmed', position: null } } });
    const seat = signupOf(id, a)?.seat as number;
    expect(w.doc('activity_places', `${id}:seat:${seat}`)).toMatchObject({ activityId: id, kind: 'seat', openid: a });
    expect(w.notifications(a)).toEqual([expect.objectContaining({ kind: 'activity_confirmed', title: '活动报名成功' })]);
    expect(w.notifications(a)[0]?.body).toContain('「社区清洁志愿服务」');
    expect(w.count('notifications', { openid: a, kind: 'activity_confirmed', activityId: id })).toBe(1);
    // Again (and with wait): the place held, nothing more written.
    const before = databaseDigest(w.cloud.db);
    expect(placeOf(await signUp(a, id, true))).toMatchObject({ state: 'confirmed', activity: { taken: 1 } });
    expect(databaseDigest(w.cloud.db)).toBe(before);
  });

  it('full: without wait ACTIVITY.FULL (409) and nothing written; with wait a waitlist place in arrival order with a message', async () => {
    const id = writeActivity(w, { capacity: 1 });
    placeOf(await signUp(resident(), id));
    const late = resident();
    await refusedUnchanged(() => signUp(late, id), 'ACTIVITY.FULL');
    await refusedUnchanged(() => signUp(late, id, false), 'ACTIVITY.FULL');
    const [b, c] = [resident(), resident()];
    expect(placeOf(await signUp(b, id, true))).toMatchObject({ state: 'waitlisted', position: 1, activity: { taken: 1, waiting: 1, mine: { state: 'waitlisted', position: 1 } } });
    expect(placeOf(await signUp(c, id, true))).toMatchObject({ state: 'waitlisted', position: 2 });
    expect(w.doc('activity_places', `${id}:ticket:2`)).toMatchObject({ openid: c, state: 'waiting' });
    expect(w.notifications(c).map((m) => m.kind)).toEqual(['activity_waitlisted']);
    // Someone waiting who signs up again keeps their place in line.
    expect(placeOf(await signUp(c, id, true))).toMatchObject({ state: 'waitlisted', position: 2 });
  });

  it('refusals, each with its own code and nothing written: draft / members-only for a non-member → NOT_FOUND, cancelled, deadline passed, started', async () => {
    const draft = writeActivity(w, { state: 'draft' });
    await refusedUnchanged(() => signUp(resident(), draft), 'ACTIVITY.NOT_FOUND');
    const members = writeActivity(w, { audience: 'members' });
    await refusedUnchanged(() => signUp(resident(), members), 'ACTIVITY.NOT_FOUND');
    expect(placeOf(await signUp(member(), members))).toMatchObject({ state: 'confirmed' });
    const other = writeActivity(w, { audience: 'members', branchId: 'branch-other' });
    const outsider = member();
    await refusedUnchanged(() => signUp(outsider, other), 'ACTIVITY.NOT_FOUND');
    await refusedUnchanged(() => signUp(resident(), 'act-none'), 'ACTIVITY.NOT_FOUND');
    const cancelled = writeActivity(w, { state: 'cancelled', cancelReason: '天气原因' });
    await refusedUnchanged(() => signUp(resident(), cancelled), 'ACTIVITY.CANCELLED');
    const deadline = writeActivity(w, { signUpDeadline: at('2026-12-01', '07:59') });
    await refusedUnchanged(() => signUp(resident(), deadline), 'ACTIVITY.SIGNUP_CLOSED');
    const started = writeActivity(w, { start: at('2026-12-01', '08:00'), end: at('2026-12-01', '10:00') });
    await refusedUnchanged(() => signUp(resident(), started), 'ACTIVITY.SIGNUP_CLOSED');
  });

  it('a sign-up whose activity was cancelled after it was read is refused inside the transaction (the state read again)', async () => {
    const id = writeActivity(w, { capacity: 5 });
    const stale = { ...(w.doc<ActivityDoc>('activities', id) as ActivityDoc) };
    setState(id, { state: 'cancelled', cancelReason: '场地维修' });
    // The first read still sees it published (as when cancelActivity commits between that read and the transaction).
    const read = jest.spyOn(ActivityRepository.prototype, 'activity').mockResolvedValue(stale);
    try {
      await refusedUnchanged(() => signUp(resident(), id), 'ACTIVITY.CANCELLED');
      await refusedUnchanged(() => signUp(resident(), id, true), 'ACTIVITY.CANCELLED');
    } finally {
      read.mockRestore();
    }
    expect(w.count('activity_places', { activityId: id })).toBe(0);
    expect(w.count('activity_signups', { activityId: id })).toBe(0);
  });
});

describe('many at once (two instances): the database holds the capacity', () => {
  it('300 sign-ups at once with wait for 10 places → exactly 10 confirmed, 290 waiting in a gap-free order; one person twice → one place', async () => {
    const id = writeActivity(w, { capacity: 10 });
    const crowd = Array.from({ length: 300 }, () => resident());
    const twice = crowd[7] as string;
    const replies = await Promise.all([...crowd.map((p) => signUp(p, id, true)), signUp(twice, id, true)]);
    const placed = replies.map(placeOf);
    expect(placed.filter((r) => r.state === 'confirmed')).toHaveLength(placed[7]?.state === 'confirmed' ? 11 : 10);
    expect(w.count('activity_places', { activityId: id, kind: 'seat' })).toBe(10);
    expect(w.count('activity_signups', { activityId: id, state: 'confirmed' })).toBe(10);
    expect(w.count('activity_signups', { activityId: id, state: 'waitlisted' })).toBe(290);
    expect(w.count('activity_signups', { activityId: id, openid: twice })).toBe(1);
    // The two answers of the one person are the same place.
    expect(placed[300]).toMatchObject({ state: placed[7]?.state, ...(placed[7]?.position ? { position: placed[7].position } : {}) });
    const positions = placed
      .slice(0, 300)
      .filter((r) => r.state === 'waitlisted')
      .map((r) => r.position as number)
      .sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: 290 }, (_, i) => i + 1));
    expect(w.count('activity_places', { activityId: id, kind: 'ticket' })).toBe(290);
  }, 120_000);

  it('300 sign-ups at once without wait for 10 places → exactly 10 confirmed, 290 ACTIVITY.FULL, nothing else written', async () => {
    const id = writeActivity(w, { capacity: 10 });
    const replies = await Promise.all(Array.from({ length: 300 }, () => signUp(resident(), id)));
    expect(replies.filter((r) => r.ok)).toHaveLength(10);
    expect(replies.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(Array.from({ length: 290 }, () => 'ACTIVITY.FULL'));
    expect(w.count('activity_places', { activityId: id })).toBe(10);
    expect(w.count('activity_signups', { activityId: id })).toBe(10);
  }, 120_000);
});

describe('cancelling', () => {
  it('a confirmed cancellation hands the seat to position 1 in the same transaction, with a message; everyone behind moves up', async () => {
    const id = writeActivity(w, { capacity: 2 });
    const [a, b, c, d] = [resident(), resident(), resident(), resident()];
    for (const p of [a, b, c, d]) placeOf(await signUp(p, id, true));
    const res = await w.ok('activity', a, 'cancel', { activityId: id });
    expect(res).toEqual({ activityId: id, state: 'cancelled', promoted: true });
    expect(signupOf(id, a)).toMatchObject({ state: 'cancelled', seat: null });
    expect(signupOf(id, c)).toMatchObject({ state: 'confirmed', ticket: null });
    expect(w.notifications(c).map((m) => m.kind)).toEqual(['activity_waitlisted', 'activity_promoted']);
    expect(placeOf(await signUp(d, id, true))).toMatchObject({ state: 'waitlisted', position: 1 });
    expect(w.count('activity_places', { activityId: id, kind: 'seat' })).toBe(2);
    // A waiting person leaves: their ticket is done, nobody promoted.
    expect(await w.ok('activity', d, 'cancel', { activityId: id })).toEqual({ activityId: id, state: 'cancelled', promoted: false });
    expect(w.count('activity_places', { activityId: id, kind: 'ticket', state: 'waiting' })).toBe(0);
    // After cancelling one may sign up again.
    expect(placeOf(await signUp(a, id, true))).toMatchObject({ state: 'waitlisted', position: 1 });
  });

  it('refusals: nobody’s place → NOT_SIGNED_UP; after the start → CANCEL_CLOSED; nothing written', async () => {
    const id = writeActivity(w, { capacity: 2 });
    const a = resident();
    placeOf(await signUp(a, id));
    await refusedUnchanged(() => w.call('activity', resident(), 'cancel', { activityId: id }), 'ACTIVITY.NOT_SIGNED_UP');
    await refusedUnchanged(() => w.call('activity', resident(), 'cancel', { activityId: 'act-none' }), 'ACTIVITY.NOT_FOUND');
    w.clock.set(START);
    await refusedUnchanged(() => w.call('activity', a, 'cancel', { activityId: id }), 'ACTIVITY.CANCEL_CLOSED');
  });

  it('free seats go to the people waiting: the timer heals a seat left free, and promote() after the capacity grew', async () => {
    const id = writeActivity(w, { capacity: 1 });
    const [a, b, c] = [resident(), resident(), resident()];
    writePlace(w, id, b, { ticket: 1 });
    writePlace(w, id, c, { ticket: 2 });
    // Nobody holds the one seat (a crash between a cancellation and its promotion).
    expect(await tick()).toMatchObject({ activitiesWithWaiting: 1, promoted: 1 });
    expect(signupOf(id, b)).toMatchObject({ state: 'confirmed', seat: 1 });
    expect(w.notifications(b).map((m) => m.kind)).toEqual(['activity_promoted']);
    // The organiser raises the capacity: promote() seats the next in line.
    setState(id, { capacity: 3 });
    expect(await services({ clock: w.clock, db: database }).signups.promote(id)).toBe(1);
    expect(signupOf(id, c)).toMatchObject({ state: 'confirmed' });
    expect(w.count('activity_places', { activityId: id, kind: 'seat' })).toBe(2);
    expect(placeOf(await signUp(a, id, true))).toMatchObject({ state: 'confirmed' });
  });
});

describe('attendance', () => {
  it('checks in a confirmed place with the rotating code, once, crediting ACTIVITY_POINTS through the points ledger', async () => {
    const id = writeActivity(w, { capacity: 2, title: '主题党日学习' });
    const [a, b, late] = [resident(), resident(), resident()];
    placeOf(await signUp(a, id));
    placeOf(await signUp(late, id));
    placeOf(await signUp(b, id, true));
    setClock('2026-12-03', '13:29');
    const early = await refusedUnchanged(() => w.call('activity', a, 'checkIn', { activityId: id, code: code(id) }), 'ACTIVITY.CHECKIN_CLOSED');
    expect(early).toMatchObject({ error: { details: { opensAt: '2026-12-03T13:30:00+08:00', closesAt: '2026-12-03T16:00:00+08:00' } } });
    setClock('2026-12-03', '13:30');
    await refusedUnchanged(() => w.call('activity', a, 'checkIn', { activityId: id, code: code(id, 2) }), 'ACTIVITY.CODE_WRONG');
    await refusedUnchanged(() => w.call('activity', b, 'checkIn', { activityId: id, code: code(id) }), 'ACTIVITY.NOT_CONFIRMED');
    await refusedUnchanged(() => w.call('activity', resident(), 'checkIn', { activityId: id, code: code(id) }), 'ACTIVITY.NOT_SIGNED_UP');
    const done = await w.ok<{ points: number; checkedInAt: string }>('activity', a, 'checkIn', { activityId: id, code: code(id, 1) });
    expect(done).toEqual({ activityId: id, checkedInAt: '2026-12-03T13:30:00+08:00', points: 5 });
    expect(w.doc('points_ledger', `${a}|activity_attendance|${id}`)).toMatchObject({ points: 5, sourceType: 'activity_attendance', sourceId: id, reason: '参加活动「主题党日学习」' });
    await refusedUnchanged(() => w.call('activity', a, 'checkIn', { activityId: id, code: code(id) }), 'ACTIVITY.ALREADY_CHECKED_IN');
    setClock('2026-12-03', '16:01');
    await refusedUnchanged(() => w.call('activity', late, 'checkIn', { activityId: id, code: code(id) }), 'ACTIVITY.CHECKIN_CLOSED');
  });

  it('racing check-ins of one person on two instances: one checks in, points credited once', async () => {
    const id = writeActivity(w, { capacity: 5 });
    const a = resident();
    placeOf(await signUp(a, id));
    setClock('2026-12-03', '14:10');
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => w.on(i % 2).call('activity', a, 'checkIn', { activityId: id, code: code(id) })));
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    expect(replies.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(Array.from({ length: 5 }, () => 'ACTIVITY.ALREADY_CHECKED_IN'));
    expect(w.count('points_ledger', { openid: a, sourceType: 'activity_attendance' })).toBe(1);
    expect(w.doc<{ points: number }>('points_daily', `${a}:activity_attendance:2026-12-03`)?.points).toBe(5);
    // A replay of the successful call (same requestId) answers it again without writing.
    const rid = 'as-checkin-replay';
    const b = resident();
    writePlace(w, id, b, { seat: 2 });
    const first = await w.call('activity', b, 'checkIn', { activityId: id, code: code(id) }, rid);
    const again = await w.call('activity', b, 'checkIn', { activityId: id, code: code(id) }, rid);
    expect(again).toEqual(first);
    expect(w.count('points_ledger', { openid: b })).toBe(1);
  });

  it('a cancelled activity refuses check-in', async () => {
    const id = writeActivity(w, { state: 'cancelled', cancelReason: '天气原因' });
    const a = resident();
    writePlace(w, id, a, { seat: 1 });
    setClock('2026-12-03', '14:10');
    await refusedUnchanged(() => w.call('activity', a, 'checkIn', { activityId: id, code: code(id) }), 'ACTIVITY.CANCELLED');
  });
});

describe('through the organiser’s own actions', () => {
  it('published by the secretary: signed up, waitlisted, promoted when the capacity grows, checked in with the code the organiser shows, cancelled by the organiser', async () => {
    const start = toBeijingIso(at('2026-12-03', '14:00'));
    const end = toBeijingIso(at('2026-12-03', '16:00'));
    const activity = { title: '社区清洁志愿服务', type: 'volunteer', description: '一起把社区打扫干净，欢迎邻居们参加。', coverFileId: null, start, end, place: { kind: 'address', address: '芝罘区北大街46号' }, capacity: 1, audience: 'public' };
    const made = await w.ok<{ id: string }>('activity', 'demo-secretary', 'create', { activity });
    await w.ok('activity', 'demo-secretary', 'publish', { activityId: made.id });
    const [a, b] = [resident(), resident()];
    expect(placeOf(await signUp(a, made.id))).toMatchObject({ state: 'confirmed' });
    await refusedUnchanged(() => signUp(b, made.id), 'ACTIVITY.FULL');
    expect(placeOf(await signUp(b, made.id, true))).toMatchObject({ state: 'waitlisted', position: 1 });
    // The organiser makes room: the first in line is seated (update promotes through this service).
    await w.ok('activity', 'demo-secretary', 'update', { activityId: made.id, activity: { ...activity, capacity: 2 } });
    expect(signupOf(made.id, b)).toMatchObject({ state: 'confirmed' });
    expect(w.notifications(b).map((m) => m.kind)).toContain('activity_promoted');
    setClock('2026-12-03', '13:45');
    const shown = await w.ok<{ code: string }>('activity', 'demo-secretary', 'checkInCode', { activityId: made.id });
    expect(await w.ok('activity', a, 'checkIn', { activityId: made.id, code: shown.code })).toMatchObject({ points: 5 });
    await w.ok('activity', 'demo-secretary', 'cancelActivity', { activityId: made.id, reason: '天气原因改期' });
    await refusedUnchanged(() => signUp(resident(), made.id, true), 'ACTIVITY.CANCELLED');
  });
});
