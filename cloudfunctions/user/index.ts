import { createFunction, type Handlers, type RuntimeDeps } from '../_shared/runtime';
import { UsersRepository } from '../_shared/users.repository';
import { UserService } from './user.service';

export const handlers = (deps: RuntimeDeps): Handlers<'user'> => {
  const service = new UserService(new UsersRepository(deps.db), deps.clock);
  return {
    me: (_input, ctx) => service.me(ctx.caller),
  };
};

export const main = createFunction('user', handlers);
