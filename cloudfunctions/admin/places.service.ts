import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { RuntimeDeps } from '../_shared/runtime';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** Venues and stations administration: list in scope, create/edit, retire. */
export class PlacesService {
  constructor(readonly deps: RuntimeDeps) {}

  venues(_caller: Caller, _input: ParsedInput<'admin', 'venues'>): Promise<ActionOutput<'admin', 'venues'>> {
    return notBuilt();
  }
  saveVenue(_caller: Caller, _input: ParsedInput<'admin', 'saveVenue'>, _requestId: string): Promise<ActionOutput<'admin', 'saveVenue'>> {
    return notBuilt();
  }
  retireVenue(_caller: Caller, _input: ParsedInput<'admin', 'retireVenue'>, _requestId: string): Promise<ActionOutput<'admin', 'retireVenue'>> {
    return notBuilt();
  }
  stations(_caller: Caller, _input: ParsedInput<'admin', 'stations'>): Promise<ActionOutput<'admin', 'stations'>> {
    return notBuilt();
  }
  saveStation(_caller: Caller, _input: ParsedInput<'admin', 'saveStation'>, _requestId: string): Promise<ActionOutput<'admin', 'saveStation'>> {
    return notBuilt();
  }
  retireStation(_caller: Caller, _input: ParsedInput<'admin', 'retireStation'>, _requestId: string): Promise<ActionOutput<'admin', 'retireStation'>> {
    return notBuilt();
  }
  findPeople(_caller: Caller, _q: string): Promise<ActionOutput<'admin', 'findPeople'>> {
    return notBuilt();
  }
}
