import { venueService } from '../services/venue';
import { useRequest } from './useRequest';

export const useAreas = () => useRequest(() => venueService.areas(), []);
