import { createFunction, type Handlers, type RuntimeDeps } from '../_shared/runtime';
import { VenueRepository } from './venue.repository';
import { VenueService } from './venue.service';

export const handlers = (deps: RuntimeDeps): Handlers<'venue'> => {
  const service = new VenueService(new VenueRepository(deps.db));
  return {
    list: (input, ctx) => service.list(ctx.caller, input),
  };
};

export const main = createFunction('venue', handlers);
