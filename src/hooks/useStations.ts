import { useState } from 'react';
import type { GeoPoint } from '../../types';
import { LocateError, locateMe, stationService } from '../services/station';
import { useRequest, type RequestState } from './useRequest';
import type { StationSummary } from '../../types';

/** What 「离我最近」 is doing: not asked, asking, sorted by distance, or no location (said kindly on the page). */
export type NearState = 'off' | 'locating' | 'on' | 'denied' | 'failed';

export interface StationList extends RequestState<StationSummary[]> {
  near: NearState;
  /** Where the person is, while the list is sorted by it (for the map); never stored. */
  here: GeoPoint | undefined;
  /** Asks for the location (only now, on the person's tap) and re-lists by distance; on refusal keeps the street order. */
  sortByDistance: () => Promise<void>;
  /** Back to the street order (the location is forgotten). */
  sortByStreet: () => void;
}

/**
 * The 红帆站 directory. The location lives only in this hook's state while the list is sorted by it, and is sent with
 * `station.list` only (the server keeps nothing).
 */
export function useStations(): StationList {
  const [point, setPoint] = useState<GeoPoint | undefined>(undefined);
  const [near, setNear] = useState<NearState>('off');
  const state = useRequest(() => stationService.list(point ? { near: point } : {}), [point?.latitude, point?.longitude]);

  const sortByDistance = async (): Promise<void> => {
    if (near === 'locating') return;
    setNear('locating');
    try {
      const where = await locateMe();
      setPoint(where);
      setNear('on');
    } catch (e) {
      setPoint(undefined);
      setNear(e instanceof LocateError ? e.reason : 'failed');
    }
  };

  const sortByStreet = (): void => {
    setPoint(undefined);
    setNear('off');
  };

  return { ...state, near, here: point, sortByDistance, sortByStreet };
}
