import { useState } from 'react';
import Taro from '@tarojs/taro';
import type { VenueSummary } from '../../types';
import { CallError } from '../services/client';
import { venueService } from '../services/venue';
import { useRequest, type RequestState } from './useRequest';

const LAST_VENUE_KEY = 'redsail.manage.venueId';

function lastVenue(): string | null {
  const v: unknown = Taro.getStorageSync(LAST_VENUE_KEY);
  return typeof v === 'string' && v ? v : null;
}

export interface ManagedVenues extends RequestState<VenueSummary[]> {
  /** The venue the page is about: the one asked for, else the last one used, else the first. Null while none. */
  selected: VenueSummary | null;
  select: (venueId: string) => void;
}

/** The venues I manage (empty for someone who manages none) and which one I am looking at, remembered between visits. */
export function useManageVenues(requested?: string): ManagedVenues {
  const state = useRequest(async () => {
    try {
      return await venueService.managed();
    } catch (e) {
      // Not a manager at all: the same as managing no venue, which the page explains (a retry would not help).
      if (e instanceof CallError && e.code === 'AUTH.FORBIDDEN') return [];
      throw e;
    }
  }, []);
  const [chosen, setChosen] = useState<string | null>(() => requested ?? lastVenue());
  const venues = state.data ?? [];
  const selected = venues.find((v) => v.id === chosen) ?? venues[0] ?? null;
  const select = (venueId: string) => {
    setChosen(venueId);
    Taro.setStorageSync(LAST_VENUE_KEY, venueId);
  };
  return { ...state, selected, select };
}
