import { useState } from 'react';
import type { ManagedBooking } from '../../types';
import { beijingDate } from '../../types/beijing-time';
import { venueService } from '../services/venue';
import { useRequest, type RequestState } from './useRequest';

export interface Schedule extends RequestState<{ date: string; bookings: ManagedBooking[] } | null> {
  /** The day shown: the one asked for, else (until the first answer) the server's today. */
  date: string | undefined;
  /** Today in Beijing as the server said it (the phone's clock only until then). */
  today: string;
  setDate: (date: string) => void;
}

/**
 * One venue's bookings of one day (or, with `allVenues`, those of every venue I manage); without a date the server
 * picks today (it knows Beijing time, the phone may not).
 */
export function useManageSchedule(venueId: string | null, initialDate?: string, allVenues = false): Schedule {
  const [date, setDate] = useState<string | undefined>(initialDate);
  const [serverToday, setServerToday] = useState<string | null>(null);
  const state = useRequest(async () => {
    if (!venueId) return null;
    const res = await venueService.schedule(allVenues ? undefined : venueId, date);
    if (date === undefined) setServerToday(res.date);
    return res;
  }, [venueId, date, allVenues]);
  return { ...state, date: date ?? state.data?.date, today: serverToday ?? beijingDate(Date.now()), setDate };
}
