/**
 * The organiser's side of activities through the real `activity` and `venue` functions (two instances of each over one
 * seeded database): drafts for the caller's branch, times and places checked, content checked before anything is
 * written; publishing into a catalogue venue books its slots in the same transaction (a taken, closed or
 * approval-needing slot fails the whole call and writes nothing; racing a resident's booking, exactly one wins);
 * changes re-book atomically, move seats down and close the numbers above when the capacity shrinks (sign-ups racing
 * the change never seat more than it), and tell everyone signed up in batches (the
 * timer finishes a batch a crash interrupted); cancelling frees the venue and tells everyone; another branch's
 * secretary can touch nothing.
 */
import { createJimp } from '@jimp/core';
import png from '@jimp/js-png';
import { NOTICE_BATCH } from '../../cloudfunctions/activity/lifecycle.repository';
import type { ActivityDetail, ActivityDraft, Envelope } from '../../types';
import { writePlace, writeUser } from '../support/activities';
import { databaseDigest } from '../support/digest';
import { at, HOUR, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const SECRETARY = 'demo-secretary';
const ADMIN = 'demo-district-admin';
const MANAGER = 'demo-venue-manager';
const RESIDENT = 'demo-resident';
const VENUE = 'cyy-workshop';
const DAY = '2026-12-03';
const BRANCH = 'branch-shanheliang';
const OTHER_BRANCH = 'branch-lianhe-2';

const digest = (): string => databaseDigest(w.cloud.db);
const failed = (res: Envelope<unknown>): { code: string; fields?: Record<string, string>; details?: Record<string, string> } => {
  if (res.ok) throw new Error(`expected a failure, got ${JSON.stringify(res.data)}`);
  return res.error;
};
const draft = (o: Partial<ActivityDraft> = {}): ActivityDraft => ({
  title: '社区主题党日',
  type: 'theme_day',
  description: '一起学习党的二十大精神，交流学习心得体会。',
  coverFileId: null,
  start: at(DAY, '14:30'),
  end: at(DAY, '16:30'),
  place: { kind: 'venue', venueId: VENUE },
  capacity: 20,
  audience: 'public',
  ...o,
});
const create = (o: Partial<ActivityDraft> = {}, by = SECRETARY) => w.ok<ActivityDetail>('activity', by, 'create', { activity: draft(o) });
const published = async (o: Partial<ActivityDraft> = {}, by = SECRETARY): Promise<ActivityDetail> => {
  const a = await create(o, by);
  return w.ok<ActivityDetail>('activity', by, 'publish', { activityId: a.id });
};
const stateAt = async (clock: string, venueId = VENUE, date = DAY) =>
  (await w.ok<{ slots: Array<{ start: string; state: string }> }>('venue', RESIDENT, 'slots', { venueId, date })).slots.find((s) => s.start === at(date, clock))?.state;
const activityDoc = (id: string) => w.doc<{ state: string; bookingId: string | null; capacity: number; version: number; noticePending?: boolean }>('activities', id);
/** The activity's seat documents held by people (committed). */
const seatsOf = (activityId: string): Array<{ n: number; openid: string }> =>
  [...w.cloud.db.store.entries('activity_places')].map((e) => e.doc as unknown as { activityId: string; kind: string; n: number; openid: string }).filter((d) => d.activityId === activityId && d.kind === 'seat');
/** A secretary of another branch (第二联合党支部). */
const otherSecretary = (): string => writeUser(w, `act-sec-other-${Math.random().toString(36).slice(2, 8)}`, { nickname: '别支书', roles: [{ role: 'branch_secretary', scope: { branchId: OTHER_BRANCH } }] });

describe('activity.create', () => {
  it('saves a draft for the secretary’s branch: the venue’s name and address, nothing booked, one audit entry', async () => {
    const a = await create();
    expect(a.id).toMatch(/^act_[0-9a-f]{24}$/);
    expect(a).toMatchObject({ state: 'draft', branchId: BRANCH, branchName: '芝罘区社会组织第一联合党支部', venueId: VENUE, placeName: '创益工坊培训室', capacity: 20, taken: 0, organizer: true, cover: null, start: at(DAY, '14:30'), signUpDeadline: at(DAY, '14:30') });
    expect(a.address).not.toBe('');
    expect(await stateAt('14:30')).toBe('free');
    expect(w.count('bookings', { venueId: VENUE })).toBe(0);
    expect(w.count('audit_log', { action: 'activity.create', target: `activity:${a.id}`, actor: SECRETARY })).toBe(1);
    // Drafts are the organiser's: a resident does not find it.
    expect(failed(await w.call('activity', RESIDENT, 'publish', { activityId: a.id })).code).toBe('AUTH.FORBIDDEN');
  });

  it('an address names its community and street; coordinates are kept', async () => {
    const a = await create({ place: { kind: 'address', address: '芝罘区北大街46号党群服务中心', communityId: 'beida', lat: 37.54, lng: 121.39 } });
    expect(a).toMatchObject({ venueId: null, placeName: '芝罘区北大街46号党群服务中心', communityName: '北大社区', streetName: '向阳街道', communityId: 'beida', lat: 37.54, lng: 121.39 });
  });

  it('branches: a district admin names one (any branch); a secretary cannot name another’s; unknown ones are not found — nothing written', async () => {
    const before = digest();
    expect(failed(await w.call('activity', ADMIN, 'create', { activity: draft() })).code).toBe('ACTIVITY.BRANCH_NOT_FOUND');
    expect(failed(await w.call('activity', ADMIN, 'create', { branchId: 'branch-nowhere', activity: draft() })).code).toBe('ACTIVITY.BRANCH_NOT_FOUND');
    expect(failed(await w.call('activity', SECRETARY, 'create', { branchId: OTHER_BRANCH, activity: draft() })).code).toBe('ACTIVITY.BRANCH_NOT_FOUND');
    expect(failed(await w.call('activity', RESIDENT, 'create', { activity: draft() })).code).toBe('AUTH.FORBIDDEN');
    expect(digest()).toBe(before);
    const two = writeUser(w, 'act-two-branches', { roles: [{ role: 'branch_secretary', scope: { branchId: BRANCH } }, { role: 'branch_secretary', scope: { branchId: OTHER_BRANCH } }] });
    expect(failed(await w.call('activity', two, 'create', { activity: draft() })).code).toBe('ACTIVITY.BRANCH_NOT_FOUND');
    expect((await w.ok<ActivityDetail>('activity', two, 'create', { branchId: OTHER_BRANCH, activity: draft() })).branchId).toBe(OTHER_BRANCH);
    expect((await w.ok<ActivityDetail>('activity', ADMIN, 'create', { branchId: OTHER_BRANCH, activity: draft() })).branchName).toBe('芝罘区社会组织第二联合党支部');
  });

  it.each([
    ['a start in the past', { start: at('2026-12-01', '07:30'), end: at('2026-12-01', '09:30') }],
    ['an end before the start', { end: at(DAY, '13:30') }],
    ['an end on another day', { start: at(DAY, '20:30'), end: at('2026-12-04', '01:30') }],
    ['longer than 12 hours', { start: at(DAY, '07:30'), end: at(DAY, '20:00') }],
    ['a deadline after the start', { signUpDeadline: at(DAY, '15:00') }],
    ['a deadline already past', { signUpDeadline: at('2026-12-01', '07:00') }],
  ])('refuses %s with ACTIVITY.BAD_TIME and writes nothing', async (_name, times) => {
    const before = digest();
    expect(failed(await w.call('activity', SECRETARY, 'create', { activity: draft(times) })).code).toBe('ACTIVITY.BAD_TIME');
    expect(digest()).toBe(before);
  });

  it('a blocked word in the title or the description is CONTENT.REJECTED: nothing written, nothing shown', async () => {
    const before = digest();
    const title = failed(await w.call('activity', SECRETARY, 'create', { activity: draft({ title: '周末赌博交流会' }) }));
    expect(title).toMatchObject({ code: 'CONTENT.REJECTED', fields: { 'activity.title': expect.any(String) } });
    const description = failed(await w.call('activity', SECRETARY, 'create', { activity: draft({ description: '活动现场可以代 开 发 票，欢迎参加。' }) }));
    expect(description).toMatchObject({ code: 'CONTENT.REJECTED', fields: { 'activity.description': expect.any(String) } });
    expect(digest()).toBe(before);
    expect((await w.ok<{ items: unknown[] }>('activity', SECRETARY, 'organized')).items).toHaveLength(0);
  });

  it('an unknown venue is VENUE.NOT_FOUND', async () => {
    expect(failed(await w.call('activity', SECRETARY, 'create', { activity: draft({ place: { kind: 'venue', venueId: 'no-such-room' } }) })).code).toBe('VENUE.NOT_FOUND');
  });
});

describe('activity.publish into a catalogue venue', () => {
  it('books the venue slots in the same transaction: taken on the grid, on the manager’s schedule as 活动, on nobody’s quota', async () => {
    const a = await published();
    expect(a).toMatchObject({ state: 'published', venueId: VENUE });
    expect(await stateAt('14:30')).toBe('taken');
    expect(await stateAt('15:30')).toBe('taken');
    expect(await stateAt('16:30')).toBe('free');
    const day = await w.ok<{ bookings: Array<{ purpose: string; state: string; bookerName: string; start: string }> }>('venue', MANAGER, 'schedule', { venueId: VENUE, date: DAY });
    expect(day.bookings.find((b) => b.start === at(DAY, '14:30'))).toMatchObject({ state: 'confirmed', bookerName: '活动', purpose: '活动：社区主题党日' });
    expect(w.count('booking_accounts', {})).toBe(0);
    const doc = activityDoc(a.id);
    expect(w.doc('bookings', doc?.bookingId as string)).toMatchObject({ source: 'activity', openid: '@activity', state: 'confirmed' });
    expect(w.count('audit_log', { action: 'activity.publish', target: `activity:${a.id}` })).toBe(1);
    expect(failed(await w.call('activity', SECRETARY, 'publish', { activityId: a.id })).code).toBe('ACTIVITY.NOT_DRAFT');
    // The venue timer never releases it as a no-show, and completes it when it ends.
    w.clock.set(Date.parse(at(DAY, '15:00')));
    await w.venueTick();
    expect(w.doc('bookings', doc?.bookingId as string)).toMatchObject({ state: 'confirmed' });
    w.clock.set(Date.parse(at(DAY, '16:31')));
    await w.venueTick();
    expect(w.doc('bookings', doc?.bookingId as string)).toMatchObject({ state: 'completed' });
  });

  it('a taken slot fails with ACTIVITY.VENUE_TAKEN naming it; nothing is published or held', async () => {
    await w.ok('venue', RESIDENT, 'book', { venueId: VENUE, starts: [at(DAY, '15:30')], purpose: '合唱排练', attendees: 10 });
    const a = await create();
    const before = digest();
    expect(failed(await w.call('activity', SECRETARY, 'publish', { activityId: a.id }))).toMatchObject({ code: 'ACTIVITY.VENUE_TAKEN', details: { slot: at(DAY, '15:30'), reason: 'booked' } });
    expect(digest()).toBe(before);
    expect(activityDoc(a.id)?.state).toBe('draft');
  });

  it('a closed date is VENUE_TAKEN (closed); a venue needing approval is VENUE_TAKEN (approval) unless the caller manages it', async () => {
    await w.ok('venue', MANAGER, 'setBlackout', { venueId: VENUE, date: DAY, closed: true });
    const closed = await create();
    let before = digest();
    expect(failed(await w.call('activity', SECRETARY, 'publish', { activityId: closed.id }))).toMatchObject({ code: 'ACTIVITY.VENUE_TAKEN', details: { reason: 'closed', slot: at(DAY, '14:30') } });
    expect(digest()).toBe(before);
    const hall = await create({ place: { kind: 'venue', venueId: 'cyy-hall' } });
    before = digest();
    expect(failed(await w.call('activity', SECRETARY, 'publish', { activityId: hall.id }))).toMatchObject({ code: 'ACTIVITY.VENUE_TAKEN', details: { reason: 'approval', slot: at(DAY, '14:30') } });
    expect(digest()).toBe(before);
    // The district admin manages every venue: published at once.
    expect((await w.ok<ActivityDetail>('activity', ADMIN, 'publish', { activityId: hall.id })).state).toBe('published');
  });

  it.each([
    ['VENUE.OVER_CAPACITY', { capacity: 41 }],
    ['VENUE.OUTSIDE_HOURS', { start: at(DAY, '14:00'), end: at(DAY, '15:00') }],
    ['VENUE.TOO_MANY_SLOTS', { start: at(DAY, '09:30'), end: at(DAY, '13:30') }],
    ['VENUE.OUTSIDE_WINDOW', { start: at('2026-12-20', '09:30'), end: at('2026-12-20', '10:30') }],
  ])('the venue’s rules: %s, nothing written', async (code, o) => {
    const a = await create(o);
    const before = digest();
    expect(failed(await w.call('activity', SECRETARY, 'publish', { activityId: a.id })).code).toBe(code);
    expect(digest()).toBe(before);
  });

  it('a secretary’s publish racing a resident’s booking of the same slot on two instances: exactly one wins, every round', async () => {
    // The booking starts a little later each round (publishing reads more before its transaction), so the two
    // transactions overlap in every order (measured: each side wins some rounds of ten).
    const rounds: Array<[string, number]> = [['08:30', 0], ['09:30', 10], ['10:30', 20], ['11:30', 30], ['12:30', 40], ['13:30', 50], ['14:30', 60], ['15:30', 80], ['16:30', 100], ['17:30', 130]];
    for (const [clock, delay] of rounds) {
      const a = await create({ start: at(DAY, clock), end: at(DAY, clock.replace(/^\d+/, (h) => String(Number(h) + 1).padStart(2, '0'))) });
      const [pub, book] = await Promise.all([
        w.on(0).call('activity', SECRETARY, 'publish', { activityId: a.id }),
        new Promise((r) => setTimeout(r, delay)).then(() => w.on(1).call('venue', RESIDENT, 'book', { venueId: VENUE, starts: [at(DAY, clock)], purpose: '合唱排练', attendees: 10 })),
      ]);
      expect([pub.ok, book.ok].filter(Boolean)).toHaveLength(1);
      if (!pub.ok) expect(pub.error).toMatchObject({ code: 'ACTIVITY.VENUE_TAKEN', details: { reason: 'booked', slot: at(DAY, clock) } });
      if (!book.ok) expect(book.error.code).toBe('VENUE.SLOT_TAKEN');
      const key = `${VENUE}:${DAY}:${clock.replace(':', '')}`;
      expect(w.count('bookings', { slotKeys: key, state: 'confirmed' })).toBe(1);
      expect(activityDoc(a.id)?.state).toBe(pub.ok ? 'published' : 'draft');
      expect(w.count('bookings', { source: 'activity', slotKeys: key })).toBe(pub.ok ? 1 : 0);
      if (book.ok) await w.ok('venue', RESIDENT, 'cancel', { bookingId: (book.data as { id: string }).id });
    }
  });
});

describe('publish and update racing on two instances', () => {
  it('never a fault: whichever commits first, the venue slots held are exactly the published activity’s', async () => {
    for (const clock of ['09:30', '13:30', '16:30']) {
      const later = `${String(Number(clock.slice(0, 2)) + 1).padStart(2, '0')}:30`;
      const a = await create({ start: at(DAY, clock), end: at(DAY, later) });
      const moved = draft({ start: at(DAY, later), end: at(DAY, `${String(Number(later.slice(0, 2)) + 1).padStart(2, '0')}:30`) });
      const [pub, upd] = await Promise.all([w.on(0).call('activity', SECRETARY, 'publish', { activityId: a.id }), w.on(1).call('activity', SECRETARY, 'update', { activityId: a.id, activity: moved })]);
      expect([pub, upd].map((r) => (r.ok ? 'ok' : r.error.code)).filter((c) => c !== 'ok' && c !== 'CONFLICT')).toEqual([]);
      const doc = w.doc<{ state: string; bookingId: string | null; start: { $date: string } | string }>('activities', a.id);
      const detail = await w.ok<ActivityDetail>('activity', SECRETARY, 'get', { activityId: a.id }).catch(() => null);
      if (doc?.state === 'published') {
        const booking = w.doc<{ state: string; slotKeys: string[] }>('bookings', doc.bookingId as string);
        expect(booking?.state).toBe('confirmed');
        const first = detail ? detail.start.slice(11, 16).replace(':', '') : '';
        if (detail) expect(booking?.slotKeys[0]).toBe(`${VENUE}:${DAY}:${first}`);
        expect(w.count('bookings', { source: 'activity', state: 'confirmed', _id: { $ne: doc.bookingId } })).toBe(w.count('activities', { state: 'published', _id: { $ne: a.id } }));
      }
    }
  });
});

describe('activity.update', () => {
  it('a draft is simply replaced (nothing booked, nobody told)', async () => {
    const a = await create();
    const b = await w.ok<ActivityDetail>('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ title: '改过的主题党日', capacity: 50, place: { kind: 'address', address: '北大社区党群服务中心二楼' } }) });
    expect(b).toMatchObject({ state: 'draft', title: '改过的主题党日', capacity: 50, venueId: null, placeName: '北大社区党群服务中心二楼' });
    expect(w.count('bookings', {})).toBe(0);
    expect(w.count('audit_log', { action: 'activity.update', target: `activity:${a.id}` })).toBe(1);
  });

  it('a new time re-books atomically (old slots freed, new held, a new booking) and everyone confirmed or waiting is told what changed', async () => {
    const a = await published({ capacity: 2 });
    writePlace(w, a.id, 'act-p1', { seat: 1 });
    writePlace(w, a.id, 'act-p2', { seat: 2 });
    writePlace(w, a.id, 'act-p3', { ticket: 1 });
    const oldBooking = activityDoc(a.id)?.bookingId as string;
    // One hour later: 15:30–17:30 overlaps the slot it holds at 15:30.
    const b = await w.ok<ActivityDetail>('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ capacity: 2, start: at(DAY, '15:30'), end: at(DAY, '17:30') }) });
    expect(b).toMatchObject({ state: 'published', start: at(DAY, '15:30'), end: at(DAY, '17:30'), taken: 2, waiting: 1 });
    expect(await stateAt('14:30')).toBe('free');
    expect(await stateAt('15:30')).toBe('taken');
    expect(await stateAt('16:30')).toBe('taken');
    const newBooking = activityDoc(a.id)?.bookingId as string;
    expect(newBooking).not.toBe(oldBooking);
    expect(w.doc('bookings', oldBooking)).toMatchObject({ state: 'cancelled' });
    expect(w.doc('bookings', newBooking)).toMatchObject({ state: 'confirmed', source: 'activity' });
    expect(w.doc<{ bookingId: string }>('slot_ledger', `${VENUE}:${DAY}:1530`)?.bookingId).toBe(newBooking);
    for (const p of ['act-p1', 'act-p2', 'act-p3']) {
      const told = w.notifications(p).filter((m) => m.kind === 'activity_changed');
      expect(told).toHaveLength(1);
      expect(told[0]?.body).toContain('「社区主题党日」时间改为 12月3日 15:30–17:30（原 14:30–16:30）');
    }
    expect(w.count('notifications', { kind: 'activity_changed', activityId: a.id })).toBe(3);
    expect(activityDoc(a.id)?.noticePending).toBe(false);
    expect(w.count('audit_log', { action: 'activity.update', target: `activity:${a.id}` })).toBe(1);
    // Another venue: the message names the place.
    await w.ok('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ capacity: 2, start: at(DAY, '15:30'), end: at(DAY, '17:30'), place: { kind: 'venue', venueId: 'cyy-rehearsal' } }) });
    expect(w.notifications('act-p3').map((m) => m.body)).toContainEqual(expect.stringContaining('地点改为 创益园排练室（原 创益工坊培训室）'));
    expect(await stateAt('15:30')).toBe('free');
    expect(await stateAt('15:30', 'cyy-rehearsal')).toBe('taken');
  });

  it('a new time whose slot is taken fails with VENUE_TAKEN and changes nothing (the old booking still holds its slots)', async () => {
    const a = await published();
    writePlace(w, a.id, 'act-stay', { seat: 1 });
    await w.ok('venue', RESIDENT, 'book', { venueId: VENUE, starts: [at(DAY, '17:30')], purpose: '合唱排练', attendees: 10 });
    const before = digest();
    expect(failed(await w.call('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ start: at(DAY, '16:30'), end: at(DAY, '18:30') }) }))).toMatchObject({
      code: 'ACTIVITY.VENUE_TAKEN',
      details: { slot: at(DAY, '17:30'), reason: 'booked' },
    });
    expect(digest()).toBe(before);
    expect(await stateAt('14:30')).toBe('taken');
    expect(w.notifications('act-stay')).toHaveLength(0);
  });

  it('capacity: never below the places taken; a smaller one moves seats down into free numbers in the same transaction', async () => {
    const a = await published({ capacity: 6, place: { kind: 'address', address: '北大社区党群服务中心' } });
    writePlace(w, a.id, 'act-s2', { seat: 2 });
    writePlace(w, a.id, 'act-s5', { seat: 5 });
    writePlace(w, a.id, 'act-s6', { seat: 6 });
    const before = digest();
    expect(failed(await w.call('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ capacity: 2, place: { kind: 'address', address: '北大社区党群服务中心' } }) })).code).toBe('ACTIVITY.CAPACITY_BELOW_TAKEN');
    expect(digest()).toBe(before);
    const b = await w.ok<ActivityDetail>('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ capacity: 3, place: { kind: 'address', address: '北大社区党群服务中心' } }) });
    expect(b).toMatchObject({ capacity: 3, taken: 3 });
    const seats = ['act-s2', 'act-s5', 'act-s6'].map((p) => w.doc<{ seat: number }>('activity_signups', `${a.id}:${p}`)?.seat);
    expect([...seats].sort()).toEqual([1, 2, 3]);
    for (const [i, p] of ['act-s2', 'act-s5', 'act-s6'].entries()) expect(w.doc<{ openid: string }>('activity_places', `${a.id}:seat:${seats[i]}`)?.openid).toBe(p);
    expect(w.count('activity_places', { activityId: a.id, kind: 'seat', n: { $gt: 3 } })).toBe(0);
    // Numbers 4–6 are closed (nobody's place: not counted as taken), so a sign-up that read the old capacity cannot take one.
    expect(w.count('activity_places', { activityId: a.id, kind: 'closed', openid: '@closed', n: { $gt: 3 } })).toBe(3);
    // Nothing the people need to know changed: nobody is told.
    expect(w.count('notifications', { activityId: a.id })).toBe(0);
  });

  it('a larger capacity seats the people waiting (the sign-up service’s promotion, after the change commits)', async () => {
    const a = await published({ capacity: 1, place: { kind: 'address', address: '北大社区党群服务中心' } });
    writePlace(w, a.id, 'act-g1', { seat: 1 });
    writePlace(w, a.id, 'act-g2', { ticket: 1 });
    const b = await w.ok<ActivityDetail>('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ capacity: 2, place: { kind: 'address', address: '北大社区党群服务中心' } }) });
    expect(b).toMatchObject({ capacity: 2, taken: 2, waiting: 0 });
    expect(w.doc<{ state: string; seat: number }>('activity_signups', `${a.id}:act-g2`)).toMatchObject({ state: 'confirmed', seat: 2 });
  });

  it('a smaller capacity racing many sign-ups on two instances: never more confirmed than the capacity; growing back reopens the numbers', async () => {
    // Sign-ups that read the old capacity may try a number above the new one while the change commits: the change
    // closes every such number (a document with the seat's _id), so the database refuses one of the two. Each round
    // starts the change a little later against a crowd arriving a few ms apart on both instances.
    const OLD = 12;
    const NEW = 3;
    const place = { kind: 'address' as const, address: '北大社区党群服务中心' };
    const outcomes: string[] = [];
    for (const [round, delay] of [0, 5, 10, 15, 20, 25, 30, 40, 60, 80, 150, 300].entries()) {
      w.clock.set(w.clock.now() + 60_000); // a minute a round: the secretary's changes stay under the rate limit
      const a = await published({ capacity: OLD, place, start: at(DAY, '09:30'), end: at(DAY, '11:30') });
      const crowd = Array.from({ length: 10 }, (_, i) => `act-race-${round}-${i}`);
      const [shrink, ...signed] = await Promise.all([
        w.on(round % 2).call('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ capacity: NEW, place, start: at(DAY, '09:30'), end: at(DAY, '11:30') }) }),
        ...crowd.map((p, i) => new Promise((r) => setTimeout(r, delay + i * 2)).then(() => w.on(i % 2).call('activity', p, 'signUp', { activityId: a.id, wait: true }))),
      ]);
      outcomes.push(shrink.ok ? 'shrunk' : shrink.error.code);
      // Everyone has a place: a seat, or the waitlist once the change has committed.
      expect(signed.map((r) => (r.ok ? (r.data as { state: string }).state : r.error.code)).filter((x) => x !== 'confirmed' && x !== 'waitlisted')).toEqual([]);
      if (!shrink.ok) expect(shrink.error.code).toBe('ACTIVITY.CAPACITY_BELOW_TAKEN');
      const capacity = activityDoc(a.id)?.capacity as number;
      expect(capacity).toBe(shrink.ok ? NEW : OLD);
      const seats = seatsOf(a.id);
      const confirmed = w.count('activity_signups', { activityId: a.id, state: 'confirmed' });
      expect(seats.length).toBeLessThanOrEqual(capacity);
      expect(confirmed).toBe(seats.length);
      expect(Math.max(0, ...seats.map((s) => s.n))).toBeLessThanOrEqual(capacity);
      expect(w.count('activity_places', { activityId: a.id, kind: 'closed' })).toBe(OLD - capacity);
      expect((await w.ok<ActivityDetail>('activity', SECRETARY, 'get', { activityId: a.id })).taken).toBe(seats.length);
      if (!shrink.ok) continue;
      // Back to the old capacity: the closed numbers reopen and everyone waiting is seated (in them); the rest are free.
      expect(await w.ok<ActivityDetail>('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ capacity: OLD, place, start: at(DAY, '09:30'), end: at(DAY, '11:30') }) })).toMatchObject({ capacity: OLD, taken: 10, waiting: 0 });
      expect(w.count('activity_places', { activityId: a.id, kind: 'closed' })).toBe(0);
      for (const p of ['act-late-1', 'act-late-2'].map((x) => `${x}-${round}`)) await w.ok('activity', p, 'signUp', { activityId: a.id });
      const held = seatsOf(a.id).map((x) => x.n);
      expect(held.sort((x, y) => x - y)).toEqual(Array.from({ length: OLD }, (_, i) => i + 1));
      expect(w.count('activity_signups', { activityId: a.id, state: 'confirmed' })).toBe(OLD);
      expect(failed(await w.call('activity', `act-late-3-${round}`, 'signUp', { activityId: a.id })).code).toBe('ACTIVITY.FULL');
    }
    // Both outcomes happen (measured): the change is sometimes refused because the crowd was seated first.
    expect(outcomes).toContain('shrunk');
  }, 120_000);

  it('after the end: ACTIVITY.ENDED; a cancelled one: ACTIVITY.CANCELLED; a blocked word: CONTENT.REJECTED — nothing written', async () => {
    const a = await published();
    const before = digest();
    expect(failed(await w.call('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ description: '欢迎大家参加，现场有毒品知识讲座。' }) })).code).toBe('CONTENT.REJECTED');
    expect(digest()).toBe(before);
    w.clock.set(Date.parse(at(DAY, '16:30')));
    expect(failed(await w.call('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ start: at('2026-12-04', '14:30'), end: at('2026-12-04', '16:30') }) })).code).toBe('ACTIVITY.ENDED');
    expect(failed(await w.call('activity', SECRETARY, 'cancelActivity', { activityId: a.id, reason: '太晚了' })).code).toBe('ACTIVITY.ENDED');
    w.clock.set(Date.parse(at('2026-12-01', '08:00')));
    await w.ok('activity', SECRETARY, 'cancelActivity', { activityId: a.id, reason: '场地维修' });
    expect(failed(await w.call('activity', SECRETARY, 'update', { activityId: a.id, activity: draft() })).code).toBe('ACTIVITY.CANCELLED');
  });
});

describe('another branch’s activity (BOLA)', () => {
  it('its secretary cannot update, publish or cancel: ACTIVITY.NOT_FOUND and nothing written; a district admin can', async () => {
    const attacker = otherSecretary();
    const live = await published();
    writePlace(w, live.id, 'act-victim', { seat: 1 });
    const drafted = await create({ start: at(DAY, '09:30'), end: at(DAY, '10:30') });
    const before = digest();
    expect(failed(await w.call('activity', attacker, 'update', { activityId: live.id, activity: draft({ title: '被改掉的活动' }) })).code).toBe('ACTIVITY.NOT_FOUND');
    expect(failed(await w.call('activity', attacker, 'publish', { activityId: drafted.id })).code).toBe('ACTIVITY.NOT_FOUND');
    expect(failed(await w.call('activity', attacker, 'cancelActivity', { activityId: live.id, reason: '冒名取消' })).code).toBe('ACTIVITY.NOT_FOUND');
    expect(digest()).toBe(before);
    expect((await w.ok<{ items: Array<{ id: string }> }>('activity', attacker, 'organized')).items).toEqual([]);
    expect((await w.ok<ActivityDetail>('activity', ADMIN, 'publish', { activityId: drafted.id })).state).toBe('published');
  });
});

describe('activity.cancelActivity', () => {
  it('a draft is withdrawn: cancelled, nobody told', async () => {
    const a = await create();
    const b = await w.ok<ActivityDetail>('activity', SECRETARY, 'cancelActivity', { activityId: a.id, reason: '计划有变' });
    expect(b).toMatchObject({ state: 'cancelled', cancelReason: '计划有变' });
    expect(w.count('notifications', {})).toBe(0);
    expect(w.count('audit_log', { action: 'activity.cancelActivity', target: `activity:${a.id}` })).toBe(1);
    expect(failed(await w.call('activity', SECRETARY, 'cancelActivity', { activityId: a.id, reason: '再取消一次' })).code).toBe('ACTIVITY.CANCELLED');
  });

  it('a published one frees its venue in the same transaction (a resident books the slot at once) and tells everyone, in batches', async () => {
    const a = await published({ capacity: 40 });
    const people = Array.from({ length: NOTICE_BATCH + 12 }, (_, i) => `act-c${i}`);
    people.forEach((p, i) => (i < 40 ? writePlace(w, a.id, p, { seat: i + 1 }) : writePlace(w, a.id, p, { ticket: i - 39 })));
    const b = await w.ok<ActivityDetail>('activity', SECRETARY, 'cancelActivity', { activityId: a.id, reason: '场地临时维修' });
    expect(b).toMatchObject({ state: 'cancelled', cancelReason: '场地临时维修' });
    expect(w.doc('bookings', activityDoc(a.id)?.bookingId as string)).toMatchObject({ state: 'cancelled' });
    expect(await stateAt('14:30')).toBe('free');
    await w.ok('venue', RESIDENT, 'book', { venueId: VENUE, starts: [at(DAY, '14:30')], purpose: '合唱排练', attendees: 10 });
    for (const p of people) {
      const told = w.notifications(p).filter((m) => m.kind === 'activity_cancelled');
      expect(told).toHaveLength(1);
      expect(told[0]?.body).toContain('场地临时维修');
    }
    expect(activityDoc(a.id)?.noticePending).toBe(false);
  });

  it('the timer finishes a notice a crash interrupted, and tells a sign-up that raced the cancellation — once', async () => {
    const a = await published({ capacity: 10, place: { kind: 'address', address: '北大社区党群服务中心' } });
    writePlace(w, a.id, 'act-t1', { seat: 1 });
    await w.ok('activity', SECRETARY, 'cancelActivity', { activityId: a.id, reason: '天气原因' });
    expect(w.notifications('act-t1')).toHaveLength(1);
    // A sign-up that committed just after the cancellation (it began before), and a half-sent notice.
    writePlace(w, a.id, 'act-t2', { seat: 2 });
    const tick = async () => {
      const main = w.instances.activity[1];
      if (!main) throw new Error('no instance');
      const res = await main({ Type: 'Timer', TriggerName: 'tick', Time: new Date(w.clock.now()).toISOString() }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) });
      if (!res.ok) throw new Error(`tick failed: ${res.error.code}`);
      return res.data as Record<string, number>;
    };
    expect((await tick()).noticesSent).toBe(1);
    expect(w.notifications('act-t2').filter((m) => m.kind === 'activity_cancelled')).toHaveLength(1);
    expect((await tick()).noticesSent).toBe(0);
    expect(w.notifications('act-t1')).toHaveLength(1);
    // A change notice left pending (the call stopped after its commit): the timer sends it.
    const c = await published({ start: at(DAY, '09:30'), end: at(DAY, '10:30'), place: { kind: 'address', address: '北大社区党群服务中心' } });
    writePlace(w, c.id, 'act-t3', { seat: 1 });
    w.cloud.db.handle({
      action: 'database.modifyDocument',
      collectionName: 'activities',
      query: JSON.stringify({ _id: c.id }),
      data: JSON.stringify({ $set: { noticePending: true, notice: { id: 'ntc_crash', kind: 'activity_changed', title: '活动有变动', body: '「社区主题党日」时间改为 12月3日 10:30–11:30（原 09:30–10:30）。', at: { $date: '2026-12-01T00:00:00Z' } } } }),
      multi: false,
    });
    expect((await tick()).noticesSent).toBe(1);
    expect(w.notifications('act-t3').filter((m) => m.kind === 'activity_changed')).toHaveLength(1);
    expect(activityDoc(c.id)?.noticePending).toBe(false);
  });
});

describe('the cover', () => {
  // Decoding and resizing in JavaScript takes seconds on a busy 2-core machine.
  jest.setTimeout(60_000);
  /** Uploads a small PNG as `openid` through the local runtime's storage endpoint; answers its file id. */
  async function upload(openid: string): Promise<string> {
    const bytes = await new (createJimp({ formats: [png] }))({ width: 240, height: 160, color: 0xc0392bff }).getBuffer('image/png');
    const res = await fetch(`${w.cloud.url}/storage/upload`, { method: 'POST', headers: { authorization: `Bearer ${w.cloud.server.signer.sign(openid)}` }, body: new Uint8Array(bytes) });
    return ((await res.json()) as { data: { fileId: string } }).data.fileId;
  }

  it('an upload of the organiser’s own becomes the cover (shown to the organiser while checked); sent back it is kept; null removes it', async () => {
    const fileId = await upload(SECRETARY);
    const a = await create({ coverFileId: fileId });
    const doc = w.doc<{ coverImageId: string; coverFileId: string; coverState: string }>('activities', a.id);
    expect(doc?.coverImageId).toMatch(/^img_/);
    expect(['checking', 'ok']).toContain(doc?.coverState);
    expect(a.coverFileId).toBe(doc?.coverImageId);
    expect(a.cover?.url).toBeTruthy();
    expect(w.doc<{ usedBy: string }>('images', doc?.coverImageId as string)?.usedBy).toBe(`activity:${a.id}`);
    const kept = await w.ok<ActivityDetail>('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ title: '换个标题的主题党日', coverFileId: a.coverFileId }) });
    expect(w.doc<{ coverImageId: string }>('activities', a.id)?.coverImageId).toBe(doc?.coverImageId);
    expect(kept.coverFileId).toBe(doc?.coverImageId);
    const removed = await w.ok<ActivityDetail>('activity', SECRETARY, 'update', { activityId: a.id, activity: draft({ coverFileId: null }) });
    expect(removed).toMatchObject({ cover: null, coverFileId: null });
  });

  it('someone else’s upload is ACTIVITY.IMAGE_INVALID and nothing is written', async () => {
    const theirs = await upload(RESIDENT);
    const before = w.count('activities', {}) + w.count('audit_log', {});
    expect(failed(await w.call('activity', SECRETARY, 'create', { activity: draft({ coverFileId: theirs }) })).code).toBe('ACTIVITY.IMAGE_INVALID');
    expect(w.count('activities', {}) + w.count('audit_log', {})).toBe(before);
  });
});

describe('activity.organized', () => {
  it('the branch’s activities, drafts too, newest start first, with places taken; a district admin sees every branch', async () => {
    const early = await published({ start: at(DAY, '09:30'), end: at(DAY, '10:30') });
    const late = await create({ start: at('2026-12-05', '09:30'), end: at('2026-12-05', '10:30') });
    writePlace(w, early.id, 'act-o1', { seat: 1 });
    const other = await w.ok<ActivityDetail>('activity', ADMIN, 'create', { branchId: OTHER_BRANCH, activity: draft() });
    const mine = await w.ok<{ branches: Array<{ id: string; name: string }>; items: Array<{ id: string; state: string; taken: number }> }>('activity', SECRETARY, 'organized');
    expect(mine.branches).toEqual([{ id: BRANCH, name: '芝罘区社会组织第一联合党支部' }]);
    expect(mine.items.map((i) => i.id)).toEqual([late.id, early.id]);
    expect(mine.items[1]).toMatchObject({ state: 'published', taken: 1 });
    const all = await w.ok<{ branches: Array<{ id: string }>; items: Array<{ id: string }> }>('activity', ADMIN, 'organized');
    expect(all.branches.map((b) => b.id)).toEqual(expect.arrayContaining([BRANCH, OTHER_BRANCH, 'branch-lianhe-3']));
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining([late.id, early.id, other.id]));
  });
});

it('times are judged on the injected Beijing clock whatever TZ says (a start an hour from now is fine; one just past is not)', async () => {
  const soon = new Date(w.clock.now() + HOUR);
  const hh = String((soon.getUTCHours() + 8) % 24).padStart(2, '0');
  expect(hh).toBe('09');
  expect((await create({ start: at('2026-12-01', '09:30'), end: at('2026-12-01', '10:30'), place: { kind: 'address', address: '北大社区党群服务中心' } })).state).toBe('draft');
  w.clock.set(Date.parse(at('2026-12-01', '09:31')));
  expect(failed(await w.call('activity', SECRETARY, 'create', { activity: draft({ start: at('2026-12-01', '09:30'), end: at('2026-12-01', '10:30') }) })).code).toBe('ACTIVITY.BAD_TIME');
});
