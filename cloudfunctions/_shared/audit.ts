import { randomBytes } from 'node:crypto';
import { Collections } from './collections';
import type { Writer } from './tx';

export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  /** What changed, in a few words a reviewer can read. */
  summary: string;
  requestId: string;
  /** Scope for admins' reading (venue, station, street…). */
  scope: Record<string, string>;
  /**
   * The object before and after the change (administration: venues, stations, organizations, party organizations,
   * roles). Plain data, phone numbers masked: the log is read by every admin in scope.
   */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Appends to the append-only audit log, in the same transaction as the privileged change. */
export async function appendAudit(w: Writer, entry: AuditEntry, now: number): Promise<void> {
  await w.collection(Collections.auditLog).add({
    _id: `a_${now.toString(36)}_${randomBytes(6).toString('hex')}`,
    ...entry,
    at: new Date(now),
  });
}
