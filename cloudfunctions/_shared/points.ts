import { beijingDate } from '../../types/beijing-time';
import { PointsSourceTypes } from '../../types/points';
import { Collections } from './collections';
import { getDoc, type Writer } from './tx';

/** What earns 红色积分. Later slices (activities, volunteering, ratings) add theirs here, with a daily cap. */
export const POINTS_SOURCE_TYPES = PointsSourceTypes;
export type PointsSourceType = (typeof POINTS_SOURCE_TYPES)[number];

/** Most points one person can earn from one source type in one Beijing day (stops farming, as 学习强国 does). */
export const POINTS_DAILY_CAP: Record<PointsSourceType, number> = {
  course_session: 50,
  course_lesson: 30,
  activity_attendance: 20,
};

/** `points_ledger/<openid>|<sourceType>|<sourceId>`: one credit per person and source. Append-only. */
export interface PointsEntryDoc {
  _id: string;
  openid: string;
  /** Points credited (after the daily cap; 0 when the day's cap was reached). */
  points: number;
  /** Points the source was worth before the cap. */
  requested: number;
  sourceType: PointsSourceType;
  sourceId: string;
  /** Plain Chinese words shown in 我的积分, e.g. 参加课程《三会一课规范》. */
  reason: string;
  /** Who granted it: an openid, or 'system'. */
  by: string;
  at: Date;
  /** Beijing calendar of `at`. */
  date: string;
  month: string;
}

/** `points_daily/<openid>:<sourceType>:<date>`: points credited that Beijing day from that source type. */
export interface PointsDailyDoc {
  _id: string;
  openid: string;
  sourceType: PointsSourceType;
  date: string;
  points: number;
  updatedAt: Date;
}

export interface PointsCredit {
  openid: string;
  /** Whole points the source is worth (> 0). */
  points: number;
  sourceType: PointsSourceType;
  sourceId: string;
  reason: string;
  by: string;
}

export interface PointsCreditResult {
  entryId: string;
  /** Points actually credited by this call (0 for a duplicate or when the day's cap was used up). */
  credited: number;
  /** The source was credited before (by an earlier call): nothing was written. */
  duplicate: boolean;
  /** The daily cap reduced this credit (possibly to 0). */
  capped: boolean;
}

/** The ledger `_id` of a person's credit for a source: `|` separates, since ids may hold `:`. */
export const pointsEntryIdOf = (openid: string, sourceType: PointsSourceType, sourceId: string): string => `${openid}|${sourceType}|${sourceId}`;
export const pointsDailyIdOf = (openid: string, sourceType: PointsSourceType, date: string): string => `${openid}:${sourceType}:${date}`;

/**
 * Credits points for one source, INSIDE the caller's transaction (so the credit commits with the change that earned
 * it). Once per (person, source): the entry's `_id` is derived from them, so a replay reads it and credits nothing, and
 * a race conflicts (the losing transaction retries and then reads it). The day's cap per source type is a counter read
 * and written in the same transaction; over the cap the credit is reduced to what is left, possibly 0, and the entry is
 * still written (the source counts as credited, with `capped`).
 *
 * Use with `retryingTransaction`: conflicts on the counter or the entry are retried there. A DATABASE_DUPLICATE_WRITE
 * cannot happen after the read in the same snapshot; if it does, the transaction fails and a retry reads the entry.
 */
export async function creditPoints(w: Writer, entry: PointsCredit, now: number): Promise<PointsCreditResult> {
  if (!POINTS_SOURCE_TYPES.includes(entry.sourceType)) throw new Error(`unknown points source type ${String(entry.sourceType)}`);
  if (!Number.isSafeInteger(entry.points) || entry.points <= 0) throw new Error(`points must be a positive whole number, not ${entry.points}`);
  if (!entry.openid || !entry.sourceId || !entry.by) throw new Error('a points credit needs openid, sourceId and by');
  const entryId = pointsEntryIdOf(entry.openid, entry.sourceType, entry.sourceId);
  if (await getDoc<PointsEntryDoc>(w, Collections.pointsLedger, entryId)) return { entryId, credited: 0, duplicate: true, capped: false };

  const date = beijingDate(now);
  const dailyId = pointsDailyIdOf(entry.openid, entry.sourceType, date);
  const daily = await getDoc<PointsDailyDoc>(w, Collections.pointsDaily, dailyId);
  const used = daily?.points ?? 0;
  const credited = Math.max(0, Math.min(entry.points, POINTS_DAILY_CAP[entry.sourceType] - used));
  const doc: PointsEntryDoc = {
    _id: entryId,
    openid: entry.openid,
    points: credited,
    requested: entry.points,
    sourceType: entry.sourceType,
    sourceId: entry.sourceId,
    reason: entry.reason,
    by: entry.by,
    at: new Date(now),
    date,
    month: date.slice(0, 7),
  };
  await w.collection(Collections.pointsLedger).add(doc);
  const counter: Omit<PointsDailyDoc, '_id'> = { openid: entry.openid, sourceType: entry.sourceType, date, points: used + credited, updatedAt: new Date(now) };
  await w.collection(Collections.pointsDaily).doc(dailyId).set(counter);
  return { entryId, credited, duplicate: false, capped: credited < entry.points };
}
