import type { ActionInput, ActionOutput, OrgDetail, OrgProfile, OrgSummary, PartyOrgView } from '../../types';
import { call, newRequestId } from './client';

export type OrgFilter = ActionInput<'org', 'list'>;
export type OrgPage = { items: OrgSummary[]; total: number };
export type PartyOrgInput = ActionInput<'org', 'savePartyOrg'>;

/**
 * 社会组织 register on the client: the public list and pages; a leader's claim and edits; an admin's verify, create,
 * merge and party organizations. Mutations take a `requestId` made once per intent.
 */
export const orgService = {
  list: (filter: OrgFilter = {}): Promise<OrgPage> => call('org', 'list', filter),
  get: (orgId: string): Promise<OrgDetail> => call('org', 'get', { orgId }),
  claim: (orgId: string, requestId: string = newRequestId()): Promise<ActionOutput<'org', 'claim'>> => call('org', 'claim', { orgId }, { requestId }),
  update: (orgId: string, profile: OrgProfile, requestId: string = newRequestId()): Promise<OrgDetail> => call('org', 'update', { orgId, profile }, { requestId }),
  verify: (orgId: string, claim?: 'accept' | 'reject', requestId: string = newRequestId()): Promise<OrgDetail> =>
    call('org', 'verify', claim ? { orgId, claim } : { orgId }, { requestId }),
  create: (profile: OrgProfile, requestId: string = newRequestId()): Promise<OrgDetail> => call('org', 'create', { profile }, { requestId }),
  merge: (keepId: string, dropId: string, requestId: string = newRequestId()): Promise<ActionOutput<'org', 'merge'>> =>
    call('org', 'merge', { keepId, dropId }, { requestId }),
  partyOrgs: async (streetId?: string): Promise<PartyOrgView[]> => (await call('org', 'partyOrgs', streetId ? { streetId } : {})).items,
  savePartyOrg: (input: PartyOrgInput, requestId: string = newRequestId()): Promise<PartyOrgView> => call('org', 'savePartyOrg', input, { requestId }),
};
