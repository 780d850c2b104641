import type { OrgKind, OrgSizeBand, PartyMode } from '../../types/org-rules';
import { branchPeople } from '../_shared/branches';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import type { RollupMetaDoc, StreetRollupDoc } from '../_shared/rollups';
import { getDoc } from '../_shared/tx';

/**
 * What the dashboard reads — and all it reads: the street-month rollups, the rollups' meta document, and the small
 * catalogues (venues, streets, party organizations, organizations, party-member grants counted in one aggregation).
 * Never bookings, shift sign-ups, the hours ledger, completions or activity sign-ups: a view costs the same number of
 * database calls whatever the year held (tests/functions/dashboard.function.test.ts counts them by collection).
 */

/** CloudBase answers at most 1000 documents per query; every read here is bounded by it. */
const MAX = 1000;

/** A venue as the dashboard needs it (open hours, names). Dates may arrive as Date, ISO text or epoch ms. */
export interface DashboardVenue {
  _id: string;
  name: string;
  streetId: string | null;
  opens: string;
  closes: string;
  blackoutDates?: string[];
  active?: boolean;
  createdAt?: unknown;
  retiredAt?: unknown;
  sort?: number;
}

export interface DashboardStreet {
  _id: string;
  name: string;
  sort?: number;
}

export interface DashboardBranch {
  _id: string;
  name: string;
  streetId?: string | null;
  sort?: number;
}

/** Organizations counted by kind, party mode and size band (one aggregation: at most 4 × 3 × 4 rows). */
export interface OrgBucket {
  kind: OrgKind;
  mode: PartyMode;
  sizeBand: OrgSizeBand | null;
  count: number;
}

export class DashboardRepository {
  constructor(private readonly db: () => Database) {}

  /**
   * Street-month rollups of months `fromMonth..toMonth` (YYYY-MM), of one street or all: one query, at most
   * 27 months × 13 streets documents.
   */
  async streetRollups(fromMonth: string, toMonth: string, streetId: string | null): Promise<StreetRollupDoc[]> {
    const db = this.db();
    const _ = db.command;
    const where: Record<string, unknown> = { kind: 'street', month: _.gte(fromMonth).and(_.lte(toMonth)) };
    if (streetId !== null) where.streetId = streetId;
    const res = await db.collection(Collections.rollups).where(where).limit(MAX).get();
    return res.data as StreetRollupDoc[];
  }

  /** Only the branch-coverage maps of every street in the given months (a street's branches have members elsewhere). */
  async coverageRollups(fromMonth: string, toMonth: string): Promise<Array<Pick<StreetRollupDoc, 'month' | 'streetId' | 'coverage'>>> {
    const db = this.db();
    const _ = db.command;
    const res = await db
      .collection(Collections.rollups)
      .where({ kind: 'street', month: _.gte(fromMonth).and(_.lte(toMonth)) })
      .field({ month: true, streetId: true, coverage: true })
      .limit(MAX)
      .get();
    return res.data as Array<Pick<StreetRollupDoc, 'month' | 'streetId' | 'coverage'>>;
  }

  async meta(): Promise<RollupMetaDoc | null> {
    return getDoc<RollupMetaDoc>(this.db(), Collections.rollups, 'meta');
  }

  /** The venue catalogue (retired venues included: they were open until they retired). */
  async venues(): Promise<DashboardVenue[]> {
    const res = await this.db()
      .collection(Collections.venues)
      .field({ name: true, streetId: true, opens: true, closes: true, blackoutDates: true, active: true, createdAt: true, retiredAt: true, sort: true })
      .limit(MAX)
      .get();
    return res.data as DashboardVenue[];
  }

  async streets(): Promise<DashboardStreet[]> {
    const res = await this.db().collection(Collections.streets).field({ name: true, sort: true }).limit(MAX).get();
    return (res.data as DashboardStreet[]).sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a._id.localeCompare(b._id));
  }

  async branches(): Promise<DashboardBranch[]> {
    const res = await this.db().collection(Collections.partyBranches).field({ name: true, streetId: true, sort: true }).limit(MAX).get();
    return res.data as DashboardBranch[];
  }

  /** Party members per party organization: _shared/branches.ts branchPeople, one aggregation over the grants. */
  async memberCounts(branchIds: string[]): Promise<Map<string, number>> {
    const people = await branchPeople(this.db(), branchIds);
    return new Map([...people].map(([id, p]) => [id, p.members]));
  }

  /**
   * Organizations of one street or all (merged duplicates left out) by kind, party mode and size band: one aggregation,
   * at most 48 rows whatever the register holds.
   */
  async orgBuckets(streetId: string | null): Promise<OrgBucket[]> {
    const db = this.db();
    const $ = db.command.aggregate;
    // `null` matches a missing field too (MongoDB semantics, as CloudBase's).
    const match: Record<string, unknown> = { mergedInto: null };
    if (streetId !== null) match.streetId = streetId;
    const res = (await db
      .collection(Collections.organizations)
      .aggregate()
      .match(match)
      .group({ _id: { kind: '$kind', mode: '$party.mode', sizeBand: '$sizeBand' }, count: $.sum(1) })
      .limit(MAX)
      .end()) as { data: Array<{ _id: { kind?: OrgKind; mode?: PartyMode | null; sizeBand?: OrgSizeBand | null }; count: number }> };
    return res.data.map((r) => ({ kind: r._id.kind ?? 'community_group', mode: r._id.mode ?? 'none', sizeBand: r._id.sizeBand ?? null, count: r.count }));
  }
}
