import { venueService } from '../services/venue';
import { useRequest } from './useRequest';

/** 我的预约: upcoming (still holding a slot) or past (ended, cancelled, rejected…). */
export const useMyBookings = (when: 'upcoming' | 'past') => useRequest(() => venueService.mine(when), [when]);
