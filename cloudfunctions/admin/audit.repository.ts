import type { AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import { dbRegExp, escapeRegExp, type Database } from '../_shared/db';

export interface AuditDoc extends AuditEntry {
  _id: string;
  at: Date;
}

export type AuditScope = { all: true } | { all: false; venueIds: string[]; streetIds: string[] };

/** What to read of the log: who (exact), what (exact, or a prefix such as `admin.`), and a time window [from, to). */
export interface AuditFilter {
  before: Date | null;
  actor?: string;
  action?: { exact: string } | { prefix: string };
  from?: Date;
  to?: Date;
}

/** Reads the append-only audit log (writes happen in the same transaction as each privileged change). */
export class AuditRepository {
  constructor(private readonly db: () => Database) {}

  async latest(scope: AuditScope, filter: AuditFilter, limit: number): Promise<AuditDoc[]> {
    const db = this.db();
    const _ = db.command;
    const parts: object[] = [];
    if (!scope.all) parts.push(_.or([{ 'scope.venueId': _.in(scope.venueIds) }, { 'scope.streetId': _.in(scope.streetIds) }]));
    if (filter.actor !== undefined) parts.push({ actor: filter.actor });
    if (filter.action && 'exact' in filter.action) parts.push({ action: filter.action.exact });
    if (filter.action && 'prefix' in filter.action) parts.push({ action: dbRegExp(db, `^${escapeRegExp(filter.action.prefix)}`) });
    if (filter.before) parts.push({ at: _.lt(filter.before) });
    if (filter.from) parts.push({ at: _.gte(filter.from) });
    if (filter.to) parts.push({ at: _.lt(filter.to) });
    const where = parts.length === 0 ? {} : parts.length === 1 ? (parts[0] as object) : _.and(parts);
    const res = await db.collection(Collections.auditLog).where(where).orderBy('at', 'desc').limit(limit).get();
    return res.data as AuditDoc[];
  }

  /** Nicknames of these people (one query). */
  async nicknames(openids: string[]): Promise<Map<string, string>> {
    if (openids.length === 0) return new Map();
    const db = this.db();
    const res = await db.collection(Collections.users).where({ _id: db.command.in(openids) }).field({ _id: true, nickname: true }).limit(1000).get();
    return new Map((res.data as Array<{ _id: string; nickname?: string }>).filter((u) => typeof u.nickname === 'string').map((u) => [u._id, u.nickname as string]));
  }
}
