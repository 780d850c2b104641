import { randomBytes } from 'node:crypto';
import type { ActionOutput, OrgDetail, OrgProfile, ParsedInput } from '../../types';
import { beijingDate } from '../../types/beijing-time';
import { adminScopeOf, assertInScope, inScope, requireAdmin, type AdminScope } from '../_shared/admin-scope';
import type { Caller } from '../_shared/caller';
import { assertPostable, contentChecker } from '../_shared/content-security';
import { DomainError, forbidden, notFound } from '../_shared/errors';
import type { OrgMembership } from '../_shared/orgs';
import { maskPhone } from '../_shared/privacy';
import type { RuntimeDeps } from '../_shared/runtime';
import type { OrgDoc } from './org.docs';
import { OrgRepository, type OrgTx } from './org.repository';
import { auditedProfile, detailOf, summaryOf } from './view';

/** Activities an organization's page shows (its party organization's, published, newest first). */
const PAGE_ACTIVITIES = 10;
/** Months of volunteer hours and venue use on an organization's page. */
const PAGE_MONTHS = 12;
/** Most people one merge moves (one transaction writes each of their user documents). */
export const MAX_MERGE_PEOPLE = 500;

const orgNotFound = (): DomainError => notFound('ORG.NOT_FOUND', '没有找到这个社会组织');
const merged = (): DomainError => new DomainError('ORG.MERGED', 'the organization was merged into another');

/** The last `n` Beijing months up to the one of `now`, as YYYY-MM. */
export function lastMonths(now: number, n: number): string[] {
  const [y, m] = beijingDate(now).split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + (m - 1) - i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

/** The person's memberships with `role` in `orgId` (a leader replaces a membership; nothing repeats). */
export function withMembership(orgs: OrgMembership[], orgId: string, role: OrgMembership['role']): OrgMembership[] {
  const existing = orgs.find((m) => m.orgId === orgId);
  const kept = existing?.role === 'leader' ? 'leader' : role;
  return [...orgs.filter((m) => m.orgId !== orgId), { orgId, role: kept }];
}

/** The register: reading, claiming, editing, verifying, creating and merging organizations. */
export class OrgService {
  private readonly repo: OrgRepository;

  constructor(readonly deps: RuntimeDeps) {
    this.repo = new OrgRepository(deps.db);
  }

  private now(): number {
    return this.deps.clock.now();
  }

  async list(input: ParsedInput<'org', 'list'>): Promise<ActionOutput<'org', 'list'>> {
    const { items, total } = await this.repo.list({ ...input, offset: input.offset ?? 0, limit: input.limit ?? 20 });
    const parties = new Map((await this.repo.partyOrgsByIds(items.flatMap((o) => (o.party?.partyOrgId ? [o.party.partyOrgId] : [])))).map((p) => [p._id, p.name]));
    return { items: items.map((o) => summaryOf(o, parties.get(o.party?.partyOrgId ?? '') ?? null)), total };
  }

  async get(caller: Caller, orgId: string): Promise<ActionOutput<'org', 'get'>> {
    const org = await this.repo.org(orgId);
    if (!org) throw orgNotFound();
    return this.detail(caller, org);
  }

  /** The page of `org` as `caller` sees it. */
  private async detail(caller: Caller, org: OrgDoc): Promise<OrgDetail> {
    const partyOrgId = org.party?.partyOrgId ?? null;
    const [scope, user, party, activities, rollups] = await Promise.all([
      adminScopeOf(caller),
      this.repo.user(caller.openid),
      partyOrgId ? this.repo.partyOrg(partyOrgId) : null,
      partyOrgId ? this.repo.activities(partyOrgId, PAGE_ACTIVITIES) : [],
      this.repo.rollups(org._id, lastMonths(this.now(), PAGE_MONTHS)),
    ]);
    const live = !org.mergedInto;
    const admin = !!scope && inScope(scope, org.streetId);
    const mine = org.claim?.openid === caller.openid;
    const leads = mine && org.claim?.state === 'claimed' && (user?.orgs ?? []).some((m) => m.orgId === org._id && m.role === 'leader');
    let pendingClaim: OrgDetail['pendingClaim'] = null;
    if (admin && org.claim?.state === 'pending') {
      const claimant = await this.repo.user(org.claim.openid);
      pendingClaim = { openid: org.claim.openid, nickname: claimant?.nickname ?? null, phoneMasked: maskPhone(claimant?.phone), at: new Date(org.claim.at).toISOString() };
    }
    return detailOf(org, {
      partyOrgName: party?.name ?? null,
      activities,
      rollups,
      can: { edit: live && (admin || leads), verify: live && admin, claim: live && !mine && org.claim?.state !== 'claimed' },
      myClaim: mine && org.claim ? org.claim.state : 'none',
      pendingClaim,
    });
  }

  async claim(caller: Caller, orgId: string, requestId: string): Promise<ActionOutput<'org', 'claim'>> {
    const user = await caller.user();
    const now = this.now();
    return this.repo.transaction(now, async (tx) => {
      const org = await tx.org(orgId);
      if (!org) throw orgNotFound();
      if (org.mergedInto) throw merged();
      if (org.claim?.openid === caller.openid) return { orgId, claim: org.claim.state };
      if (await tx.erasing(caller.openid)) throw forbidden('this account is being deleted');
      const phoneMatches = !!user?.phone && !!org.leaderPhone && user.phone === org.leaderPhone;
      if (org.claim?.state === 'claimed' || (org.claim && !phoneMatches)) {
        throw new DomainError('ORG.ALREADY_CLAIMED', 'someone else has claimed this organization');
      }
      const state = phoneMatches ? 'claimed' : 'pending';
      if (state === 'claimed') {
        const doc = await tx.user(caller.openid);
        if (!doc) throw new DomainError('ORG.ALREADY_CLAIMED', 'no user document to lead with');
        await tx.setUserOrgs(caller.openid, withMembership(doc.orgs ?? [], orgId, 'leader'));
      }
      await tx.setOrg(orgId, { claim: { openid: caller.openid, state, at: new Date(now) } });
      await tx.audit({
        actor: caller.openid,
        action: 'org.claim',
        target: orgId,
        summary: state === 'claimed' ? `认领「${org.name}」（手机号与登记一致，已成为负责人）` : `申请认领「${org.name}」，等待街道核实`,
        requestId,
        scope: { streetId: org.streetId, orgId },
      });
      return { orgId, claim: state };
    });
  }

  /** ADMIN.AREA_UNKNOWN unless the street exists and the community (if any) lies in it. Answers the names. */
  private async area(profile: OrgProfile): Promise<{ streetName: string; communityName: string | null; sort: number }> {
    const street = await this.repo.street(profile.streetId);
    if (!street) throw new DomainError('ADMIN.AREA_UNKNOWN', 'no such street', { 'profile.streetId': '街道或社区不对，请重新选择' }, { field: 'profile.streetId' });
    if (profile.communityId === null) return { streetName: street.name, communityName: null, sort: street.sort ?? 0 };
    const community = await this.repo.community(profile.communityId);
    if (!community || community.streetId !== street._id) {
      throw new DomainError('ADMIN.AREA_UNKNOWN', 'the community is not in the street', { 'profile.communityId': '街道或社区不对，请重新选择' }, { field: 'profile.communityId' });
    }
    return { streetName: street.name, communityName: community.name, sort: street.sort ?? 0 };
  }

  private postable(caller: Caller, profile: OrgProfile): Promise<void> {
    return assertPostable(contentChecker(this.deps), caller.openid, 1, [
      { field: 'profile.name', text: profile.name },
      { field: 'profile.intro', text: profile.intro },
      ...profile.services.map((text, i) => ({ field: `profile.services.${i}`, text })),
    ]);
  }

  async update(caller: Caller, orgId: string, profile: OrgProfile, requestId: string): Promise<ActionOutput<'org', 'update'>> {
    const found = await this.repo.org(orgId);
    if (!found) throw orgNotFound();
    if (found.mergedInto) throw merged();
    const scope = await adminScopeOf(caller);
    const admin = !!scope && inScope(scope, found.streetId);
    const user = await this.repo.user(caller.openid);
    const leads = found.claim?.openid === caller.openid && found.claim.state === 'claimed' && (user?.orgs ?? []).some((m) => m.orgId === orgId && m.role === 'leader');
    if (!admin && !leads) throw forbidden('只有组织负责人或所在街道可以修改');
    if (profile.streetId !== found.streetId && !scope?.all) throw forbidden('只有区里可以把组织移到别的街道');
    const area = await this.area(profile);
    await this.postable(caller, profile);
    const now = this.now();
    await this.repo.transaction(now, async (tx) => {
      const org = await tx.org(orgId);
      if (!org) throw orgNotFound();
      if (org.mergedInto) throw merged();
      if (org.streetId !== found.streetId) throw new DomainError('ORG.NOT_FOUND', 'the organization moved meanwhile: open it again');
      const verification = admin ? org.verification : 'unverified';
      // The app only ever sees the phone masked: an edit that leaves it out keeps the one on record; null clears it.
      const leaderPhone = profile.leaderPhone === undefined ? org.leaderPhone : profile.leaderPhone;
      await tx.setOrg(orgId, { ...profile, leaderPhone, ...area, verification });
      if (profile.name !== org.name && org.party?.partyOrgId) await renameInParty(tx, org.party.partyOrgId, orgId, profile.name);
      await tx.audit({
        actor: caller.openid,
        action: 'org.update',
        target: orgId,
        summary: `修改「${profile.name}」的资料${admin ? '' : '（负责人修改，待街道核实）'}`,
        requestId,
        scope: { streetId: profile.streetId, orgId },
        before: auditedProfile(org),
        after: auditedProfile({ ...org, ...profile, verification }),
      });
    });
    return this.get(caller, orgId);
  }

  /** The organization for an admin's change: it exists, is not merged, and lies in their scope. */
  private async adminOrg(scope: AdminScope, orgId: string): Promise<OrgDoc> {
    const org = await this.repo.org(orgId);
    if (!org) throw orgNotFound();
    assertInScope(scope, org.streetId, 'organization');
    if (org.mergedInto) throw merged();
    return org;
  }

  async verify(caller: Caller, orgId: string, claim: 'accept' | 'reject' | undefined, requestId: string): Promise<ActionOutput<'org', 'verify'>> {
    const scope = await requireAdmin(caller);
    await this.adminOrg(scope, orgId);
    const now = this.now();
    await this.repo.transaction(now, async (tx) => {
      const org = await tx.org(orgId);
      if (!org) throw orgNotFound();
      if (org.mergedInto) throw merged();
      assertInScope(scope, org.streetId, 'organization');
      let claimWords = '';
      if (claim) {
        if (org.claim?.state !== 'pending') throw new DomainError('ORG.NO_CLAIM', 'no claim is waiting');
        const claimant = org.claim.openid;
        if (claim === 'accept') {
          const doc = await tx.user(claimant);
          if (!doc || (await tx.erasing(claimant))) throw new DomainError('ORG.NO_CLAIM', 'the claimant is gone');
          await tx.setUserOrgs(claimant, withMembership(doc.orgs ?? [], orgId, 'leader'));
          await tx.setOrg(orgId, { verification: 'verified', claim: { openid: claimant, state: 'claimed', at: new Date(now) } });
          claimWords = '，同意负责人认领';
        } else {
          await tx.setOrg(orgId, { verification: 'verified', claim: null });
          claimWords = '，不同意负责人认领';
        }
      } else {
        await tx.setOrg(orgId, { verification: 'verified' });
      }
      await tx.audit({
        actor: caller.openid,
        action: 'org.verify',
        target: orgId,
        summary: `核实「${org.name}」的资料${claimWords}`,
        requestId,
        scope: { streetId: org.streetId, orgId },
        before: { verification: org.verification, claim: org.claim ? org.claim.state : 'none' },
        after: { verification: 'verified', claim: claim === 'accept' ? 'claimed' : claim === 'reject' ? 'none' : org.claim ? org.claim.state : 'none' },
      });
    });
    return this.get(caller, orgId);
  }

  async create(caller: Caller, profile: OrgProfile, requestId: string): Promise<ActionOutput<'org', 'create'>> {
    const scope = await requireAdmin(caller);
    assertInScope(scope, profile.streetId, 'street');
    const area = await this.area(profile);
    await this.postable(caller, profile);
    const now = this.now();
    const doc: OrgDoc = {
      _id: `org_${randomBytes(10).toString('hex')}`,
      ...profile,
      leaderPhone: profile.leaderPhone ?? null,
      ...area,
      party: { mode: 'none', partyOrgId: null },
      verification: 'verified',
      claim: null,
      mergedInto: null,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    };
    await this.repo.transaction(now, async (tx) => {
      await tx.addOrg(doc);
      await tx.audit({ actor: caller.openid, action: 'org.create', target: doc._id, summary: `登记社会组织「${doc.name}」`, requestId, scope: { streetId: doc.streetId, orgId: doc._id }, before: null, after: auditedProfile(doc) });
    });
    return this.detail(caller, doc);
  }

  /**
   * Merges `dropId` into `keepId` in one transaction: every person's membership of the duplicate moves to the kept one
   * (no repeats; a leader stays a leader only where the kept one has none), the duplicate's place in its party
   * organization goes to the kept one (or is dropped when the kept one has its own), its claim moves when the kept one
   * has none, and the duplicate keeps `mergedInto`. The people are found by one query before the transaction (at most
   * MAX_MERGE_PEOPLE); nobody can join the duplicate meanwhile by a claim once it is merged.
   */
  async merge(caller: Caller, keepId: string, dropId: string, requestId: string): Promise<ActionOutput<'org', 'merge'>> {
    if (keepId === dropId) throw new DomainError('ORG.MERGE_SAME', 'an organization cannot be merged with itself');
    const scope = await requireAdmin(caller);
    await this.adminOrg(scope, keepId);
    await this.adminOrg(scope, dropId);
    const people = await this.repo.peopleOf(dropId);
    if (people.length > MAX_MERGE_PEOPLE) throw new DomainError('INPUT.INVALID', `more than ${MAX_MERGE_PEOPLE} people: ask the maintainers`);
    const now = this.now();
    const moved = await this.repo.transaction(now, async (tx) => {
      const [keep, drop] = await Promise.all([tx.org(keepId), tx.org(dropId)]);
      if (!keep || !drop) throw orgNotFound();
      if (keep.mergedInto || drop.mergedInto) throw merged();
      assertInScope(scope, keep.streetId, 'organization');
      assertInScope(scope, drop.streetId, 'organization');
      const keepHasLeader = keep.claim?.state === 'claimed';
      let count = 0;
      for (const openid of people) {
        const user = await tx.user(openid);
        const mine = user?.orgs?.find((m) => m.orgId === dropId);
        if (!user || !mine) continue;
        const role = mine.role === 'leader' && !keepHasLeader ? 'leader' : 'member';
        await tx.setUserOrgs(openid, withMembership((user.orgs ?? []).filter((m) => m.orgId !== dropId), keepId, role));
        count++;
      }
      let keepParty = keep.party ?? { mode: 'none', partyOrgId: null };
      const dropPartyId = drop.party?.partyOrgId ?? null;
      if (dropPartyId) {
        const party = await tx.partyOrg(dropPartyId);
        if (party) {
          const takeOver = !keep.party?.partyOrgId;
          const ids: string[] = [];
          const names: string[] = [];
          party.orgIds.forEach((id, i) => {
            if (id !== dropId) {
              ids.push(id);
              names.push(party.organizations[i] ?? id);
            } else if (takeOver && !party.orgIds.includes(keepId)) {
              ids.push(keepId);
              names.push(keep.name);
            }
          });
          await tx.setPartyOrgMembers(dropPartyId, ids, names);
          if (takeOver) keepParty = { mode: party.kind, partyOrgId: party._id };
        }
      }
      const claimMoves = !keep.claim && drop.claim ? drop.claim : undefined;
      await tx.setOrg(keepId, { party: keepParty, ...(claimMoves ? { claim: claimMoves } : {}) });
      await tx.setOrg(dropId, { mergedInto: keepId, party: { mode: 'none', partyOrgId: null }, claim: null });
      await tx.audit({
        actor: caller.openid,
        action: 'org.merge',
        target: keepId,
        summary: `把重复的「${drop.name}」合并到「${keep.name}」，转过来${count}人`,
        requestId,
        scope: { streetId: keep.streetId, orgId: keepId, droppedOrgId: dropId },
        before: { kept: auditedProfile(keep), dropped: auditedProfile(drop) },
        after: { kept: auditedProfile({ ...keep, party: keepParty }), dropped: { mergedInto: keepId } },
      });
      return count;
    });
    return { kept: await this.get(caller, keepId), movedPeople: moved };
  }
}

/** Keeps the party organization's member names in step with a renamed member. */
async function renameInParty(tx: OrgTx, partyOrgId: string, orgId: string, name: string): Promise<void> {
  const party = await tx.partyOrg(partyOrgId);
  if (!party) return;
  const i = party.orgIds.indexOf(orgId);
  if (i < 0) return;
  const names = party.orgIds.map((id, j) => (j === i ? name : (party.organizations[j] ?? id)));
  await tx.setPartyOrgMembers(partyOrgId, party.orgIds, names);
}
