/**
 * Reading activities through the real activity function (two instances, one database): the feed (what the caller may
 * see, nearest first, filters, at most 100, three reads), one activity (members-only and drafts not found for
 * outsiders; why sign-up is closed), the caller's own (upcoming and past, waiting positions), and the organiser's
 * roster, rotating check-in code and .xlsx export (phones in full only for the activity's own branch secretary).
 */
import ExcelJS from 'exceljs';
import { codeStep, stepCode } from '../../cloudfunctions/_shared/checkin-codes';
import type { ActionOutput, ActivityDetail, ActivitySummary, Envelope } from '../../types';
import { beijingInstant } from '../../types/beijing-time';
import { writeActivity, writePlace, writeUser } from '../support/activities';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
const DAY = '2026-12-01';
const MORNING = beijingInstant(DAY, '08:00');
const at = (date: string, clock: string): number => beijingInstant(date, clock);

const call = (openid: string, action: string, data: unknown = {}): Promise<Envelope<unknown>> => w.call('activity', openid, action, data);
const ok = <T>(openid: string, action: string, data: unknown = {}): Promise<T> => w.ok<T>('activity', openid, action, data);
const feed = async (openid: string, data: object = {}): Promise<ActivitySummary[]> => (await ok<{ items: ActivitySummary[] }>(openid, 'feed', data)).items;
const ids = (items: Array<{ id: string }>): string[] => items.map((i) => i.id);

let people = 0;
/** A fresh resident living in `communityId` of `streetId` (or nowhere known). */
const resident = (streetId: string | null = null, communityId: string | null = null, o: { nickname?: string; phone?: string; roles?: object[] } = {}): string =>
  writeUser(w, `al-person-${++people}`, { streetId, communityId, ...o });
/** A member of 山河梁's branch (the seeded secretary's), and a secretary of another branch. */
const member = (): string => resident(null, null, { roles: [{ role: 'party_member', scope: { branchId: 'branch-shanheliang' } }] });
const otherSecretary = (): string => resident(null, null, { nickname: '别支部书记', roles: [{ role: 'branch_secretary', scope: { branchId: 'branch-lianhe-2' } }] });

/** Counts the database requests the SDK sends during `work`, by collection. */
async function countReads<T>(work: () => Promise<T>): Promise<{ result: T; by: Record<string, number> }> {
  const spy = jest.spyOn(w.cloud.db, 'handle');
  try {
    const result = await work();
    const by: Record<string, number> = {};
    for (const [body] of spy.mock.calls) {
      const c = (body as { collectionName?: string }).collectionName ?? '?';
      by[c] = (by[c] ?? 0) + 1;
    }
    return { result, by };
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  w = await volunteerWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
});
afterAll(() => w.stop());
afterEach(() => w.clock.set(MORNING));

describe('activity.feed', () => {
  it('shows published activities not yet ended: public ones, and members-only ones of the caller’s own branch only', async () => {
    const open = writeActivity(w, { title: '公开的活动' });
    const ours = writeActivity(w, { title: '本支部党员活动', audience: 'members' });
    const theirs = writeActivity(w, { title: '别的支部党员活动', audience: 'members', branchId: 'branch-lianhe-2', branchName: '第二联合党支部' });
    const draft = writeActivity(w, { title: '还是草稿', state: 'draft' });
    const cancelled = writeActivity(w, { title: '已经取消', state: 'cancelled', cancelReason: '天气原因' });
    const ended = writeActivity(w, { title: '已经结束', start: at(DAY, '06:00'), end: at(DAY, '07:30') });
    const running = writeActivity(w, { title: '正在进行', start: at(DAY, '07:00'), end: at(DAY, '09:00') });

    const asResident = ids(await feed(resident()));
    expect(asResident).toEqual(expect.arrayContaining([open, running]));
    for (const hidden of [ours, theirs, draft, cancelled, ended]) expect(asResident).not.toContain(hidden);

    const asMember = ids(await feed(member()));
    expect(asMember).toEqual(expect.arrayContaining([open, ours, running]));
    for (const hidden of [theirs, draft, cancelled, ended]) expect(asMember).not.toContain(hidden);
    // The seeded secretary of 山河梁 belongs to the branch too.
    expect(ids(await feed('demo-secretary'))).toContain(ours);
    // Another branch's secretary sees 山河梁's public activity, not its members-only one.
    const other = ids(await feed(otherSecretary()));
    expect(other).toContain(open);
    expect(other).not.toContain(ours);
    expect(other).toContain(theirs);
  });

  it('orders nearest first — the caller’s community, then their street, then the district — each soonest first', async () => {
    const type = 'council' as const;
    const far = writeActivity(w, { type, title: '区里最早', start: at('2026-12-02', '09:00'), streetId: 'dongshan', streetName: '东山街道', communityId: 'haiyun', communityName: '海韵社区' });
    const streetLate = writeActivity(w, { type, title: '街道晚', start: at('2026-12-04', '09:00'), communityId: 'dahaiyang', communityName: '大海阳社区' });
    const streetEarly = writeActivity(w, { type, title: '街道早', start: at('2026-12-03', '09:00'), communityId: null, communityName: null });
    const homeLate = writeActivity(w, { type, title: '社区晚', start: at('2026-12-06', '09:00') });
    const homeEarly = writeActivity(w, { type, title: '社区早', start: at('2026-12-05', '09:00') });

    const mine = await feed(resident('xiangyang', 'beida'), { type });
    expect(ids(mine)).toEqual([homeEarly, homeLate, streetEarly, streetLate, far]);
    expect(mine.map((i) => i.near)).toEqual(['community', 'community', 'street', 'street', 'district']);
    // Someone from elsewhere (or not yet saying where they live): simply soonest first.
    expect(ids(await feed(resident(), { type }))).toEqual([far, streetEarly, streetLate, homeEarly, homeLate]);
  });

  it('filters by type and by Beijing dates (the activity’s date, inclusive); a date that does not exist is refused', async () => {
    const type = 'training' as const;
    // 23:30 Beijing on the 6th is the 6th, whatever the server's zone.
    const late = writeActivity(w, { type, start: at('2026-12-06', '22:30'), end: at('2026-12-06', '23:30') });
    const seventh = writeActivity(w, { type, start: at('2026-12-07', '09:00') });
    const eighth = writeActivity(w, { type, start: at('2026-12-08', '09:00') });
    writeActivity(w, { type: 'culture', start: at('2026-12-07', '09:00') });
    const who = resident();
    expect(ids(await feed(who, { type }))).toEqual([late, seventh, eighth]);
    expect(ids(await feed(who, { type, from: '2026-12-07' }))).toEqual([seventh, eighth]);
    expect(ids(await feed(who, { type, to: '2026-12-06' }))).toEqual([late]);
    expect(ids(await feed(who, { type, from: '2026-12-07', to: '2026-12-07' }))).toEqual([seventh]);
    expect((await feed(who, { type: 'culture', from: '2026-12-07', to: '2026-12-07' })).every((i) => i.type === 'culture')).toBe(true);
    expect(await call(who, 'feed', { from: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { from: expect.any(String) } } });
    expect(await call(who, 'feed', { to: '2026-12' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });

  it('gives each item its capacity, places taken, people waiting and the caller’s own place — in one read each of the caller, activities, places and sign-ups', async () => {
    const id = writeActivity(w, { type: 'culture', title: '快满了', capacity: 2, start: at('2026-12-09', '09:00') });
    const [a, b, c, d] = [resident(), resident(), resident(), resident()];
    writePlace(w, id, a, { seat: 1 });
    writePlace(w, id, b, { seat: 2 });
    writePlace(w, id, c, { ticket: 1 });
    writePlace(w, id, d, { ticket: 2 });
    const { result, by } = await countReads(() => feed(d, { type: 'culture', from: '2026-12-09', to: '2026-12-09' }));
    expect(result).toEqual([expect.objectContaining({ id, capacity: 2, taken: 2, waiting: 2, mine: { state: 'waitlisted', position: 2, checkedInAt: null }, typeLabel: '文体活动' })]);
    expect(by.activities).toBe(1);
    // One aggregate of counts, and one count for the caller's own place in line.
    expect(by.activity_places).toBe(2);
    expect(by.activity_signups).toBe(1);
    // The caller's roles and where they live come from one read of their user document.
    expect(by.users).toBe(1);
    expect((await feed(a, { type: 'culture', from: '2026-12-09', to: '2026-12-09' }))[0]?.mine).toEqual({ state: 'confirmed', position: null, checkedInAt: null });
    const nobody = await countReads(() => feed(resident(), { type: 'culture', from: '2026-12-09', to: '2026-12-09' }));
    expect(nobody.result[0]?.mine).toBeNull();
    expect(nobody.by).toMatchObject({ activities: 1, activity_places: 1, activity_signups: 1 });
  });

  it('shows at most 100, the nearest ones', async () => {
    const date = '2026-12-10';
    for (let i = 0; i < 101; i++) writeActivity(w, { type: 'theme_day', start: at(date, '08:00') + i * 60_000, streetId: 'dongshan', communityId: 'haiyun' });
    const home = writeActivity(w, { type: 'theme_day', start: at(date, '20:00') });
    const items = await feed(resident('xiangyang', 'beida'), { type: 'theme_day', from: date, to: date });
    expect(items).toHaveLength(100);
    expect(items[0]?.id).toBe(home);
  });
});

describe('activity.get', () => {
  it('opens a members-only activity for its branch’s members and organisers only: anyone else (a share link) is told it is not found', async () => {
    const id = writeActivity(w, { audience: 'members', title: '主题党日：重温入党誓词', type: 'theme_day' });
    for (const outsider of [resident(), otherSecretary(), 'demo-resident']) {
      const res = await call(outsider, 'get', { activityId: id });
      expect(res).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_FOUND' } });
      expect(JSON.stringify(res)).not.toContain('入党誓词');
    }
    expect(await ok<ActivityDetail>(member(), 'get', { activityId: id })).toMatchObject({ id, title: '主题党日：重温入党誓词', organizer: false, canSignUp: true });
    expect(await ok<ActivityDetail>('demo-secretary', 'get', { activityId: id })).toMatchObject({ id, organizer: true });
    expect(await ok<ActivityDetail>('demo-district-admin', 'get', { activityId: id })).toMatchObject({ id, organizer: true });
    expect(await call(resident(), 'get', { activityId: 'act-no-such' })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_FOUND' } });
  });

  it('shows a draft to its own branch’s organisers only', async () => {
    const id = writeActivity(w, { state: 'draft', title: '还在写的草稿' });
    for (const outsider of [resident(), member(), otherSecretary()]) expect(await call(outsider, 'get', { activityId: id })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_FOUND' } });
    expect(await ok<ActivityDetail>('demo-secretary', 'get', { activityId: id })).toMatchObject({ state: 'draft', organizer: true, canSignUp: false, reason: { code: 'ACTIVITY.SIGNUP_CLOSED' } });
  });

  it('says whether the caller may sign up, and why not: cancelled, sign-up closed, ended; a full activity still offers the waitlist', async () => {
    const cancelled = writeActivity(w, { state: 'cancelled', cancelReason: '天气原因' });
    const closed = writeActivity(w, { start: at('2026-12-02', '09:00'), signUpDeadline: at(DAY, '07:00') });
    const ended = writeActivity(w, { start: at(DAY, '05:00'), end: at(DAY, '07:00') });
    const full = writeActivity(w, { capacity: 1 });
    writePlace(w, full, resident(), { seat: 1 });
    const who = resident();
    expect(await ok<ActivityDetail>(who, 'get', { activityId: cancelled })).toMatchObject({ state: 'cancelled', cancelReason: '天气原因', canSignUp: false, reason: { code: 'ACTIVITY.CANCELLED', message: '这个活动已经取消了' } });
    expect(await ok<ActivityDetail>(who, 'get', { activityId: closed })).toMatchObject({ canSignUp: false, reason: { code: 'ACTIVITY.SIGNUP_CLOSED', message: '报名已经截止了' } });
    expect(await ok<ActivityDetail>(who, 'get', { activityId: ended })).toMatchObject({ canSignUp: false, reason: { code: 'ACTIVITY.ENDED' } });
    expect(await ok<ActivityDetail>(who, 'get', { activityId: full })).toMatchObject({ capacity: 1, taken: 1, canSignUp: true, reason: null });
  });

  it('gives the caller’s own place, their position in line, and the organiser’s fields only to organisers', async () => {
    const id = writeActivity(w, { capacity: 1, coverImageId: 'img-1', coverFileId: 'local://covers/act.jpg', coverState: 'checking', description: '带上身份证，穿舒适的鞋。' });
    const [a, b, c] = [resident(), resident(), resident()];
    writePlace(w, id, a, { seat: 1 });
    writePlace(w, id, b, { ticket: 3 });
    writePlace(w, id, c, { ticket: 5 });
    const seen = await ok<ActivityDetail>(c, 'get', { activityId: id });
    expect(seen).toMatchObject({ mine: { state: 'waitlisted', position: 2 }, waiting: 2, taken: 1, description: '带上身份证，穿舒适的鞋。', organizer: false, coverFileId: null, cover: null });
    expect(await ok<ActivityDetail>(b, 'get', { activityId: id })).toMatchObject({ mine: { state: 'waitlisted', position: 1 } });
    expect(await ok<ActivityDetail>(a, 'get', { activityId: id })).toMatchObject({ mine: { state: 'confirmed' } });
    // The organiser sees the cover still being checked, and its image id to keep it when editing.
    expect(await ok<ActivityDetail>('demo-secretary', 'get', { activityId: id })).toMatchObject({ organizer: true, coverFileId: 'img-1', cover: { state: 'checking', url: expect.stringContaining('covers/act.jpg') } });
  });
});

describe('activity.mine', () => {
  it('lists upcoming places (confirmed or waiting, with position) soonest first, and past ones the person held a place in, newest first', async () => {
    const me = resident();
    const soon = writeActivity(w, { title: '明天的', start: at('2026-12-02', '09:00') });
    const later = writeActivity(w, { title: '下周的', start: at('2026-12-08', '09:00'), capacity: 1 });
    const yesterday = writeActivity(w, { title: '昨天的', start: at('2026-11-30', '09:00') });
    const lastWeek = writeActivity(w, { title: '上周的', start: at('2026-11-24', '09:00') });
    const missed = writeActivity(w, { title: '候补没排上', start: at('2026-11-29', '09:00') });
    const called = writeActivity(w, { title: '被取消的', start: at('2026-12-03', '09:00'), state: 'cancelled', cancelReason: '场地维修' });
    const gaveUp = writeActivity(w, { title: '自己取消的', start: at('2026-12-04', '09:00') });
    writePlace(w, soon, me, { seat: 3 });
    writePlace(w, later, resident(), { seat: 1 });
    writePlace(w, later, resident(), { ticket: 1 });
    writePlace(w, later, me, { ticket: 2 });
    writePlace(w, yesterday, me, { seat: 1, checkedInAt: at('2026-11-30', '08:50') });
    writePlace(w, lastWeek, me, { seat: 2 });
    writePlace(w, missed, me, { ticket: 1 });
    writePlace(w, called, me, { seat: 1 });
    writePlace(w, gaveUp, me, { seat: 1 });
    w.cloud.db.handle({ action: 'database.modifyDocument', collectionName: 'activity_signups', query: JSON.stringify({ _id: `${gaveUp}:${me}` }), data: JSON.stringify({ $set: { state: 'cancelled', seat: null } }), merge: true });
    w.cloud.db.handle({ action: 'database.removeDocument', collectionName: 'activity_places', query: JSON.stringify({ _id: `${gaveUp}:seat:1` }) });

    const out = await ok<ActionOutput<'activity', 'mine'>>(me, 'mine');
    expect(ids(out.upcoming)).toEqual([soon, later]);
    expect(out.upcoming.map((s) => s.mine)).toEqual([
      { state: 'confirmed', position: null, checkedInAt: null },
      { state: 'waitlisted', position: 2, checkedInAt: null },
    ]);
    expect(ids(out.past)).toEqual([yesterday, lastWeek]);
    expect(out.past[0]?.mine).toEqual({ state: 'confirmed', position: null, checkedInAt: '2026-11-30T08:50:00+08:00' });
    // Someone else's list has none of it.
    expect(await ok<ActionOutput<'activity', 'mine'>>(resident(), 'mine')).toEqual({ upcoming: [], past: [] });
  });
});

// ---------------------------------------------------------------- the organiser's side

/** An activity of 山河梁's branch with two confirmed people (one checked in) and two waiting, each with a phone. */
function rosterActivity(o: { branchId?: string } = {}): { id: string; first: string; second: string; third: string; fourth: string } {
  const id = writeActivity(w, { title: '社区义诊志愿服务', capacity: 2, start: at('2026-12-01', '09:00'), end: at('2026-12-01', '11:00'), ...(o.branchId ? { branchId: o.branchId } : {}) });
  const first = resident(null, null, { nickname: '欧阳先到', phone: '13811110001' });
  const second = resident(null, null, { nickname: '司马后到', phone: '13811110002' });
  const third = resident(null, null, { nickname: '诸葛候补', phone: '13811110003' });
  const fourth = resident(null, null, { nickname: '上官候补', phone: '13811110004' });
  // Seat numbers do not say who came first: the sign-up time does.
  writePlace(w, id, second, { seat: 1, at: at('2026-11-30', '10:05') });
  writePlace(w, id, first, { seat: 2, at: at('2026-11-30', '10:00'), checkedInAt: at(DAY, '08:40') });
  writePlace(w, id, fourth, { ticket: 4, at: at('2026-11-30', '10:30') });
  writePlace(w, id, third, { ticket: 2, at: at('2026-11-30', '10:20') });
  return { id, first, second, third, fourth };
}
type Roster = ActionOutput<'activity', 'roster'>;

describe('activity.roster', () => {
  it('gives the branch secretary everyone: confirmed in sign-up order, then waiting in ticket order, names, full phones and check-in times', async () => {
    const r = rosterActivity();
    const out = await ok<Roster>('demo-secretary', 'roster', { activityId: r.id });
    expect(out).toMatchObject({ activityId: r.id, title: '社区义诊志愿服务', start: '2026-12-01T09:00:00+08:00', capacity: 2, checkedIn: 1 });
    expect(out.confirmed).toEqual([
      { key: expect.any(String), name: '欧阳先到', phone: '13811110001', state: 'confirmed', position: null, signedUpAt: '2026-11-30T10:00:00+08:00', checkedInAt: '2026-12-01T08:40:00+08:00' },
      expect.objectContaining({ name: '司马后到', phone: '13811110002', checkedInAt: null }),
    ]);
    expect(out.waitlisted).toEqual([expect.objectContaining({ name: '诸葛候补', state: 'waitlisted', position: 1 }), expect.objectContaining({ name: '上官候补', position: 2 })]);
    // Keys are stable and distinct, and name nobody.
    const keys = [...out.confirmed, ...out.waitlisted].map((e) => e.key);
    expect(new Set(keys).size).toBe(4);
    expect(ids((await ok<Roster>('demo-secretary', 'roster', { activityId: r.id })).confirmed.map((e) => ({ id: e.key })))).toEqual(keys.slice(0, 2));
    const json = JSON.stringify(out);
    for (const openid of [r.first, r.second, r.third, r.fourth]) expect(json).not.toContain(openid);
  });

  it('masks the phones for anyone but the activity’s own branch secretary (a district admin)', async () => {
    const r = rosterActivity();
    const out = await ok<Roster>('demo-district-admin', 'roster', { activityId: r.id });
    expect([...out.confirmed, ...out.waitlisted].map((e) => e.phone)).toEqual(['138****0001', '138****0002', '138****0003', '138****0004']);
    expect(JSON.stringify(out)).not.toMatch(/1381111000\d/);
  });

  it('is not found for another branch’s secretary — nothing of it shown — and refused to everyone else', async () => {
    const r = rosterActivity();
    const res = await call(otherSecretary(), 'roster', { activityId: r.id });
    expect(res).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_FOUND' } });
    for (const secret of ['欧阳', '1381111', '社区义诊']) expect(JSON.stringify(res)).not.toContain(secret);
    for (const who of [resident(), member(), r.first]) expect(await call(who, 'roster', { activityId: r.id })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('lists a waitlist longer than one read (1,003 waiting) in ticket order, each with their name', async () => {
    const id = writeActivity(w, { capacity: 1 });
    const n = 1003;
    const when = { $date: '2026-11-30T02:00:00Z' };
    const person = (i: number): string => `al-line-${i}`;
    const insert = (collectionName: string, docs: object[]): void => void w.cloud.db.handle({ action: 'database.insertDocument', collectionName, data: docs.map((d) => JSON.stringify(d)) });
    insert('users', Array.from({ length: n }, (_, i) => ({ _id: person(i), nickname: `排队${i + 1}号`, phone: null, streetId: null, communityId: null, roles: [], createdAt: when, updatedAt: when })));
    // Written in reverse: the order comes from the tickets.
    insert('activity_signups', Array.from({ length: n }, (_, k) => n - 1 - k).map((i) => ({ _id: `${id}:${person(i)}`, activityId: id, openid: person(i), state: 'waitlisted', seat: null, ticket: i + 1, checkedInAt: null, createdAt: when, updatedAt: when })));
    const out = await ok<Roster>('demo-secretary', 'roster', { activityId: id });
    expect(out.waitlisted).toHaveLength(n);
    expect(out.waitlisted.map((e) => e.name)).toEqual(Array.from({ length: n }, (_, i) => `排队${i + 1}号`));
    expect(out.waitlisted[n - 1]).toMatchObject({ position: n, state: 'waitlisted' });
  });

  it('names a deleted account 已注销用户', async () => {
    const id = writeActivity(w);
    writePlace(w, id, 'deleted:0123456789abcdef01234567', { seat: 1 });
    expect((await ok<Roster>('demo-secretary', 'roster', { activityId: id })).confirmed).toEqual([expect.objectContaining({ name: '已注销用户', phone: null })]);
  });
});

describe('activity.checkInCode', () => {
  it('shows the organiser this 30-second step’s code and QR with the counts; the next step has another code', async () => {
    const r = rosterActivity();
    w.clock.set(at(DAY, '08:45'));
    const out = await ok<ActionOutput<'activity', 'checkInCode'>>('demo-secretary', 'checkInCode', { activityId: r.id });
    const code = stepCode('activity', r.id, codeStep(w.clock.now()));
    expect(out).toMatchObject({ activityId: r.id, title: '社区义诊志愿服务', placeName: '北大社区党群服务中心', code, qr: `redsail:activity:${r.id}:${code}`, stepSeconds: 30, confirmed: 2, waiting: 2, checkedIn: 1 });
    expect(Date.parse(out.expiresAt) - w.clock.now()).toBeLessThanOrEqual(30_000);
    w.clock.advance(30_000);
    expect((await ok<ActionOutput<'activity', 'checkInCode'>>('demo-district-admin', 'checkInCode', { activityId: r.id })).code).toBe(stepCode('activity', r.id, codeStep(w.clock.now())));
  });

  it('is refused for a cancelled activity, and not found for another branch’s secretary', async () => {
    const cancelled = writeActivity(w, { state: 'cancelled', cancelReason: '下雨' });
    expect(await call('demo-secretary', 'checkInCode', { activityId: cancelled })).toMatchObject({ ok: false, error: { code: 'ACTIVITY.CANCELLED' } });
    const r = rosterActivity();
    const res = await call(otherSecretary(), 'checkInCode', { activityId: r.id });
    expect(res).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_FOUND' } });
    expect(JSON.stringify(res)).not.toContain(stepCode('activity', r.id, codeStep(w.clock.now())));
  });
});

/** The rows of the exported workbook's one sheet, as arrays of cell values. */
async function exportedRows(out: { base64: string }): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(out.base64, 'base64') as unknown as ArrayBuffer);
  expect(book.worksheets.map((s) => s.name)).toEqual(['报名与签到']);
  const sheet = book.worksheets[0] as ExcelJS.Worksheet;
  expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(10);
  return sheet.getSheetValues().slice(1).map((row) => (Array.isArray(row) ? row.slice(1) : []));
}

describe('activity.exportRoster', () => {
  it('is a real .xlsx: a title, a header, one row per person with the phone in full for the branch secretary', async () => {
    const r = rosterActivity();
    const out = await ok<ActionOutput<'activity', 'exportRoster'>>('demo-secretary', 'exportRoster', { activityId: r.id });
    expect(out).toMatchObject({ filename: '活动名单-2026-12-01-社区义诊志愿服务.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', rows: 4 });
    const rows = await exportedRows(out);
    expect(rows[0]?.[0]).toBe('社区义诊志愿服务（2026-12-01 09:00）报名与签到');
    expect(rows[1]).toEqual(['序号', '姓名', '电话', '状态', '报名时间', '签到时间']);
    expect(rows.slice(2, 6)).toEqual([
      [1, '欧阳先到', '13811110001', '已报名', '2026-11-30 10:00', '2026-12-01 08:40'],
      [2, '司马后到', '13811110002', '已报名', '2026-11-30 10:05', '未签到'],
      [3, '诸葛候补', '13811110003', '候补第1位', '2026-11-30 10:20', '未签到'],
      [4, '上官候补', '13811110004', '候补第2位', '2026-11-30 10:30', '未签到'],
    ]);
    expect(rows[6]).toEqual(['名额2', '已报名2人', '候补2人', '已签到1人']);
  });

  it('masks the phones in a district admin’s export, and gives another branch’s secretary nothing', async () => {
    const r = rosterActivity();
    const rows = await exportedRows(await ok<{ base64: string }>('demo-district-admin', 'exportRoster', { activityId: r.id }));
    expect(rows.slice(2, 6).map((row) => row[2])).toEqual(['138****0001', '138****0002', '138****0003', '138****0004']);
    expect(JSON.stringify(rows)).not.toMatch(/1381111000\d/);
    const res = await call(otherSecretary(), 'exportRoster', { activityId: r.id });
    expect(res).toMatchObject({ ok: false, error: { code: 'ACTIVITY.NOT_FOUND' } });
    expect(JSON.stringify(res)).not.toContain('base64');
  });
});
