import type { Me } from '../../types';
import type { Caller } from '../_shared/caller';
import { withResident } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { maskPhone } from '../_shared/privacy';
import type { UserRecord, UsersRepository } from '../_shared/users.repository';

export const DEFAULT_NICKNAME = '芝罘居民';

export class UserService {
  constructor(
    private readonly users: Pick<UsersRepository, 'find' | 'createIfAbsent'>,
    private readonly clock: Clock,
  ) {}

  /** The caller's own profile; the first call from a new openid registers them as a resident. */
  async me(caller: Caller): Promise<Me> {
    const existing = await this.users.find(caller.openid);
    const now = new Date(this.clock.now());
    const user: UserRecord =
      existing ??
      (await this.users.createIfAbsent({
        openid: caller.openid,
        nickname: DEFAULT_NICKNAME,
        phone: null,
        streetId: null,
        communityId: null,
        roles: [{ role: 'resident' }],
        createdAt: now,
        updatedAt: now,
      }));
    return {
      openid: user.openid,
      profile: {
        nickname: user.nickname,
        phoneMasked: maskPhone(user.phone),
        streetId: user.streetId,
        communityId: user.communityId,
      },
      roles: withResident(user.roles),
      createdAt: user.createdAt.toISOString(),
    };
  }
}
