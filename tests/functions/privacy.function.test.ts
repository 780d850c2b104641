/**
 * PIPL rights through the user function: export everything stored about me; delete my account (personal data
 * removed, future bookings cancelled without penalty, past bookings kept only anonymously).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LocalFileStore } from '../../cloudfunctions/_shared/files';
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { database } from '../../cloudfunctions/_shared/db';
import { handlers as adminHandlers } from '../../cloudfunctions/admin/index';
import { handlers as userHandlers } from '../../cloudfunctions/user/index';
import type { Booking, Envelope, ManagedBooking, MyData } from '../../types';
import { PersonalDataRepository } from '../../cloudfunctions/user/personal-data.repository';
import { at, bookingWorld, rid, type BookingWorld } from '../support/booking';
import { writeActivity, writePlace } from '../support/activities';
import { handlers as courseHandlers, timers as courseTimers } from '../../cloudfunctions/course/index';
import { writeSession } from '../support/sessions';
import { writeOrg } from '../support/orgs';

let w: BookingWorld;
let user: Main;
const me = (openid: string, action: string, data: unknown = {}): Promise<Envelope<unknown>> =>
  w.cloud.invoke(user, openid, { action, data, requestId: `privacy-${action}-${Math.random().toString(36).slice(2, 10)}` });

beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' });
  user = createFunction('user', userHandlers, { clock: w.clock, db: database });
});
afterEach(() => w.stop());

const everywhere = (openid: string): string[] =>
  w.cloud.db.store
    .collectionNames()
    .filter((c) => !['rate_limits', 'idempotency_keys'].includes(c))
    .flatMap((c) => [...w.cloud.db.store.entries(c)].map((e) => ({ c, json: JSON.stringify(e.doc) })))
    .filter(({ json }) => json.includes(openid) || json.includes('13805351234'))
    .map(({ c, json }) => `${c}: ${json.slice(0, 120)}`);

describe('PIPL: my data', () => {
  it('exports my profile with my own full phone, my bookings, waitlist places and messages — and nobody else’s', async () => {
    const b = (await w.ok<Booking>('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: '畅响艺术团排练', attendees: 10 }));
    await w.ok('demo-resident-2', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '10:30')], purpose: '别人的', attendees: 4 });
    await w.ok('demo-resident', 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at('2026-12-02', '10:30'), purpose: '候补', attendees: 4 });
    const res = await me('demo-resident', 'exportMyData');
    expect(res.ok).toBe(true);
    const data = (res as { data: MyData }).data;
    expect(data.profile).toMatchObject({ nickname: '王阿姨', phone: '13805351234', streetId: 'xiangyang' });
    expect(data.bookings).toEqual([expect.objectContaining({ _id: b.id, purpose: '畅响艺术团排练', start: '2026-12-02T09:30:00+08:00' })]);
    expect(data.waitlist).toHaveLength(1);
    expect(data.messages.map((m) => m.kind)).toEqual(['booking_confirmed']);
    expect(JSON.stringify(data)).not.toContain('demo-resident-2');
    expect(JSON.stringify(data)).not.toContain('13905356789');
  });

  it('deletes my account only with the explicit confirmation word', async () => {
    expect(await me('demo-resident', 'deleteAccount', {})).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { confirm: expect.any(String) } } });
    expect(await me('demo-resident', 'deleteAccount', { confirm: 'yes' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(w.doc('users', 'demo-resident')).not.toBeNull();
  });

  it('removes my personal data, cancels my future bookings without a strike, and keeps past usage anonymously', async () => {
    const past = await w.ok<Booking>('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-01', '08:30')], purpose: '已完成的排练', attendees: 8, phone: '13805351234' });
    const future = await w.ok<Booking>('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-03', '09:30')], purpose: '未来的排练', attendees: 8 });
    await w.ok('demo-resident-2', 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at('2026-12-03', '09:30'), purpose: '候补', attendees: 3 });
    w.clock.set(Date.parse('2026-12-01T08:40:00+08:00'));
    await w.ok('demo-venue-manager', 'checkInBooking', { venueId: 'cyy-rehearsal', code: past.checkInCode });

    const res = await me('demo-resident', 'deleteAccount', { confirm: '注销' });
    expect(res).toMatchObject({ ok: true, data: { deleted: true, cancelledBookings: 2, anonymisedBookings: 2 } });
    // Nothing anywhere still names me or holds my phone number.
    expect(everywhere('demo-resident"')).toEqual([]);
    expect(w.count('booking_strikes', {})).toBe(0);
    // Usage stays countable without identity.
    expect(w.count('bookings', { openid: { $regex: '^deleted:' } })).toBe(2);
    // My freed future slot went to the first person waiting for it.
    expect((await w.ok<{ bookings: Booking[] }>('demo-resident-2', 'mine')).bookings).toEqual([expect.objectContaining({ start: at('2026-12-03', '09:30') })]);
    // My own future booking was cancelled (no strike) and kept only under the pseudonym.
    expect(w.doc('bookings', future.id)).toMatchObject({ state: 'cancelled', openid: expect.stringMatching(/^deleted:/), phone: null });
    // Opening the app again starts afresh as a new resident.
    expect(await me('demo-resident', 'me')).toMatchObject({ ok: true, data: { profile: { nickname: '芝罘居民', phoneMasked: null } } });
  });
});

/** A person with a profile of their own, whose every trace the tests look for after the deletion. */
const Q = { openid: 'wx-erase-q9x7k2', nickname: '钱奶奶', phone: '13877776666', typedPhone: '13811112222' };
const purposes = ['钱家合唱排练', '钱家书法小组', '钱家候补练习', '钱家临时加练', '钱家第二场', '钱家第三场'];

/** Every document of every collection (rate limits and stored answers included) holding one of `needles`. */
const docsHolding = (needles: string[]): Array<{ c: string; json: string }> =>
  w.cloud.db.store
    .collectionNames()
    .flatMap((c) => [...w.cloud.db.store.entries(c)].map((e) => ({ c, json: JSON.stringify(e.doc) })))
    .filter(({ json }) => needles.some((s) => json.includes(s)));

/** Every document anywhere that still names Q: openid, name, phones, or a purpose Q typed. */
const tracesOfQ = (): string[] => docsHolding([Q.openid, Q.nickname, Q.phone, Q.typedPhone, ...purposes]).map(({ c, json }) => `${c}: ${json.slice(0, 200)}`);

async function registerQ(): Promise<void> {
  const now = new Date(w.clock.now());
  await database().collection('users').add({ _id: Q.openid, nickname: Q.nickname, phone: Q.phone, streetId: 'xiangyang', communityId: 'beida', roles: [], createdAt: now, updatedAt: now });
}

describe('PIPL: deletion erases every trace', () => {
  it('leaves no document anywhere naming me — stored answers, rate-limit ids, a manager’s approve answer, audit targets — and keeps the audit trail under a pseudonym', async () => {
    await registerQ();
    const admin = createFunction('admin', adminHandlers, { clock: w.clock, db: database });
    const grant = await w.cloud.invoke(admin, 'demo-district-admin', { action: 'grantRole', data: { openid: Q.openid, grant: { role: 'volunteer' } }, requestId: rid() });
    expect(grant).toMatchObject({ ok: true });
    const pending = await w.ok<Booking>(Q.openid, 'book', { venueId: 'cyy-hall', starts: [at('2026-12-03', '09:30')], purpose: purposes[0], attendees: 20, phone: Q.typedPhone });
    const approved = await w.ok<ManagedBooking>('demo-venue-manager', 'approve', { bookingId: pending.id });
    expect(approved).toMatchObject({ bookerName: Q.nickname, phone: Q.typedPhone });
    await w.ok(Q.openid, 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: purposes[1], attendees: 5, phone: '13800000000' });
    await w.ok('demo-resident-2', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '10:30')], purpose: '别人的排练', attendees: 4 });
    await w.ok(Q.openid, 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at('2026-12-02', '10:30'), purpose: purposes[2], attendees: 4, phone: Q.typedPhone });
    // Before: the manager's stored approve answer holds my name and phone; counters and stored answers start with my openid.
    expect(docsHolding([Q.typedPhone]).filter((d) => d.c === 'idempotency_keys' && d.json.includes('demo-venue-manager:venue.approve') && d.json.includes(Q.nickname))).toHaveLength(1);
    expect(docsHolding([`"${Q.openid}:`]).map((d) => d.c)).toEqual(expect.arrayContaining(['rate_limits', 'idempotency_keys']));
    expect(docsHolding([`user:${Q.openid}`]).map((d) => d.c)).toEqual(['audit_log']);

    const res = await me(Q.openid, 'deleteAccount', { confirm: '注销' });
    expect(res).toMatchObject({ ok: true, data: { deleted: true, cancelledBookings: 2, anonymisedBookings: 2 } });
    expect(tracesOfQ()).toEqual([]);
    // The audit trail is kept: who approved what, and whose role was granted — the person under a pseudonym.
    const audit = [...w.cloud.db.store.entries('audit_log')].map((e) => e.doc as unknown as { actor: string; action: string; target: string });
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'demo-venue-manager', action: 'venue.approve', target: `booking:${pending.id}` }),
        expect.objectContaining({ actor: 'demo-district-admin', action: 'admin.grantRole', target: expect.stringMatching(/^user:deleted:[0-9a-f]{24}$/) }),
      ]),
    );
    // Past usage stays countable under the same pseudonym as the audit target.
    const pseudonym = audit.find((a) => a.action === 'admin.grantRole')!.target.slice('user:'.length);
    expect(w.count('bookings', { openid: pseudonym })).toBe(2);
  });

  it('draws a random pseudonym: a known openid does not lead to it, and two deletions of one openid are not linked', async () => {
    const pseudonyms: string[] = [];
    for (const [i, purpose] of purposes.slice(0, 2).entries()) {
      expect(await me(Q.openid, 'me')).toMatchObject({ ok: true });
      await w.ok(Q.openid, 'book', { venueId: 'cyy-rehearsal', starts: [at(i === 0 ? '2026-12-02' : '2026-12-03', '09:30')], purpose, attendees: 5, phone: '13800000000' });
      w.clock.advance(24 * 3600_000); // the booking is past
      expect(await me(Q.openid, 'deleteAccount', { confirm: '注销' })).toMatchObject({ ok: true, data: { anonymisedBookings: 1 } });
      pseudonyms.push(...[...w.cloud.db.store.entries('bookings')].map((e) => (e.doc as unknown as { openid: string }).openid).filter((o) => o.startsWith('deleted:') && !pseudonyms.includes(o)));
    }
    expect(pseudonyms).toHaveLength(2);
    expect(pseudonyms[0]).not.toBe(pseudonyms[1]);
    const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
    for (const p of pseudonyms) {
      for (const guess of [sha(Q.openid), sha(`red-sail-erasure:${Q.openid}`)]) expect(guess).not.toContain(p.slice('deleted:'.length, 'deleted:'.length + 16));
    }
    expect(tracesOfQ()).toEqual([]);
  });

  it('refuses every write about an account being deleted (ACCOUNT.DELETING), and a re-run finishes an interrupted deletion', async () => {
    await registerQ();
    const b = await w.ok<Booking>(Q.openid, 'book', { venueId: 'cyy-hall', starts: [at('2026-12-03', '09:30')], purpose: purposes[0], attendees: 20, phone: Q.typedPhone });
    await w.ok('demo-resident-2', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '10:30')], purpose: '别人的排练', attendees: 4 });
    // Interrupted after the account was marked and the profile removed.
    const interrupted = jest.spyOn(PersonalDataRepository.prototype, 'settleInFlight').mockRejectedValueOnce(new Error('instance killed'));
    expect(await me(Q.openid, 'deleteAccount', { confirm: '注销' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    interrupted.mockRestore();

    const refused = { ok: false, error: { code: 'ACCOUNT.DELETING' } };
    expect(await w.call(Q.openid, 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: purposes[1], attendees: 5, phone: '13800000000' })).toMatchObject(refused);
    expect(await w.call(Q.openid, 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at('2026-12-02', '10:30'), purpose: purposes[2], attendees: 4 })).toMatchObject(refused);
    expect(await w.call(Q.openid, 'cancel', { bookingId: b.id })).toMatchObject(refused);
    expect(await w.call('demo-venue-manager', 'approve', { bookingId: b.id })).toMatchObject(refused);
    expect(await w.call('demo-venue-manager', 'reject', { bookingId: b.id, reason: '场地检修' })).toMatchObject(refused);
    expect(await me(Q.openid, 'me')).toMatchObject(refused);
    expect(w.doc<Booking>('bookings', b.id)).toMatchObject({ state: 'pending' });

    expect(await me(Q.openid, 'deleteAccount', { confirm: '注销' })).toMatchObject({ ok: true, data: { deleted: true, cancelledBookings: 1 } });
    expect(tracesOfQ()).toEqual([]);
    // Still refused afterwards, until the person opens the app again and starts afresh.
    expect(await w.call(Q.openid, 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: purposes[1], attendees: 5, phone: '13800000000' })).toMatchObject(refused);
    expect(await me(Q.openid, 'me')).toMatchObject({ ok: true, data: { profile: { nickname: '芝罘居民', phoneMasked: null } } });
    expect(await w.call(Q.openid, 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: '重新开始', attendees: 5, phone: '13800000000' })).toMatchObject({ ok: true });
  });
});

describe('PIPL: deletion racing the person’s own calls and a manager’s answers, across two instances', () => {
  it.each([1, 2, 3, 4, 5, 6])('leaves nothing naming the person in any collection (try %i)', async () => {
    await w.stop();
    w = await bookingWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
    const users = [0, 1].map(() => createFunction('user', userHandlers, { clock: w.clock, db: database }));
    await registerQ();
    const soon = await w.ok<Booking>(Q.openid, 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-01', '08:30')], purpose: purposes[0], attendees: 5, phone: Q.typedPhone });
    const pending = await w.ok<Booking>(Q.openid, 'book', { venueId: 'cyy-hall', starts: [at('2026-12-03', '09:30')], purpose: purposes[1], attendees: 20, phone: Q.typedPhone });
    const other = await w.ok<Booking>('demo-resident-2', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '10:30')], purpose: '别人的排练', attendees: 4 });
    w.clock.set(Date.parse('2026-12-01T08:20:00+08:00'));

    const calls: Array<Promise<Envelope<unknown>>> = [
      w.cloud.invoke(users[0]!, Q.openid, { action: 'deleteAccount', data: { confirm: '注销' }, requestId: rid() }),
      w.on(0).call(Q.openid, 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: purposes[2], attendees: 5, phone: Q.typedPhone }),
      w.on(1).call(Q.openid, 'book', { venueId: 'cyy-meeting-1', starts: [at('2026-12-02', '14:30')], purpose: purposes[3], attendees: 5, phone: '13800000000' }),
      w.on(0).call(Q.openid, 'joinWaitlist', { venueId: 'cyy-rehearsal', start: at('2026-12-02', '10:30'), purpose: purposes[4], attendees: 4, phone: Q.typedPhone }),
      w.on(1).call(Q.openid, 'cancel', { bookingId: soon.id }),
      w.on(0).call('demo-venue-manager', 'approve', { bookingId: pending.id }),
      w.on(1).call('demo-venue-manager', 'reject', { bookingId: pending.id, reason: '当天有活动' }),
      w.on(0).call('demo-venue-manager', 'checkInBooking', { venueId: 'cyy-rehearsal', code: soon.checkInCode! }),
      w.on(1).call('demo-resident-2', 'cancel', { bookingId: other.id }),
      w.cloud.invoke(users[1]!, Q.openid, { action: 'readMessages', data: {}, requestId: rid() }),
      w.on(1).call(Q.openid, 'book', { venueId: 'cyy-reading', starts: [at('2026-12-04', '09:30')], purpose: purposes[5], attendees: 2, phone: '13800000000' }),
    ];
    const results = await Promise.all(calls);
    expect(results[0]).toMatchObject({ ok: true, data: { deleted: true } });
    // Every racing call either happened before the deletion (and was erased with it) or was refused with a code.
    for (const r of results) if (!r.ok) expect(r.error.code).not.toBe('INTERNAL');
    expect(tracesOfQ()).toEqual([]);
    // Nothing about the person still holds a slot or counts against a quota.
    expect(w.count('bookings', { openid: { $regex: '^deleted:' }, state: { $in: ['pending', 'confirmed', 'checked_in'] } })).toBe(0);
  });
});

describe('PIPL: activities', () => {
  /** Q organises one activity (with a cover they uploaded), holds a place in another, waits for a third, checked in to a past one. */
  async function activitiesOfQ(): Promise<{ organised: string; future: string; full: string; past: string; next: string }> {
    await registerQ();
    const when = { $date: '2026-11-30T02:00:00Z' };
    const organised = writeActivity(w, { title: '钱家组织的议事会', createdBy: Q.openid, updatedBy: Q.openid, coverImageId: 'img-q-cover', coverFileId: 'local://covers/img-q-cover.jpg', coverState: 'ok' });
    for (const [id, usedBy] of [['img-q-cover', `activity:${organised}`], ['img-q-spare', null]] as const) {
      w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'images', data: [JSON.stringify({ _id: id, openid: Q.openid, usedBy, fileId: `local://covers/${id}.jpg`, width: 750, height: 500, bytes: 52_000, mimeType: 'image/jpeg', traceId: null, state: 'pass', label: null, createdAt: when, checkedAt: when })] });
    }
    const future = writeActivity(w, { title: '明天的志愿服务', capacity: 1 });
    writePlace(w, future, Q.openid, { seat: 1 });
    writePlace(w, future, 'demo-resident-2', { ticket: 1 });
    const full = writeActivity(w, { title: '满员的讲座', capacity: 1 });
    writePlace(w, full, 'demo-resident', { seat: 1 });
    writePlace(w, full, Q.openid, { ticket: 1 });
    writePlace(w, full, 'demo-resident-2', { ticket: 2 });
    const past = writeActivity(w, { title: '上周的义诊', start: Date.parse('2026-11-24T09:00:00+08:00') });
    writePlace(w, past, Q.openid, { seat: 1, checkedInAt: Date.parse('2026-11-24T08:50:00+08:00') });
    return { organised, future, full, past, next: 'demo-resident-2' };
  }

  it('exports my places in activities, the activities I organised and the pictures I uploaded — and nobody else’s places', async () => {
    const a = await activitiesOfQ();
    const res = await me(Q.openid, 'exportMyData');
    expect(res.ok).toBe(true);
    const data = (res as { data: MyData }).data;
    expect(data.activitySignups.map((s) => [s.activityId, s.state]).sort()).toEqual([[a.full, 'waitlisted'], [a.future, 'confirmed'], [a.past, 'confirmed']].sort());
    expect(data.activitySignups.find((s) => s.activityId === a.past)).toMatchObject({ checkedInAt: '2026-11-24T08:50:00+08:00' });
    expect(data.activityPlaces.map((p) => p._id).sort()).toEqual([`${a.full}:ticket:1`, `${a.future}:seat:1`, `${a.past}:seat:1`].sort());
    expect(data.activitiesOrganised).toEqual([expect.objectContaining({ _id: a.organised, title: '钱家组织的议事会' })]);
    expect(data.images.map((i) => i._id).sort()).toEqual(['img-q-cover', 'img-q-spare']);
    expect(JSON.stringify(data)).not.toContain('demo-resident');
  });

  it('erases my places (a held seat is freed, my ticket given up), keeps the activity I organised and its cover under the pseudonym, and leaves nothing naming me', async () => {
    const a = await activitiesOfQ();
    expect(docsHolding([Q.openid]).map((d) => d.c)).toEqual(expect.arrayContaining(['activities', 'activity_signups', 'activity_places', 'images']));
    const res = await me(Q.openid, 'deleteAccount', { confirm: '注销' });
    expect(res).toMatchObject({ ok: true, data: { deleted: true } });
    expect(tracesOfQ()).toEqual([]);
    // The seat I held is free (the next in line is seated by the activity timer); my ticket no longer waits.
    expect(w.count('activity_places', { activityId: a.future, kind: 'seat' })).toBe(0);
    expect(w.count('activity_signups', { activityId: { $in: [a.future, a.full, a.past] } })).toBe(3);
    expect(w.doc('activity_places', `${a.full}:ticket:1`)).toMatchObject({ state: 'done', openid: expect.stringMatching(/^deleted:/) });
    expect(w.doc('activity_places', `${a.full}:ticket:2`)).toMatchObject({ state: 'waiting', openid: 'demo-resident-2' });
    // The activity I organised stays with its branch, its cover too; the picture that illustrated nothing is gone.
    const organised = w.doc<{ createdBy: string; updatedBy: string; coverImageId: string }>('activities', a.organised);
    expect(organised).toMatchObject({ createdBy: expect.stringMatching(/^deleted:/), coverImageId: 'img-q-cover' });
    expect(organised?.updatedBy).toBe(organised?.createdBy);
    expect(w.doc('images', 'img-q-cover')).toMatchObject({ openid: organised?.createdBy, usedBy: `activity:${a.organised}` });
    expect(w.doc('images', 'img-q-spare')).toBeNull();
    // Other people's places are untouched.
    expect(w.doc('activity_signups', `${a.full}:demo-resident`)).toMatchObject({ state: 'confirmed' });
  });
});

describe('PIPL: files', () => {
  /** Every file in the local store, as `<folder>/<name>` paths relative to it. */
  const filesOnDisk = (): string[] =>
    fs.readdirSync(w.cloud.storageDir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(w.cloud.storageDir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
      .sort();
  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);

  it('erases my raw uploads and the stored files of my pictures that are no activity’s cover; the cover of the activity I organised stays, file and record, under the pseudonym', async () => {
    await registerQ();
    const store = new LocalFileStore(w.cloud.storageDir);
    const when = { $date: '2026-11-30T02:00:00Z' };
    const image = (id: string, openid: string, usedBy: string | null): void => {
      w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'images', data: [JSON.stringify({ _id: id, openid, usedBy, fileId: `local://covers/${id}.jpg`, width: 750, height: 500, bytes: 8, mimeType: 'image/jpeg', traceId: null, state: 'pass', label: null, createdAt: when, checkedAt: when })] });
    };
    // The cover of the activity I organised; the cover it had before (replaced); a picture never used; someone else's cover.
    const organised = writeActivity(w, { title: '钱家组织的议事会', createdBy: Q.openid, updatedBy: Q.openid, coverImageId: 'img-q-cover', coverFileId: 'local://covers/img-q-cover.jpg', coverState: 'ok' });
    image('img-q-cover', Q.openid, `activity:${organised}`);
    image('img-q-replaced', Q.openid, `activity:${organised}`);
    image('img-q-spare', Q.openid, null);
    const theirs = writeActivity(w, { title: '别人的活动', coverImageId: 'img-other', coverFileId: 'local://covers/img-other.jpg', coverState: 'ok' });
    image('img-other', 'demo-secretary', `activity:${theirs}`);
    for (const id of ['img-q-cover', 'img-q-replaced', 'img-q-spare', 'img-other']) await store.write(`covers/${id}.jpg`, jpeg, 'image/jpeg');
    // Raw uploads: two of mine never accepted (one refused, one abandoned), one of someone else's.
    await store.write(`uploads/${Q.openid}/mf2k-refused.jpg`, jpeg, 'image/jpeg');
    await store.write(`uploads/${Q.openid}/mf2l-abandoned.png`, jpeg, 'image/png');
    await store.write('uploads/demo-secretary/mf2m-theirs.jpg', jpeg, 'image/jpeg');
    expect(filesOnDisk()).toHaveLength(7);

    expect(await me(Q.openid, 'deleteAccount', { confirm: '注销' })).toMatchObject({ ok: true, data: { deleted: true } });
    expect(filesOnDisk()).toEqual(['covers/img-other.jpg', 'covers/img-q-cover.jpg', 'uploads/demo-secretary/mf2m-theirs.jpg']);
    expect(filesOnDisk().filter((f) => f.includes(Q.openid))).toEqual([]);
    expect(w.doc('images', 'img-q-replaced')).toBeNull();
    expect(w.doc('images', 'img-q-spare')).toBeNull();
    const pseudonym = w.doc<{ createdBy: string }>('activities', organised)?.createdBy;
    expect(pseudonym).toMatch(/^deleted:/);
    expect(w.doc('images', 'img-q-cover')).toMatchObject({ openid: pseudonym, fileId: 'local://covers/img-q-cover.jpg' });
    expect(w.doc('images', 'img-other')).toMatchObject({ openid: 'demo-secretary' });
    expect(tracesOfQ()).toEqual([]);
    // A re-run finds nothing more to remove.
    expect(await me(Q.openid, 'deleteAccount', { confirm: '注销' })).toMatchObject({ ok: true });
    expect(filesOnDisk()).toEqual(['covers/img-other.jpg', 'covers/img-q-cover.jpg', 'uploads/demo-secretary/mf2m-theirs.jpg']);
  });
});

describe('PIPL: course sessions', () => {
  /** Q holds the one seat of a session someone waits for, and waits (ticket 1, before someone else) for a full one. */
  async function sessionsOfQ(): Promise<{ course: Main; tick: () => Promise<unknown>; seated: string; full: string }> {
    await registerQ();
    const course = createFunction('course', courseHandlers, { clock: w.clock, db: database }, courseTimers);
    const signUp = async (openid: string, sessionId: string, state: string): Promise<void> => {
      const res = await w.cloud.invoke(course, openid, { action: 'signUp', data: { sessionId }, requestId: rid() });
      expect(res).toMatchObject({ ok: true, data: { state } });
    };
    const seated = writeSession(w, { capacity: 1 });
    await signUp(Q.openid, seated, 'enrolled');
    await signUp('demo-resident-2', seated, 'waitlisted');
    const full = writeSession(w, { capacity: 1 });
    await signUp('demo-resident', full, 'enrolled');
    await signUp(Q.openid, full, 'waitlisted');
    await signUp('demo-resident-2', full, 'waitlisted');
    const tick = async (): Promise<unknown> => {
      const res = await course({ Type: 'Timer', TriggerName: 'tick', Time: new Date(w.clock.now()).toISOString() }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) });
      if (!res.ok) throw new Error(`tick failed: ${res.error.code}`);
      return res.data;
    };
    return { course, tick, seated, full };
  }

  it('exports my places in course sessions (enrolled and waiting) with the seat and ticket I hold — and nobody else’s', async () => {
    const s = await sessionsOfQ();
    const res = await me(Q.openid, 'exportMyData');
    expect(res.ok).toBe(true);
    const data = (res as { data: MyData }).data;
    expect(data.sessionSignups.map((x) => [x.sessionId, x.state]).sort()).toEqual([[s.full, 'waitlisted'], [s.seated, 'enrolled']].sort());
    expect(data.sessionPlaces.map((p) => p._id).sort()).toEqual([`${s.full}:ticket:1`, `${s.seated}:seat:1`].sort());
    expect(JSON.stringify(data)).not.toContain('demo-resident');
  });

  it('erases my session places: my seat goes to the next in line at the course timer’s tick, my ticket stays given up under the pseudonym, nothing names me', async () => {
    const s = await sessionsOfQ();
    expect(docsHolding([Q.openid]).map((d) => d.c)).toEqual(expect.arrayContaining(['session_signups', 'session_places']));
    expect(await me(Q.openid, 'deleteAccount', { confirm: '注销' })).toMatchObject({ ok: true, data: { deleted: true } });
    expect(tracesOfQ()).toEqual([]);
    // My ticket no longer waits, and keeps its number (arrival order): the person behind me is still second.
    expect(w.doc('session_places', `${s.full}:ticket:1`)).toMatchObject({ state: 'done', openid: expect.stringMatching(/^deleted:/) });
    expect(w.doc('session_places', `${s.full}:ticket:2`)).toMatchObject({ state: 'waiting', openid: 'demo-resident-2' });
    // My seat is free; the course timer seats the first person waiting for it.
    expect(w.count('session_places', { sessionId: s.seated, kind: 'seat' })).toBe(0);
    expect(await s.tick()).toMatchObject({ promoted: 1 });
    expect(w.doc('session_places', `${s.seated}:seat:1`)).toMatchObject({ openid: 'demo-resident-2' });
    expect(w.doc('session_signups', `${s.seated}:demo-resident-2`)).toMatchObject({ state: 'enrolled', seat: 1 });
    // The full session stays full: its seat holder is untouched, nobody is promoted there.
    expect(w.doc('session_signups', `${s.full}:demo-resident`)).toMatchObject({ state: 'enrolled' });
    expect(w.doc('session_signups', `${s.full}:demo-resident-2`)).toMatchObject({ state: 'waitlisted' });
    expect(tracesOfQ()).toEqual([]);
  });
});

describe('PIPL: organizations', () => {
  it('exports my claims to lead organizations (waiting and accepted) and nobody else’s; erasure clears them, the organizations wait for a leader again', async () => {
    await registerQ();
    const waiting = writeOrg(w, { name: '钱家等待认领的组织', pending: Q.openid });
    const led = writeOrg(w, { name: '钱家带领的组织', leader: Q.openid });
    const theirs = writeOrg(w, { name: '别人认领的组织', pending: 'demo-resident-2' });
    const res = await me(Q.openid, 'exportMyData');
    expect(res.ok).toBe(true);
    const data = (res as { data: MyData }).data;
    expect(data.orgClaims.map((c) => [c.orgId, c.name, c.state]).sort()).toEqual([[led, '钱家带领的组织', 'claimed'], [waiting, '钱家等待认领的组织', 'pending']].sort());
    expect(JSON.stringify(data)).not.toContain(theirs);
    expect(docsHolding([Q.openid]).map((d) => d.c)).toEqual(expect.arrayContaining(['organizations']));
    expect(await me(Q.openid, 'deleteAccount', { confirm: '注销' })).toMatchObject({ ok: true, data: { deleted: true } });
    expect(tracesOfQ()).toEqual([]);
    expect(w.doc('organizations', waiting)).toMatchObject({ claim: null });
    expect(w.doc('organizations', led)).toMatchObject({ claim: null });
    expect(w.doc('organizations', theirs)).toMatchObject({ claim: { openid: 'demo-resident-2', state: 'pending' } });
  });
});
