import { createFunction, type Handlers, type RuntimeDeps } from '../_shared/runtime';
import { OrgService } from './org.service';
import { PartyOrgService } from './party-org.service';

/**
 * The register of social organizations and their party organizations (types/org.ts). OrgService: list, get, claim,
 * update, verify, create, merge. PartyOrgService: partyOrgs, savePartyOrg.
 */
export const handlers = (deps: RuntimeDeps): Handlers<'org'> => {
  const orgs = new OrgService(deps);
  const partyOrgs = new PartyOrgService(deps);
  return {
    list: (input) => orgs.list(input),
    get: (input, ctx) => orgs.get(ctx.caller, input.orgId),
    claim: (input, ctx) => orgs.claim(ctx.caller, input.orgId, ctx.requestId),
    update: (input, ctx) => orgs.update(ctx.caller, input.orgId, input.profile, ctx.requestId),
    verify: (input, ctx) => orgs.verify(ctx.caller, input.orgId, input.claim, ctx.requestId),
    create: (input, ctx) => orgs.create(ctx.caller, input.profile, ctx.requestId),
    merge: (input, ctx) => orgs.merge(ctx.caller, input.keepId, input.dropId, ctx.requestId),
    partyOrgs: (input) => partyOrgs.list(input.streetId),
    savePartyOrg: (input, ctx) => partyOrgs.save(ctx.caller, input, ctx.requestId),
  };
};

export const main = createFunction('org', handlers);
