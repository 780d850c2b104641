import type { RoleGrant } from '../../types';
import { Collections } from './collections';
import type { Database } from './db';

/** Most members one branch read takes (a 联合党支部 has a few dozen). */
export const MAX_BRANCH_MEMBERS = 1000;

/** A party branch (联合党支部): its name and the social organizations it is made of. */
export interface PartyBranchDoc {
  _id: string;
  name: string;
  organizations: string[];
  sort: number;
}

type UserDoc = { _id: string; nickname?: unknown; roles?: RoleGrant[] };

/** The party members of a branch (a `party_member` grant scoped to it): openid and nickname. One query. */
export async function branchMembers(db: Database, branchId: string): Promise<Array<{ openid: string; nickname: string | null }>> {
  const res = await db.collection(Collections.users).where({ 'roles.scope.branchId': branchId }).limit(MAX_BRANCH_MEMBERS).get();
  return (res.data as UserDoc[])
    .filter((u) => Array.isArray(u.roles) && u.roles.some((g) => g.role === 'party_member' && g.scope?.branchId === branchId))
    .map((u) => ({ openid: u._id, nickname: typeof u.nickname === 'string' ? u.nickname : null }));
}

/** The branches named by the caller's grants of these roles (in grant order, without repeats). */
export function grantedBranches(grants: RoleGrant[], roles: readonly string[]): string[] {
  return [...new Set(grants.flatMap((g) => (roles.includes(g.role) && g.scope?.branchId ? [g.scope.branchId] : [])))];
}
