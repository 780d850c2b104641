import { useState } from 'react';
import type { StationMember } from '../../types';
import { CallError } from '../services/client';
import { messageFor } from '../services/messages';
import { stationService } from '../services/station';
import { useRequest, type RequestState } from './useRequest';

export type DecideOutcome = { ok: true } | { ok: false; message: string };

export interface StationMembers extends RequestState<StationMember[]> {
  /** Applications waiting for a decision, oldest first. */
  pending: StationMember[];
  /** Members, newest first. */
  members: StationMember[];
  /** The application being decided right now (its buttons wait). */
  busyId: string | null;
  decide: (openid: string, approve: boolean) => Promise<DecideOutcome>;
}

/** A managed station's applications and members (names and phones), and the decision on an application. */
export function useStationMembers(stationId: string | undefined): StationMembers {
  const state = useRequest(() => {
    if (!stationId) return Promise.reject(new CallError({ code: 'STATION.NOT_FOUND', message: 'no stationId in the page address' }));
    return stationService.members(stationId);
  }, [stationId]);
  const [busyId, setBusyId] = useState<string | null>(null);

  const decide = async (openid: string, approve: boolean): Promise<DecideOutcome> => {
    if (busyId || !stationId) return { ok: false, message: '上一条还在处理，请稍等' };
    setBusyId(openid);
    try {
      await stationService.decide(stationId, openid, approve);
      return { ok: true };
    } catch (e) {
      if (e instanceof CallError && e.code === 'STATION.NOT_PENDING') return { ok: false, message: '这条申请已经处理过了，列表已刷新' };
      return { ok: false, message: messageFor(e) };
    } finally {
      setBusyId(null);
      state.reload();
    }
  };

  const all = state.data ?? [];
  const byTime = (a: StationMember, b: StationMember) => a.appliedAt.localeCompare(b.appliedAt);
  return {
    ...state,
    pending: all.filter((m) => m.state === 'pending').sort(byTime),
    members: all
      .filter((m) => m.state === 'member')
      .sort((a, b) => (b.decidedAt ?? b.appliedAt).localeCompare(a.decidedAt ?? a.appliedAt)),
    busyId,
    decide,
  };
}
