import { randomBytes } from 'node:crypto';
import type { ActionOutput, ParsedInput, PartyOrgView } from '../../types';
import { assertInScope, requireAdmin } from '../_shared/admin-scope';
import type { PartyBranchDoc } from '../_shared/branches';
import type { Caller } from '../_shared/caller';
import { DomainError, forbidden, notFound } from '../_shared/errors';
import type { RuntimeDeps } from '../_shared/runtime';
import { OrgRepository } from './org.repository';
import { auditedPartyOrg, partyOrgViewOf } from './view';

const areaUnknown = (field: string): DomainError => new DomainError('ADMIN.AREA_UNKNOWN', 'no such street', { [field]: '街道或社区不对，请重新选择' }, { field });

/** Party organizations (the `party_branches` collection): own and joint, their member organizations. */
export class PartyOrgService {
  private readonly repo: OrgRepository;

  constructor(readonly deps: RuntimeDeps) {
    this.repo = new OrgRepository(deps.db);
  }

  async list(streetId: string | undefined): Promise<ActionOutput<'org', 'partyOrgs'>> {
    const [docs, streets] = await Promise.all([this.repo.partyOrgs(streetId), this.repo.streets()]);
    const names = new Map(streets.map((s) => [s._id, s.name]));
    const people = await this.repo.people(docs.map((d) => d._id));
    return { items: docs.map((d) => partyOrgViewOf(d, d.streetId ? (names.get(d.streetId) ?? null) : null, people.get(d._id))) };
  }

  private async view(doc: PartyBranchDoc): Promise<PartyOrgView> {
    const [street, people] = await Promise.all([doc.streetId ? this.repo.street(doc.streetId) : null, this.repo.people([doc._id])]);
    return partyOrgViewOf(doc, street?.name ?? null, people.get(doc._id));
  }

  /**
   * Creates or edits a party organization in one transaction: the party organization itself, each member's `party`,
   * members taken from another party organization removed there, and members dropped set to 'none'. Own: exactly one
   * organization. District level (no street): district admins only; a street admin only their street's organizations.
   * A street-level party organization holds organizations of its street only.
   */
  async save(caller: Caller, input: ParsedInput<'org', 'savePartyOrg'>, requestId: string): Promise<ActionOutput<'org', 'savePartyOrg'>> {
    const scope = await requireAdmin(caller);
    const orgIds = [...new Set(input.orgIds)];
    if (input.kind === 'own' && orgIds.length !== 1) throw new DomainError('ORG.PARTY_OWN_ONE', 'an own party organization has exactly one organization', { orgIds: '单独组建的党组织只能包含一个社会组织' });
    if (input.streetId === null) {
      if (!scope.all) throw forbidden('只有区里可以建区级党组织');
    } else {
      assertInScope(scope, input.streetId, 'street');
      if (!(await this.repo.street(input.streetId))) throw areaUnknown('streetId');
    }
    const existing = input.partyOrgId ? await this.repo.partyOrg(input.partyOrgId) : null;
    if (input.partyOrgId) {
      if (!existing) throw notFound('ORG.PARTY_NOT_FOUND', '没有找到这个党组织');
      assertInScope(scope, existing.streetId, 'party organization');
    }
    const orgs = await this.repo.orgs(orgIds);
    for (const id of orgIds) {
      const org = orgs.find((o) => o._id === id);
      if (!org) throw new DomainError('ORG.NOT_FOUND', `no organization ${id}`, { orgIds: '没有找到这个社会组织' });
      assertInScope(scope, org.streetId, 'organization');
      if (org.mergedInto) throw new DomainError('ORG.MERGED', `${id} was merged`, { orgIds: '这个组织已经和另一条重复的记录合并了' });
      if (input.streetId !== null && org.streetId !== input.streetId) throw areaUnknown('orgIds');
    }
    const id = input.partyOrgId ?? `po_${randomBytes(10).toString('hex')}`;
    const now = this.deps.clock.now();
    const saved = await this.repo.transaction(now, async (tx) => {
      const before = input.partyOrgId ? await tx.partyOrg(id) : null;
      if (input.partyOrgId && !before) throw notFound('ORG.PARTY_NOT_FOUND', '没有找到这个党组织');
      const members = await Promise.all(orgIds.map((o) => tx.org(o)));
      const names: string[] = [];
      /** Other party organizations losing members: id → the members leaving. */
      const leaving = new Map<string, Set<string>>();
      for (const org of members) {
        if (!org) throw new DomainError('ORG.NOT_FOUND', 'an organization is gone', { orgIds: '没有找到这个社会组织' });
        if (org.mergedInto) throw new DomainError('ORG.MERGED', `${org._id} was merged`, { orgIds: '这个组织已经和另一条重复的记录合并了' });
        names.push(org.name);
        const from = org.party?.partyOrgId;
        if (from && from !== id) leaving.set(from, (leaving.get(from) ?? new Set()).add(org._id));
      }
      for (const [otherId, gone] of leaving) {
        const other = await tx.partyOrg(otherId);
        if (!other) continue;
        const keep = other.orgIds.map((o, i) => [o, other.organizations[i] ?? o] as const).filter(([o]) => !gone.has(o));
        await tx.setPartyOrgMembers(otherId, keep.map(([o]) => o), keep.map(([, n]) => n));
      }
      for (const dropped of (before?.orgIds ?? []).filter((o) => !orgIds.includes(o))) {
        const org = await tx.org(dropped);
        if (org?.party?.partyOrgId === id) await tx.setOrg(dropped, { party: { mode: 'none', partyOrgId: null } });
      }
      for (const org of members) await tx.setOrg(org!._id, { party: { mode: input.kind, partyOrgId: id } });
      const doc: PartyBranchDoc = { _id: id, name: input.name, kind: input.kind, streetId: input.streetId, orgIds, organizations: names, sort: before?.sort ?? now };
      await tx.savePartyOrg(doc);
      await tx.audit({
        actor: caller.openid,
        action: 'org.savePartyOrg',
        target: id,
        summary: `${before ? '修改' : '新建'}党组织「${input.name}」（${orgIds.length}个社会组织${leaving.size > 0 ? `，其中${[...leaving.values()].reduce((s, g) => s + g.size, 0)}个从别的党组织转来` : ''}）`,
        requestId,
        scope: { ...(input.streetId ? { streetId: input.streetId } : {}), partyOrgId: id },
        before: auditedPartyOrg(before),
        after: auditedPartyOrg(doc),
      });
      return doc;
    });
    return this.view(saved);
  }
}
