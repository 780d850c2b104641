import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { RuntimeDeps } from '../_shared/runtime';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** Organisers' side: drafts, publishing into a venue, changes (re-booking, notices), cancelling. TO BE BUILT (engineer A). */
export class LifecycleService {
  constructor(readonly deps: RuntimeDeps) {}

  organized(_caller: Caller): Promise<ActionOutput<'activity', 'organized'>> {
    return notBuilt();
  }
  create(_caller: Caller, _input: ParsedInput<'activity', 'create'>, _requestId: string): Promise<ActionOutput<'activity', 'create'>> {
    return notBuilt();
  }
  update(_caller: Caller, _input: ParsedInput<'activity', 'update'>, _requestId: string): Promise<ActionOutput<'activity', 'update'>> {
    return notBuilt();
  }
  publish(_caller: Caller, _input: ParsedInput<'activity', 'publish'>, _requestId: string): Promise<ActionOutput<'activity', 'publish'>> {
    return notBuilt();
  }
  cancelActivity(_caller: Caller, _input: ParsedInput<'activity', 'cancelActivity'>, _requestId: string): Promise<ActionOutput<'activity', 'cancelActivity'>> {
    return notBuilt();
  }
  /** Timer: finishes cancellations' notices and other stragglers. */
  tick(): Promise<Record<string, number>> {
    return Promise.resolve({});
  }
}
