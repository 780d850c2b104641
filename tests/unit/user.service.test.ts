import { FakeClock } from '../../cloudfunctions/_shared/clock';
import { Caller } from '../../cloudfunctions/_shared/caller';
import type { UserRecord, UsersRepository } from '../../cloudfunctions/_shared/users.repository';
import { DEFAULT_NICKNAME, UserService } from '../../cloudfunctions/user/user.service';

class FakeUsers implements Pick<UsersRepository, 'find' | 'createIfAbsent'> {
  readonly rows = new Map<string, UserRecord>();
  async find(openid: string) {
    return this.rows.get(openid) ?? null;
  }
  async createIfAbsent(user: UserRecord) {
    const existing = this.rows.get(user.openid);
    if (existing) return existing;
    this.rows.set(user.openid, user);
    return user;
  }
}

const noInbox = {
  latest: async () => [],
  unreadCount: async () => 0,
  markRead: async () => 0,
};

const caller = (openid: string, users: FakeUsers) => new Caller(openid, users as unknown as UsersRepository);

describe(UserService.name, () => {
  const clock = new FakeClock(Date.parse('2026-12-01T02:00:00Z'));

  it('registers a first-time caller as a resident with a friendly default name', async () => {
    const users = new FakeUsers();
    const me = await new UserService(users, clock, noInbox).me(caller('wx-new', users));
    expect(me).toEqual({
      openid: 'wx-new',
      profile: { nickname: DEFAULT_NICKNAME, phoneMasked: null, streetId: null, communityId: null, elderMode: null },
      roles: [{ role: 'resident' }],
      createdAt: '2026-12-01T02:00:00.000Z',
    });
    expect(users.rows.get('wx-new')?.createdAt.toISOString()).toBe('2026-12-01T02:00:00.000Z');
  });

  it('masks the stored phone number and always includes the resident role', async () => {
    const users = new FakeUsers();
    users.rows.set('wx-1', {
      openid: 'wx-1', nickname: '王阿姨', phone: '13805351234', streetId: 'xiangyang', communityId: 'beida',
      roles: [{ role: 'volunteer' }], createdAt: new Date(0), updatedAt: new Date(0),
    });
    const me = await new UserService(users, clock, noInbox).me(caller('wx-1', users));
    expect(me.profile.phoneMasked).toBe('138****1234');
    expect(me.roles).toEqual([{ role: 'resident' }, { role: 'volunteer' }]);
  });
});
