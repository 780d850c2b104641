import { volunteerService } from '../services/volunteer';
import { useRequest } from './useRequest';

/** The caller's volunteer registration, hours and stars. */
export const useVolunteerMe = () => useRequest(() => volunteerService.me(), []);

/** Upcoming shifts the caller may sign up for (optionally of one station). */
export const useVolunteerShifts = (stationId?: string) => useRequest(() => volunteerService.shifts(stationId), [stationId]);

/** The caller's places: upcoming or past. */
export const useVolunteerMyShifts = (when: 'upcoming' | 'past') => useRequest(() => volunteerService.myShifts(when), [when]);

/** The caller's hours ledger. */
export const useVolunteerLedger = () => useRequest(() => volunteerService.ledger(), []);

/** This month's leaderboard, district-wide or in one street. */
export const useVolunteerLeaderboard = (streetId?: string) => useRequest(() => volunteerService.leaderboard(streetId), [streetId]);
