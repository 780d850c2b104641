import { useState } from 'react';
import { CallError } from '../services/client';
import { stewardService, type ManagedShift, type ManagedStation } from '../services/steward';
import { useRequest } from './useRequest';

/**
 * 服务班次: the stations I manage and the shifts of one of them (or of all, when the page was opened without one and
 * I manage several). The station list decides whether 发布班次 asks which station.
 */
export function useStewardShifts(initialStationId: string | undefined) {
  const [stationId, setStationId] = useState<string | undefined>(initialStationId);
  // Someone who manages no station (the role gate refuses them) simply has none: the page says so kindly.
  const stations = useRequest<ManagedStation[]>(async () => {
    try {
      return await stewardService.stations();
    } catch (e) {
      if (e instanceof CallError && e.code === 'AUTH.FORBIDDEN') return [];
      throw e;
    }
  }, []);
  const shifts = useRequest<ManagedShift[]>(() => stewardService.shifts(stationId), [stationId]);
  return {
    stations,
    shifts,
    stationId,
    select: setStationId,
    reload: () => {
      stations.reload();
      shifts.reload();
    },
  };
}

/** Shifts split as the page shows them: 今天 (not ended), 以后, 已结束 (newest first). `now` is the phone's clock: labels only. */
export function groupShifts(shifts: ManagedShift[], now: number, today: string, dateOf: (at: string) => string) {
  const ended = (s: ManagedShift) => Date.parse(s.end) <= now;
  const byStart = (a: ManagedShift, b: ManagedShift) => Date.parse(a.start) - Date.parse(b.start);
  const live = shifts.filter((s) => !ended(s)).sort(byStart);
  return {
    today: live.filter((s) => dateOf(s.start) <= today),
    later: live.filter((s) => dateOf(s.start) > today),
    ended: shifts.filter(ended).sort((a, b) => byStart(b, a)),
  };
}
