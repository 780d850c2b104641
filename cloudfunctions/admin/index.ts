import { createFunction, type Handlers, type RuntimeDeps } from '../_shared/runtime';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

export const handlers = (deps: RuntimeDeps): Handlers<'admin'> => {
  const audit = new AuditService(new AuditRepository(deps.db));
  return {
    auditLog: (input, ctx) => audit.read(ctx.caller, input.limit ?? 50, input.before),
  };
};

export const main = createFunction('admin', handlers);
