/**
 * The dashboard's rollups (cloudfunctions/_shared/rollups.ts) through the real functions over one seeded database: each
 * counted event writes one fact in its own transaction (a refused or rolled-back one writes none), the admin timer
 * `rollup` folds each fact exactly once (also with two instances folding at once), a person counts once a month as an
 * active volunteer, and rebuilding from the source collections gives the same counters as folding the events.
 */
import { codeStep, stepCode } from '../../cloudfunctions/_shared/checkin-codes';
import { database } from '../../cloudfunctions/_shared/db';
import type { Main } from '../../cloudfunctions/_shared/runtime';
import { foldFacts, minutesByHour, rebuildRollups, recordFact, type OrgRollupDoc, type StreetRollupDoc } from '../../cloudfunctions/_shared/rollups';
import { retryingTransaction } from '../../cloudfunctions/_shared/tx';
import { beijingInstant } from '../../types/beijing-time';
import { DISTRICT_LEVEL_STREET } from '../../types/org-rules';
import type { ActivityDetail } from '../../types';
import { writeUser } from '../support/activities';
import { at, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const RESIDENT = 'demo-resident';
const MANAGER = 'demo-venue-manager';
const STATION_MANAGER = 'demo-station-manager'; // st-beida, xiangyang
const SECRETARY = 'demo-secretary';
const DAY = '2026-12-03';
const DISTRICT = `2026-12:${DISTRICT_LEVEL_STREET}`;

interface Booking {
  id: string;
  state: string;
  checkInCode?: string;
}
const book = (venueId: string, date: string, clock: string, who = RESIDENT) => w.ok<Booking>('venue', who, 'book', { venueId, starts: [at(date, clock)], purpose: '合唱排练', attendees: 10 });
const street = (id: string): StreetRollupDoc | null => w.doc<StreetRollupDoc>('rollups', id);
const org = (id: string): OrgRollupDoc | null => w.doc<OrgRollupDoc>('org_rollups', id);
const facts = (): number => w.count('rollup_facts', {});
/** Every counter document (not the meta), by id, as stored, without map entries at 0 (a missing entry is 0). */
const counters = (): Record<string, unknown> => {
  const nonZero = (m: Record<string, number> | undefined) => (m ? Object.fromEntries(Object.entries(m).filter(([, v]) => v !== 0)) : m);
  const docs = [...w.cloud.db.store.entries('rollups'), ...w.cloud.db.store.entries('org_rollups')].map((e) => e.doc as unknown as StreetRollupDoc).filter((d) => d._id !== 'meta');
  return Object.fromEntries(docs.map((d) => [d._id, d.kind === 'street' ? { ...d, venueMinutes: nonZero(d.venueMinutes), hourMinutes: nonZero(d.hourMinutes), coverage: nonZero(d.coverage) } : d]));
};
/** The admin timer on instance `i`, as CloudBase starts it. */
const foldOn = async (i: number): Promise<{ folded: number }> => {
  const main = w.instances.admin[i] as Main;
  const res = await main({ Type: 'Timer', TriggerName: 'rollup', Time: new Date(w.clock.now()).toISOString() }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) });
  if (!res.ok) throw new Error(`rollup failed: ${res.error.code}`);
  return res.data as { folded: number };
};
let people = 0;
/** A volunteer of xiangyang registered through volunteer.register. */
const volunteer = async (): Promise<string> => {
  const openid = writeUser(w, `ru-vol-${++people}`, { streetId: 'xiangyang', roles: [{ role: 'resident' }, { role: 'volunteer' }] });
  await w.registerVolunteer(openid);
  return openid;
};
const honour = (openid: string, hours: number, correctsId?: string) =>
  w.ok<{ id: string }>('volunteer', STATION_MANAGER, 'grantHours', { openid, stationId: 'st-beida', hours, reason: correctsId ? '重复登记' : '表现突出', ...(correctsId ? { correctsId } : {}) });

describe('venue bookings', () => {
  it('a confirmed booking counts once after the fold (per venue and hour of day); its cancellation undoes it', async () => {
    const b = await book('cyy-rehearsal', DAY, '10:30');
    expect(b.state).toBe('confirmed');
    expect(facts()).toBe(1);
    expect(street(DISTRICT)).toBeNull();
    expect(await w.rollup()).toEqual({ folded: 1 });
    expect(facts()).toBe(0);
    expect(street(DISTRICT)).toMatchObject({ kind: 'street', month: '2026-12', streetId: DISTRICT_LEVEL_STREET, venue: { bookings: 1, minutes: 60, noShows: 0, due: 0 }, venueMinutes: { 'cyy-rehearsal': 60 }, hourMinutes: { '10': 30, '11': 30 } });
    expect(w.doc<{ foldedAt: Date }>('rollups', 'meta')?.foldedAt).toEqual(new Date(w.clock.now()));
    // Folding again counts nothing twice.
    expect(await w.rollup()).toEqual({ folded: 0 });
    expect(street(DISTRICT)?.venue.bookings).toBe(1);

    await w.ok('venue', RESIDENT, 'cancel', { bookingId: b.id });
    await w.rollup();
    expect(street(DISTRICT)).toMatchObject({ venue: { bookings: 0, minutes: 0 }, venueMinutes: { 'cyy-rehearsal': 0 }, hourMinutes: { '10': 0, '11': 0 } });
  });

  it('a street venue counts in its street; a pending booking counts only once approved; check-in and no-show make it due', async () => {
    await book('xy-center', DAY, '09:30');
    const pending = await book('cyy-hall', DAY, '14:30');
    expect(pending.state).toBe('pending');
    await w.rollup();
    expect(street('2026-12:xiangyang')).toMatchObject({ streetId: 'xiangyang', venue: { bookings: 1, minutes: 60 } });
    expect(street(DISTRICT)).toBeNull();
    await w.ok('venue', MANAGER, 'approve', { bookingId: pending.id });
    await w.rollup();
    expect(street(DISTRICT)).toMatchObject({ venue: { bookings: 1, minutes: 60, due: 0 } });

    // Today: one checked in by the manager, one never shows up (released by the venue timer).
    const came = await book('cyy-rehearsal', '2026-12-01', '09:30');
    const away = await book('cyy-meeting-1', '2026-12-01', '09:30', 'demo-party-member');
    w.clock.set(beijingInstant('2026-12-01', '09:35'));
    const mine = await w.ok<{ bookings: Booking[] }>('venue', RESIDENT, 'mine', { when: 'upcoming' });
    const code = mine.bookings.find((x) => x.id === came.id)?.checkInCode;
    await w.ok('venue', MANAGER, 'checkInBooking', { code });
    w.clock.set(beijingInstant('2026-12-01', '10:00'));
    await w.venueTick();
    expect(w.doc<{ state: string }>('bookings', away.id)?.state).toBe('released');
    await w.rollup();
    expect(street(DISTRICT)).toMatchObject({ venue: { bookings: 3, minutes: 180, due: 2, noShows: 1 } });
  });

  it('a refused booking writes no fact, and of two cancellations racing on two instances one is counted', async () => {
    const b = await book('cyy-rehearsal', DAY, '10:30');
    const taken = await w.call('venue', 'demo-party-member', 'book', { venueId: 'cyy-rehearsal', starts: [at(DAY, '10:30')], purpose: '合唱排练', attendees: 10 });
    expect(taken).toMatchObject({ ok: false, error: { code: 'VENUE.SLOT_TAKEN' } });
    expect(facts()).toBe(1);
    const both = await Promise.all([w.on(0).call('venue', RESIDENT, 'cancel', { bookingId: b.id }), w.on(1).call('venue', RESIDENT, 'cancel', { bookingId: b.id })]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(facts()).toBe(2);
    await w.rollup();
    expect(street(DISTRICT)?.venue).toMatchObject({ bookings: 0, minutes: 0 });
  });

  it('a transaction rolled back after recording its fact leaves no fact', async () => {
    const fact = { month: '2026-12', streetId: 'xiangyang', inc: { 'venue.bookings': 1 } };
    await expect(
      retryingTransaction(database(), async (tx) => {
        await recordFact(tx, fact, w.clock.now());
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    expect(facts()).toBe(0);
  });
});

describe('the fold', () => {
  it('two instances folding at once count every fact exactly once (more facts than one batch)', async () => {
    const N = 250;
    const db = database();
    for (let i = 0; i < N; i += 50) {
      await db.collection('rollup_facts').add(
        Array.from({ length: 50 }, (_, j) => ({ month: '2026-12', streetId: 'xiangyang', inc: { 'venue.bookings': 1, 'venue.minutes': 60 }, venueId: 'xy-center', hourMinutes: { '09': 30, '10': 30 }, at: new Date(w.clock.now() + i + j) })),
      );
    }
    let total = 0;
    for (let round = 0; round < 20 && facts() > 0; round++) {
      const [a, b] = await Promise.all([foldOn(0), foldOn(1)]);
      total += a.folded + b.folded;
    }
    expect(total).toBe(N);
    expect(facts()).toBe(0);
    expect(street('2026-12:xiangyang')).toMatchObject({ venue: { bookings: N, minutes: 60 * N }, venueMinutes: { 'xy-center': 60 * N }, hourMinutes: { '09': 30 * N, '10': 30 * N } });
  });

  it('a fold whose list of facts went stale (another fold took them meanwhile) counts none of them again', async () => {
    for (let i = 0; i < 3; i++) await book('cyy-rehearsal', DAY, `${10 + i}:30`);
    const real = database();
    let raced = false;
    /** Runs the other fold right after this fold has listed the pending facts, before its transaction begins. */
    const other = async (): Promise<void> => {
      if (raced) return;
      raced = true;
      expect(await foldFacts(real, w.clock.now())).toEqual({ folded: 3 });
    };
    const intercept = <T extends object>(q: T): T =>
      new Proxy(q, {
        get(target, prop) {
          const v = Reflect.get(target, prop, target) as unknown;
          if (typeof v !== 'function') return v;
          const f = v as (...args: unknown[]) => unknown;
          if (prop === 'get') return async (...args: unknown[]) => Promise.resolve(f.apply(target, args)).then(async (r) => (await other(), r));
          return (...args: unknown[]) => {
            const r = f.apply(target, args);
            return r && typeof r === 'object' && !(r instanceof Promise) ? intercept(r) : r;
          };
        },
      });
    const stale = new Proxy(real, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target) as unknown;
        if (prop === 'collection') return (name: string) => (name === 'rollup_facts' ? intercept(target.collection(name)) : target.collection(name));
        return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
      },
    });
    expect(await foldFacts(stale, w.clock.now())).toEqual({ folded: 0 });
    expect(raced).toBe(true);
    expect(street(DISTRICT)?.venue).toMatchObject({ bookings: 3, minutes: 180 });
  });

  it('minutes fall in the Beijing hours they belong to, under any TZ', () => {
    expect(minutesByHour(beijingInstant(DAY, '23:30'), beijingInstant('2026-12-04', '01:00'))).toEqual({ '23': 30, '00': 60 });
    expect(minutesByHour(beijingInstant(DAY, '08:00'), beijingInstant(DAY, '08:45'))).toEqual({ '08': 45 });
  });
});

describe('volunteer hours', () => {
  it('minutes add up (corrections too), and a volunteer counts once a month however many entries and folds', async () => {
    const [a, b] = [await volunteer(), await volunteer()];
    const first = await honour(a, 2);
    await w.rollup();
    w.clock.advance(60_000);
    await honour(a, 1.5);
    await honour(b, 1);
    w.clock.advance(60_000);
    await honour(a, -0.5, first.id);
    await w.rollup();
    expect(street('2026-12:xiangyang')).toMatchObject({ volunteer: { minutes: (2 + 1.5 + 1 - 0.5) * 60, active: 2 } });
    expect(w.count('rollup_marks', {})).toBe(2);
  });

  it('hours of an organization’s member count for the organization too', async () => {
    const a = await volunteer();
    w.cloud.db.handle({ action: 'database.modifyDocument', collectionName: 'users', query: JSON.stringify({ _id: a }), data: JSON.stringify({ $set: { orgs: [{ orgId: 'org-test', role: 'member' }] } }), merge: true });
    await honour(a, 3);
    await w.rollup();
    expect(org('2026-12:org:org-test')).toMatchObject({ kind: 'org', orgId: 'org-test', volunteerMinutes: 180, bookings: 0 });
  });
});

describe('courses and activities', () => {
  it('a course completion counts in the person’s street and covers a party member once a quarter in their branch', async () => {
    const member = writeUser(w, `ru-member-${++people}`, { streetId: 'xiangyang', roles: [{ role: 'resident' }, { role: 'party_member', scope: { branchId: 'branch-shanheliang' } }] });
    for (const courseId of ['course-shyk-basics', 'course-dfsj-standard']) {
      const quiz = await w.ok<{ attemptId: string; questions: Array<{ id: string }> }>('course', member, 'quiz', { courseId });
      const key = await import('../../local-cloud/seed-courses');
      const answers = quiz.questions.map((q) => {
        const [cid, n] = [q.id.slice(0, q.id.lastIndexOf('-q')), Number(q.id.slice(q.id.lastIndexOf('-q') + 2))];
        const course = key.courseSeeds.find((c) => c.id === cid);
        return { questionId: q.id, choice: course?.questions[n - 1]?.answer ?? 0 };
      });
      expect(await w.ok<{ completed: boolean }>('course', member, 'submitQuiz', { courseId, attemptId: quiz.attemptId, answers })).toMatchObject({ completed: true });
    }
    await w.rollup();
    expect(street('2026-12:xiangyang')).toMatchObject({ course: { completions: 2 }, coverage: { 'branch-shanheliang': 1 } });
  });

  it('an activity published counts held (its venue booking as venue use); sign-ups and attendance count; cancelling undoes', async () => {
    const draft = { title: '社区主题党日', type: 'theme_day', description: '一起学习党的二十大精神，交流学习心得体会。', coverFileId: null, start: at(DAY, '14:30'), end: at(DAY, '16:30'), place: { kind: 'venue', venueId: 'cyy-workshop' }, capacity: 20, audience: 'public' };
    const a = await w.ok<ActivityDetail>('activity', SECRETARY, 'create', { activity: draft });
    await w.rollup();
    expect(street(DISTRICT)).toBeNull();
    await w.ok('activity', SECRETARY, 'publish', { activityId: a.id });
    const [x, y] = [`ru-res-${++people}`, `ru-res-${++people}`];
    await w.ok('activity', x, 'signUp', { activityId: a.id });
    await w.ok('activity', y, 'signUp', { activityId: a.id });
    await w.ok('activity', y, 'cancel', { activityId: a.id });
    w.clock.set(beijingInstant(DAY, '14:20'));
    await w.ok('activity', x, 'checkIn', { activityId: a.id, code: stepCode('activity', a.id, codeStep(w.clock.now())) });
    await w.rollup();
    expect(street(DISTRICT)).toMatchObject({ activity: { held: 1, signups: 1, attended: 1 }, venue: { bookings: 1, minutes: 120 } });
    await w.ok('activity', SECRETARY, 'cancelActivity', { activityId: a.id, reason: '天气原因' });
    await w.rollup();
    expect(street(DISTRICT)).toMatchObject({ activity: { held: 0 }, venue: { bookings: 0, minutes: 0 } });
  });
});

describe('rebuild', () => {
  it('recomputes from the source collections exactly what folding the events gave, and facts recorded after it fold on top', async () => {
    const [v1, v2] = [await volunteer(), await volunteer()];
    await honour(v1, 2);
    await honour(v2, 1.25);
    const b1 = await book('cyy-rehearsal', DAY, '10:30');
    await book('xy-center', DAY, '09:30');
    await book('cyy-meeting-2', '2026-12-02', '15:30', 'demo-party-member');
    await w.ok('venue', RESIDENT, 'cancel', { bookingId: b1.id });
    const pending = await book('cyy-hall', DAY, '14:30');
    await w.ok('venue', MANAGER, 'approve', { bookingId: pending.id });
    const a = await w.ok<ActivityDetail>('activity', SECRETARY, 'create', {
      activity: { title: '社区主题党日', type: 'theme_day', description: '一起学习党的二十大精神，交流学习心得体会。', coverFileId: null, start: at(DAY, '16:30'), end: at(DAY, '17:30'), place: { kind: 'venue', venueId: 'cyy-workshop' }, capacity: 20, audience: 'public' },
    });
    await w.ok('activity', SECRETARY, 'publish', { activityId: a.id });
    await w.ok('activity', `ru-res-${++people}`, 'signUp', { activityId: a.id });
    await w.rollup();
    w.clock.advance(60_000);
    await honour(v1, 0.5);
    await w.rollup();
    const folded = counters();
    expect(Object.keys(folded).length).toBeGreaterThanOrEqual(2);

    expect(await rebuildRollups(database(), w.clock.now())).toEqual({ docs: Object.keys(folded).length });
    expect(counters()).toEqual(folded);
    expect(w.count('rollup_marks', {})).toBe(2);
    expect(w.doc<{ rebuiltAt: Date }>('rollups', 'meta')?.rebuiltAt).toEqual(new Date(w.clock.now()));

    // After a rebuild the marks are there: the same volunteer again this month is not counted twice.
    await honour(v2, 1);
    await foldFacts(database(), w.clock.now());
    expect(street('2026-12:xiangyang')?.volunteer.active).toBe(2);
  });
});

describe('erasure', () => {
  it('an erased person’s marks and pending facts no longer name them; the counts stay and they are not counted twice', async () => {
    const v = await volunteer();
    await honour(v, 2);
    await w.rollup();
    w.clock.advance(60_000);
    await honour(v, 1);
    expect(w.count('rollup_marks', { openid: v })).toBe(1);
    expect(w.count('rollup_facts', { 'distinct.openid': v })).toBe(1);
    await w.ok('user', v, 'deleteAccount', { confirm: '注销' });
    const naming = (coll: string): number => [...w.cloud.db.store.entries(coll)].filter((e) => JSON.stringify(e.doc).includes(v)).length;
    expect(naming('rollup_marks') + naming('rollup_facts') + naming('rollups') + naming('org_rollups')).toBe(0);
    expect(w.count('rollup_marks', {})).toBe(1);
    await w.rollup();
    expect(street('2026-12:xiangyang')?.volunteer).toEqual({ minutes: 180, active: 1 });
  });
});
