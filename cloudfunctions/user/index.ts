import { assertPostable, contentChecker } from '../_shared/content-security';
import { fileStore } from '../_shared/files';
import { createFunction, type Handlers, type RuntimeDeps, type Timers } from '../_shared/runtime';
import { senderFromEnv } from '../_shared/subscribe-messages';
import { DeliveryService } from './delivery.service';
import { UsersRepository } from '../_shared/users.repository';
import { BookingRepository } from '../venue/booking.repository';
import { BookingService } from '../venue/booking.service';
import { VenueRepository } from '../venue/venue.repository';
import { MessagesRepository } from './messages.repository';
import { PersonalDataRepository } from './personal-data.repository';
import { DefaultPhoneNumberExchange } from './phone-number';
import { PreferencesRepository } from './preferences.repository';
import { ProfileRepository } from './profile.repository';
import { PrivacyService } from './privacy.service';
import { UserService } from './user.service';

export const handlers = (deps: RuntimeDeps): Handlers<'user'> => {
  const users = new UsersRepository(deps.db);
  const personalData = new PersonalDataRepository(deps.db, () => fileStore(deps));
  const service = new UserService(users, deps.clock, new MessagesRepository(deps.db), personalData, new PreferencesRepository(deps.db), {
    repo: new ProfileRepository(deps.db),
    phones: new DefaultPhoneNumberExchange(),
  });
  const privacy = new PrivacyService(personalData, new BookingService(new BookingRepository(deps.db), new VenueRepository(deps.db, deps.clock), users, deps.clock), deps.clock);
  return {
    me: (_input, ctx) => service.me(ctx.caller),
    ping: (_input, ctx) => Promise.resolve({ pong: true as const, at: new Date(ctx.clock.now()).toISOString() }),
    setPreferences: (input, ctx) => service.setPreferences(ctx.caller, input),
    // Content security on the 称呼 others see (scene 1: profile) before anything is written.
    setProfile: async (input, ctx) => {
      if (input.nickname !== undefined) await assertPostable(contentChecker(deps), ctx.caller.openid, 1, [{ field: 'nickname', text: input.nickname }]);
      return service.setProfile(ctx.caller, input);
    },
    messages: (_input, ctx) => service.messages(ctx.caller),
    readMessages: (input, ctx) => service.readMessages(ctx.caller, input.ids),
    exportMyData: (_input, ctx) => privacy.exportMyData(ctx.caller),
    deleteAccount: (_input, ctx) => privacy.deleteAccount(ctx.caller, ctx.countAttempt),
  };
};

/** Timer trigger `deliver` (every minute, cloudbaserc.json): outbox → WeChat subscribe messages, when configured. */
export const timers = (deps: RuntimeDeps): Timers => ({
  deliver: () => new DeliveryService(new MessagesRepository(deps.db), senderFromEnv(), deps.clock).deliver(),
});

export const main = createFunction('user', handlers, undefined, timers);
