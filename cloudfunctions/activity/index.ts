import { imageCheckPushes } from '../_shared/images';
import { createFunction, type Handlers, type Pushes, type RuntimeDeps, type Timers } from '../_shared/runtime';
import { LifecycleService } from './lifecycle.service';
import { ListingService } from './listing.service';
import { SignupService } from './signup.service';

interface Services {
  lifecycle: LifecycleService;
  signups: SignupService;
  listing: ListingService;
}

const built = new WeakMap<RuntimeDeps, Services>();

/** One set of services per runtime (function instance). */
export const services = (deps: RuntimeDeps): Services => {
  let s = built.get(deps);
  if (!s) {
    s = { lifecycle: new LifecycleService(deps), signups: new SignupService(deps), listing: new ListingService(deps) };
    built.set(deps, s);
  }
  return s;
};

export const handlers = (deps: RuntimeDeps): Handlers<'activity'> => {
  const { lifecycle, signups, listing } = services(deps);
  return {
    feed: (input, ctx) => listing.feed(ctx.caller, input),
    get: (input, ctx) => listing.get(ctx.caller, input),
    mine: (_input, ctx) => listing.mine(ctx.caller),
    roster: (input, ctx) => listing.roster(ctx.caller, input),
    checkInCode: (input, ctx) => listing.checkInCode(ctx.caller, input),
    exportRoster: (input, ctx) => listing.exportRoster(ctx.caller, input),
    signUp: (input, ctx) => signups.signUp(ctx.caller, input),
    cancel: (input, ctx) => signups.cancel(ctx.caller, input),
    checkIn: (input, ctx) => signups.checkIn(ctx.caller, input),
    organized: (_input, ctx) => lifecycle.organized(ctx.caller),
    create: (input, ctx) => lifecycle.create(ctx.caller, input, ctx.requestId),
    update: (input, ctx) => lifecycle.update(ctx.caller, input, ctx.requestId),
    publish: (input, ctx) => lifecycle.publish(ctx.caller, input, ctx.requestId),
    cancelActivity: (input, ctx) => lifecycle.cancelActivity(ctx.caller, input, ctx.requestId),
  };
};

/** Timer trigger `tick` (every minute, cloudbaserc.json): promotions and the stragglers of changes and cancellations. */
export const timers = (deps: RuntimeDeps): Timers => ({
  tick: async () => ({ ...(await services(deps).signups.tick()), ...(await services(deps).lifecycle.tick()) }),
});

/** Platform pushes: the image check's verdict (WeChat `wxa_media_check`, routed to this function in 消息推送). */
export const pushes = (deps: RuntimeDeps): Pushes => imageCheckPushes(deps);

export const main = createFunction('activity', handlers, undefined, timers, pushes);
