import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import type { Database } from '../_shared/db';
import { DomainError } from '../_shared/errors';

/** STUB (to be built): every method answers INTERNAL. */
export class RegistrationService {
  constructor(
    private readonly db: () => Database,
    private readonly clock: Clock,
  ) {}

  async me(_caller: Caller): Promise<ActionOutput<'volunteer','me'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async register(_caller: Caller, _input: ParsedInput<'volunteer','register'>): Promise<ActionOutput<'volunteer','register'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async setPreferences(_caller: Caller, _input: ParsedInput<'volunteer','setPreferences'>): Promise<ActionOutput<'volunteer','setPreferences'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

}
