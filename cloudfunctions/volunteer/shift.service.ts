import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import type { Database } from '../_shared/db';
import { DomainError } from '../_shared/errors';

/** STUB (to be built): every method answers INTERNAL. */
export class ShiftService {
  constructor(
    private readonly db: () => Database,
    private readonly clock: Clock,
  ) {}

  async shifts(_caller: Caller, _input: ParsedInput<'volunteer','shifts'>): Promise<ActionOutput<'volunteer','shifts'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async myShifts(_caller: Caller, _when: 'upcoming' | 'past'): Promise<ActionOutput<'volunteer','myShifts'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async signUp(_caller: Caller, _input: ParsedInput<'volunteer','signUp'>, _requestId: string): Promise<ActionOutput<'volunteer','signUp'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async cancel(_caller: Caller, _shiftId: string, _requestId: string): Promise<ActionOutput<'volunteer','cancel'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async managedShifts(_caller: Caller, _input: ParsedInput<'volunteer','managedShifts'>): Promise<ActionOutput<'volunteer','managedShifts'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async createShift(_caller: Caller, _input: ParsedInput<'volunteer','createShift'>, _requestId: string): Promise<ActionOutput<'volunteer','createShift'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async roster(_caller: Caller, _shiftId: string): Promise<ActionOutput<'volunteer','roster'>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

  async tick(): Promise<Record<string, number>> {
    throw new DomainError('INTERNAL', `not built yet (${String(this.clock.now() > 0 && typeof this.db)})`);
  }

}
