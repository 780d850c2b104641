import type { VenueLevel, VenueListInput, VenueSummary, VenueType } from '../../types';
import { Collections } from '../_shared/collections';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import type { Database } from '../_shared/db';
import { getDoc, runTransaction } from '../_shared/tx';

/** A venue as stored. Street/community names are denormalised so a list needs one query. */
export interface VenueDoc {
  _id: string;
  name: string;
  level: VenueLevel;
  type: VenueType;
  capacity: number;
  facilities: string[];
  address: string;
  streetId: string | null;
  streetName: string | null;
  communityId: string | null;
  communityName: string | null;
  photos: string[];
  opens: string;
  closes: string;
  slotMinutes: number;
  windowDays: number;
  maxConsecutive: number;
  needsApproval: boolean;
  blackoutDates: string[];
  active: boolean;
  sort: number;
}

const MAX_VENUES = 500;

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

export class VenueRepository {
  constructor(private readonly db: () => Database) {}

  async list(filters: VenueListInput): Promise<VenueDoc[]> {
    const db = this.db();
    const _ = db.command;
    const where: Record<string, unknown> = { active: true };
    if (filters.level) where.level = filters.level;
    if (filters.streetId) where.streetId = filters.streetId;
    if (filters.communityId) where.communityId = filters.communityId;
    if (filters.type) where.type = filters.type;
    if (filters.minCapacity) where.capacity = _.gte(filters.minCapacity);
    const res = await db.collection(Collections.venues).where(where).orderBy('sort', 'asc').limit(MAX_VENUES).get();
    return res.data as VenueDoc[];
  }

  get(id: string): Promise<VenueDoc | null> {
    return getDoc<VenueDoc>(this.db(), Collections.venues, id);
  }

  /** Replaces a venue's blackout dates and records who did it, atomically. */
  async setBlackouts(venueId: string, blackoutDates: string[], audit: AuditEntry, now: number): Promise<void> {
    await runTransaction(
      this.db(),
      async (tx) => {
        await tx.collection(Collections.venues).doc(venueId).update({ blackoutDates });
        await appendAudit(tx, audit, now);
      },
      3,
    );
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
