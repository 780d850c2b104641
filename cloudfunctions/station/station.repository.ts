import { randomBytes } from 'node:crypto';
import type { MembershipState, RoleGrant, StationListInput } from '../../types';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { enqueueNotification, type NotificationKind } from '../_shared/notifications';
import { erasureMarkerId } from '../_shared/privacy';
import { getDoc, retryingTransaction, type Transaction } from '../_shared/tx';
import type { VolunteerDoc } from '../_shared/volunteer.docs';

export interface StationDoc {
  _id: string;
  name: string;
  streetId: string;
  streetName: string;
  communityId: string | null;
  communityName: string | null;
  address: string;
  services: string[];
  hours: string;
  /** GCJ-02, for the map and the distance sort. */
  location?: { latitude: number; longitude: number } | null;
  active: boolean;
  sort: number;
}

/** The states a membership document can be in ('none' is the absence of one). */
export type StoredMembershipState = Exclude<MembershipState, 'none'>;

/** `station_members/<stationId>:<openid>`: one per person and station. */
export interface MembershipDoc {
  _id: string;
  stationId: string;
  streetId: string;
  openid: string;
  state: StoredMembershipState;
  /** When the current (or last) application was made. */
  appliedAt: Date;
  decidedAt: Date | null;
  /** The manager who approved or declined. */
  decidedBy: string | null;
  leftAt: Date | null;
  updatedAt: Date;
}

/** `station_posts/<id>`: an announcement on a station's page. */
export interface PostDoc {
  _id: string;
  stationId: string;
  streetId: string;
  title: string;
  body: string;
  /** The author (a manager); replaced by a pseudonym when they delete their account. */
  authorOpenid: string;
  authorName: string;
  createdAt: Date;
}

export const membershipId = (stationId: string, openid: string): string => `${stationId}:${openid}`;

/** People as the station function needs them: nickname, profile phone, role grants. */
export interface PersonDoc {
  _id: string;
  nickname?: string;
  phone?: string | null;
  roles?: RoleGrant[];
}

/** Operations inside one membership/post transaction (single-document only). Rules live in the service. */
export class StationTx {
  constructor(
    private readonly tx: Transaction,
    readonly now: number,
  ) {}

  membership(stationId: string, openid: string): Promise<MembershipDoc | null> {
    return getDoc<MembershipDoc>(this.tx, Collections.stationMembers, membershipId(stationId, openid));
  }

  async putMembership(doc: MembershipDoc): Promise<void> {
    const { _id, ...rest } = doc;
    await this.tx.collection(Collections.stationMembers).doc(_id).set(rest);
  }

  /**
   * Whether the person's account is being (or has been) deleted, read from their booking account (the document an
   * account deletion marks first) or, when they have none, from the deletion marker. The account document is written
   * back unchanged, so a deletion marking it meanwhile makes this transaction conflict and, retried, be refused.
   */
  async deleting(openid: string): Promise<boolean> {
    const account = await getDoc<Record<string, unknown> & { _id: string; erasing?: boolean }>(this.tx, Collections.bookingAccounts, openid);
    if (account?.erasing === true) return true;
    if (!account && (await getDoc(this.tx, Collections.bookingAccounts, erasureMarkerId(openid))) !== null) return true;
    const { _id, ...rest } = account ?? { _id: openid, active: 0, suspendedUntil: null };
    await this.tx.collection(Collections.bookingAccounts).doc(openid).set({ ...rest, updatedAt: new Date(this.now) });
    return false;
  }

  async addPost(doc: PostDoc): Promise<void> {
    await this.tx.collection(Collections.stationPosts).add(doc);
  }

  notify(n: { openid: string; kind: NotificationKind; title: string; body: string; stationId: string }): Promise<void> {
    return enqueueNotification(this.tx, n, this.now);
  }

  audit(entry: AuditEntry): Promise<void> {
    return appendAudit(this.tx, entry, this.now);
  }
}

export class StationRepository {
  constructor(private readonly db: () => Database) {}

  transaction<T>(now: number, work: (tx: StationTx) => Promise<T>): Promise<T> {
    return retryingTransaction(this.db(), (tx) => work(new StationTx(tx, now)));
  }

  async list(filters: Pick<StationListInput, 'streetId'>): Promise<StationDoc[]> {
    const where: Record<string, unknown> = { active: true };
    if (filters.streetId) where.streetId = filters.streetId;
    const res = await this.db().collection(Collections.stations).where(where).orderBy('sort', 'asc').limit(500).get();
    return res.data as StationDoc[];
  }

  /** A station by id, active or not (null when unknown). */
  get(id: string): Promise<StationDoc | null> {
    return getDoc<StationDoc>(this.db(), Collections.stations, id);
  }

  /** Active stations in a management scope. */
  async inScope(scope: { stationIds: string[]; streetIds: string[]; all: boolean }): Promise<StationDoc[]> {
    if (!scope.all && scope.stationIds.length === 0 && scope.streetIds.length === 0) return [];
    const db = this.db();
    const _ = db.command;
    const where = scope.all ? { active: true } : _.and([{ active: true }, _.or([{ _id: _.in(scope.stationIds) }, { streetId: _.in(scope.streetIds) }])]);
    const res = await db.collection(Collections.stations).where(where).orderBy('sort', 'asc').limit(500).get();
    return res.data as StationDoc[];
  }

  /** Street order (the district's own order of its streets), by street id. */
  async streetOrder(): Promise<Map<string, number>> {
    const res = await this.db().collection(Collections.streets).field({ _id: true, sort: true }).limit(1000).get();
    return new Map((res.data as Array<{ _id: string; sort?: number }>).map((s) => [s._id, s.sort ?? 0]));
  }

  /** How many people are in `state` at each of the stations (counted by the database, however many there are). */
  async counts(stationIds: string[], state: StoredMembershipState): Promise<Map<string, number>> {
    if (stationIds.length === 0) return new Map();
    const db = this.db();
    const $ = db.command.aggregate;
    const res = (await db
      .collection(Collections.stationMembers)
      .aggregate()
      .match({ stationId: db.command.in(stationIds), state })
      .group({ _id: '$stationId', n: $.sum(1) })
      .limit(1000)
      .end()) as { data?: Array<{ _id: string; n: number }> };
    return new Map((res.data ?? []).map((r) => [r._id, r.n]));
  }

  /** The person's membership state at each station they ever applied to. */
  async statesOf(openid: string): Promise<Map<string, StoredMembershipState>> {
    const res = await this.db().collection(Collections.stationMembers).where({ openid }).field({ stationId: true, state: true }).limit(1000).get();
    return new Map((res.data as Array<Pick<MembershipDoc, 'stationId' | 'state'>>).map((m) => [m.stationId, m.state]));
  }

  /** A station's members and pending applications. */
  async members(stationId: string): Promise<MembershipDoc[]> {
    const db = this.db();
    const res = await db
      .collection(Collections.stationMembers)
      .where({ stationId, state: db.command.in(['pending', 'member']) })
      .orderBy('appliedAt', 'asc')
      .limit(1000)
      .get();
    return res.data as MembershipDoc[];
  }

  /** Users whose station_manager grant lists the station. */
  async managersOf(stationId: string): Promise<PersonDoc[]> {
    const res = await this.db().collection(Collections.users).where({ 'roles.scope.stationIds': stationId }).field({ _id: true, nickname: true, roles: true }).limit(100).get();
    return (res.data as PersonDoc[]).filter((u) => (u.roles ?? []).some((g) => g.role === 'station_manager' && g.scope?.stationIds?.includes(stationId)));
  }

  async people(openids: string[]): Promise<PersonDoc[]> {
    if (openids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.users).where({ _id: db.command.in(openids) }).field({ _id: true, nickname: true, phone: true }).limit(1000).get();
    return res.data as PersonDoc[];
  }

  async volunteers(openids: string[]): Promise<Array<Pick<VolunteerDoc, '_id' | 'realName' | 'phone'>>> {
    if (openids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.volunteers).where({ _id: db.command.in(openids) }).field({ _id: true, realName: true, phone: true }).limit(1000).get();
    return res.data as Array<Pick<VolunteerDoc, '_id' | 'realName' | 'phone'>>;
  }

  /** Newest first. */
  async posts(stationId: string, limit: number): Promise<PostDoc[]> {
    const res = await this.db().collection(Collections.stationPosts).where({ stationId }).orderBy('createdAt', 'desc').limit(limit).get();
    return res.data as PostDoc[];
  }

  post(id: string): Promise<PostDoc | null> {
    return getDoc<PostDoc>(this.db(), Collections.stationPosts, id);
  }
}

export const newPostId = (now: number): string => `sp_${now.toString(36)}_${randomBytes(6).toString('hex')}`;
