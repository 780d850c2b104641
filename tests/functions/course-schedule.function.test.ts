/**
 * Scheduling offline sessions into catalogue venues, through the real `course` and `venue` functions (two instances of
 * each over one seeded database): the session books the venue through the venue booking engine in the same
 * transaction, so the venue's grid shows the slot taken and its manager's schedule lists it; a taken slot or a closed
 * date fails the whole call with COURSE.VENUE_TAKEN and writes nothing; an admin and a resident racing for one slot on
 * two instances never both win; cancelling a session frees the slot (a resident can book it at once) and tells every
 * enrolled and waiting person; the venue timer never releases a course's booking as a no-show.
 */
import { FakeClock } from '../../cloudfunctions/_shared/clock';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction } from '../../cloudfunctions/_shared/runtime';
import { handlers as courseHandlers } from '../../cloudfunctions/course/index';
import { handlers as venueHandlers } from '../../cloudfunctions/venue/index';
import { seedIfEmpty } from '../../local-cloud/seed';
import { beijingClock, beijingInstant } from '../../types/beijing-time';
import type { Envelope, Session } from '../../types';
import { databaseDigest } from '../support/digest';
import { startTestCloud } from '../support/local-cloud';
import { at, MIN, rid, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const ADMIN = 'demo-district-admin';
const MANAGER = 'demo-venue-manager';
const RESIDENT = 'demo-resident';
const COURSE = 'course-shyk-basics';
const VENUE = 'cyy-workshop';
const DAY = '2026-12-03';

const digest = (): string => databaseDigest(w.cloud.db);
const schedule = (data: Record<string, unknown>, requestId?: string) =>
  w.call('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 20, venueId: VENUE, start: at(DAY, '09:30'), ...data }, requestId);
const failed = (res: Envelope<unknown>): { code: string; fields?: Record<string, string>; details?: Record<string, string> } => {
  if (res.ok) throw new Error(`expected a failure, got ${JSON.stringify(res.data)}`);
  return res.error;
};
const slotsOf = async (openid: string, venueId = VENUE, date = DAY) =>
  (await w.ok<{ slots: Array<{ start: string; state: string }> }>('venue', openid, 'slots', { venueId, date })).slots;
const stateAt = async (openid: string, clock: string, venueId = VENUE, date = DAY) => (await slotsOf(openid, venueId, date)).find((s) => s.start === at(date, clock))?.state;

/** Puts a person into a session as sign-ups do: an enrolled seat, or a waiting ticket. */
function place(sessionId: string, openid: string, kind: 'seat' | 'ticket', n: number): void {
  const when = { $date: '2026-12-01T00:00:00Z' };
  const insert = (collectionName: string, doc: object) => w.cloud.db.handle({ action: 'database.insertDocument', collectionName, data: [JSON.stringify(doc)] });
  insert('session_places', { _id: `${sessionId}:${kind}:${n}`, sessionId, kind, n, openid, ...(kind === 'ticket' ? { state: 'waiting' } : {}), at: when });
  insert('session_signups', {
    _id: `${sessionId}:${openid}`,
    sessionId,
    courseId: COURSE,
    openid,
    state: kind === 'seat' ? 'enrolled' : 'waitlisted',
    seat: kind === 'seat' ? n : null,
    ticket: kind === 'ticket' ? n : null,
    checkedInAt: null,
    createdAt: when,
    updatedAt: when,
  });
}

describe('course.schedule into a venue', () => {
  it('books the venue in the same transaction: the grid shows it taken to a resident, the manager schedule lists it, no quota is used', async () => {
    const s = await w.ok<Session>('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 20, venueId: VENUE, start: at(DAY, '09:30') });
    expect(s).toMatchObject({ courseId: COURSE, venueId: VENUE, place: '创益工坊培训室', capacity: 20, taken: 0, waiting: 0, state: 'open', start: at(DAY, '09:30'), end: at(DAY, '10:30') });
    expect(s.address).not.toBe('');
    expect(await stateAt(RESIDENT, '09:30')).toBe('taken');
    expect(await stateAt(ADMIN, '09:30')).toBe('taken');
    expect(await stateAt(RESIDENT, '10:30')).toBe('free');
    const day = await w.ok<{ bookings: Array<{ purpose: string; state: string; bookerName: string; start: string }> }>('venue', MANAGER, 'schedule', { venueId: VENUE, date: DAY });
    const booking = day.bookings.find((b) => b.start === at(DAY, '09:30'));
    expect(booking).toMatchObject({ state: 'confirmed', bookerName: '党课' });
    expect(booking?.purpose).toMatch(/^党课：《.+》$/);
    // Nobody's quota: the admin still books three rooms of their own.
    expect(w.count('booking_accounts', {})).toBe(0);
    expect(w.count('audit_log', { action: 'course.schedule', target: `session:${s.id}` })).toBe(1);
    // A resident cannot cancel it through the venue function.
    const doc = w.doc<{ bookingId: string }>('course_sessions', s.id) as { bookingId: string };
    expect(failed(await w.call('venue', RESIDENT, 'cancel', { bookingId: doc.bookingId })).code).toBe('VENUE.BOOKING_NOT_FOUND');
  });

  it('covers whole slots: 90 minutes take two slots; a replay of the requestId answers the same session', async () => {
    const requestId = rid();
    const first = await w.on(0).ok<Session>('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 10, venueId: VENUE, start: at(DAY, '14:30'), minutes: 90 }, requestId);
    expect(first.end).toBe(at(DAY, '16:30'));
    const again = await w.on(1).ok<Session>('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 10, venueId: VENUE, start: at(DAY, '14:30'), minutes: 90 }, requestId);
    expect(again.id).toBe(first.id);
    expect(w.count('course_sessions', {})).toBe(1);
    expect(w.count('bookings', { source: 'course' })).toBe(1);
    expect(w.count('slot_ledger', { venueId: VENUE })).toBe(2);
  });

  it('a taken slot or a closed date: COURSE.VENUE_TAKEN with the reason, and nothing is written', async () => {
    await w.ok('venue', RESIDENT, 'book', { venueId: VENUE, starts: [at(DAY, '10:30')], purpose: '合唱排练', attendees: 10 });
    await w.ok('venue', MANAGER, 'setBlackout', { venueId: VENUE, date: '2026-12-04', closed: true });
    const before = digest();
    const taken = failed(await schedule({ start: at(DAY, '09:30'), minutes: 120 }));
    expect(taken).toMatchObject({ code: 'COURSE.VENUE_TAKEN', details: { reason: 'booked', start: at(DAY, '10:30') } });
    const closed = failed(await schedule({ start: at('2026-12-04', '09:30') }));
    expect(closed).toMatchObject({ code: 'COURSE.VENUE_TAKEN', details: { reason: 'closed' } });
    expect(digest()).toBe(before);
    expect(await stateAt(RESIDENT, '09:30')).toBe('free');
  });

  it('a date closed in the ledger but not yet in a catalogue copy is refused by the ledger (closed), nothing written', async () => {
    // The venue document says open (as a stale copy would); the ledger holds the day for the blackout.
    const insert = (doc: object) => w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'slot_ledger', data: [JSON.stringify(doc)] });
    insert({ _id: `${VENUE}:${DAY}:0930`, venueId: VENUE, date: DAY, start: { $date: new Date(beijingInstant(DAY, '09:30')).toISOString() }, bookingId: 'blackout', openid: '' });
    const before = digest();
    expect(failed(await schedule({}))).toMatchObject({ code: 'COURSE.VENUE_TAKEN', details: { reason: 'closed', start: at(DAY, '09:30') } });
    expect(digest()).toBe(before);
  });

  it('outside hours, a misaligned start, over the venue capacity, outside the window, an unknown venue: coded errors, nothing written', async () => {
    const before = digest();
    expect(failed(await schedule({ start: at(DAY, '07:30') })).code).toBe('VENUE.OUTSIDE_HOURS');
    expect(failed(await schedule({ start: at(DAY, '20:30') })).code).toBe('VENUE.OUTSIDE_HOURS');
    expect(failed(await schedule({ start: at(DAY, '09:45') })).code).toBe('VENUE.OUTSIDE_HOURS');
    expect(failed(await schedule({ capacity: 41 }))).toMatchObject({ code: 'VENUE.OVER_CAPACITY', details: { capacity: '40' } });
    expect(failed(await schedule({ start: at('2026-12-30', '09:30') })).code).toBe('VENUE.OUTSIDE_WINDOW');
    expect(failed(await schedule({ start: at('2026-11-30', '09:30') })).code).toBe('VENUE.OUTSIDE_WINDOW');
    expect(failed(await schedule({ minutes: 240 })).code).toBe('VENUE.TOO_MANY_SLOTS');
    expect(failed(await schedule({ venueId: 'no-such-venue' })).code).toBe('VENUE.NOT_FOUND');
    expect(failed(await schedule({ courseId: 'no-such-course' })).code).toBe('COURSE.NOT_FOUND');
    expect(digest()).toBe(before);
  });

  it('without a venue, `place` is required; with it the session is written with no booking', async () => {
    const before = digest();
    expect(failed(await schedule({ venueId: undefined }))).toMatchObject({ code: 'INPUT.INVALID', fields: { place: expect.any(String) } });
    expect(failed(await schedule({ venueId: undefined, place: '所城社区议事室', start: at('2026-11-30', '09:30') }))).toMatchObject({ code: 'INPUT.INVALID', fields: { start: expect.any(String) } });
    expect(digest()).toBe(before);
    const s = await w.ok<Session>('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 15, place: '所城社区议事室', start: at(DAY, '09:45') });
    expect(s).toMatchObject({ venueId: null, place: '所城社区议事室', address: '', start: at(DAY, '09:45'), end: at(DAY, '10:00') });
    expect(w.count('bookings', {})).toBe(0);
    expect(w.count('slot_ledger', {})).toBe(0);
  });

  it('an admin scheduling and a resident booking the same slot at once on two instances: exactly one wins', async () => {
    for (const clock of ['09:30', '11:30', '13:30', '15:30', '17:30']) {
      const [course, venue] = await Promise.all([
        w.on(0).call('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 20, venueId: VENUE, start: at(DAY, clock) }),
        w.on(1).call('venue', RESIDENT, 'book', { venueId: VENUE, starts: [at(DAY, clock)], purpose: '合唱排练', attendees: 10 }),
      ]);
      expect([course.ok, venue.ok].filter(Boolean)).toHaveLength(1);
      if (!course.ok) expect(course.error.code).toBe('COURSE.VENUE_TAKEN');
      if (!venue.ok) expect(venue.error.code).toBe('VENUE.SLOT_TAKEN');
      const key = `${VENUE}:${DAY}:${clock.replace(':', '')}`;
      const holder = w.doc<{ bookingId: string }>('slot_ledger', key);
      expect(w.count('bookings', { slotKeys: key })).toBe(1);
      expect(w.count('bookings', { _id: holder?.bookingId })).toBe(1);
      const sessions = w.count('course_sessions', {});
      expect(w.count('course_sessions', { bookingId: holder?.bookingId })).toBe(course.ok ? 1 : 0);
      expect(sessions).toBe(w.count('bookings', { source: 'course' }));
      // The resident's quota is back each round (cancelled when they won), so all rounds start equal.
      if (venue.ok) await w.ok('venue', RESIDENT, 'cancel', { bookingId: (venue.data as { id: string }).id });
    }
  });

  it('the catalogue counts each course’s upcoming sessions (the 线下课 tag) in the one list call; a cancelled session no longer counts', async () => {
    const count = async () => (await w.ok<{ courses: Array<{ id: string; upcomingSessions: number }> }>('course', RESIDENT, 'list')).courses.find((c) => c.id === COURSE)?.upcomingSessions;
    const before = await count();
    const s = await w.ok<Session>('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 10, venueId: VENUE, start: at(DAY, '09:30') });
    expect(await count()).toBe((before ?? 0) + 1);
    expect((await w.ok<{ upcomingSessions: number }>('course', RESIDENT, 'get', { courseId: COURSE })).upcomingSessions).toBe((before ?? 0) + 1);
    await w.ok('course', ADMIN, 'cancelSession', { sessionId: s.id, reason: '老师临时有事' });
    expect(await count()).toBe(before);
  });
});

describe('course.cancelSession', () => {
  it('frees the venue slot (a resident books it on the other instance), tells every enrolled and waiting person, answers replays the same', async () => {
    const s = await w.on(0).ok<Session>('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 2, venueId: VENUE, start: at(DAY, '09:30') });
    place(s.id, 'cs-a', 'seat', 1);
    place(s.id, 'cs-b', 'seat', 2);
    place(s.id, 'cs-c', 'ticket', 1);
    const requestId = rid();
    const cancelled = await w.on(0).ok<Session>('course', ADMIN, 'cancelSession', { sessionId: s.id, reason: '老师临时有事' }, requestId);
    expect(cancelled).toMatchObject({ id: s.id, state: 'cancelled', cancelReason: '老师临时有事', taken: 0, waiting: 0 });
    for (const openid of ['cs-a', 'cs-b', 'cs-c']) {
      const mine = w.notifications(openid) as Array<{ kind: string; body: string; sessionId?: string; courseId?: string }>;
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'course_session_cancelled', sessionId: s.id, courseId: COURSE });
      expect(mine[0]?.body).toContain('老师临时有事');
      expect(w.doc<{ state: string }>('session_signups', `${s.id}:${openid}`)?.state).toBe('cancelled');
    }
    expect(w.count('session_places', { sessionId: s.id, kind: 'seat' })).toBe(0);
    expect(w.count('audit_log', { action: 'course.cancelSession' })).toBe(1);
    const replay = await w.on(1).ok<Session>('course', ADMIN, 'cancelSession', { sessionId: s.id, reason: '老师临时有事' }, requestId);
    expect(replay).toEqual(cancelled);
    const again = await w.on(1).ok<Session>('course', ADMIN, 'cancelSession', { sessionId: s.id, reason: '老师临时有事' });
    expect(again).toEqual(cancelled);
    expect(w.notifications('cs-a')).toHaveLength(1);
    // The slot is free again, and a resident books it through the venue function on the other instance.
    expect(await stateAt(RESIDENT, '09:30')).toBe('free');
    const booked = await w.on(1).ok<{ state: string }>('venue', RESIDENT, 'book', { venueId: VENUE, starts: [at(DAY, '09:30')], purpose: '合唱排练', attendees: 10 });
    expect(booked.state).toBe('confirmed');
  });

  it('more sign-ups than one batch: every one is cancelled and told', async () => {
    const s = await w.ok<Session>('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 40, venueId: VENUE, start: at(DAY, '09:30') });
    for (let i = 1; i <= 40; i++) place(s.id, `cs-many-${i}`, 'seat', i);
    for (let i = 1; i <= 30; i++) place(s.id, `cs-wait-${i}`, 'ticket', i);
    await w.ok('course', ADMIN, 'cancelSession', { sessionId: s.id, reason: '场地维修' });
    expect(w.count('session_signups', { sessionId: s.id, state: 'cancelled' })).toBe(70);
    expect(w.count('notifications', { kind: 'course_session_cancelled', sessionId: s.id })).toBe(70);
  });

  it('a sign-up that committed just after the cancellation (it began before it) is ended by the course timer and told', async () => {
    const s = await w.ok<Session>('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 5, venueId: VENUE, start: at(DAY, '09:30') });
    place(s.id, 'cs-early', 'seat', 1);
    await w.ok('course', ADMIN, 'cancelSession', { sessionId: s.id, reason: '老师临时有事' });
    // The straggler: its transaction read the session while it was still open and committed after the last batch.
    place(s.id, 'cs-late', 'seat', 2);
    // A sign-up now is refused (the session is cancelled in every snapshot from here on).
    expect(failed(await w.call('course', 'cs-new', 'signUp', { sessionId: s.id }, rid())).code).toBe('COURSE.SESSION_CANCELLED');
    const main = w.instances.course[1] as (event: unknown, context: unknown) => Promise<Envelope<Record<string, number>>>;
    const res = await main({ Type: 'Timer', TriggerName: 'tick', Time: new Date(w.clock.now()).toISOString() }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) });
    expect(res.ok && res.data.stragglersEnded).toBe(1);
    expect(w.doc<{ state: string }>('session_signups', `${s.id}:cs-late`)?.state).toBe('cancelled');
    expect(w.count('session_places', { sessionId: s.id, kind: 'seat' })).toBe(0);
    expect((w.notifications('cs-late') as Array<{ kind: string; body: string }>).map((n) => n.kind)).toEqual(['course_session_cancelled']);
    expect(w.notifications('cs-early')).toHaveLength(1);
  });

  it('after the start: COURSE.SIGNUP_CLOSED and nothing changes; an unknown session: COURSE.SESSION_NOT_FOUND', async () => {
    const s = await w.ok<Session>('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 20, venueId: VENUE, start: at('2026-12-01', '09:30') });
    w.clock.set(beijingInstant('2026-12-01', '09:30'));
    const before = digest();
    expect(failed(await w.call('course', ADMIN, 'cancelSession', { sessionId: s.id, reason: '老师临时有事' })).code).toBe('COURSE.SIGNUP_CLOSED');
    expect(failed(await w.call('course', ADMIN, 'cancelSession', { sessionId: 'ses_nope', reason: '老师临时有事' })).code).toBe('COURSE.SESSION_NOT_FOUND');
    expect(digest()).toBe(before);
  });
});

describe('the venue timer and a course booking', () => {
  it('leaves it alone at start + 15 min (no release, no strike, no reminder)', async () => {
    const s = await w.ok<Session>('course', ADMIN, 'schedule', { courseId: COURSE, capacity: 20, venueId: VENUE, start: at('2026-12-01', '09:30') });
    const bookingId = (w.doc<{ bookingId: string }>('course_sessions', s.id) as { bookingId: string }).bookingId;
    w.clock.set(beijingInstant('2026-12-01', '08:45'));
    await w.venueTick();
    w.clock.set(beijingInstant('2026-12-01', '09:30') + 16 * MIN);
    await w.venueTick();
    expect(w.doc<{ state: string }>('bookings', bookingId)?.state).toBe('confirmed');
    expect(w.count('slot_ledger', { bookingId })).toBe(1);
    expect(w.count('booking_strikes', {})).toBe(0);
    expect(w.count('notifications', {})).toBe(0);
    // At the session's end the booking is completed (on nobody's quota: no booking account appears).
    w.clock.set(beijingInstant('2026-12-01', '09:30') + 60 * MIN);
    await w.venueTick();
    expect(w.doc<{ state: string }>('bookings', bookingId)?.state).toBe('completed');
    expect(w.count('booking_accounts', {})).toBe(0);
  });
});

describe('demo data (the lived-in week)', () => {
  it.each(['2026-12-01T09:05:00+08:00', '2026-12-05T22:50:00+08:00'])(
    'seeded at %s: upcoming sessions with free seats of an open and a members-only course, 创益园 rooms booked through the venue engine, one soon',
    async (iso) => {
      const now = Date.parse(iso);
      const clock = new FakeClock(now);
      const deps = { clock, db: database };
      const venue = createFunction('venue', venueHandlers, deps);
      const course = createFunction('course', courseHandlers, deps);
      const cloud = await startTestCloud({ seed: false, now: () => clock.now(), functions: { venue, course } });
      try {
        expect(seedIfEmpty(cloud.db, { now: new Date(now) })).toBe(true);
        const call = async <T>(fn: typeof venue, openid: string, action: string, data: unknown = {}): Promise<T> => {
          const r = await cloud.invoke(fn, openid, { action, data, requestId: rid() });
          if (!r.ok) throw new Error(`${action}: ${r.error.code}`);
          return r.data as T;
        };
        type D = Record<string, unknown> & { _id: string };
        const all = (c: string): D[] => [...cloud.db.store.entries(c)].map((e) => e.doc);
        const sessions = all('course_sessions').filter((x) => new Date(x.start as string).getTime() > now && x.state === 'open');
        // Open to every resident and members-only, with free seats, as the sessions action shows them.
        const open = await call<{ sessions: Session[] }>(course, RESIDENT, 'sessions', { courseId: 'course-shyk-basics' });
        expect(open.sessions.some((x) => x.taken < x.capacity && x.state === 'open')).toBe(true);
        const members = await call<{ sessions: Session[] }>(course, 'demo-party-member', 'sessions', { courseId: 'course-dfsj-standard' });
        expect(members.sessions.filter((x) => x.membersOnly && x.taken < x.capacity).length).toBeGreaterThan(0);
        // One soon: within the next day, so check-in can be tried (DEMO_CLOCK or a short wait).
        const soonest = Math.min(...sessions.map((x) => new Date(x.start as string).getTime()));
        expect(soonest - now).toBeLessThan(12 * 60 * MIN);
        // Every session in a venue holds its slots through a confirmed course booking, as course.schedule leaves it.
        const inVenues = sessions.filter((x) => x.venueId);
        expect(inVenues.filter((x) => String(x.venueId).startsWith('cyy-')).length).toBeGreaterThan(0);
        for (const x of inVenues) {
          const booking = cloud.db.store.get('bookings', x.bookingId as string)?.doc as D;
          expect(booking).toMatchObject({ source: 'course', state: 'confirmed', openid: '@course', venueId: x.venueId });
          for (const key of booking.slotKeys as string[]) expect(cloud.db.store.get('slot_ledger', key)?.doc).toMatchObject({ bookingId: booking._id });
          const date = booking.date as string;
          const slots = await call<{ slots: Array<{ start: string; state: string }> }>(venue, RESIDENT, 'slots', { venueId: x.venueId, date });
          const startIso = at(date, beijingClock(new Date(x.start as string).getTime()));
          expect(slots.slots.find((g) => g.start === startIso)?.state).toBe('taken');
          const day = await call<{ bookings: Array<{ id: string; bookerName: string }> }>(venue, MANAGER, 'schedule', { venueId: x.venueId, date });
          expect(day.bookings).toContainEqual(expect.objectContaining({ id: booking._id, bookerName: '党课' }));
        }
      } finally {
        await cloud.stop();
      }
    },
  );
});
