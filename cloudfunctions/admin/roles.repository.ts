import type { RoleGrant } from '../../types';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { getDoc, runTransaction } from '../_shared/tx';

interface PlaceDoc {
  _id: string;
  streetId: string | null;
}

/** What a role change decided: the user's new grants and the audit entry, or nothing to write. */
export type RoleChange = { roles: RoleGrant[]; audit: AuditEntry } | { unchanged: true };

export class RolesRepository {
  constructor(private readonly db: () => Database) {}

  /** The street of each venue or station id (null for 创益园 rooms, unknown ids are missing from the map). */
  async streetsOf(kind: 'venues' | 'stations', ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const db = this.db();
    const res = await db.collection(Collections[kind]).where({ _id: db.command.in(ids) }).field({ streetId: true }).limit(1000).get();
    return new Map((res.data as PlaceDoc[]).map((d) => [d._id, d.streetId ?? null]));
  }

  async streetExists(id: string): Promise<boolean> {
    return (await getDoc(this.db(), Collections.streets, id)) !== null;
  }

  /**
   * Reads the user's grants and writes what `decide` makes of them with its audit entry, in one transaction (two
   * administrators changing one user's roles at once cannot lose either change). `decide` gets null for an unknown
   * user. Returns the grants as they are afterwards, or null for an unknown user.
   */
  async changeRoles(openid: string, decide: (current: RoleGrant[] | null) => Promise<RoleChange>, now: number): Promise<RoleGrant[] | null> {
    return runTransaction(
      this.db(),
      async (tx) => {
        const user = await getDoc<{ roles?: RoleGrant[] }>(tx, Collections.users, openid);
        const current = user ? (user.roles ?? []) : null;
        const change = await decide(current);
        if ('unchanged' in change) return current;
        await tx.collection(Collections.users).doc(openid).update({ roles: change.roles, updatedAt: new Date(now) });
        await appendAudit(tx, change.audit, now);
        return change.roles;
      },
      3,
    );
  }
}
