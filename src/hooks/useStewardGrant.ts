import { stewardService, type StationTotals } from '../services/steward';
import { useRequest } from './useRequest';

/** 登记时长: the station's totals and, for one volunteer, their entries there (to pick one to correct). */
export const useStewardTotals = (stationId: string | undefined, openid: string | undefined) =>
  useRequest<StationTotals | undefined>(
    async () => (stationId ? stewardService.totals({ stationId, ...(openid ? { openid } : {}) }) : undefined),
    [stationId, openid],
  );
