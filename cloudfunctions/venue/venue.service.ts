import type { VenueListInput, VenueListOutput } from '../../types';
import type { Caller } from '../_shared/caller';
import { toSummary, type VenueRepository } from './venue.repository';

export class VenueService {
  constructor(private readonly venues: VenueRepository) {}

  /** The catalogue is public to every signed-in user. */
  async list(_caller: Caller, filters: VenueListInput): Promise<VenueListOutput> {
    const docs = await this.venues.list(filters);
    return { venues: docs.map(toSummary) };
  }
}
