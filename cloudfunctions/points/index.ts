import { createFunction, type Handlers, type RuntimeDeps } from '../_shared/runtime';
import { PointsRepository } from './points.repository';
import { PointsService } from './points.service';

const built = new WeakMap<RuntimeDeps, PointsService>();

/** One service per runtime (function instance). */
const service = (deps: RuntimeDeps): PointsService => {
  let s = built.get(deps);
  if (!s) {
    s = new PointsService(new PointsRepository(deps.db), deps.clock);
    built.set(deps, s);
  }
  return s;
};

/** 红色积分. Credits are written by the slices that earn them (creditPoints in _shared/points.ts), never here. */
export const handlers = (deps: RuntimeDeps): Handlers<'points'> => {
  const points = service(deps);
  return {
    mine: (_input, ctx) => points.mine(ctx.caller),
    ranking: (input, ctx) => points.ranking(ctx.caller, input),
  };
};

export const main = createFunction('points', handlers);
