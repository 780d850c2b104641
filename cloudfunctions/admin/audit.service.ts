import { parseInstant, toBeijingIso } from '../../types/beijing-time';
import type { AuditEntryView, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { AuditRepository, AuditScope } from './audit.repository';

export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /** Each admin reads the part of the log that concerns what they administer. */
  async read(caller: Caller, input: ParsedInput<'admin', 'auditLog'>): Promise<{ entries: AuditEntryView[] }> {
    const { limit = 50, before } = input;
    const grants = await caller.roles();
    let scope: AuditScope = { all: false, venueIds: [], streetIds: [] };
    for (const g of grants) {
      if (g.role === 'district_admin') scope = { all: true };
      else if (!scope.all && g.role === 'venue_manager') scope.venueIds.push(...(g.scope?.venueIds ?? []));
      else if (!scope.all && g.role === 'street_admin' && g.scope?.streetId) scope.streetIds.push(g.scope.streetId);
    }
    const docs = await this.audit.latest(scope, before ? new Date(parseInstant(before)) : null, limit);
    return {
      entries: docs.map((d) => ({
        id: d._id,
        actor: d.actor,
        action: d.action,
        target: d.target,
        summary: d.summary,
        requestId: d.requestId,
        at: toBeijingIso(new Date(d.at).getTime()),
        actorName: null,
        before: d.before ?? null,
        after: d.after ?? null,
      })),
    };
  }
}
