import { call } from './client';
import type { StationListInput, StationSummary } from '../../types';

export const stationService = {
  list: async (filters: StationListInput = {}): Promise<StationSummary[]> => (await call('station', 'list', filters)).stations,
};
