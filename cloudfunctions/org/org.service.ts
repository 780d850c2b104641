import type { ActionOutput, OrgProfile, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { RuntimeDeps } from '../_shared/runtime';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** The register: reading, claiming, editing, verifying, creating and merging organizations. */
export class OrgService {
  constructor(readonly deps: RuntimeDeps) {}

  list(_input: ParsedInput<'org', 'list'>): Promise<ActionOutput<'org', 'list'>> {
    return notBuilt();
  }
  get(_caller: Caller, _orgId: string): Promise<ActionOutput<'org', 'get'>> {
    return notBuilt();
  }
  claim(_caller: Caller, _orgId: string, _requestId: string): Promise<ActionOutput<'org', 'claim'>> {
    return notBuilt();
  }
  update(_caller: Caller, _orgId: string, _profile: OrgProfile, _requestId: string): Promise<ActionOutput<'org', 'update'>> {
    return notBuilt();
  }
  verify(_caller: Caller, _orgId: string, _claim: 'accept' | 'reject' | undefined, _requestId: string): Promise<ActionOutput<'org', 'verify'>> {
    return notBuilt();
  }
  create(_caller: Caller, _profile: OrgProfile, _requestId: string): Promise<ActionOutput<'org', 'create'>> {
    return notBuilt();
  }
  merge(_caller: Caller, _keepId: string, _dropId: string, _requestId: string): Promise<ActionOutput<'org', 'merge'>> {
    return notBuilt();
  }
}
