import { toBeijingIso } from '../../types/beijing-time';
import type { Me, Message, Profile, SetProfileInput } from '../../types';
import type { Caller } from '../_shared/caller';
import { withResident } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { DomainError } from '../_shared/errors';
import { maskPhone } from '../_shared/privacy';
import type { UserRecord, UsersRepository } from '../_shared/users.repository';
import type { MessagesRepository } from './messages.repository';
import type { PersonalDataRepository } from './personal-data.repository';
import type { PhoneNumberExchange } from './phone-number';
import type { PreferencesRepository } from './preferences.repository';
import type { ProfileRepository } from './profile.repository';

export const DEFAULT_NICKNAME = '芝罘居民';

export class UserService {
  constructor(
    private readonly users: Pick<UsersRepository, 'find' | 'createIfAbsent'>,
    private readonly clock: Clock,
    private readonly inbox: Pick<MessagesRepository, 'latest' | 'unreadCount' | 'markRead'>,
    private readonly erasures: Pick<PersonalDataRepository, 'forgetErasure'> = { forgetErasure: () => Promise.resolve('none') },
    private readonly preferences?: Pick<PreferencesRepository, 'setElderMode'>,
    private readonly profiles?: { repo: Pick<ProfileRepository, 'update'>; phones: PhoneNumberExchange },
  ) {}

  /**
   * First use and later edits: the caller's 称呼 and phone (typed, or exchanged from WeChat's code on the server).
   * Everything is checked before anything is written, so a bad code changes nothing.
   */
  async setProfile(caller: Caller, input: SetProfileInput): Promise<Profile> {
    if (!this.profiles) throw new Error('profile repository not wired');
    await this.me(caller);
    const phone = input.phoneCode !== undefined ? await this.profiles.phones.exchange(input.phoneCode) : input.phone;
    await this.profiles.repo.update(
      caller.openid,
      { ...(input.nickname !== undefined ? { nickname: input.nickname } : {}), ...(phone !== undefined ? { phone } : {}) },
      new Date(this.clock.now()),
    );
    return (await this.me(caller)).profile;
  }

  /** Remembers 长辈版 on the caller's profile (registering a new openid first, as `me` does). */
  async setPreferences(caller: Caller, input: { elderMode: boolean }): Promise<{ elderMode: boolean }> {
    if (!this.preferences) throw new Error('preferences repository not wired');
    await this.me(caller);
    await this.preferences.setElderMode(caller.openid, input.elderMode, new Date(this.clock.now()));
    return { elderMode: input.elderMode };
  }

  /** 我的消息: newest 50 of the caller's own notifications. */
  async messages(caller: Caller): Promise<{ messages: Message[]; unread: number }> {
    const [docs, unread] = await Promise.all([this.inbox.latest(caller.openid, 50), this.inbox.unreadCount(caller.openid)]);
    return {
      messages: docs.map((d) => ({
        id: d._id,
        kind: d.kind,
        title: d.title,
        body: d.body,
        bookingId: d.bookingId,
        stationId: d.stationId ?? null,
        shiftId: d.shiftId ?? null,
        sessionId: d.sessionId ?? null,
        courseId: d.courseId ?? null,
        activityId: d.activityId ?? null,
        createdAt: toBeijingIso(new Date(d.createdAt).getTime()),
        read: d.read,
      })),
      unread,
    };
  }

  async readMessages(caller: Caller, ids: string[] | undefined): Promise<{ updated: number }> {
    return { updated: await this.inbox.markRead(caller.openid, ids) };
  }

  /**
   * The caller's own profile; the first call from a new openid registers them as a resident. After a finished
   * account deletion, opening the app again starts afresh (the deletion marker is dropped); during one, it is refused.
   */
  async me(caller: Caller): Promise<Me> {
    const existing = await this.users.find(caller.openid);
    if (!existing && (await this.erasures.forgetErasure(caller.openid)) === 'erasing') {
      throw new DomainError('ACCOUNT.DELETING', 'the account is being deleted');
    }
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
        elderMode: user.elderMode ?? null,
      },
      roles: withResident(user.roles),
      createdAt: user.createdAt.toISOString(),
    };
  }
}
