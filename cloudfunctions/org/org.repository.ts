import type { OrgKind, OrgVerification, PartyMode } from '../../types/org-rules';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import { branchPeople, type PartyBranchDoc } from '../_shared/branches';
import { Collections } from '../_shared/collections';
import { type Database, dbRegExp, escapeRegExp } from '../_shared/db';
import { accountErasing } from '../_shared/erasure';
import type { OrgMembership } from '../_shared/orgs';
import { orgRollupId, type OrgRollupDoc } from '../_shared/rollups';
import { getDoc, retryingTransaction, type Transaction } from '../_shared/tx';
import type { CommunityDoc, OrgDoc, StreetDoc } from './org.docs';

/** CloudBase's largest page. */
const MAX = 1000;

/** The register's filters (all optional) and page. */
export interface OrgQuery {
  streetId?: string;
  kind?: OrgKind;
  party?: PartyMode;
  verification?: OrgVerification;
  q?: string;
  offset: number;
  limit: number;
}

/** A published activity of a party organization, as the organization's page shows it. */
export interface OrgActivityDoc {
  _id: string;
  title: string;
  type: string;
  start: Date;
}

type UserOrgsDoc = { _id: string; nickname?: string; phone?: string | null; orgs?: OrgMembership[] };

/** Typed single-document operations inside one register transaction. */
export class OrgTx {
  constructor(
    private readonly tx: Transaction,
    readonly now: number,
  ) {}

  org(id: string): Promise<OrgDoc | null> {
    return getDoc<OrgDoc>(this.tx, Collections.organizations, id);
  }
  partyOrg(id: string): Promise<PartyBranchDoc | null> {
    return getDoc<PartyBranchDoc>(this.tx, Collections.partyBranches, id);
  }
  user(openid: string): Promise<UserOrgsDoc | null> {
    return getDoc<UserOrgsDoc>(this.tx, Collections.users, openid);
  }
  erasing(openid: string): Promise<boolean> {
    return accountErasing(this.tx, openid);
  }
  async addOrg(doc: OrgDoc): Promise<void> {
    const { _id, ...rest } = doc;
    await this.tx.collection(Collections.organizations).add({ _id, ...rest });
  }
  async setOrg(id: string, patch: Partial<Omit<OrgDoc, '_id'>>): Promise<void> {
    await this.tx.collection(Collections.organizations).doc(id).update({ ...patch, updatedAt: new Date(this.now) });
  }
  async setUserOrgs(openid: string, orgs: OrgMembership[]): Promise<void> {
    await this.tx.collection(Collections.users).doc(openid).update({ orgs, updatedAt: new Date(this.now) });
  }
  async savePartyOrg(doc: PartyBranchDoc): Promise<void> {
    const { _id, ...rest } = doc;
    await this.tx.collection(Collections.partyBranches).doc(_id).set(rest);
  }
  async setPartyOrgMembers(id: string, orgIds: string[], organizations: string[]): Promise<void> {
    await this.tx.collection(Collections.partyBranches).doc(id).update({ orgIds, organizations });
  }
  audit(entry: AuditEntry): Promise<void> {
    return appendAudit(this.tx, entry, this.now);
  }
}

/** The only code of the org function that touches the database. */
export class OrgRepository {
  constructor(private readonly db: () => Database) {}

  transaction<T>(now: number, work: (tx: OrgTx) => Promise<T>): Promise<T> {
    return retryingTransaction(this.db(), (tx) => work(new OrgTx(tx, now)));
  }

  org(id: string): Promise<OrgDoc | null> {
    return getDoc<OrgDoc>(this.db(), Collections.organizations, id);
  }

  async orgs(ids: string[]): Promise<OrgDoc[]> {
    if (ids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.organizations).where({ _id: db.command.in(ids) }).limit(MAX).get();
    return res.data as OrgDoc[];
  }

  /**
   * A page of the register (merged ones never), by street order then name, and how many match. Two queries: the page
   * and the count. The name search is a case-insensitive substring match (db.RegExp, as CloudBase documents it).
   */
  async list(q: OrgQuery): Promise<{ items: OrgDoc[]; total: number }> {
    const db = this.db();
    const where: Record<string, unknown> = { mergedInto: null };
    if (q.streetId) where.streetId = q.streetId;
    if (q.kind) where.kind = q.kind;
    if (q.party) where['party.mode'] = q.party;
    if (q.verification) where.verification = q.verification;
    if (q.q) where.name = dbRegExp(db, escapeRegExp(q.q), 'i');
    const coll = db.collection(Collections.organizations);
    const [page, count] = await Promise.all([
      coll.where(where).orderBy('sort', 'asc').orderBy('name', 'asc').orderBy('_id', 'asc').skip(q.offset).limit(q.limit).get(),
      coll.where(where).count() as Promise<{ total?: number }>,
    ]);
    return { items: page.data as OrgDoc[], total: count.total ?? 0 };
  }

  street(id: string): Promise<StreetDoc | null> {
    return getDoc<StreetDoc>(this.db(), Collections.streets, id);
  }

  async streets(): Promise<StreetDoc[]> {
    const res = await this.db().collection(Collections.streets).orderBy('sort', 'asc').limit(MAX).get();
    return res.data as StreetDoc[];
  }

  community(id: string): Promise<CommunityDoc | null> {
    return getDoc<CommunityDoc>(this.db(), Collections.communities, id);
  }

  partyOrg(id: string): Promise<PartyBranchDoc | null> {
    return getDoc<PartyBranchDoc>(this.db(), Collections.partyBranches, id);
  }

  async partyOrgsByIds(ids: string[]): Promise<PartyBranchDoc[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.partyBranches).where({ _id: db.command.in(unique) }).limit(MAX).get();
    return res.data as PartyBranchDoc[];
  }

  /** Party organizations of a street (and the district-level ones), or all of them; in their order. */
  async partyOrgs(streetId: string | undefined): Promise<PartyBranchDoc[]> {
    const db = this.db();
    const where = streetId ? { streetId: db.command.in([streetId, null]) } : {};
    const res = await db.collection(Collections.partyBranches).where(where).orderBy('sort', 'asc').orderBy('_id', 'asc').limit(MAX).get();
    return res.data as PartyBranchDoc[];
  }

  /** Secretary and member count per party organization (one aggregate). */
  people(branchIds: string[]): ReturnType<typeof branchPeople> {
    return branchPeople(this.db(), branchIds);
  }

  /** The newest published activities of a party organization. One query. */
  async activities(branchId: string, limit: number): Promise<OrgActivityDoc[]> {
    const res = await this.db()
      .collection(Collections.activities)
      .where({ branchId, state: 'published' })
      .orderBy('start', 'desc')
      .field({ _id: true, title: true, type: true, start: true })
      .limit(limit)
      .get();
    return res.data as OrgActivityDoc[];
  }

  /** The organization's monthly rollups of these months (missing months are simply absent). One query. */
  async rollups(orgId: string, months: string[]): Promise<OrgRollupDoc[]> {
    const db = this.db();
    const res = await db.collection(Collections.orgRollups).where({ _id: db.command.in(months.map((m) => orgRollupId(m, orgId))) }).limit(MAX).get();
    return res.data as OrgRollupDoc[];
  }

  user(openid: string): Promise<UserOrgsDoc | null> {
    return getDoc<UserOrgsDoc>(this.db(), Collections.users, openid);
  }

  /** Everyone who leads or belongs to the organization (user `orgs`). One query. */
  async peopleOf(orgId: string): Promise<string[]> {
    const res = await this.db().collection(Collections.users).where({ 'orgs.orgId': orgId }).field({ _id: true }).limit(MAX).get();
    return (res.data as Array<{ _id: string }>).map((u) => u._id);
  }

  /** The organizations whose leader claim is this person's (export). */
  async claimsOf(openid: string): Promise<OrgDoc[]> {
    const res = await this.db().collection(Collections.organizations).where({ 'claim.openid': openid }).limit(MAX).get();
    return res.data as OrgDoc[];
  }
}
