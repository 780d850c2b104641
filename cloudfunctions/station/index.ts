import { assertPostable, contentChecker } from '../_shared/content-security';
import { createFunction, type Handlers, type RuntimeDeps } from '../_shared/runtime';
import { ShiftListing } from '../_shared/shift-listing';
import { UsersRepository } from '../_shared/users.repository';
import { StationRepository } from './station.repository';
import { StationService } from './station.service';

export const handlers = (deps: RuntimeDeps): Handlers<'station'> => {
  const service = new StationService(new StationRepository(deps.db), new ShiftListing(deps.db), new UsersRepository(deps.db), deps.clock);
  return {
    list: (input, ctx) => service.list(ctx.caller, input),
    get: (input, ctx) => service.get(ctx.caller, input.stationId),
    join: (input, ctx) => service.join(ctx.caller, input.stationId),
    leave: (input, ctx) => service.leave(ctx.caller, input.stationId),
    managed: (_input, ctx) => service.managedStations(ctx.caller),
    members: (input, ctx) => service.members(ctx.caller, input.stationId),
    decide: (input, ctx) => service.decide(ctx.caller, input, ctx.requestId),
    // Content security before anything is written (scene 3: a forum-like notice board).
    post: async (input, ctx) => {
      await assertPostable(contentChecker(deps), ctx.caller.openid, 3, [
        { field: 'title', text: input.title },
        { field: 'body', text: input.body },
      ]);
      return service.post(ctx.caller, input, ctx.requestId);
    },
  };
};

export const main = createFunction('station', handlers);
