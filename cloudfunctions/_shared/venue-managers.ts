import type { Caller } from './caller';
import type { VenueDoc } from './venue-ledger';

/**
 * Who manages a venue: its venue managers (role scope venueIds), the admin of its street, and district admins. Shared
 * by the venue function (approvals, schedules) and the activity function (publishing into a venue that needs approval).
 */
export async function canManage(caller: Caller, venue: Pick<VenueDoc, '_id' | 'streetId'>): Promise<boolean> {
  for (const grant of await caller.roles()) {
    if (grant.role === 'district_admin') return true;
    if (grant.role === 'venue_manager' && grant.scope?.venueIds?.includes(venue._id)) return true;
    if (grant.role === 'street_admin' && grant.scope?.streetId && grant.scope.streetId === venue.streetId) return true;
  }
  return false;
}
