import type { Caller } from '../_shared/caller';
import { grantedBranches } from '../_shared/branches';
import type { ActivityDoc } from './activity.docs';

/** The branches the caller organises for (their branch_secretary grants), and whether they are a district admin (all branches). */
export async function organizerScope(caller: Caller): Promise<{ all: boolean; branchIds: string[] }> {
  const grants = await caller.roles();
  return { all: grants.some((g) => g.role === 'district_admin'), branchIds: grantedBranches(grants, ['branch_secretary']) };
}

/** Whether the caller organises this activity: its branch's secretary, or a district admin. */
export async function organizes(caller: Caller, doc: Pick<ActivityDoc, 'branchId'>): Promise<boolean> {
  const scope = await organizerScope(caller);
  return scope.all || scope.branchIds.includes(doc.branchId);
}

/** Whether the caller is the activity's own branch secretary (sees roster phones in full). */
export async function ownSecretary(caller: Caller, doc: Pick<ActivityDoc, 'branchId'>): Promise<boolean> {
  return (await organizerScope(caller)).branchIds.includes(doc.branchId);
}

/** The branches the caller belongs to (party member or secretary): whose members-only activities they may see. */
export async function memberBranches(caller: Caller): Promise<string[]> {
  return grantedBranches(await caller.roles(), ['party_member', 'branch_secretary']);
}

/** Whether the caller is a party member of the activity's branch (may see its members-only activities). */
export async function memberOf(caller: Caller, branchId: string): Promise<boolean> {
  return (await memberBranches(caller)).includes(branchId);
}
