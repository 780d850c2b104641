import type { StationListInput, StationSummary } from '../../types';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';

export interface StationDoc {
  _id: string;
  name: string;
  streetId: string;
  streetName: string;
  communityId: string | null;
  communityName: string | null;
  address: string;
  services: string[];
  hours: string;
  active: boolean;
  sort: number;
}

export const toStationSummary = (doc: StationDoc): StationSummary => ({
  id: doc._id,
  name: doc.name,
  streetId: doc.streetId,
  streetName: doc.streetName,
  communityName: doc.communityName ?? null,
  address: doc.address,
  services: doc.services ?? [],
  hours: doc.hours,
});

export class StationRepository {
  constructor(private readonly db: () => Database) {}

  async list(filters: StationListInput): Promise<StationDoc[]> {
    const where: Record<string, unknown> = { active: true };
    if (filters.streetId) where.streetId = filters.streetId;
    const res = await this.db().collection(Collections.stations).where(where).orderBy('sort', 'asc').limit(500).get();
    return res.data as StationDoc[];
  }
}
