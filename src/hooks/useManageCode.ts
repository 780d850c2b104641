import { CallError } from '../services/client';
import { venueService } from '../services/venue';
import { useRequest } from './useRequest';

/** Today's check-in code of a venue I manage, with the venue's name to print above it. */
export function useManageCode(venueId: string | undefined) {
  return useRequest(async () => {
    if (!venueId) throw new CallError({ code: 'VENUE.NOT_FOUND', message: 'no venueId' });
    const [code, detail] = await Promise.all([venueService.venueCode(venueId), venueService.get(venueId)]);
    return { ...code, venueName: detail.venue.name };
  }, [venueId]);
}
