import type { ShiftSummary } from '../../types';
import { toBeijingIso } from '../../types/beijing-time';
import { Collections } from './collections';
import type { Database } from './db';
import type { ShiftDoc, SignupDoc } from './volunteer.docs';

/**
 * Read side of shifts shared by the station page (station.get) and 志愿服务 (volunteer.shifts): shifts with their
 * confirmed and waiting counts and the caller's own place. Counts come from the seat documents (one per held place,
 * the database's own guard against overfilling) and the waiting sign-ups.
 */
export class ShiftListing {
  constructor(private readonly db: () => Database) {}

  /** Open shifts ending after `from` (and starting before `to`), of the given stations (all when absent), soonest first. */
  async shifts(filter: { stationIds?: string[]; from: Date; to?: Date; limit?: number }): Promise<ShiftDoc[]> {
    const db = this.db();
    const _ = db.command;
    const where: Record<string, unknown> = { state: 'open', end: _.gt(filter.from) };
    if (filter.to) where.start = _.lt(filter.to);
    if (filter.stationIds) where.stationId = _.in(filter.stationIds);
    const res = await db.collection(Collections.shifts).where(where).orderBy('start', 'asc').limit(filter.limit ?? 200).get();
    return res.data as ShiftDoc[];
  }

  /** Summaries of `docs` as `openid` sees them. */
  async summaries(docs: ShiftDoc[], openid: string): Promise<ShiftSummary[]> {
    if (docs.length === 0) return [];
    const db = this.db();
    const _ = db.command;
    const ids = docs.map((d) => d._id);
    // Counted in the database (one row per shift), so no shift's count is cut short by a page limit.
    const counted = async (coll: string, match: Record<string, unknown>): Promise<Map<string, number>> => {
      const res = (await db.collection(coll).aggregate().match(match).group({ _id: '$shiftId', n: _.aggregate.sum(1) }).limit(1000).end()) as { data?: Array<{ _id: string; n: number }> };
      return new Map((res.data ?? []).map((r) => [r._id, r.n]));
    };
    const [taken, queued, mine] = await Promise.all([
      counted(Collections.shiftSeats, { shiftId: _.in(ids) }),
      counted(Collections.shiftSignups, { shiftId: _.in(ids), state: 'waitlisted' }),
      db.collection(Collections.shiftSignups).where({ shiftId: _.in(ids), openid }).field({ shiftId: true, state: true }).limit(1000).get(),
    ]);
    const myState = new Map((mine.data as Array<Pick<SignupDoc, 'shiftId' | 'state'>>).map((s) => [s.shiftId, s.state]));
    return docs.map((d) => toShiftSummary(d, taken.get(d._id) ?? 0, queued.get(d._id) ?? 0, myState.get(d._id) ?? 'none'));
  }
}

export function toShiftSummary(d: ShiftDoc, taken: number, waiting: number, myState: ShiftSummary['myState']): ShiftSummary {
  return {
    id: d._id,
    stationId: d.stationId,
    stationName: d.stationName,
    streetId: d.streetId,
    title: d.title,
    description: d.description,
    start: toBeijingIso(new Date(d.start).getTime()),
    end: toBeijingIso(new Date(d.end).getTime()),
    place: d.place,
    capacity: d.capacity,
    taken: Math.min(taken, d.capacity),
    waiting,
    skills: d.skills ?? [],
    openTo: d.openTo,
    geofenced: d.location !== null,
    radiusM: d.location ? d.radiusM : null,
    myState,
    state: d.state,
  };
}
