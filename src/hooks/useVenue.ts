import { CallError } from '../services/client';
import { venueService } from '../services/venue';
import { useRequest } from './useRequest';

/** One venue with its calendar facts (today, last bookable date, blackouts) and the organizations one may book for. */
export const useVenue = (venueId: string | undefined) =>
  useRequest(() => {
    if (!venueId) return Promise.reject(new CallError({ code: 'VENUE.NOT_FOUND', message: 'no venueId in the page address' }));
    return venueService.get(venueId);
  }, [venueId]);
