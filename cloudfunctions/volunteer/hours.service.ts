import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import type { Database } from '../_shared/db';
import { DomainError } from '../_shared/errors';

/** STUB (to be built): every method answers INTERNAL. */
export class HoursService {
  constructor(
    private readonly db: () => Database,
    private readonly clock: Clock,
  ) {}

  async ledger(_caller: Caller): Promise<ActionOutput<'volunteer','ledger'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async certificate(_caller: Caller, _input: ParsedInput<'volunteer','certificate'>): Promise<ActionOutput<'volunteer','certificate'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async verify(_number: string): Promise<ActionOutput<'volunteer','verify'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async leaderboard(_caller: Caller, _input: ParsedInput<'volunteer','leaderboard'>): Promise<ActionOutput<'volunteer','leaderboard'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async grantHours(_caller: Caller, _input: ParsedInput<'volunteer','grantHours'>, _requestId: string): Promise<ActionOutput<'volunteer','grantHours'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async totals(_caller: Caller, _input: ParsedInput<'volunteer','totals'>): Promise<ActionOutput<'volunteer','totals'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

}
