import { createFunction, type Handlers, type RuntimeDeps } from '../_shared/runtime';
import { UsersRepository } from '../_shared/users.repository';
import { MessagesRepository } from './messages.repository';
import { UserService } from './user.service';

export const handlers = (deps: RuntimeDeps): Handlers<'user'> => {
  const service = new UserService(new UsersRepository(deps.db), deps.clock, new MessagesRepository(deps.db));
  return {
    me: (_input, ctx) => service.me(ctx.caller),
    ping: (_input, ctx) => Promise.resolve({ pong: true as const, at: new Date(ctx.clock.now()).toISOString() }),
    messages: (_input, ctx) => service.messages(ctx.caller),
    readMessages: (input, ctx) => service.readMessages(ctx.caller, input.ids),
  };
};

export const main = createFunction('user', handlers);
