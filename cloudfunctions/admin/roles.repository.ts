import type { RoleGrant } from '../../types';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { getDoc, runTransaction } from '../_shared/tx';

interface PlaceDoc {
  _id: string;
  streetId: string | null;
}

export class RolesRepository {
  constructor(private readonly db: () => Database) {}

  async roles(openid: string): Promise<RoleGrant[] | null> {
    const user = await getDoc<{ roles?: RoleGrant[] }>(this.db(), Collections.users, openid);
    return user ? (user.roles ?? []) : null;
  }

  /** The street of each venue or station id (null for 创益园 rooms, unknown ids are missing from the map). */
  async streetsOf(kind: 'venues' | 'stations', ids: string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const db = this.db();
    const res = await db.collection(Collections[kind]).where({ _id: db.command.in(ids) }).field({ streetId: true }).limit(1000).get();
    return new Map((res.data as PlaceDoc[]).map((d) => [d._id, d.streetId ?? null]));
  }

  /** Replaces the user's role grants and appends the audit entry, atomically. */
  async saveRoles(openid: string, roles: RoleGrant[], audit: AuditEntry, now: number): Promise<void> {
    await runTransaction(
      this.db(),
      async (tx) => {
        await tx.collection(Collections.users).doc(openid).update({ roles, updatedAt: new Date(now) });
        await appendAudit(tx, audit, now);
      },
      3,
    );
  }
}
