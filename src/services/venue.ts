import { call } from './client';
import type { VenueListInput, VenueSummary } from '../../types';

export const venueService = {
  list: async (filters: VenueListInput = {}): Promise<VenueSummary[]> => (await call('venue', 'list', filters)).venues,
};
