import type { AvailabilityInput, AvailabilityOutput } from '../../types';
import { venueSearchService } from '../services/venue-search';
import { useRequest } from './useRequest';

/** Free slots per date; waits until `input` is known. */
export const useAvailability = (input: AvailabilityInput | undefined) =>
  useRequest<AvailabilityOutput>(
    () => (input ? venueSearchService.availability(input) : new Promise<AvailabilityOutput>(() => undefined)),
    [input ? JSON.stringify(input) : undefined],
  );
