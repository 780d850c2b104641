import { stationService } from '../services/station';
import { useRequest } from './useRequest';

export const useStations = () => useRequest(() => stationService.list(), []);
