import type { Quota } from '../../types';
import { venueSearchService } from '../services/venue-search';
import { useRequest } from './useRequest';

/** How many more bookings the caller may make now, from the server (the same account the booking checks). */
export const useQuota = () => useRequest<Quota>(() => venueSearchService.quota(), []);
