import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { RuntimeDeps } from '../_shared/runtime';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** Places, waitlist, cancellation with promotion, attendance. TO BE BUILT (engineer B). */
export class SignupService {
  constructor(readonly deps: RuntimeDeps) {}

  signUp(_caller: Caller, _input: ParsedInput<'activity', 'signUp'>): Promise<ActionOutput<'activity', 'signUp'>> {
    return notBuilt();
  }
  cancel(_caller: Caller, _input: ParsedInput<'activity', 'cancel'>): Promise<ActionOutput<'activity', 'cancel'>> {
    return notBuilt();
  }
  checkIn(_caller: Caller, _input: ParsedInput<'activity', 'checkIn'>): Promise<ActionOutput<'activity', 'checkIn'>> {
    return notBuilt();
  }
  /** Timer: seats people waiting wherever a place is free. */
  tick(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }
}
