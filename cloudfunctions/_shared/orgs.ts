/**
 * Membership of social organizations is kept on the person's user document (`orgs`), leaders included: it is the
 * person's own data (exported with it, erased with it), and the register can list an organization's people with one
 * query on `orgs.orgId`. The venue function books in an organization's name for them; the org function adds a leader
 * when a claim is accepted and moves people when duplicates are merged.
 */
export interface OrgMembership {
  orgId: string;
  role: 'leader' | 'member';
}
