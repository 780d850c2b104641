import { addDays, beijingInstant, parseInstant, toBeijingIso } from '../../types/beijing-time';
import type { AuditEntryView, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { AuditFilter, AuditRepository, AuditScope } from './audit.repository';

export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /**
   * Each admin reads the part of the log that concerns what they administer, filtered by who, what (an action, or
   * every action starting so when it ends with '.') and when (Beijing dates, both included), with the actors' names.
   */
  async read(caller: Caller, input: ParsedInput<'admin', 'auditLog'>): Promise<{ entries: AuditEntryView[] }> {
    const { limit = 50, before } = input;
    const grants = await caller.roles();
    let scope: AuditScope = { all: false, venueIds: [], streetIds: [] };
    for (const g of grants) {
      if (g.role === 'district_admin') scope = { all: true };
      else if (!scope.all && g.role === 'venue_manager') scope.venueIds.push(...(g.scope?.venueIds ?? []));
      else if (!scope.all && g.role === 'street_admin' && g.scope?.streetId) scope.streetIds.push(g.scope.streetId);
    }
    const filter: AuditFilter = {
      before: before ? new Date(parseInstant(before)) : null,
      ...(input.actor !== undefined ? { actor: input.actor } : {}),
      ...(input.action !== undefined ? { action: input.action.endsWith('.') ? { prefix: input.action } : { exact: input.action } } : {}),
      ...(input.from !== undefined ? { from: new Date(beijingInstant(input.from, '00:00')) } : {}),
      ...(input.to !== undefined ? { to: new Date(beijingInstant(addDays(input.to, 1), '00:00')) } : {}),
    };
    const docs = await this.audit.latest(scope, filter, limit);
    const names = await this.audit.nicknames([...new Set(docs.map((d) => d.actor))]);
    return {
      entries: docs.map((d) => ({
        id: d._id,
        actor: d.actor,
        action: d.action,
        target: d.target,
        summary: d.summary,
        requestId: d.requestId,
        at: toBeijingIso(new Date(d.at).getTime()),
        actorName: names.get(d.actor) ?? null,
        before: d.before ?? null,
        after: d.after ?? null,
      })),
    };
  }
}
