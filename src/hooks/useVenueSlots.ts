import type { VenueDay } from '../../types/venue';
import { venueService } from '../services/venue';
import { useRequest } from './useRequest';

/** The slot grid of one venue on one Beijing date, each slot's state as the caller sees it, and whether the day is closed. Waits for a date. */
export const useVenueSlots = (venueId: string | undefined, date: string | undefined) =>
  useRequest<VenueDay>(() => (venueId && date ? venueService.slots(venueId, date) : new Promise<VenueDay>(() => undefined)), [venueId, date]);
