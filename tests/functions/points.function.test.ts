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
