import type { VenueListInput } from '../../types';
import { venueService } from '../services/venue';
import { useRequest } from './useRequest';

export const useVenues = (filters: VenueListInput) =>
  useRequest(() => venueService.list(filters), [filters.level, filters.streetId, filters.communityId, filters.type, filters.minCapacity]);
