import { UsersRepository } from '../_shared/users.repository';
import { GuardsRepository } from '../_shared/guards.repository';
import { createFunction, type Handlers, type RuntimeDeps, type Timers } from '../_shared/runtime';
import { BookingRepository } from './booking.repository';
import { BookingService } from './booking.service';
import { VenueRepository } from './venue.repository';
import { VenueService } from './venue.service';

type Services = { venues: VenueService; bookings: BookingService };
const built = new WeakMap<RuntimeDeps, Services>();

/** One set of services per runtime: actions and the timer share the booking service's per-instance state. */
export const services = (deps: RuntimeDeps): Services => {
  let s = built.get(deps);
  if (!s) {
    const bookingRepo = new BookingRepository(deps.db);
    const venueRepo = new VenueRepository(deps.db, deps.clock);
    s = {
      venues: new VenueService(venueRepo, bookingRepo, deps.clock),
      bookings: new BookingService(bookingRepo, venueRepo, new UsersRepository(deps.db), deps.clock),
    };
    built.set(deps, s);
  }
  return s;
};

export const handlers = (deps: RuntimeDeps): Handlers<'venue'> => {
  const { venues, bookings } = services(deps);
  return {
    list: (input, ctx) => venues.list(ctx.caller, input),
    areas: () => venues.areas(),
    get: (input, ctx) => venues.get(ctx.caller, input.venueId),
    slots: (input, ctx) => venues.slots(ctx.caller, input.venueId, input.date),
    availability: (input, ctx) => venues.availability(ctx.caller, input),
    quota: (_input, ctx) => venues.quota(ctx.caller),
    book: (input, ctx) => bookings.book(ctx.caller, input, ctx.clientRequestId, ctx.countAttempt),
    cancel: (input, ctx) => bookings.cancel(ctx.caller, input.bookingId),
    mine: (input, ctx) => bookings.mine(ctx.caller, input.when ?? 'upcoming'),
    checkIn: (input, ctx) => bookings.checkIn(ctx.caller, input.venueId, input.code),
    joinWaitlist: (input, ctx) => bookings.joinWaitlist(ctx.caller, input),
    leaveWaitlist: (input, ctx) => bookings.leaveWaitlist(ctx.caller, input.venueId, input.start),
    managed: (_input, ctx) => venues.managed(ctx.caller),
    schedule: (input, ctx) => bookings.schedule(ctx.caller, input.venueId, input.date),
    pending: (_input, ctx) => bookings.pending(ctx.caller),
    approve: (input, ctx) => bookings.approve(ctx.caller, input.bookingId, ctx.requestId),
    reject: (input, ctx) => bookings.reject(ctx.caller, input.bookingId, input.reason, ctx.requestId),
    checkInBooking: (input, ctx) => bookings.checkInBooking(ctx.caller, input.venueId, input.code),
    venueCode: (input, ctx) => venues.venueCode(ctx.caller, input.venueId),
    setBlackout: (input, ctx) => venues.setBlackout(ctx.caller, input.venueId, input.date, input.closed, ctx.requestId),
  };
};

/** Timer trigger `tick` (every minute, cloudbaserc.json): booking housekeeping, then expired guard records. */
export const timers = (deps: RuntimeDeps): Timers => ({
  tick: async () => ({
    ...(await services(deps).bookings.tick()),
    purged: await new GuardsRepository(deps.db).purgeExpired(new Date(deps.clock.now())),
  }),
});

export const main = createFunction('venue', handlers, undefined, timers);
