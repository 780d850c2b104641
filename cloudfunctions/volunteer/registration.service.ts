import { toBeijingIso } from '../../types/beijing-time';
import { starProgress, type VolunteerProfile } from '../../types/volunteer';
import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { DomainError } from '../_shared/errors';
import { maskName, maskPhone } from '../_shared/privacy';
import type { VolunteerDoc } from '../_shared/volunteer.docs';
import { toHours } from './ledger';
import type { VolunteerRepository } from './volunteer.repository';

/** Registration as a volunteer (the terms are consented to by calling register), preferences, and the person's record. */
export class RegistrationService {
  constructor(
    private readonly repo: VolunteerRepository,
    private readonly clock: Clock,
  ) {}

  me(caller: Caller): Promise<ActionOutput<'volunteer', 'me'>> {
    return this.profile(caller.openid);
  }

  async register(caller: Caller, input: ParsedInput<'volunteer', 'register'>): Promise<ActionOutput<'volunteer', 'register'>> {
    const doc = await this.repo.register(caller.openid, { realName: input.realName, phone: input.phone }, this.clock.now());
    return this.profile(caller.openid, doc);
  }

  async setPreferences(caller: Caller, input: ParsedInput<'volunteer', 'setPreferences'>): Promise<ActionOutput<'volunteer', 'setPreferences'>> {
    if (!(await this.repo.setShowOnLeaderboard(caller.openid, input.showOnLeaderboard, this.clock.now()))) {
      throw new DomainError('VOLUNTEER.NOT_REGISTERED', 'register as a volunteer first');
    }
    return this.profile(caller.openid);
  }

  private async profile(openid: string, known?: VolunteerDoc): Promise<VolunteerProfile> {
    const [doc, quarters, late] = await Promise.all([
      known ? Promise.resolve(known) : this.repo.find(openid),
      this.repo.creditedQuarters(openid),
      this.repo.lateCancellations(openid),
    ]);
    const totalHours = toHours(quarters);
    return {
      registered: doc !== null,
      realNameMasked: doc ? maskName(doc.realName) : null,
      phoneMasked: doc ? maskPhone(doc.phone) : null,
      registeredAt: doc ? toBeijingIso(new Date(doc.registeredAt).getTime()) : null,
      totalHours,
      stars: starProgress(totalHours),
      showOnLeaderboard: doc?.showOnLeaderboard ?? true,
      lateCancellations: late,
    };
  }
}
