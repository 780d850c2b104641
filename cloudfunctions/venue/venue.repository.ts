import type { VenueListInput, VenueSummary } from '../../types';
import { Collections } from '../_shared/collections';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import type { Clock } from '../_shared/clock';
import type { Database } from '../_shared/db';
import { getDoc, type Writer } from '../_shared/tx';
import type { LedgerDoc, VenueDoc } from '../_shared/venue-ledger';

export type { VenueDoc } from '../_shared/venue-ledger';

const MAX_VENUES = 500;
/** CloudBase answers at most 1000 documents per query. */
const LEDGER_PAGE = 1000;

export const toSummary = (doc: VenueDoc): VenueSummary => ({
  id: doc._id,
  name: doc.name,
  level: doc.level,
  type: doc.type,
  capacity: doc.capacity,
  facilities: doc.facilities ?? [],
  address: doc.address,
  streetId: doc.streetId ?? null,
  streetName: doc.streetName ?? null,
  communityId: doc.communityId ?? null,
  communityName: doc.communityName ?? null,
  photo: doc.photos?.[0] ?? null,
  opens: doc.opens,
  closes: doc.closes,
  needsApproval: doc.needsApproval === true,
});

/**
 * How long one function instance trusts its copy of the venue catalogue. Venues change rarely (a manager closing a
 * date is the only change the app makes, and it is enforced in the slot ledger, not by this copy), while every
 * resident screen reads them: the catalogue is read once per instance per window instead of once per call.
 */
export const CATALOGUE_TTL_MS = 30_000;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export class VenueRepository {
  private catalogue: { loadedAt: number; adminChangedAt: number; byId: Map<string, VenueDoc>; ordered: VenueDoc[] } | undefined;
  private loading: Promise<VenueDoc[]> | undefined;

  constructor(
    private readonly db: () => Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Active venues matching the filters, in catalogue order. `current` (the venue list): venues an administrator added,
   * changed or retired show so at once; otherwise (the free-slot search) this instance's copy may be CATALOGUE_TTL_MS old.
   */
  async list(filters: VenueListInput, current = false): Promise<VenueDoc[]> {
    const all = await this.all(current);
    return all.filter(
      (v) =>
        v.active &&
        (!filters.level || v.level === filters.level) &&
        (!filters.streetId || v.streetId === filters.streetId) &&
        (!filters.communityId || v.communityId === filters.communityId) &&
        (!filters.type || v.type === filters.type) &&
        (!filters.minCapacity || v.capacity >= filters.minCapacity),
    );
  }

  /**
   * One venue. With `onDate`: when this instance's copy says the venue is closed that day, the venue is read afresh
   * before anyone is told so — a date reopened by another instance is open here at once, not after the window.
   */
  async get(id: string, onDate?: string): Promise<VenueDoc | null> {
    await this.all();
    const cached = this.catalogue?.byId.get(id) ?? null;
    // A venue this instance's copy does not know yet (just added by an administrator) is read afresh.
    if (!cached) return this.refresh(id);
    if (onDate === undefined || !(cached.blackoutDates ?? []).includes(onDate)) return cached;
    return this.refresh(id);
  }

  /** Reads one venue afresh and puts it in this instance's copy (after this instance changed it, or to check it). */
  async refresh(id: string): Promise<VenueDoc | null> {
    const fresh = await getDoc<VenueDoc>(this.db(), Collections.venues, id);
    if (!fresh) return null;
    const frozen = deepFreeze(fresh);
    if (this.catalogue) {
      this.catalogue.byId.set(id, frozen);
      const known = this.catalogue.ordered.some((v) => v._id === id);
      // A venue new to this copy joins the list in its catalogue place.
      this.catalogue.ordered = known ? this.catalogue.ordered.map((v) => (v._id === id ? frozen : v)) : [...this.catalogue.ordered, frozen].sort((a, b) => a.sort - b.sort);
    }
    return frozen;
  }

  /**
   * Every venue (in service or not), from this instance's copy when it is fresh; one query when it is not. `current`:
   * also when an administrator has added, changed or retired a venue since the copy was made (admin.saveVenue and
   * retireVenue stamp `adminChangedAt` and `adminRevision`; see changedSince).
   */
  private async all(current = false): Promise<VenueDoc[]> {
    const now = this.clock.now();
    const fresh = this.catalogue && now - this.catalogue.loadedAt < CATALOGUE_TTL_MS && now >= this.catalogue.loadedAt;
    if (this.catalogue && fresh && (!current || !(await this.changedSince(this.catalogue)))) return this.catalogue.ordered;
    // One load at a time: a burst of cold calls shares one query.
    this.loading ??= (async () => {
      try {
        const res = await this.db().collection(Collections.venues).orderBy('sort', 'asc').limit(MAX_VENUES).get();
        // Shared by every call of this instance: frozen, so code that would change a venue in place fails loudly.
        const ordered = (res.data as VenueDoc[]).map(deepFreeze);
        const adminChangedAt = Math.max(0, ...ordered.map((v) => (v.adminChangedAt ? new Date(v.adminChangedAt).getTime() : 0)));
        this.catalogue = { loadedAt: now, adminChangedAt, byId: new Map(ordered.map((v) => [v._id, v])), ordered };
        return ordered;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /**
   * Whether an administrator has added, changed or retired a venue since this copy was made: any venue stamped at or
   * after the copy's newest stamp whose revision the copy does not hold (usually one small read of one document).
   */
  private async changedSince(copy: { adminChangedAt: number; byId: Map<string, VenueDoc> }): Promise<boolean> {
    const db = this.db();
    const res = await db
      .collection(Collections.venues)
      .where({ adminChangedAt: db.command.gte(new Date(copy.adminChangedAt)) })
      .field({ _id: true, adminRevision: true })
      .limit(MAX_VENUES)
      .get();
    return (res.data as Array<Pick<VenueDoc, '_id' | 'adminRevision'>>).some((v) => copy.byId.get(v._id)?.adminRevision !== v.adminRevision);
  }

  /** Adds or removes a blackout date and records who did it, inside the caller's transaction. */
  async recordBlackout(tx: Writer, venueId: string, date: string, closed: boolean, audit: AuditEntry, now: number): Promise<void> {
    const _ = this.db().command;
    await tx.collection(Collections.venues).doc(venueId).update({ blackoutDates: closed ? _.addToSet(date) : _.pull(date) });
    await appendAudit(tx, audit, now);
  }

  /**
   * Every slot-ledger entry of some venues over a range of Beijing dates: one query for the whole set and range
   * (plus one more per further 1000 entries, paged by `_id`), never one per venue or per day.
   */
  async ledgerWindow(venueIds: string[], from: string, to: string): Promise<Array<Pick<LedgerDoc, '_id' | 'venueId' | 'date' | 'bookingId' | 'openid'>>> {
    if (venueIds.length === 0) return [];
    const db = this.db();
    const _ = db.command;
    const out: Array<Pick<LedgerDoc, '_id' | 'venueId' | 'date' | 'bookingId' | 'openid'>> = [];
    for (let after = ''; ; ) {
      const res = await db
        .collection(Collections.slotLedger)
        .where({ venueId: _.in(venueIds), date: _.gte(from).and(_.lte(to)), ...(after ? { _id: _.gt(after) } : {}) })
        .orderBy('_id', 'asc')
        .field({ _id: true, venueId: true, date: true, bookingId: true, openid: true })
        .limit(LEDGER_PAGE)
        .get();
      const page = res.data as Array<Pick<LedgerDoc, '_id' | 'venueId' | 'date' | 'bookingId' | 'openid'>>;
      out.push(...page);
      const last = page[page.length - 1];
      if (page.length < LEDGER_PAGE || !last) return out;
      after = last._id;
    }
  }

  /** The person's booking account as the booking transaction reads it (quota counter, suspension), or null. */
  async bookingAccount(openid: string): Promise<{ active: number; suspendedUntil: Date | null } | null> {
    const doc = await getDoc<{ active?: number; suspendedUntil?: Date | string | null }>(this.db(), Collections.bookingAccounts, openid);
    if (!doc) return null;
    return { active: doc.active ?? 0, suspendedUntil: doc.suspendedUntil ? new Date(doc.suspendedUntil) : null };
  }

  async areas(): Promise<{ streets: Array<{ _id: string; name: string; sort: number }>; communities: Array<{ _id: string; streetId: string; name: string; sort: number }> }> {
    const db = this.db();
    const [streets, communities] = await Promise.all([
      db.collection(Collections.streets).orderBy('sort', 'asc').limit(100).get(),
      db.collection(Collections.communities).orderBy('sort', 'asc').limit(1000).get(),
    ]);
    return {
      streets: streets.data as Array<{ _id: string; name: string; sort: number }>,
      communities: communities.data as Array<{ _id: string; streetId: string; name: string; sort: number }>,
    };
  }
}
