import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { RuntimeDeps } from '../_shared/runtime';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** Reading: the feed, one activity, mine; the organiser's roster, check-in code and export. TO BE BUILT (engineer D). */
export class ListingService {
  constructor(readonly deps: RuntimeDeps) {}

  feed(_caller: Caller, _input: ParsedInput<'activity', 'feed'>): Promise<ActionOutput<'activity', 'feed'>> {
    return notBuilt();
  }
  get(_caller: Caller, _input: ParsedInput<'activity', 'get'>): Promise<ActionOutput<'activity', 'get'>> {
    return notBuilt();
  }
  mine(_caller: Caller): Promise<ActionOutput<'activity', 'mine'>> {
    return notBuilt();
  }
  roster(_caller: Caller, _input: ParsedInput<'activity', 'roster'>): Promise<ActionOutput<'activity', 'roster'>> {
    return notBuilt();
  }
  checkInCode(_caller: Caller, _input: ParsedInput<'activity', 'checkInCode'>): Promise<ActionOutput<'activity', 'checkInCode'>> {
    return notBuilt();
  }
  exportRoster(_caller: Caller, _input: ParsedInput<'activity', 'exportRoster'>): Promise<ActionOutput<'activity', 'exportRoster'>> {
    return notBuilt();
  }
}
