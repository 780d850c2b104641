/**
 * Offline course sessions through the real `course` function (two instances, calls alternating, one seeded local
 * database): seats held by the database, one place per person, a waitlist in arrival order with distinct, gap-free
 * positions (in the responses and afterwards), cancellation that promotes position 1 in the same transaction, the
 * `tick` timer healing a seat left free, attendance by the organiser's rotating code (completion and points once),
 * the organiser's code view, and every refusal with its own code and nothing written.
 */
import { codeStep, sessionStepCode } from '../../cloudfunctions/_shared/checkin-codes';
import type { Main } from '../../cloudfunctions/_shared/runtime';
import { SessionRepository } from '../../cloudfunctions/course/session.repository';
import { beijingInstant } from '../../types/beijing-time';
import type { Envelope, Session } from '../../types';
import { databaseDigest } from '../support/digest';
import { MEMBERS_COURSE_ID, OPEN_COURSE_ID, writeSession } from '../support/sessions';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const OPEN = OPEN_COURSE_ID;
const MEMBERS = MEMBERS_COURSE_ID;
const at = (date: string, clock: string): number => beijingInstant(date, clock);
const setClock = (date: string, clock: string): void => w.clock.set(at(date, clock));
const $date = (t: number) => ({ $date: new Date(t).toISOString() });
const insert = (coll: string, docs: object[]): void => {
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: coll, data: docs.map((d) => JSON.stringify(d)) });
};

/** A session written straight into course_sessions (as scheduling stores it): tomorrow 10:00–10:30 unless told. */
const session = (o: Parameters<typeof writeSession>[1] = {}): string => writeSession(w, o);

let people = 0;
const resident = (): string => `cs-resident-${++people}`;
/** A fresh party member of 山河梁联合党支部. */
function member(): string {
  const openid = `cs-member-${++people}`;
  const when = $date(at('2026-11-01', '08:00'));
  insert('users', [{ _id: openid, nickname: '测试党员', streetId: 'xiangyang', communityId: null, roles: [{ role: 'resident' }, { role: 'party_member', scope: { branchId: 'branch-shanheliang' } }], createdAt: when, updatedAt: when }]);
  return openid;
}

interface SignUp {
  sessionId: string;
  state: 'enrolled' | 'waitlisted';
  position?: number;
  session: Session;
}
const signUp = (openid: string, sessionId: string) => w.call('course', openid, 'signUp', { sessionId });
const placeOf = (r: Envelope<unknown>): SignUp => {
  if (!r.ok) throw new Error(`signUp failed: ${r.error.code} ${r.error.message}`);
  return r.data as SignUp;
};
const sessionsOf = async (openid: string, courseId = OPEN) => (await w.ok<{ sessions: Session[] }>('course', openid, 'sessions', { courseId })).sessions;
const mineIn = async (openid: string, sessionId: string) => (await sessionsOf(openid)).find((s) => s.id === sessionId)?.mine ?? null;
const code = (sessionId: string, stepsAgo = 0): string => sessionStepCode(sessionId, codeStep(w.clock.now()) - stepsAgo);
const tick = async (): Promise<unknown> => {
  const main = w.instances.course[1] as Main;
  const res = await main({ Type: 'Timer', TriggerName: 'tick', Time: new Date(w.clock.now()).toISOString() }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) });
  if (!res.ok) throw new Error(`tick failed: ${res.error.code}`);
  return res.data;
};
/** Whether a refusal wrote nothing (rate-limit and idempotency bookkeeping aside). */
async function refusedUnchanged(p: () => Promise<Envelope<unknown>>, code: string): Promise<void> {
  const before = databaseDigest(w.cloud.db);
  expect(await p()).toMatchObject({ ok: false, error: { code } });
  expect(databaseDigest(w.cloud.db)).toBe(before);
}

describe('sessions of a course', () => {
  it('lists upcoming open sessions soonest first with capacity, seats taken, people waiting and the caller’s place', async () => {
    const later = session({ start: at('2026-12-05', '14:00'), capacity: 1 });
    const sooner = session({ start: at('2026-12-02', '09:00'), capacity: 2 });
    session({ state: 'cancelled' });
    session({ start: at('2026-11-30', '10:00') });
    session({ courseId: MEMBERS });
    const [a, b, me] = [resident(), resident(), resident()];
    placeOf(await signUp(a, later));
    placeOf(await signUp(b, later));
    placeOf(await signUp(me, sooner));
    const list = await sessionsOf(me);
    expect(list.map((s) => s.id)).toEqual([sooner, later]);
    expect(list[0]).toMatchObject({ capacity: 2, taken: 1, waiting: 0, state: 'open', mine: { state: 'enrolled', position: null, checkedInAt: null }, start: '2026-12-02T09:00:00+08:00' });
    expect(list[0]?.freeCancelUntil).toBe('2026-12-02T07:00:00+08:00');
    expect([list[0]?.checkInOpensAt, list[0]?.checkInClosesAt]).toEqual(['2026-12-02T08:45:00+08:00', '2026-12-02T09:15:00+08:00']);
    expect(list[1]).toMatchObject({ capacity: 1, taken: 1, waiting: 1, mine: null });
    expect(await mineIn(b, later)).toEqual({ state: 'waitlisted', position: 1, checkedInAt: null });
    expect(await w.call('course', me, 'sessions', { courseId: 'course-nope' })).toMatchObject({ ok: false, error: { code: 'COURSE.NOT_FOUND' } });
  });

  it('shows a person’s upcoming places in course.mine (enrolled and waiting with the position), soonest first', async () => {
    const full = session({ start: at('2026-12-03', '10:00'), capacity: 1 });
    const free = session({ start: at('2026-12-02', '15:00') });
    const me = resident();
    placeOf(await signUp(resident(), full));
    placeOf(await signUp(me, full));
    placeOf(await signUp(me, free));
    const { upcoming } = await w.ok<{ upcoming: Session[] }>('course', me, 'mine');
    expect(upcoming.map((s) => [s.id, s.mine?.state, s.mine?.position])).toEqual([
      [free, 'enrolled', null],
      [full, 'waitlisted', 1],
    ]);
  });
});

describe('signing up: seats held by the database', () => {
  it('takes a seat (one seat document, one sign-up, one message); signing up again answers the place already held', async () => {
    const id = session({ capacity: 3 });
    const me = resident();
    const first = placeOf(await signUp(me, id));
    expect(first).toMatchObject({ sessionId: id, state: 'enrolled', session: { taken: 1, waiting: 0, mine: { state: 'enrolled' } } });
    expect(first.position).toBeUndefined();
    const before = databaseDigest(w.cloud.db);
    expect(placeOf(await signUp(me, id))).toMatchObject({ state: 'enrolled' });
    expect(databaseDigest(w.cloud.db)).toBe(before);
    expect(w.count('session_places', { sessionId: id, kind: 'seat', openid: me })).toBe(1);
    expect(w.count('session_signups', { sessionId: id })).toBe(1);
    expect(w.notifications(me).map((m) => m.kind)).toEqual(['course_enrolled']);
  });

  it('10 parallel sign-ups by one person on two instances → one place, the same answer to all', async () => {
    const id = session({ capacity: 5 });
    const me = resident();
    const replies = (await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call('course', me, 'signUp', { sessionId: id })))).map(placeOf);
    expect(new Set(replies.map((r) => r.state))).toEqual(new Set(['enrolled']));
    expect(w.count('session_places', { sessionId: id })).toBe(1);
    expect(w.count('session_signups', { sessionId: id, openid: me })).toBe(1);
    expect(w.notifications(me)).toHaveLength(1);

    // The same on a full session: one ticket.
    const full = session({ capacity: 1 });
    placeOf(await signUp(resident(), full));
    const waiter = resident();
    const waits = (await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call('course', waiter, 'signUp', { sessionId: full })))).map(placeOf);
    expect(waits.map((r) => `${r.state}:${r.position}`)).toEqual(Array.from({ length: 10 }, () => 'waitlisted:1'));
    expect(w.count('session_places', { sessionId: full, kind: 'ticket' })).toBe(1);
  });

  it('200 people at once for 10 seats (two instances) → exactly 10 enrolled, 190 waiting with positions 1…190 in the responses and afterwards', async () => {
    const id = session({ capacity: 10 });
    const crowd = Array.from({ length: 200 }, () => resident());
    const replies = (await Promise.all(crowd.map((p) => signUp(p, id)))).map(placeOf);
    expect(replies.filter((r) => r.state === 'enrolled')).toHaveLength(10);
    const waiting = replies.map((r, i) => ({ r, p: crowd[i] as string })).filter((x) => x.r.state === 'waitlisted');
    expect(waiting).toHaveLength(190);
    const positions = waiting.map((x) => x.r.position as number).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 190 }, (_, i) => i + 1));
    // The database holds exactly 10 seats and 190 tickets numbered 1…190; each position is its ticket (arrival order).
    expect(w.count('session_places', { sessionId: id, kind: 'seat' })).toBe(10);
    expect(w.count('session_places', { sessionId: id, kind: 'ticket', state: 'waiting' })).toBe(190);
    for (const { r, p } of waiting) {
      expect(w.doc<{ openid: string }>('session_places', `${id}:ticket:${r.position}`)?.openid).toBe(p);
      expect(w.doc<{ ticket: number }>('session_signups', `${id}:${p}`)?.ticket).toBe(r.position);
    }
    // Afterwards everyone sees the same position as in their response.
    for (const { r, p } of waiting.slice(0, 20)) expect((await mineIn(p, id))?.position).toBe(r.position);
    expect((await sessionsOf(crowd[0] as string)).find((s) => s.id === id)).toMatchObject({ taken: 10, waiting: 190 });
  }, 60_000);

  it('keeps arrival order: everyone of a later wave waits behind everyone of an earlier one', async () => {
    const id = session({ capacity: 2 });
    const wave1 = Array.from({ length: 30 }, () => resident());
    const wave2 = Array.from({ length: 30 }, () => resident());
    const r1 = (await Promise.all(wave1.map((p) => signUp(p, id)))).map(placeOf);
    const r2 = (await Promise.all(wave2.map((p) => signUp(p, id)))).map(placeOf);
    const max1 = Math.max(...r1.map((r) => r.position ?? 0));
    expect(max1).toBe(28);
    expect(r2.map((r) => r.position as number).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => 29 + i));
    const late = resident();
    expect(placeOf(await signUp(late, id)).position).toBe(59);
  }, 60_000);
});

describe('group commit: the sign-ups queued on one instance are placed together', () => {
  it('tickets a queued batch in fewer transactions than people; one person refused inside it (account being deleted) does not fail the others', async () => {
    const id = session({ capacity: 1 });
    placeOf(await signUp(resident(), id));
    const leaving = resident();
    insert('booking_accounts', [{ _id: leaving, active: 0, suspendedUntil: null, erasing: true }]);
    const crowd = Array.from({ length: 8 }, () => resident());
    const people = [...crowd.slice(0, 4), leaving, ...crowd.slice(4)];
    const one = w.on(0);
    const transactions = jest.spyOn(SessionRepository.prototype, 'transaction');
    const replies = await Promise.all(people.map((p) => one.call('course', p, 'signUp', { sessionId: id })));
    const used = transactions.mock.calls.length;
    transactions.mockRestore();
    // Batched: far fewer transactions than people.
    expect(used).toBeLessThan(people.length / 2);
    expect(replies[4]).toMatchObject({ ok: false, error: { code: 'ACCOUNT.DELETING' } });
    const placed = replies.filter((_, i) => i !== 4).map(placeOf);
    expect(placed.map((r) => r.state)).toEqual(crowd.map(() => 'waitlisted'));
    expect(placed.map((r) => r.position as number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    crowd.forEach((p, i) => {
      expect(w.doc<{ openid: string; state: string }>('session_places', `${id}:ticket:${placed[i]?.position}`)).toMatchObject({ openid: p, state: 'waiting' });
      expect(w.doc<{ ticket: number }>('session_signups', `${id}:${p}`)?.ticket).toBe(placed[i]?.position);
      expect(w.notifications(p).map((m) => m.kind)).toEqual(['course_waitlisted']);
    });
    // Nothing of the refused person: no sign-up, no ticket, no message; tickets are exactly 1…8.
    expect(w.count('session_signups', { sessionId: id, openid: leaving })).toBe(0);
    expect(w.count('session_places', { sessionId: id, openid: leaving })).toBe(0);
    expect(w.notifications(leaving)).toHaveLength(0);
    expect(w.count('session_places', { sessionId: id, kind: 'ticket' })).toBe(8);
  });
});

describe('cancelling', () => {
  it('an enrolled cancellation hands the seat to position 1 in the same transaction, with a message; everyone behind moves up', async () => {
    const id = session({ capacity: 2 });
    const [a, b, c, d, e] = Array.from({ length: 5 }, () => resident()) as [string, string, string, string, string];
    for (const p of [a, b, c, d, e]) placeOf(await signUp(p, id));
    expect(await mineIn(e, id)).toMatchObject({ position: 3 });
    const res = await w.ok<{ state: string; promoted: boolean }>('course', a, 'cancel', { sessionId: id });
    expect(res).toEqual({ sessionId: id, state: 'cancelled', promoted: true });
    expect(await mineIn(c, id)).toMatchObject({ state: 'enrolled', position: null });
    expect(w.notifications(c).map((m) => m.kind)).toEqual(['course_waitlisted', 'course_promoted']);
    expect(w.notifications(c)[1]).toMatchObject({ title: '候补成功，已为您报名' });
    expect([await mineIn(d, id), await mineIn(e, id)].map((m) => m?.position)).toEqual([1, 2]);
    expect(await mineIn(a, id)).toBeNull();
    // The seat never went free: still two seats, one of them c's, and c's ticket is done.
    expect(w.count('session_places', { sessionId: id, kind: 'seat' })).toBe(2);
    expect(w.count('session_places', { sessionId: id, kind: 'seat', openid: c })).toBe(1);
    expect(w.count('session_places', { sessionId: id, kind: 'ticket', openid: c, state: 'done' })).toBe(1);
    // a signs up again: a new arrival, behind e.
    expect(placeOf(await signUp(a, id))).toMatchObject({ state: 'waitlisted', position: 3 });
  });

  it('a waiting place can be given up any time (even within 2 hours); people behind move up; a seat not later than 2 hours before', async () => {
    const id = session({ capacity: 1 });
    const [a, b, c] = [resident(), resident(), resident()];
    for (const p of [a, b, c]) placeOf(await signUp(p, id));
    setClock('2026-12-02', '09:00');
    expect(await w.ok('course', b, 'cancel', { sessionId: id })).toEqual({ sessionId: id, state: 'cancelled', promoted: false });
    expect(await mineIn(c, id)).toMatchObject({ position: 1 });
    await refusedUnchanged(() => w.call('course', a, 'cancel', { sessionId: id }), 'COURSE.CANCEL_CLOSED');
    setClock('2026-12-02', '08:00');
    expect(await w.ok('course', a, 'cancel', { sessionId: id })).toMatchObject({ promoted: true });
    await refusedUnchanged(() => w.call('course', a, 'cancel', { sessionId: id }), 'COURSE.NOT_SIGNED_UP');
    await refusedUnchanged(() => w.call('course', resident(), 'cancel', { sessionId: id }), 'COURSE.NOT_SIGNED_UP');
    await refusedUnchanged(() => w.call('course', a, 'cancel', { sessionId: 'cs-nope' }), 'COURSE.SESSION_NOT_FOUND');
  });

  it('the tick timer seats people waiting when seats were left free (a crash between cancel and promotion), in order', async () => {
    const id = session({ capacity: 3 });
    const crowd = Array.from({ length: 6 }, () => resident());
    for (const p of crowd) placeOf(await signUp(p, id));
    // Two seats freed without their promotion (as if the instance died between the two).
    for (const p of crowd.slice(0, 2)) {
      const s = w.doc<{ seat: number }>('session_signups', `${id}:${p}`) as { seat: number };
      w.cloud.db.handle({ action: 'database.removeDocument', collectionName: 'session_places', query: JSON.stringify({ _id: `${id}:seat:${s.seat}` }) });
      w.cloud.db.handle({ action: 'database.modifyDocument', collectionName: 'session_signups', query: JSON.stringify({ _id: `${id}:${p}` }), data: JSON.stringify({ $set: { state: 'cancelled', seat: null } }), merge: true });
    }
    expect(w.count('session_places', { sessionId: id, kind: 'seat' })).toBe(1);
    expect(await tick()).toMatchObject({ sessionsWithWaiting: 1, promoted: 2 });
    expect(await mineIn(crowd[3] as string, id)).toMatchObject({ state: 'enrolled' });
    expect(await mineIn(crowd[4] as string, id)).toMatchObject({ state: 'enrolled' });
    expect(await mineIn(crowd[5] as string, id)).toMatchObject({ state: 'waitlisted', position: 1 });
    expect(w.notifications(crowd[4] as string).map((m) => m.kind)).toContain('course_promoted');
    expect(await tick()).toMatchObject({ promoted: 0 });
  });
});

describe('sign-up refusals: each its own code, nothing written', () => {
  it('unknown, cancelled, started, members-only, account being deleted', async () => {
    const me = resident();
    await refusedUnchanged(() => signUp(me, 'cs-nope'), 'COURSE.SESSION_NOT_FOUND');
    const cancelled = session({ state: 'cancelled' });
    await refusedUnchanged(() => signUp(me, cancelled), 'COURSE.SESSION_CANCELLED');
    const soon = session({ start: at('2026-12-01', '09:00') });
    setClock('2026-12-01', '09:00');
    await refusedUnchanged(() => signUp(me, soon), 'COURSE.SIGNUP_CLOSED');
    setClock('2026-12-01', '08:59');
    expect(placeOf(await signUp(me, soon)).state).toBe('enrolled');
    const members = session({ courseId: MEMBERS });
    await refusedUnchanged(() => signUp(me, members), 'COURSE.MEMBERS_ONLY');
    expect(placeOf(await signUp(member(), members)).state).toBe('enrolled');
    const leaving = resident();
    insert('booking_accounts', [{ _id: leaving, active: 0, suspendedUntil: null, erasing: true }]);
    const open = session();
    await refusedUnchanged(() => signUp(leaving, open), 'ACCOUNT.DELETING');
    const full = session({ capacity: 1 });
    placeOf(await signUp(resident(), full));
    await refusedUnchanged(() => signUp(leaving, full), 'ACCOUNT.DELETING');
  });
});

describe('attendance: the organiser’s rotating code', () => {
  it('shows district admins the code, its QR payload and the counts', async () => {
    const id = session({ capacity: 1 });
    placeOf(await signUp(resident(), id));
    placeOf(await signUp(resident(), id));
    const shown = await w.ok<{ code: string; qr: string; stepSeconds: number; enrolled: number; waiting: number; checkedIn: number; expiresAt: string }>('course', 'demo-district-admin', 'sessionCode', { sessionId: id });
    expect(shown).toMatchObject({ sessionId: id, code: code(id), qr: `redsail:session:${id}:${code(id)}`, stepSeconds: 30, enrolled: 1, waiting: 1, checkedIn: 0, courseTitle: '三会一课基本规范', place: '创益园多功能厅' });
    expect(shown).toHaveProperty('start', (await w.ok<{ sessions: Array<{ id: string; start: string }> }>('course', resident(), 'sessions', { courseId: OPEN_COURSE_ID })).sessions.find((s) => s.id === id)?.start);
    expect(await w.call('course', 'demo-district-admin', 'sessionCode', { sessionId: 'cs-nope' })).toMatchObject({ ok: false, error: { code: 'COURSE.SESSION_NOT_FOUND' } });
    expect(await w.call('course', resident(), 'sessionCode', { sessionId: id })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('checks an enrolled person in from 15 minutes before to 15 minutes after the start; records the completion with the branch and credits points once', async () => {
    const id = session({ start: at('2026-12-01', '10:00'), capacity: 1 });
    const pm = member();
    const waiter = resident();
    placeOf(await signUp(pm, id));
    placeOf(await signUp(waiter, id));
    setClock('2026-12-01', '09:44');
    await refusedUnchanged(() => w.call('course', pm, 'checkIn', { sessionId: id, code: code(id) }), 'COURSE.CHECKIN_CLOSED');
    setClock('2026-12-01', '09:45');
    await refusedUnchanged(() => w.call('course', pm, 'checkIn', { sessionId: id, code: code(id) === '000000' ? '000001' : '000000' }), 'COURSE.CODE_WRONG');
    await refusedUnchanged(() => w.call('course', pm, 'checkIn', { sessionId: id, code: code(id, 2) }), 'COURSE.CODE_WRONG');
    await refusedUnchanged(() => w.call('course', waiter, 'checkIn', { sessionId: id, code: code(id) }), 'COURSE.NOT_ENROLLED');
    await refusedUnchanged(() => w.call('course', resident(), 'checkIn', { sessionId: id, code: code(id) }), 'COURSE.NOT_SIGNED_UP');
    await refusedUnchanged(() => w.call('course', pm, 'checkIn', { sessionId: 'cs-nope', code: code(id) }), 'COURSE.SESSION_NOT_FOUND');
    // The previous step's code is still accepted; 10 parallel check-ins (two instances) → one completion, one credit.
    const previous = code(id, 1);
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call('course', pm, 'checkIn', { sessionId: id, code: previous })));
    const oks = replies.filter((r) => r.ok);
    expect(oks).toHaveLength(1);
    expect(oks[0]).toMatchObject({ ok: true, data: { sessionId: id, checkedInAt: '2026-12-01T09:45:00+08:00', points: 10 } });
    expect(replies.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(Array.from({ length: 9 }, () => 'COURSE.ALREADY_CHECKED_IN'));
    expect(w.doc('course_completions', `${pm}:${OPEN}`)).toMatchObject({ via: 'offline', sessionId: id, branchId: 'branch-shanheliang', points: 10, date: '2026-12-01' });
    expect(w.count('points_ledger', { openid: pm })).toBe(1);
    expect(w.doc('points_ledger', `${pm}|course_session|${id}`)).toMatchObject({ points: 10 });
    await refusedUnchanged(() => w.call('course', pm, 'checkIn', { sessionId: id, code: code(id) }), 'COURSE.ALREADY_CHECKED_IN');
    expect(await mineIn(pm, id)).toMatchObject({ state: 'enrolled', checkedInAt: '2026-12-01T09:45:00+08:00' });
    expect(await w.ok('course', 'demo-district-admin', 'sessionCode', { sessionId: id })).toMatchObject({ checkedIn: 1 });
    setClock('2026-12-01', '10:16');
    await refusedUnchanged(() => w.call('course', waiter, 'checkIn', { sessionId: id, code: code(id) }), 'COURSE.NOT_ENROLLED');
  });

  it('refuses after the window, in a cancelled session and while the account is being deleted', async () => {
    const id = session({ start: at('2026-12-01', '10:00') });
    const [a, b] = [resident(), resident()];
    placeOf(await signUp(a, id));
    placeOf(await signUp(b, id));
    setClock('2026-12-01', '10:16');
    await refusedUnchanged(() => w.call('course', a, 'checkIn', { sessionId: id, code: code(id) }), 'COURSE.CHECKIN_CLOSED');
    setClock('2026-12-01', '10:15');
    insert('booking_accounts', [{ _id: b, active: 0, suspendedUntil: null, erasing: true }]);
    await refusedUnchanged(() => w.call('course', b, 'checkIn', { sessionId: id, code: code(id) }), 'ACCOUNT.DELETING');
    w.cloud.db.handle({ action: 'database.modifyDocument', collectionName: 'course_sessions', query: JSON.stringify({ _id: id }), data: JSON.stringify({ $set: { state: 'cancelled' } }), merge: true });
    await refusedUnchanged(() => w.call('course', a, 'checkIn', { sessionId: id, code: code(id) }), 'COURSE.SESSION_CANCELLED');
  });
});
