/**
 * The one 红色积分 ledger: creditPoints (inside a caller's transaction, as the course slice uses it) credits a source once
 * under replays and races, and holds the daily cap per source type; the `points` function (two instances) shows a
 * person their own points and a monthly ranking per branch.
 */
import { EJSON } from 'bson';
import { database } from '../../cloudfunctions/_shared/db';
import { creditPoints, type PointsCredit, type PointsCreditResult } from '../../cloudfunctions/_shared/points';
import { retryingTransaction } from '../../cloudfunctions/_shared/tx';
import { beijingInstant } from '../../types/beijing-time';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
let n = 0;

const credit = (entry: Partial<PointsCredit> & { openid: string }, now = w.clock.now()): Promise<PointsCreditResult> =>
  retryingTransaction(database(), (tx) => creditPoints(tx, { points: 10, sourceType: 'course_lesson', sourceId: `lesson-${++n}`, reason: '完成线上课程', by: 'system', ...entry }, now), { attempts: 30 });
const ledgerOf = (openid: string): Array<{ _id: string; points: number; sourceId: string }> => {
  const res = w.cloud.db.handle({ action: 'database.getDocument', collectionName: 'points_ledger', query: JSON.stringify({ openid }), limit: 1000 }) as unknown as { data: { list: string[] } };
  return res.data.list.map((s) => EJSON.parse(s) as { _id: string; points: number; sourceId: string });
};

beforeAll(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '10:00' }, { instances: 2 });
});
afterAll(() => w.stop());

describe('creditPoints', () => {
  it('10 parallel replays of one credit credit it once', async () => {
    const openid = 'points-replay';
    const results = await Promise.all(Array.from({ length: 10 }, () => credit({ openid, sourceId: 'lesson-a', points: 5 })));
    expect(results.filter((r) => !r.duplicate)).toEqual([{ entryId: 'points-replay|course_lesson|lesson-a', credited: 5, duplicate: false, capped: false }]);
    expect(results.reduce((s, r) => s + r.credited, 0)).toBe(5);
    expect(ledgerOf(openid)).toEqual([expect.objectContaining({ points: 5, sourceId: 'lesson-a' })]);
  });

  it('10 parallel distinct attempts (other grantors, reasons, points) on the same source credit it once', async () => {
    const openid = 'points-race';
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => credit({ openid, sourceType: 'course_session', sourceId: 'session-a', points: 10 + i, by: `grantor-${i}`, reason: `第${i}次` })));
    const won = results.filter((r) => !r.duplicate);
    expect(won).toHaveLength(1);
    expect(ledgerOf(openid)).toHaveLength(1);
    expect(ledgerOf(openid)[0]?.points).toBe(won[0]?.credited);
    expect(w.doc<{ points: number }>('points_daily', `${openid}:course_session:2026-12-01`)?.points).toBe(won[0]?.credited);
  });

  it('holds the daily cap per source type and Beijing day: the credit is reduced to what is left, then 0, and says so', async () => {
    const openid = 'points-cap';
    const day = beijingInstant('2026-12-02', '09:00');
    const a = await credit({ openid, points: 20 }, day);
    const b = await credit({ openid, points: 20 }, day);
    const c = await credit({ openid, points: 5 }, day);
    expect([a, b, c].map((r) => [r.credited, r.capped])).toEqual([[20, false], [10, true], [0, true]]);
    // Another source type has its own cap; the next Beijing day (from 16:00 UTC) starts again.
    expect((await credit({ openid, sourceType: 'course_session', points: 20 }, day)).credited).toBe(20);
    expect((await credit({ openid, points: 20 }, beijingInstant('2026-12-03', '00:00'))).credited).toBe(20);
    expect(w.doc<{ points: number }>('points_daily', `${openid}:course_lesson:2026-12-02`)?.points).toBe(30);
  });

  it('parallel credits of distinct sources never exceed the daily cap', async () => {
    const openid = 'points-cap-race';
    const results = await Promise.all(Array.from({ length: 8 }, () => credit({ openid, points: 7 })));
    expect(results.reduce((s, r) => s + r.credited, 0)).toBe(30);
    expect(ledgerOf(openid).reduce((s, e) => s + e.points, 0)).toBe(30);
  });

  it('refuses a malformed credit before writing anything', async () => {
    await expect(credit({ openid: 'points-bad', points: 0 })).rejects.toThrow();
    await expect(credit({ openid: 'points-bad', points: 1.5 })).rejects.toThrow();
    await expect(credit({ openid: 'points-bad', sourceType: 'bogus' as never })).rejects.toThrow();
    expect(ledgerOf('points-bad')).toEqual([]);
  });
});

interface Mine {
  total: number;
  thisMonth: number;
  month: string;
  entries: Array<{ id: string; points: number; requested: number; sourceType: string; sourceId: string; reason: string; at: string }>;
}
interface Ranking {
  branchId: string;
  month: string;
  entries: Array<{ rank: number; name: string; points: number; me: boolean }>;
}

/** A user document: a party member of `branchId` (or a secretary too), or a plain resident. */
function user(openid: string, nickname: string, o: { branchId?: string; secretary?: boolean } = {}): string {
  const when = { $date: '2026-11-01T00:00:00Z' };
  const roles = [
    { role: 'resident' },
    ...(o.branchId ? [{ role: 'party_member', scope: { branchId: o.branchId } }] : []),
    ...(o.branchId && o.secretary ? [{ role: 'branch_secretary', scope: { branchId: o.branchId } }] : []),
  ];
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: [JSON.stringify({ _id: openid, nickname, phone: null, streetId: null, communityId: null, roles, createdAt: when, updatedAt: when })] });
  return openid;
}
const at = (date: string, clock = '12:00'): number => beijingInstant(date, clock);

describe('points.mine', () => {
  it('shows the caller’s total, this Beijing month and entries newest first, and nobody else’s', async () => {
    const me = user('points-mine', '积分本人');
    const other = user('points-mine-other', '积分他人');
    await credit({ openid: me, sourceType: 'course_session', sourceId: 'sess-nov', points: 10, reason: '参加课程《三会一课规范》' }, at('2026-11-30', '23:30'));
    await credit({ openid: me, sourceId: 'lesson-dec', points: 5, reason: '完成线上课程《发展党员流程》' }, at('2026-12-01', '00:10'));
    await credit({ openid: other, sourceId: 'lesson-other', points: 8, reason: '他人的课程' }, at('2026-12-01'));
    w.clock.set(at('2026-12-01', '15:00'));
    const mine = await w.ok<Mine>('points', me, 'mine');
    expect(mine).toMatchObject({ total: 15, thisMonth: 5, month: '2026-12' });
    expect(mine.entries).toEqual([
      { id: 'points-mine|course_lesson|lesson-dec', points: 5, requested: 5, sourceType: 'course_lesson', sourceId: 'lesson-dec', reason: '完成线上课程《发展党员流程》', at: '2026-12-01T00:10:00+08:00' },
      { id: 'points-mine|course_session|sess-nov', points: 10, requested: 10, sourceType: 'course_session', sourceId: 'sess-nov', reason: '参加课程《三会一课规范》', at: '2026-11-30T23:30:00+08:00' },
    ]);
    expect(JSON.stringify(mine)).not.toContain('他人');
    // Both instances answer the same; a stranger with no points sees zeros.
    expect(await w.on(1).ok<Mine>('points', me, 'mine')).toEqual(await w.on(0).ok<Mine>('points', me, 'mine'));
    expect(await w.ok<Mine>('points', 'points-nobody', 'mine')).toEqual({ total: 0, thisMonth: 0, month: '2026-12', entries: [] });
    expect(await w.call('points', me, 'mine', { openid: other })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });
});

describe('points.ranking', () => {
  const BRANCH = 'branch-points-a';
  beforeAll(async () => {
    user('rank-a1', '王小芳', { branchId: BRANCH });
    user('rank-a2', '李强', { branchId: BRANCH, secretary: true });
    user('rank-a3', '欧阳明月', { branchId: BRANCH });
    user('rank-b1', '赵支部乙', { branchId: 'branch-points-b' });
    // A secretary of A who is a party member of B only is not ranked in A.
    w.cloud.db.handle({
      action: 'database.insertDocument',
      collectionName: 'users',
      data: [JSON.stringify({ _id: 'rank-x', nickname: '跨支部', phone: null, streetId: null, communityId: null, roles: [{ role: 'resident' }, { role: 'party_member', scope: { branchId: 'branch-points-b' } }, { role: 'branch_secretary', scope: { branchId: BRANCH } }], createdAt: { $date: '2026-11-01T00:00:00Z' }, updatedAt: { $date: '2026-11-01T00:00:00Z' } })],
    });
    // November: a3 leads. December (Beijing): a1 20, a2 20, a3 5; b1 99 in branch B; rank-x 40 (not in A).
    await credit({ openid: 'rank-a3', sourceType: 'course_session', points: 50 }, at('2026-11-30', '23:59'));
    await credit({ openid: 'rank-a1', sourceType: 'course_session', points: 20 }, at('2026-12-01', '00:00'));
    await credit({ openid: 'rank-a2', points: 20 }, at('2026-12-02'));
    await credit({ openid: 'rank-a3', points: 5 }, at('2026-12-03'));
    await credit({ openid: 'rank-b1', sourceType: 'course_session', points: 50 }, at('2026-12-03'));
    await credit({ openid: 'rank-x', sourceType: 'course_session', points: 40 }, at('2026-12-03'));
    w.clock.set(at('2026-12-10'));
  });

  it('ranks every party member of the caller’s branch by points this Beijing month, names masked, the caller marked', async () => {
    const r = await w.ok<Ranking>('points', 'rank-a3', 'ranking');
    expect(r).toEqual({
      branchId: BRANCH,
      month: '2026-12',
      entries: [
        { rank: 1, name: '王*芳', points: 20, me: false },
        { rank: 1, name: '李*', points: 20, me: false },
        { rank: 3, name: '欧**月', points: 5, me: true },
      ],
    });
  });

  it('ranks another month when asked: November is another order', async () => {
    const r = await w.ok<Ranking>('points', 'rank-a1', 'ranking', { month: '2026-11' });
    expect(r.entries.map((e) => [e.name, e.points, e.rank, e.me])).toEqual([
      ['欧**月', 50, 1, false],
      ['王*芳', 0, 2, true],
      ['李*', 0, 2, false],
    ]);
  });

  it('a member or secretary sees only their own branches; a district admin any branch; someone with no branch must name one', async () => {
    expect(await w.call('points', 'rank-a1', 'ranking', { branchId: 'branch-points-b' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    // rank-x is secretary of A (sees A's ranking, without being in it) and member of B (default: the first grant, B).
    const a = await w.ok<Ranking>('points', 'rank-x', 'ranking', { branchId: BRANCH });
    expect(a.entries.map((e) => e.name)).toEqual(['王*芳', '李*', '欧**月']);
    const b = await w.ok<Ranking>('points', 'rank-x', 'ranking', { branchId: 'branch-points-b' });
    expect(b.entries).toEqual([
      { rank: 1, name: '赵**乙', points: 50, me: false },
      { rank: 2, name: '跨*部', points: 40, me: true },
    ]);
    const admin = await w.ok<Ranking>('points', 'demo-district-admin', 'ranking', { branchId: 'branch-points-b', month: '2026-12' });
    expect(admin.entries.map((e) => e.points)).toEqual([50, 40]);
    expect(await w.call('points', 'demo-district-admin', 'ranking', {})).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { branchId: '请选择党支部' } } });
    expect(await w.call('points', 'points-resident', 'ranking', { branchId: BRANCH })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await w.call('points', 'rank-a1', 'ranking', { month: '2026-13' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });
});

describe('personal data', () => {
  it('the export holds the person’s points entries; deletion removes their entries and daily counters, and pseudonymises them as grantor', async () => {
    const me = user('points-gone', '将注销');
    const other = user('points-stays', '留下的人');
    await credit({ openid: me, sourceId: 'lesson-gone', points: 6, reason: '完成线上课程' }, at('2026-12-05'));
    await credit({ openid: other, sourceType: 'course_session', sourceId: 'sess-granted', points: 9, reason: '参加课程', by: me }, at('2026-12-05'));
    w.clock.set(at('2026-12-05', '13:00'));
    const exported = await w.ok<{ pointsLedger: Array<{ _id: string; points: number; reason: string }> }>('user', me, 'exportMyData', {});
    expect(exported.pointsLedger).toEqual([expect.objectContaining({ _id: 'points-gone|course_lesson|lesson-gone', points: 6, reason: '完成线上课程' })]);
    expect(JSON.stringify(exported.pointsLedger)).not.toContain('sess-granted');

    await w.ok('user', me, 'deleteAccount', { confirm: '注销' });
    expect(w.count('points_ledger', { openid: me })).toBe(0);
    expect(w.count('points_daily', { openid: me })).toBe(0);
    const kept = ledgerOf(other);
    expect(kept).toEqual([expect.objectContaining({ points: 9 })]);
    expect(JSON.stringify(kept)).not.toContain(me);
    expect((kept[0] as unknown as { by: string }).by).toMatch(/^deleted:/);
    expect((await w.ok<Mine>('points', other, 'mine')).total).toBe(9);
  });
});
