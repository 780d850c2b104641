import { branchMembers, MAX_BRANCH_MEMBERS } from '../_shared/branches';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import type { PointsEntryDoc } from '../_shared/points';

/** How many entries `mine` shows (the newest). */
export const ENTRIES_SHOWN = 200;
/** Most members one branch ranking reads. */
const MAX_MEMBERS = MAX_BRANCH_MEMBERS;

/** The points ledger as the points function reads it. Writes go through `creditPoints` in the slice that earned them. */
export class PointsRepository {
  constructor(private readonly db: () => Database) {}

  private get $() {
    return this.db().command.aggregate;
  }

  /** The person's entries, newest first. */
  async entriesOf(openid: string): Promise<PointsEntryDoc[]> {
    const res = await this.db().collection(Collections.pointsLedger).where({ openid }).orderBy('at', 'desc').orderBy('_id', 'desc').limit(ENTRIES_SHOWN).get();
    return res.data as PointsEntryDoc[];
  }

  /** The person's points in all and in one Beijing month. One aggregation. */
  async totalsOf(openid: string, month: string): Promise<{ total: number; month: number }> {
    const $ = this.$;
    const res = (await this.db()
      .collection(Collections.pointsLedger)
      .aggregate()
      .match({ openid })
      .group({ _id: null, total: $.sum('$points'), month: $.sum($.cond([$.eq(['$month', month]), '$points', 0])) })
      .end()) as { data: Array<{ total: number; month: number }> };
    return { total: res.data[0]?.total ?? 0, month: res.data[0]?.month ?? 0 };
  }

  /** Party members of a branch (a `party_member` grant scoped to it): openid and nickname. */
  membersOf(branchId: string): Promise<Array<{ openid: string; nickname: string | null }>> {
    return branchMembers(this.db(), branchId);
  }

  /** Points credited in a Beijing month to each of these people (absent = 0). */
  async monthPointsOf(openids: string[], month: string): Promise<Map<string, number>> {
    if (openids.length === 0) return new Map();
    const db = this.db();
    const $ = this.$;
    const res = (await db
      .collection(Collections.pointsLedger)
      .aggregate()
      .match({ month, openid: db.command.in(openids) })
      .group({ _id: '$openid', points: $.sum('$points') })
      .limit(MAX_MEMBERS)
      .end()) as { data: Array<{ _id: string; points: number }> };
    return new Map(res.data.map((r) => [r._id, r.points]));
  }
}
