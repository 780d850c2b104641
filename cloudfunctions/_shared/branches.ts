import type { RoleGrant } from '../../types';
import { Collections } from './collections';
import type { Database } from './db';

/** Most members one branch read takes (a 联合党支部 has a few dozen). */
export const MAX_BRANCH_MEMBERS = 1000;

/**
 * A party organization (`party_branches/<id>`): one organization's own (单独组建, exactly one member organization) or a
 * joint one (联合党支部). `orgIds` are its member organizations; `organizations` are their names, kept in step in the
 * same transaction as any change of members or of a member's name (the course record and the activity slice read them).
 */
export interface PartyBranchDoc {
  _id: string;
  name: string;
  kind: 'own' | 'joint';
  /** Its street, or null for a district-level party organization. */
  streetId: string | null;
  orgIds: string[];
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

/**
 * Per party organization: its secretary's nickname (the first `branch_secretary` grant scoped to it) and how many
 * `party_member` grants point at it. One aggregate over users, whatever the number of members.
 */
export async function branchPeople(db: Database, branchIds: string[]): Promise<Map<string, { secretary: string | null; members: number }>> {
  const out = new Map(branchIds.map((id) => [id, { secretary: null as string | null, members: 0 }]));
  if (branchIds.length === 0) return out;
  const ids = db.command.in(branchIds);
  const res = (await db
    .collection(Collections.users)
    .aggregate()
    .match({ 'roles.scope.branchId': ids })
    .unwind('$roles')
    .match({ 'roles.scope.branchId': ids, 'roles.role': db.command.in(['party_member', 'branch_secretary']) })
    .group({ _id: { branchId: '$roles.scope.branchId', role: '$roles.role' }, n: { $sum: 1 }, names: { $push: '$nickname' } })
    .limit(MAX_BRANCH_MEMBERS)
    .end()) as { data?: Array<{ _id: { branchId: string; role: string }; n: number; names: unknown[] }> };
  for (const r of res.data ?? []) {
    const entry = out.get(r._id.branchId);
    if (!entry) continue;
    if (r._id.role === 'party_member') entry.members = r.n;
    else entry.secretary = r.names.map((n) => (typeof n === 'string' ? n : null)).sort()[0] ?? null;
  }
  return out;
}
