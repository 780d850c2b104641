import { useState } from 'react';
import type { VenueDetail } from '../../types';
import { CallError } from '../services/client';
import { messageFor } from '../services/messages';
import { venueService } from '../services/venue';
import { useRequest, type RequestState } from './useRequest';

export type BlackoutOutcome =
  | { ok: true }
  /** `bookings`: the day still has that many bookings, so it cannot be closed yet. */
  | { ok: false; message: string; bookings?: number };

export interface Blackout extends RequestState<VenueDetail> {
  /** Closed dates, today onwards, as the server last said. */
  closedDates: ReadonlySet<string>;
  /** The date being changed right now. */
  busyDate: string | null;
  setClosed: (date: string, closed: boolean) => Promise<BlackoutOutcome>;
}

/** A venue's closed dates (闭馆) and the switch for one date. */
export function useManageBlackout(venueId: string | undefined): Blackout {
  const state = useRequest(async () => {
    if (!venueId) throw new CallError({ code: 'VENUE.NOT_FOUND', message: 'no venueId' });
    return (await venueService.get(venueId)).venue;
  }, [venueId]);
  // The answer of the last change, for the venue data it was made on (a reload starts from the server again).
  const [updated, setUpdated] = useState<{ base: VenueDetail | undefined; dates: string[] } | null>(null);
  const [busyDate, setBusyDate] = useState<string | null>(null);

  const setClosed = async (date: string, closed: boolean): Promise<BlackoutOutcome> => {
    if (!venueId || busyDate) return { ok: false, message: '上一个日期还在处理，请稍等' };
    setBusyDate(date);
    try {
      const res = await venueService.setBlackout(venueId, date, closed);
      setUpdated({ base: state.data, dates: res.blackoutDates });
      return { ok: true };
    } catch (e) {
      if (e instanceof CallError && e.code === 'VENUE.BLACKOUT_HAS_BOOKINGS') {
        const n = Number(e.details?.count);
        return {
          ok: false,
          message: Number.isFinite(n) && n > 0 ? `这一天已有${n}条预约，请先联系预约人` : messageFor(e),
          ...(Number.isFinite(n) && n > 0 ? { bookings: n } : {}),
        };
      }
      return { ok: false, message: messageFor(e) };
    } finally {
      setBusyDate(null);
    }
  };

  return { ...state, closedDates: new Set(updated && updated.base === state.data ? updated.dates : (state.data?.blackoutDates ?? [])), busyDate, setClosed };
}
