import { foldFacts } from '../_shared/rollups';
import { createFunction, type Handlers, type RuntimeDeps, type Timers } from '../_shared/runtime';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { DashboardService } from './dashboard.service';
import { placesServices } from './places.service';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';

export const handlers = (deps: RuntimeDeps): Handlers<'admin'> => {
  const audit = new AuditService(new AuditRepository(deps.db));
  const roles = new RolesService(new RolesRepository(deps.db), deps.clock);
  const places = placesServices(deps);
  const dashboard = new DashboardService(deps);
  return {
    auditLog: (input, ctx) => audit.read(ctx.caller, input),
    grantRole: (input, ctx) => roles.grant(ctx.caller, input.openid, input.grant, ctx.requestId),
    revokeRole: (input, ctx) => roles.revoke(ctx.caller, input.openid, input.role, ctx.requestId),
    venues: (input, ctx) => places.venues.venues(ctx.caller, input),
    saveVenue: (input, ctx) => places.venues.saveVenue(ctx.caller, input, ctx.requestId),
    retireVenue: (input, ctx) => places.venues.retireVenue(ctx.caller, input, ctx.requestId),
    stations: (input, ctx) => places.stations.stations(ctx.caller, input),
    saveStation: (input, ctx) => places.stations.saveStation(ctx.caller, input, ctx.requestId),
    retireStation: (input, ctx) => places.stations.retireStation(ctx.caller, input, ctx.requestId),
    findPeople: (input, ctx) => places.people.findPeople(ctx.caller, input.q),
    dashboard: (input, ctx) => dashboard.dashboard(ctx.caller, input),
    exportTable: (input, ctx) => dashboard.exportTable(ctx.caller, input),
  };
};

/** Timer trigger `rollup` (every minute, cloudbaserc.json): folds the events recorded since into the dashboard's rollups. */
export const timers = (deps: RuntimeDeps): Timers => ({
  rollup: () => foldFacts(deps.db(), deps.clock.now()),
});

export const main = createFunction('admin', handlers, undefined, timers);
