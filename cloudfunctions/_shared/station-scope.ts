import type { Caller } from './caller';

/** A station as far as management scope is concerned. */
export interface ScopedStation {
  _id: string;
  streetId: string;
}

/**
 * Who manages a station: its station managers (role scope stationIds), the admin of its street, and district admins.
 * Used by the station and volunteer functions alike.
 */
export async function canManageStation(caller: Caller, station: ScopedStation): Promise<boolean> {
  for (const grant of await caller.roles()) {
    if (grant.role === 'district_admin') return true;
    if (grant.role === 'station_manager' && grant.scope?.stationIds?.includes(station._id)) return true;
    if (grant.role === 'street_admin' && grant.scope?.streetId && grant.scope.streetId === station.streetId) return true;
  }
  return false;
}

/** Whether the caller is one of the station's own managers (sees full phone numbers), not only an admin above them. */
export async function isOwnStationManager(caller: Caller, stationId: string): Promise<boolean> {
  return (await caller.roles()).some((g) => g.role === 'station_manager' && g.scope?.stationIds?.includes(stationId));
}

/** The caller's management scope over stations, for a repository query. */
export async function stationScope(caller: Caller): Promise<{ stationIds: string[]; streetIds: string[]; all: boolean }> {
  const stationIds: string[] = [];
  const streetIds: string[] = [];
  let all = false;
  for (const grant of await caller.roles()) {
    if (grant.role === 'district_admin') all = true;
    if (grant.role === 'station_manager') stationIds.push(...(grant.scope?.stationIds ?? []));
    if (grant.role === 'street_admin' && grant.scope?.streetId) streetIds.push(grant.scope.streetId);
  }
  return { stationIds, streetIds, all };
}
