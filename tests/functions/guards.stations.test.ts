/**
 * Idempotency by requestId for every mutating action of the station and volunteer functions (as guards.test.ts does
 * for the others): 10 parallel replays on two instances → one effect and one response; a later replay on either
 * instance → the same response; privileged changes audited exactly once; the same requestId with other input →
 * IDEMPOTENCY.KEY_REUSED.
 */
import { STATIONS_SUITE_FUNCTIONS } from '../support/authorization';
import { contract, type ActionSpec, type Envelope } from '../../types';
import { codeStep, sessionStepCode, shiftStepCode, stepCode } from '../../cloudfunctions/_shared/checkin-codes';
import { writeSession } from '../support/sessions';
import { writeActivity, writePlace, writeUser } from '../support/activities';
import { orgProfile, writeOrg } from '../support/orgs';
import { rid, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
let people = 0;
export const someone = (): string => `gs-${++people}`;
export const must = async <T>(p: Promise<Envelope<unknown>>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(`setup failed: ${r.error.code} ${r.error.message}`);
  return r.data as T;
};

beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

type Fn = 'station' | 'volunteer' | 'course' | 'activity' | 'org';
/** A replay case: who calls with what, and a different input for the same requestId. */
interface Case {
  fn: Fn;
  openid: string;
  data: unknown;
  other: unknown;
}
const cases: Record<string, () => Promise<Case>> = {
  // 李师傅 (a volunteer) with hours from his station manager: each issue is a new number, a replay the same one.
  'volunteer.certificate': async () => {
    await must(w.call('volunteer', 'demo-station-manager', 'grantHours', { openid: 'demo-volunteer', stationId: 'st-beida', hours: 3, reason: '义务理发' }));
    return { fn: 'volunteer', openid: 'demo-volunteer', data: {}, other: { nameShown: 'full' } };
  },
  // One honour entry, one message and one audit entry, however many replays.
  'volunteer.grantHours': async () => ({
    fn: 'volunteer',
    openid: 'demo-station-manager',
    data: { openid: 'demo-volunteer', stationId: 'st-beida', hours: 2, reason: '表现突出' },
    other: { openid: 'demo-volunteer', stationId: 'st-beida', hours: 3, reason: '表现突出' },
  }),
  ...attendanceCases(),
  ...shiftCases(),
  ...stationCases(),
  ...courseCases(),
  ...sessionCases(),
  ...authoringCases(),
  ...recordCases(),
  ...scheduleCases(),
  ...lifecycleCases(),
  ...activitySignupCases(),
  ...orgCases(),
};
/** What one effect means, per action (counted after the replays). */
const effects: Record<string, (w: VolunteerWorld) => void> = {
  'volunteer.certificate': (world) => expect(world.count('volunteer_certificates', { openid: 'demo-volunteer' })).toBe(1),
  'volunteer.grantHours': (world) => {
    expect(world.count('hours_ledger', { openid: 'demo-volunteer' })).toBe(1);
    expect(world.notifications('demo-volunteer').filter((m) => m.kind === 'hours_credited')).toHaveLength(1);
  },
  ...attendanceEffects(),
  ...shiftEffects(),
  ...stationEffects(),
  ...courseEffects(),
  ...sessionEffects(),
  ...authoringEffects(),
  ...recordEffects(),
  ...scheduleEffects(),
  ...lifecycleEffects(),
  ...activitySignupEffects(),
  ...orgEffects(),
};

// ---------------------------------------------------------------- activities: places, waitlist, attendance (B)

let activityCaseIds: Record<string, string> = {};
function activitySignupCases(): Record<string, () => Promise<Case>> {
  return {
    // One seat, one sign-up, one message, however many replays; another activity → KEY_REUSED.
    'activity.signUp': async () => {
      activityCaseIds = { signUp: writeActivity(w), other: writeActivity(w) };
      return { fn: 'activity', openid: 'gs-as-signup', data: { activityId: activityCaseIds.signUp }, other: { activityId: activityCaseIds.other } };
    },
    // One cancellation (the replays answer the same, not ACTIVITY.NOT_SIGNED_UP), one promotion of the first in line.
    'activity.cancel': async () => {
      const activityId = writeActivity(w, { capacity: 1 });
      activityCaseIds = { cancel: activityId, other: writeActivity(w) };
      writePlace(w, activityId, 'gs-as-cancel', { seat: 1 });
      writePlace(w, activityId, 'gs-as-next', { ticket: 1 });
      return { fn: 'activity', openid: 'gs-as-cancel', data: { activityId }, other: { activityId: activityCaseIds.other } };
    },
    // One check-in, one points credit (the replays answer the same, not ALREADY_CHECKED_IN).
    'activity.checkIn': async () => {
      const activityId = writeActivity(w, { start: Date.parse('2026-12-01T08:10:00+08:00') });
      activityCaseIds = { checkIn: activityId };
      writePlace(w, activityId, 'gs-as-checkin', { seat: 1 });
      const code = stepCode('activity', activityId, codeStep(w.clock.now()));
      return { fn: 'activity', openid: 'gs-as-checkin', data: { activityId, code }, other: { activityId, code: code === '000000' ? '000001' : '000000' } };
    },
  };
}

function activitySignupEffects(): Record<string, (world: VolunteerWorld) => void> {
  return {
    'activity.signUp': (world) => {
      expect(world.count('activity_places', { activityId: activityCaseIds.signUp })).toBe(1);
      expect(world.count('activity_signups', { activityId: activityCaseIds.signUp, openid: 'gs-as-signup', state: 'confirmed' })).toBe(1);
      expect(world.notifications('gs-as-signup').filter((m) => m.kind === 'activity_confirmed')).toHaveLength(1);
    },
    'activity.cancel': (world) => {
      expect(world.count('activity_signups', { activityId: activityCaseIds.cancel, openid: 'gs-as-cancel', state: 'cancelled' })).toBe(1);
      expect(world.count('activity_places', { activityId: activityCaseIds.cancel, kind: 'seat', openid: 'gs-as-next' })).toBe(1);
      expect(world.notifications('gs-as-next').filter((m) => m.kind === 'activity_promoted')).toHaveLength(1);
    },
    'activity.checkIn': (world) => {
      expect(world.count('activity_signups', { activityId: activityCaseIds.checkIn, openid: 'gs-as-checkin', checkedInAt: { $ne: null } })).toBe(1);
      expect(world.count('points_ledger', { openid: 'gs-as-checkin', sourceType: 'activity_attendance' })).toBe(1);
    },
  };
}

const sliceMutations = Object.entries(contract)
  .filter(([fn]) => (STATIONS_SUITE_FUNCTIONS as readonly string[]).includes(fn))
  .flatMap(([fn, actions]) => Object.entries(actions as Record<string, ActionSpec>).filter(([, s]) => s.mutates).map(([a, s]) => ({ id: `${fn}.${a}`, spec: s })));
/** Audited: mutations reserved to managers and admins. */
const privileged = new Set([
  ...sliceMutations.filter((m) => m.spec.access.roles !== 'any' && !(m.spec.access.roles as readonly string[]).includes('volunteer')).map((m) => m.id),
  // Open to anyone but audited: a claim to lead an organization, an edit of its profile (by its leader or an admin).
  'org.claim',
  'org.update',
]);

describe('idempotency by requestId (stations and volunteers)', () => {
  it('has a case for every mutating action', () => {
    expect(sliceMutations.filter((m) => m.spec.idempotency !== 'native' && !cases[m.id]).map((m) => m.id)).toEqual([]);
  });

  it.each(Object.keys(cases).length ? Object.keys(cases) : ['(none yet)'])('%s: 10 parallel replays on two instances → one effect and one response; other input → KEY_REUSED', async (id) => {
    if (!cases[id]) return;
    const action = id.split('.')[1] as string;
    const c = await (cases[id])();
    const requestId = rid();
    const auditBefore = w.count('audit_log', {});
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call(c.fn, c.openid, action, c.data, requestId)));
    expect(replies[0]).toMatchObject({ ok: true });
    for (const r of replies) expect(r).toEqual(replies[0]);
    for (const i of [0, 1]) expect(await w.on(i).call(c.fn, c.openid, action, c.data, requestId)).toEqual(replies[0]);
    const audited = privileged.has(id) ? 1 : 0;
    expect(w.count('audit_log', {}) - auditBefore).toBe(audited);
    expect(w.count('audit_log', { requestId })).toBe(audited);
    effects[id]?.(w);
    const reused = await w.on(1).call(c.fn, c.openid, action, c.other, requestId);
    expect(reused.ok ? 'ok' : reused.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });
});

// ---------------------------------------------------------------- registration and attendance (H3)

const BEIDA_POINT = { latitude: 37.5445, longitude: 121.3921 };
const setClock = (hhmm: string): void => w.clock.set(Date.parse(`2026-12-01T${hhmm}:00+08:00`));
const currentCode = (shiftId: string): string => shiftStepCode(shiftId, codeStep(w.clock.now()));
/** A registered volunteer holding a place on a fresh geofenced 北大 shift today 09:00–11:00 (checked in at 09:00 if asked). */
async function placed(openid: string, checkedIn: boolean): Promise<string> {
  const shift = await must<{ id: string }>(
    w.call('volunteer', 'demo-station-manager', 'createShift', {
      stationId: 'st-beida',
      title: '守护班次',
      start: '2026-12-01T09:00:00+08:00',
      end: '2026-12-01T11:00:00+08:00',
      capacity: 5,
      place: '服务中心',
      location: BEIDA_POINT,
      radiusM: 200,
    }),
  );
  await w.registerVolunteer(openid);
  await must(w.call('volunteer', openid, 'signUp', { shiftId: shift.id }));
  if (checkedIn) {
    setClock('09:00');
    await must(w.call('volunteer', openid, 'checkIn', { shiftId: shift.id, code: currentCode(shift.id), location: BEIDA_POINT }));
  }
  return shift.id;
}

function attendanceCases(): Record<string, () => Promise<Case>> {
  return {
    // One registration and one volunteer grant, however many replays.
    'volunteer.register': async () => ({ fn: 'volunteer', openid: 'gs-register', data: { realName: '郑守一', phone: '13900002222' }, other: { realName: '郑守一', phone: '13900003333' } }),
    'volunteer.setPreferences': async () => {
      await w.registerVolunteer('gs-prefs');
      return { fn: 'volunteer', openid: 'gs-prefs', data: { showOnLeaderboard: false }, other: { showOnLeaderboard: true } };
    },
    // One check-in (its time and distance), not a refusal for the replays.
    'volunteer.checkIn': async () => {
      const shiftId = await placed('gs-checkin', false);
      setClock('08:50');
      return { fn: 'volunteer', openid: 'gs-checkin', data: { shiftId, code: currentCode(shiftId), location: BEIDA_POINT }, other: { shiftId, code: currentCode(shiftId) } };
    },
    // One credit and one message.
    'volunteer.checkOut': async () => {
      const shiftId = await placed('gs-checkout', true);
      setClock('11:00');
      return { fn: 'volunteer', openid: 'gs-checkout', data: { shiftId, code: currentCode(shiftId), location: BEIDA_POINT }, other: { shiftId, code: currentCode(shiftId) } };
    },
    // One confirmed credit, one message, one audit entry.
    'volunteer.confirmCheckOut': async () => {
      const shiftId = await placed('gs-forgot', true);
      setClock('11:30');
      return { fn: 'volunteer', openid: 'demo-station-manager', data: { shiftId, openid: 'gs-forgot' }, other: { shiftId, openid: 'gs-someone-else' } };
    },
  };
}

function attendanceEffects(): Record<string, (world: VolunteerWorld) => void> {
  const credited = (world: VolunteerWorld, openid: string): void => {
    expect(world.count('hours_ledger', { openid })).toBe(1);
    expect(world.notifications(openid).filter((m) => m.kind === 'hours_credited')).toHaveLength(1);
  };
  return {
    'volunteer.register': (world) => {
      expect(world.count('volunteers', { _id: 'gs-register' })).toBe(1);
      expect(world.doc<{ roles: Array<{ role: string }> }>('users', 'gs-register')?.roles.filter((g) => g.role === 'volunteer')).toHaveLength(1);
    },
    'volunteer.setPreferences': (world) => expect(world.doc('volunteers', 'gs-prefs')).toMatchObject({ showOnLeaderboard: false }),
    'volunteer.checkIn': (world) => expect(world.count('shift_signups', { openid: 'gs-checkin', checkedInAt: { $ne: null }, checkInDistanceM: 0 })).toBe(1),
    'volunteer.checkOut': (world) => credited(world, 'gs-checkout'),
    'volunteer.confirmCheckOut': (world) => credited(world, 'gs-forgot'),
  };
}

// ---------------------------------------------------------------- shifts (H2)

/** A fresh 北大 shift tomorrow morning, created by its station manager. */
async function beidaShift(title = '守护报名', capacity = 5): Promise<string> {
  const shift = await must<{ id: string }>(
    w.call('volunteer', 'demo-station-manager', 'createShift', { stationId: 'st-beida', title, start: '2026-12-02T09:00:00+08:00', end: '2026-12-02T11:00:00+08:00', capacity, place: '服务中心' }),
  );
  return shift.id;
}

let shiftCaseIds: Record<string, string> = {};
function shiftCases(): Record<string, () => Promise<Case>> {
  return {
    // One seat, one sign-up, one confirmation message, however many replays.
    'volunteer.signUp': async () => {
      await w.registerVolunteer('gs-signup');
      shiftCaseIds = { signUp: await beidaShift(), other: await beidaShift('另一班次') };
      return { fn: 'volunteer', openid: 'gs-signup', data: { shiftId: shiftCaseIds.signUp }, other: { shiftId: shiftCaseIds.other } };
    },
    // One cancellation: the replays answer the same, not SHIFT.NOT_SIGNED_UP.
    'volunteer.cancel': async () => {
      await w.registerVolunteer('gs-cancel');
      shiftCaseIds = { cancel: await beidaShift(), other: await beidaShift('另一班次') };
      await must(w.call('volunteer', 'gs-cancel', 'signUp', { shiftId: shiftCaseIds.cancel }));
      return { fn: 'volunteer', openid: 'gs-cancel', data: { shiftId: shiftCaseIds.cancel }, other: { shiftId: shiftCaseIds.other } };
    },
    // One shift and one audit entry.
    'volunteer.createShift': async () => ({
      fn: 'volunteer',
      openid: 'demo-station-manager',
      data: { stationId: 'st-beida', title: '守护新建', start: '2026-12-02T14:00:00+08:00', end: '2026-12-02T16:00:00+08:00', capacity: 4, place: '服务中心' },
      other: { stationId: 'st-beida', title: '守护新建', start: '2026-12-02T14:00:00+08:00', end: '2026-12-02T16:00:00+08:00', capacity: 5, place: '服务中心' },
    }),
  };
}

function shiftEffects(): Record<string, (world: VolunteerWorld) => void> {
  return {
    'volunteer.signUp': (world) => {
      expect(world.count('shift_seats', { shiftId: shiftCaseIds.signUp })).toBe(1);
      expect(world.count('shift_signups', { shiftId: shiftCaseIds.signUp, openid: 'gs-signup', state: 'confirmed' })).toBe(1);
      expect(world.notifications('gs-signup').filter((m) => m.kind === 'shift_confirmed')).toHaveLength(1);
    },
    'volunteer.cancel': (world) => {
      expect(world.count('shift_seats', { shiftId: shiftCaseIds.cancel })).toBe(0);
      expect(world.count('shift_signups', { shiftId: shiftCaseIds.cancel, openid: 'gs-cancel', state: 'cancelled' })).toBe(1);
    },
    'volunteer.createShift': (world) => expect(world.count('shifts', { title: '守护新建' })).toBe(1),
  };
}

// ---------------------------------------------------------------- stations (H1)

function stationCases(): Record<string, () => Promise<Case>> {
  return {
    // One application; the replays answer the same.
    'station.join': async () => ({ fn: 'station', openid: 'gs-join', data: { stationId: 'st-haiyun' }, other: { stationId: 'st-suocheng' } }),
    // One departure: the replays answer the same, not STATION.NOT_MEMBER.
    'station.leave': async () => {
      await must(w.call('station', 'gs-leave', 'join', { stationId: 'st-beida' }));
      return { fn: 'station', openid: 'gs-leave', data: { stationId: 'st-beida' }, other: { stationId: 'st-haiyun' } };
    },
    // One decision, one message, one audit entry: the replays answer the same, not STATION.NOT_PENDING.
    'station.decide': async () => {
      await must(w.call('station', 'gs-applicant', 'join', { stationId: 'st-beida' }));
      return { fn: 'station', openid: 'demo-station-manager', data: { stationId: 'st-beida', openid: 'gs-applicant', approve: true }, other: { stationId: 'st-beida', openid: 'gs-applicant', approve: false } };
    },
    // One post and one audit entry.
    'station.post': async () => ({
      fn: 'station',
      openid: 'demo-station-manager',
      data: { stationId: 'st-beida', title: '守护通知', body: '重放只发一条通知' },
      other: { stationId: 'st-beida', title: '守护通知', body: '换了内容的同一请求' },
    }),
  };
}

function stationEffects(): Record<string, (world: VolunteerWorld) => void> {
  return {
    'station.join': (world) => expect(world.doc<{ state: string }>('station_members', 'st-haiyun:gs-join')?.state).toBe('pending'),
    'station.leave': (world) => expect(world.doc<{ state: string }>('station_members', 'st-beida:gs-leave')?.state).toBe('left'),
    'station.decide': (world) => {
      expect(world.doc<{ state: string }>('station_members', 'st-beida:gs-applicant')?.state).toBe('member');
      expect(world.notifications('gs-applicant').map((m) => m.kind)).toEqual(['station_approved']);
    },
    'station.post': (world) => expect(world.count('station_posts', { title: '守护通知' })).toBe(1),
  };
}

// ---------------------------------------------------------------- courses: online lessons and quiz (C2)

const GS_COURSE = 'course-shyk-basics';
let courseCaseAttempt = '';
function courseCases(): Record<string, () => Promise<Case>> {
  return {
    // One attempt drawn, however many replays (the same questions back); another course → KEY_REUSED.
    'course.quiz': async () => ({ fn: 'course', openid: 'gs-quiz', data: { courseId: GS_COURSE }, other: { courseId: 'course-fzdy-apply' } }),
    // One submission slot, one completion, one points credit; other answers → KEY_REUSED.
    'course.submitQuiz': async () => {
      const quiz = await must<{ attemptId: string; questions: Array<{ id: string }> }>(w.call('course', 'gs-submit', 'quiz', { courseId: GS_COURSE }));
      courseCaseAttempt = quiz.attemptId;
      const answers = quiz.questions.map((q) => ({ questionId: q.id, choice: (w.doc('course_questions', q.id) as { answer: number }).answer }));
      return {
        fn: 'course',
        openid: 'gs-submit',
        data: { courseId: GS_COURSE, attemptId: quiz.attemptId, answers },
        other: { courseId: GS_COURSE, attemptId: quiz.attemptId, answers: answers.map((a) => ({ ...a, choice: a.choice === 0 ? 1 : 0 })) },
      };
    },
  };
}

function courseEffects(): Record<string, (world: VolunteerWorld) => void> {
  return {
    'course.quiz': (world) => expect(world.count('quiz_attempts', { openid: 'gs-quiz', kind: 'attempt' })).toBe(1),
    'course.submitQuiz': (world) => {
      expect(world.count('quiz_attempts', { openid: 'gs-submit', kind: 'slot', attemptId: courseCaseAttempt })).toBe(1);
      expect(world.count('course_completions', { openid: 'gs-submit' })).toBe(1);
      expect(world.count('points_ledger', { openid: 'gs-submit' })).toBe(1);
    },
  };
}

// ---------------------------------------------------------------- courses: the course editor (D)

const guardedCourse = (title: string) => ({
  title,
  seriesId: 'series-shyk',
  membersOnly: false,
  summary: '重放守护用的课程简介。',
  goals: ['重放只建一门课'],
  teacher: '守护老师',
  minutes: 15,
  points: 5,
  published: true,
  lesson: { blocks: [{ type: 'text' as const, text: '守护课程内容' }], videoUrl: null },
  questions: [1, 2, 3].map((n) => ({ text: `守护第${n}题题目`, options: ['甲', '乙'], answer: 0, explanation: '' })),
});
function authoringCases(): Record<string, () => Promise<Case>> {
  return {
    // One new course with one bank of 3 and one audit entry, however many replays; another title → KEY_REUSED.
    'course.save': async () => ({ fn: 'course', openid: 'demo-district-admin', data: { course: guardedCourse('守护新课') }, other: { course: guardedCourse('守护另一门课') } }),
  };
}

function authoringEffects(): Record<string, (world: VolunteerWorld) => void> {
  return {
    'course.save': (world) => {
      expect(world.count('courses', { title: '守护新课' })).toBe(1);
      expect(world.count('course_questions', { text: '守护第1题题目' })).toBe(1);
      expect(world.count('courses', { title: '守护另一门课' })).toBe(0);
    },
  };
}

// ---------------------------------------------------------------- courses: seats, waitlist and attendance (B)

let sessionCaseIds: Record<string, string> = {};
function sessionCases(): Record<string, () => Promise<Case>> {
  return {
    // One seat, one sign-up, one message, however many replays; another session → KEY_REUSED.
    'course.signUp': async () => {
      sessionCaseIds = { signUp: writeSession(w), other: writeSession(w) };
      return { fn: 'course', openid: 'gs-cs-signup', data: { sessionId: sessionCaseIds.signUp }, other: { sessionId: sessionCaseIds.other } };
    },
    // One cancellation (the replays answer the same, not COURSE.NOT_SIGNED_UP), one promotion of the first in line.
    'course.cancel': async () => {
      sessionCaseIds = { cancel: writeSession(w, { capacity: 1 }), other: writeSession(w) };
      await must(w.call('course', 'gs-cs-cancel', 'signUp', { sessionId: sessionCaseIds.cancel }));
      await must(w.call('course', 'gs-cs-next', 'signUp', { sessionId: sessionCaseIds.cancel }));
      return { fn: 'course', openid: 'gs-cs-cancel', data: { sessionId: sessionCaseIds.cancel }, other: { sessionId: sessionCaseIds.other } };
    },
    // One check-in, one completion, one points credit (the replays answer the same, not ALREADY_CHECKED_IN).
    'course.checkIn': async () => {
      const sessionId = writeSession(w, { start: Date.parse('2026-12-01T08:10:00+08:00') });
      sessionCaseIds = { checkIn: sessionId };
      await must(w.call('course', 'gs-cs-checkin', 'signUp', { sessionId }));
      const code = sessionStepCode(sessionId, codeStep(w.clock.now()));
      return { fn: 'course', openid: 'gs-cs-checkin', data: { sessionId, code }, other: { sessionId, code: code === '000000' ? '000001' : '000000' } };
    },
  };
}

function sessionEffects(): Record<string, (world: VolunteerWorld) => void> {
  return {
    'course.signUp': (world) => {
      expect(world.count('session_places', { sessionId: sessionCaseIds.signUp })).toBe(1);
      expect(world.count('session_signups', { sessionId: sessionCaseIds.signUp, openid: 'gs-cs-signup', state: 'enrolled' })).toBe(1);
      expect(world.notifications('gs-cs-signup').filter((m) => m.kind === 'course_enrolled')).toHaveLength(1);
    },
    'course.cancel': (world) => {
      expect(world.count('session_signups', { sessionId: sessionCaseIds.cancel, openid: 'gs-cs-cancel', state: 'cancelled' })).toBe(1);
      expect(world.count('session_places', { sessionId: sessionCaseIds.cancel, kind: 'seat', openid: 'gs-cs-next' })).toBe(1);
      expect(world.notifications('gs-cs-next').filter((m) => m.kind === 'course_promoted')).toHaveLength(1);
    },
    'course.checkIn': (world) => {
      expect(world.count('session_signups', { sessionId: sessionCaseIds.checkIn, openid: 'gs-cs-checkin', checkedInAt: { $ne: null } })).toBe(1);
      expect(world.count('course_completions', { openid: 'gs-cs-checkin', via: 'offline' })).toBe(1);
      expect(world.count('points_ledger', { openid: 'gs-cs-checkin' })).toBe(1);
    },
  };
}

// ---------------------------------------------------------------- courses: scheduling sessions into venues (A)

const GS_SLOT = (clock: string): string => `2026-12-03T${clock}:00+08:00`;
let scheduleCaseIds: Record<string, string> = {};
function scheduleCases(): Record<string, () => Promise<Case>> {
  const session = (clock: string) => ({ courseId: 'course-shyk-basics', capacity: 10, venueId: 'cyy-rehearsal', start: GS_SLOT(clock) });
  return {
    // One session, one venue booking holding one slot, one audit entry, however many replays; another time → KEY_REUSED.
    'course.schedule': async () => ({ fn: 'course', openid: 'demo-district-admin', data: session('09:30'), other: session('10:30') }),
    // One cancellation: the slot freed once, one message to the enrolled person, one audit entry; another reason → KEY_REUSED.
    'course.cancelSession': async () => {
      const s = await must<{ id: string }>(w.call('course', 'demo-district-admin', 'schedule', session('14:30')));
      scheduleCaseIds = { cancelSession: s.id };
      // Enrolled as a sign-up leaves it: a seat and the person's sign-up.
      const when = { $date: '2026-12-01T00:00:00Z' };
      const insert = (collectionName: string, doc: object) => w.cloud.db.handle({ action: 'database.insertDocument', collectionName, data: [JSON.stringify(doc)] });
      insert('session_places', { _id: `${s.id}:seat:1`, sessionId: s.id, kind: 'seat', n: 1, openid: 'gs-sched-enrolled', at: when });
      insert('session_signups', { _id: `${s.id}:gs-sched-enrolled`, sessionId: s.id, courseId: 'course-shyk-basics', openid: 'gs-sched-enrolled', state: 'enrolled', seat: 1, ticket: null, checkedInAt: null, createdAt: when, updatedAt: when });
      return { fn: 'course', openid: 'demo-district-admin', data: { sessionId: s.id, reason: '讲师临时有事' }, other: { sessionId: s.id, reason: '场地临时维修' } };
    },
  };
}

function scheduleEffects(): Record<string, (world: VolunteerWorld) => void> {
  return {
    'course.schedule': (world) => {
      expect(world.count('course_sessions', { venueId: 'cyy-rehearsal' })).toBe(1);
      expect(world.count('bookings', { venueId: 'cyy-rehearsal', source: 'course', state: 'confirmed' })).toBe(1);
      expect(world.count('slot_ledger', { venueId: 'cyy-rehearsal' })).toBe(1);
    },
    'course.cancelSession': (world) => {
      expect(world.count('course_sessions', { _id: scheduleCaseIds.cancelSession, state: 'cancelled', cancelReason: '讲师临时有事' })).toBe(1);
      expect(world.count('bookings', { venueId: 'cyy-rehearsal', source: 'course', state: 'cancelled' })).toBe(1);
      expect(world.count('slot_ledger', { venueId: 'cyy-rehearsal' })).toBe(0);
      expect(world.notifications('gs-sched-enrolled').filter((m) => m.kind === 'course_session_cancelled')).toHaveLength(1);
    },
  };
}

// ---------------------------------------------------------------- courses: the branch's organization-life record (C)

function recordCases(): Record<string, () => Promise<Case>> {
  return {
    // 刘书记 reminds 山河梁's members who did no course (张老师 and herself): one reminder and one message each, one
    // audit entry, however many replays; naming the branch is other input → KEY_REUSED.
    'course.remind': async () => ({ fn: 'course', openid: 'demo-secretary', data: {}, other: { branchId: 'branch-shanheliang' } }),
  };
}

function recordEffects(): Record<string, (world: VolunteerWorld) => void> {
  return {
    'course.remind': (world) => {
      expect(world.count('course_reminders', { branchId: 'branch-shanheliang' })).toBe(2);
      for (const openid of ['demo-party-member', 'demo-secretary']) expect(world.notifications(openid).filter((m) => m.kind === 'course_reminder')).toHaveLength(1);
    },
  };
}

// ---------------------------------------------------------------- activities: the organiser's side (A)

/** An activity in the 创益工坊培训室 on 2026-12-03 for an hour from `clock`. */
const guardedActivity = (title: string, clock = '14:30') => {
  const end = `${String(Number(clock.slice(0, 2)) + 1).padStart(2, '0')}${clock.slice(2)}`;
  return { title, type: 'culture', description: '守护测试用的文体活动介绍文字。', coverFileId: null, start: `2026-12-03T${clock}:00+08:00`, end: `2026-12-03T${end}:00+08:00`, place: { kind: 'venue', venueId: 'cyy-workshop' }, capacity: 10, audience: 'public' };
};
let lifecycleCaseIds: Record<string, string> = {};
/** A draft by 刘书记 (published if asked); answers its id. */
async function guardedDraft(title: string, clock = '14:30', publish = false): Promise<string> {
  const { id } = await must<{ id: string }>(w.call('activity', 'demo-secretary', 'create', { activity: guardedActivity(title, clock) }));
  if (publish) await must(w.call('activity', 'demo-secretary', 'publish', { activityId: id }));
  return id;
}

function lifecycleCases(): Record<string, () => Promise<Case>> {
  return {
    // One draft and one audit entry, however many replays.
    'activity.create': async () => ({ fn: 'activity', openid: 'demo-secretary', data: { activity: guardedActivity('守护新活动') }, other: { activity: guardedActivity('守护另一个活动') } }),
    // One re-booking: the old booking cancelled, one new one holding the new slot.
    'activity.update': async () => {
      const id = await guardedDraft('守护改期活动', '14:30', true);
      lifecycleCaseIds = { update: id };
      return { fn: 'activity', openid: 'demo-secretary', data: { activityId: id, activity: guardedActivity('守护改期活动', '16:30') }, other: { activityId: id, activity: guardedActivity('守护改期活动', '17:30') } };
    },
    // One booking of the venue, not VENUE_TAKEN / NOT_DRAFT for the replays.
    'activity.publish': async () => {
      lifecycleCaseIds = { publish: await guardedDraft('守护发布活动'), other: await guardedDraft('守护另一个草稿', '09:30') };
      return { fn: 'activity', openid: 'demo-secretary', data: { activityId: lifecycleCaseIds.publish }, other: { activityId: lifecycleCaseIds.other } };
    },
    // One cancellation (its booking freed once), not ACTIVITY.CANCELLED for the replays.
    'activity.cancelActivity': async () => {
      const id = await guardedDraft('守护取消活动', '14:30', true);
      lifecycleCaseIds = { cancel: id };
      return { fn: 'activity', openid: 'demo-secretary', data: { activityId: id, reason: '天气原因' }, other: { activityId: id, reason: '场地维修' } };
    },
  };
}

function lifecycleEffects(): Record<string, (world: VolunteerWorld) => void> {
  return {
    'activity.create': (world) => expect(world.count('activities', { title: '守护新活动', state: 'draft' })).toBe(1),
    'activity.update': (world) => {
      expect(world.count('bookings', { source: 'activity', state: 'confirmed' })).toBe(1);
      expect(world.count('bookings', { source: 'activity', state: 'cancelled' })).toBe(1);
      expect(world.doc<{ version: number; start: Date }>('activities', lifecycleCaseIds.update as string)?.version).toBe(3);
    },
    'activity.publish': (world) => {
      expect(world.count('bookings', { source: 'activity' })).toBe(1);
      expect(world.count('activities', { _id: lifecycleCaseIds.publish, state: 'published' })).toBe(1);
    },
    'activity.cancelActivity': (world) => {
      expect(world.count('activities', { _id: lifecycleCaseIds.cancel, state: 'cancelled', cancelReason: '天气原因' })).toBe(1);
      expect(world.count('bookings', { source: 'activity', state: 'cancelled' })).toBe(1);
    },
  };
}

// ---------------------------------------------------------------- the register of organizations (A)

let orgCaseIds: Record<string, string> = {};
function orgCases(): Record<string, () => Promise<Case>> {
  return {
    // The phone on record: one leader membership, one claim (the replays answer 'claimed', not ALREADY_CLAIMED).
    'org.claim': async () => {
      orgCaseIds = { claim: writeOrg(w, { leaderPhone: '13977771234' }), other: writeOrg(w) };
      writeUser(w, 'gs-org-claim', { phone: '13977771234' });
      return { fn: 'org', openid: 'gs-org-claim', data: { orgId: orgCaseIds.claim }, other: { orgId: orgCaseIds.other } };
    },
    // One change and one audit entry (before/after).
    'org.update': async () => {
      orgCaseIds = { update: writeOrg(w) };
      return { fn: 'org', openid: 'demo-street-admin', data: { orgId: orgCaseIds.update, profile: orgProfile({ name: '守护改名的组织' }) }, other: { orgId: orgCaseIds.update, profile: orgProfile({ name: '守护另一个名字' }) } };
    },
    // One acceptance: the claimant leads it once.
    'org.verify': async () => {
      writeUser(w, 'gs-org-claimant');
      orgCaseIds = { verify: writeOrg(w, { pending: 'gs-org-claimant' }) };
      return { fn: 'org', openid: 'demo-street-admin', data: { orgId: orgCaseIds.verify, claim: 'accept' }, other: { orgId: orgCaseIds.verify, claim: 'reject' } };
    },
    // One organization registered.
    'org.create': async () => ({ fn: 'org', openid: 'demo-street-admin', data: { profile: orgProfile({ name: '守护登记的组织' }) }, other: { profile: orgProfile({ name: '守护另一个组织' }) } }),
    // One merge: the people moved once (the replays answer the same, not ORG.MERGED).
    'org.merge': async () => {
      writeUser(w, 'gs-org-member');
      orgCaseIds = { keep: writeOrg(w), drop: writeOrg(w, { leader: 'gs-org-member' }), other: writeOrg(w) };
      return { fn: 'org', openid: 'demo-street-admin', data: { keepId: orgCaseIds.keep, dropId: orgCaseIds.drop }, other: { keepId: orgCaseIds.keep, dropId: orgCaseIds.other } };
    },
    // One party organization created.
    'org.savePartyOrg': async () => {
      orgCaseIds = { member: writeOrg(w) };
      return { fn: 'org', openid: 'demo-street-admin', data: { name: '守护联合党支部', kind: 'joint', streetId: 'xiangyang', orgIds: [orgCaseIds.member] }, other: { name: '守护另一个联合党支部', kind: 'joint', streetId: 'xiangyang', orgIds: [orgCaseIds.member] } };
    },
  };
}

function orgEffects(): Record<string, (world: VolunteerWorld) => void> {
  const orgsOf = (world: VolunteerWorld, openid: string) => world.doc<{ orgs?: unknown[] }>('users', openid)?.orgs ?? [];
  return {
    'org.claim': (world) => {
      expect(orgsOf(world, 'gs-org-claim')).toEqual([{ orgId: orgCaseIds.claim, role: 'leader' }]);
      expect(world.count('audit_log', { action: 'org.claim' })).toBe(1);
    },
    'org.update': (world) => expect(world.count('audit_log', { action: 'org.update', target: orgCaseIds.update })).toBe(1),
    'org.verify': (world) => expect(orgsOf(world, 'gs-org-claimant')).toEqual([{ orgId: orgCaseIds.verify, role: 'leader' }]),
    'org.create': (world) => expect(world.count('organizations', { name: '守护登记的组织' })).toBe(1),
    'org.merge': (world) => {
      expect(orgsOf(world, 'gs-org-member')).toEqual([{ orgId: orgCaseIds.keep, role: 'leader' }]);
      expect(world.count('organizations', { _id: orgCaseIds.drop, mergedInto: orgCaseIds.keep })).toBe(1);
    },
    'org.savePartyOrg': (world) => expect(world.count('party_branches', { name: '守护联合党支部' })).toBe(1),
  };
}
