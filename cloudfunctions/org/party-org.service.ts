import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { RuntimeDeps } from '../_shared/runtime';

const notBuilt = (): never => {
  throw new Error('not built yet');
};

/** Party organizations (the `party_branches` collection): own and joint, their member organizations. */
export class PartyOrgService {
  constructor(readonly deps: RuntimeDeps) {}

  list(_streetId: string | undefined): Promise<ActionOutput<'org', 'partyOrgs'>> {
    return notBuilt();
  }
  save(_caller: Caller, _input: ParsedInput<'org', 'savePartyOrg'>, _requestId: string): Promise<ActionOutput<'org', 'savePartyOrg'>> {
    return notBuilt();
  }
}
