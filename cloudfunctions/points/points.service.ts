import type { ActionOutput, ParsedInput } from '../../types';
import { beijingDate, toBeijingIso } from '../../types/beijing-time';
import { grantedBranches } from '../_shared/branches';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { DomainError, forbidden } from '../_shared/errors';
import { ERASED_NAME, maskName } from '../_shared/privacy';
import type { PointsRepository } from './points.repository';

/** 红色积分: a person's own points and history, and the monthly ranking of a party branch. */
export class PointsService {
  constructor(
    private readonly repo: PointsRepository,
    private readonly clock: Clock,
  ) {}

  async mine(caller: Caller): Promise<ActionOutput<'points', 'mine'>> {
    const month = beijingDate(this.clock.now()).slice(0, 7);
    const [totals, entries] = await Promise.all([this.repo.totalsOf(caller.openid, month), this.repo.entriesOf(caller.openid)]);
    return {
      total: totals.total,
      thisMonth: totals.month,
      month,
      entries: entries.map((e) => ({
        id: e._id,
        points: e.points,
        requested: e.requested,
        sourceType: e.sourceType,
        sourceId: e.sourceId,
        reason: e.reason,
        at: toBeijingIso(new Date(e.at).getTime()),
      })),
    };
  }

  /**
   * The branch asked for (default the caller's own): a party member or secretary only their own branches, a district
   * admin any. Every party member of the branch is ranked, 0 points included; equal points share a rank.
   */
  async ranking(caller: Caller, input: ParsedInput<'points', 'ranking'>): Promise<ActionOutput<'points', 'ranking'>> {
    const grants = await caller.roles();
    const own = grantedBranches(grants, ['party_member', 'branch_secretary']);
    const district = grants.some((g) => g.role === 'district_admin');
    const branchId = input.branchId ?? own[0];
    if (!branchId) throw new DomainError('INPUT.INVALID', 'no branch of your own: name one', { branchId: '请选择党支部' });
    if (!district && !own.includes(branchId)) throw forbidden('只能查看本支部的积分排行');
    const month = input.month ?? beijingDate(this.clock.now()).slice(0, 7);
    const members = await this.repo.membersOf(branchId);
    const points = await this.repo.monthPointsOf(
      members.map((m) => m.openid),
      month,
    );
    const rows = members.map((m) => ({ ...m, points: points.get(m.openid) ?? 0 })).sort((a, b) => b.points - a.points || (a.openid < b.openid ? -1 : 1));
    let rank = 0;
    return {
      branchId,
      month,
      entries: rows.map((r, i) => {
        if (i === 0 || (rows[i - 1] as { points: number }).points !== r.points) rank = i + 1;
        return { rank, name: r.nickname ? maskName(r.nickname) : ERASED_NAME, points: r.points, me: r.openid === caller.openid };
      }),
    };
  }
}
