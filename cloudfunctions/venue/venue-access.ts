import type { Caller } from '../_shared/caller';
import { DomainError } from '../_shared/errors';
import type { VenueDoc } from './venue.repository';

export interface ManagedVenueSource {
  managedVenues(scope: { venueIds: string[]; streetIds: string[]; all: boolean }): Promise<VenueDoc[]>;
}

export async function managedVenues(caller: Caller, source: ManagedVenueSource): Promise<VenueDoc[]> {
  const venueIds: string[] = [];
  const streetIds: string[] = [];
  let all = false;
  for (const grant of await caller.roles()) {
    if (grant.role === 'district_admin') all = true;
    if (grant.role === 'venue_manager') venueIds.push(...(grant.scope?.venueIds ?? []));
    if (grant.role === 'street_admin' && grant.scope?.streetId) streetIds.push(grant.scope.streetId);
  }
  if (!all && venueIds.length === 0 && streetIds.length === 0) return [];
  return source.managedVenues({ venueIds, streetIds, all });
}

export async function managedVenueIds(caller: Caller, source: ManagedVenueSource): Promise<string[]> {
  return (await managedVenues(caller, source)).map((v) => v._id);
}

/** A venue that exists and is in service, or VENUE.NOT_FOUND; `onDate`: the date the caller is about to judge it on. */
export async function activeVenue(venues: { get(id: string, onDate?: string): Promise<VenueDoc | null> }, venueId: string, onDate?: string): Promise<VenueDoc> {
  const venue = await venues.get(venueId, onDate);
  if (!venue || !venue.active) throw new DomainError('VENUE.NOT_FOUND', 'no such venue');
  return venue;
}
