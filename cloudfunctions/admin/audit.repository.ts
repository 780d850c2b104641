import type { AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';

export interface AuditDoc extends AuditEntry {
  _id: string;
  at: Date;
}

export type AuditScope = { all: true } | { all: false; venueIds: string[]; streetIds: string[] };

/** Reads the append-only audit log (writes happen in the same transaction as each privileged change). */
export class AuditRepository {
  constructor(private readonly db: () => Database) {}

  async latest(scope: AuditScope, before: Date | null, limit: number): Promise<AuditDoc[]> {
    const db = this.db();
    const _ = db.command;
    const inScope = scope.all ? null : _.or([{ 'scope.venueId': _.in(scope.venueIds) }, { 'scope.streetId': _.in(scope.streetIds) }]);
    const older = before ? { at: _.lt(before) } : null;
    const where = inScope && older ? _.and([inScope, older]) : (inScope ?? older ?? {});
    const res = await db.collection(Collections.auditLog).where(where).orderBy('at', 'desc').limit(limit).get();
    return res.data as AuditDoc[];
  }
}
