import { useState } from 'react';
import type { MembershipState, StationDetail } from '../../types';
import { CallError, newRequestId } from '../services/client';
import { messageFor } from '../services/messages';
import { stationService } from '../services/station';
import { useRequest, type RequestState } from './useRequest';

export type MembershipOutcome = { ok: true; state: MembershipState } | { ok: false; message: string };

export interface StationPage extends RequestState<StationDetail> {
  /** join or leave is on its way (the button waits). */
  busy: boolean;
  join: () => Promise<MembershipOutcome>;
  leave: () => Promise<MembershipOutcome>;
}

/** One station's page, and applying to join / leaving it. */
export function useStation(stationId: string | undefined): StationPage {
  const state = useRequest(() => {
    if (!stationId) return Promise.reject(new CallError({ code: 'STATION.NOT_FOUND', message: 'no stationId in the page address' }));
    return stationService.get(stationId);
  }, [stationId]);
  const [busy, setBusy] = useState(false);

  const change = async (run: (requestId: string) => Promise<{ state: MembershipState }>): Promise<MembershipOutcome> => {
    if (busy || !stationId) return { ok: false, message: '正在处理，请稍等' };
    setBusy(true);
    try {
      const { state: next } = await run(newRequestId());
      return { ok: true, state: next };
    } catch (e) {
      return { ok: false, message: messageFor(e) };
    } finally {
      setBusy(false);
      // Either way, show the station as it is now (member count, my state).
      state.reload();
    }
  };

  return {
    ...state,
    busy,
    join: () => change((rid) => stationService.join(stationId ?? '', rid)),
    leave: () => change((rid) => stationService.leave(stationId ?? '', rid)),
  };
}
