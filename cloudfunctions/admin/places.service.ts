import type { RuntimeDeps } from '../_shared/runtime';
import { UsersRepository } from '../_shared/users.repository';
import { BookingRepository } from '../venue/booking.repository';
import { BookingService } from '../venue/booking.service';
import { VenueRepository } from '../venue/venue.repository';
import { PeopleService } from './people.service';
import { PlacesRepository } from './places.repository';
import { RolesRepository } from './roles.repository';
import { StationsService } from './stations.service';
import { VenuesService } from './venues.service';

/** Venue, station and people administration, over one repository (and, for retiring a venue, the booking engine). */
export function placesServices(deps: RuntimeDeps): { venues: VenuesService; stations: StationsService; people: PeopleService } {
  const repo = new PlacesRepository(deps.db);
  const bookings = new BookingService(new BookingRepository(deps.db), new VenueRepository(deps.db, deps.clock), new UsersRepository(deps.db), deps.clock);
  return { venues: new VenuesService(deps, repo, bookings), stations: new StationsService(deps, repo), people: new PeopleService(repo, new RolesRepository(deps.db)) };
}
