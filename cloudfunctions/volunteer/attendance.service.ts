import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import type { Database } from '../_shared/db';
import { DomainError } from '../_shared/errors';

/** STUB (to be built): every method answers INTERNAL. */
export class AttendanceService {
  constructor(
    private readonly db: () => Database,
    private readonly clock: Clock,
  ) {}

  async shiftCode(_caller: Caller, _shiftId: string): Promise<ActionOutput<'volunteer','shiftCode'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async checkIn(_caller: Caller, _input: ParsedInput<'volunteer','checkIn'>): Promise<ActionOutput<'volunteer','checkIn'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async checkOut(_caller: Caller, _input: ParsedInput<'volunteer','checkOut'>): Promise<ActionOutput<'volunteer','checkOut'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async confirmCheckOut(_caller: Caller, _input: ParsedInput<'volunteer','confirmCheckOut'>, _requestId: string): Promise<ActionOutput<'volunteer','confirmCheckOut'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

}
