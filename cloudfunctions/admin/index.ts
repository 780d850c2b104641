import { createFunction, type Handlers, type RuntimeDeps } from '../_shared/runtime';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { RolesRepository } from './roles.repository';
import { RolesService } from './roles.service';

export const handlers = (deps: RuntimeDeps): Handlers<'admin'> => {
  const audit = new AuditService(new AuditRepository(deps.db));
  const roles = new RolesService(new RolesRepository(deps.db), deps.clock);
  return {
    auditLog: (input, ctx) => audit.read(ctx.caller, input.limit ?? 50, input.before),
    grantRole: (input, ctx) => roles.grant(ctx.caller, input.openid, input.grant, ctx.requestId),
    revokeRole: (input, ctx) => roles.revoke(ctx.caller, input.openid, input.role, ctx.requestId),
  };
};

export const main = createFunction('admin', handlers);
