import { createFunction, type Handlers, type RuntimeDeps } from '../_shared/runtime';
import { StationRepository } from './station.repository';
import { StationService } from './station.service';

export const handlers = (deps: RuntimeDeps): Handlers<'station'> => {
  const service = new StationService(new StationRepository(deps.db));
  return {
    list: (input, ctx) => service.list(ctx.caller, input),
  };
};

export const main = createFunction('station', handlers);
