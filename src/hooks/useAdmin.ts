import { adminScopeOfMe } from '../components/admin/model';
import { adminService } from '../services/admin';
import { userService } from '../services/user';
import { venueService } from '../services/venue';
import { useRequest } from './useRequest';

/** Who the caller is as an administrator (null: not one), and the streets with their communities for the pickers. */
export const useAdminMe = () =>
  useRequest(async () => {
    const [me, streets] = await Promise.all([userService.me(), venueService.areas()]);
    return { me, scope: adminScopeOfMe(me), streets };
  }, []);

/** Venues in the caller's scope (all streets or one), retired ones when asked. */
export const useAdminVenues = (enabled: boolean, streetId: string | undefined, includeRetired: boolean) =>
  useRequest(
    async () => (enabled ? adminService.venues({ ...(streetId ? { streetId } : {}), includeRetired }) : []),
    [enabled, streetId, includeRetired],
  );

/** Stations in the caller's scope. */
export const useAdminStations = (enabled: boolean, streetId: string | undefined, includeRetired: boolean) =>
  useRequest(
    async () => (enabled ? adminService.stations({ ...(streetId ? { streetId } : {}), includeRetired }) : []),
    [enabled, streetId, includeRetired],
  );
