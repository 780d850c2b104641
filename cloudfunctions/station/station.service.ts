import { toBeijingIso } from '../../types/beijing-time';
import type { MembershipState, StationDetail, StationListInput, StationMember, StationPost, StationSummary } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { DomainError, forbidden } from '../_shared/errors';
import { distanceMetres, type LatLng } from '../_shared/geo';
import { maskPhone } from '../_shared/privacy';
import type { ShiftListing } from '../_shared/shift-listing';
import { canManageStation, isOwnStationManager, stationScope } from '../_shared/station-scope';
import type { UsersRepository } from '../_shared/users.repository';
import { membershipId, newPostId, type MembershipDoc, type PostDoc, type StationDoc, type StationRepository, type StoredMembershipState } from './station.repository';

const DAY = 24 * 3_600_000;
/** The station page shows shifts of the next 30 days. */
export const UPCOMING_SHIFT_DAYS = 30;
/** The station page shows the newest 20 posts. */
export const POSTS_SHOWN = 20;

const notFound = (): DomainError => new DomainError('STATION.NOT_FOUND', 'no such station');
const accountDeleting = (): DomainError => new DomainError('ACCOUNT.DELETING', 'the account is being deleted');

/** Audit entries carry the station and its street, so street admins and station managers can read their part. */
const auditScope = (s: StationDoc): Record<string, string> => ({ stationId: s._id, streetId: s.streetId });

function summary(doc: StationDoc, extra: { members: number; myState: MembershipState; distanceM: number | null }): StationSummary {
  return {
    id: doc._id,
    name: doc.name,
    streetId: doc.streetId,
    streetName: doc.streetName,
    communityName: doc.communityName ?? null,
    address: doc.address,
    services: doc.services ?? [],
    hours: doc.hours,
    location: doc.location ? { latitude: doc.location.latitude, longitude: doc.location.longitude } : null,
    distanceM: extra.distanceM,
    memberCount: extra.members,
    myState: extra.myState,
  };
}

const postView = (p: PostDoc): StationPost => ({
  id: p._id,
  stationId: p.stationId,
  title: p.title,
  body: p.body,
  authorName: p.authorName,
  createdAt: toBeijingIso(new Date(p.createdAt).getTime()),
});

export class StationService {
  constructor(
    private readonly stations: StationRepository,
    private readonly shifts: Pick<ShiftListing, 'shifts' | 'summaries'>,
    private readonly users: Pick<UsersRepository, 'find'>,
    private readonly clock: Clock,
  ) {}

  /** An active station, or STATION.NOT_FOUND. */
  private async active(stationId: string): Promise<StationDoc> {
    const s = await this.stations.get(stationId);
    if (!s || !s.active) throw notFound();
    return s;
  }

  /** An active station the caller manages: STATION.NOT_FOUND, else AUTH.FORBIDDEN. */
  private async managed(caller: Caller, stationId: string): Promise<StationDoc> {
    const s = await this.active(stationId);
    if (!(await canManageStation(caller, s))) throw forbidden();
    return s;
  }

  /** Summaries of `docs` for the caller (member counts, their own state, distance from `near`). */
  private async summaries(caller: Caller, docs: StationDoc[], near?: LatLng): Promise<StationSummary[]> {
    const ids = docs.map((d) => d._id);
    const [members, mine] = await Promise.all([this.stations.counts(ids, 'member'), this.stations.statesOf(caller.openid)]);
    return docs.map((d) =>
      summary(d, {
        members: members.get(d._id) ?? 0,
        myState: mine.get(d._id) ?? 'none',
        distanceM: near && d.location ? distanceMetres(near, d.location) : null,
      }),
    );
  }

  /** Station directory, public to every signed-in user: by distance from `near` (not stored), else by street. */
  async list(caller: Caller, filters: StationListInput): Promise<{ stations: StationSummary[] }> {
    const [docs, streetOrder] = await Promise.all([this.stations.list(filters), this.stations.streetOrder()]);
    const rank = new Map(docs.map((d) => [d._id, [streetOrder.get(d.streetId) ?? Number.MAX_SAFE_INTEGER, d.sort ?? 0] as const]));
    const byStreet = (a: StationSummary, b: StationSummary): number => {
      const [sa, oa] = rank.get(a.id) ?? [0, 0];
      const [sb, ob] = rank.get(b.id) ?? [0, 0];
      return sa - sb || oa - ob || a.id.localeCompare(b.id);
    };
    const stations = await this.summaries(caller, docs, filters.near);
    const byDistance = (a: StationSummary, b: StationSummary): number => (a.distanceM ?? Number.MAX_SAFE_INTEGER) - (b.distanceM ?? Number.MAX_SAFE_INTEGER) || byStreet(a, b);
    stations.sort(filters.near ? byDistance : byStreet);
    return { stations };
  }

  /** One station's page: manager names, member count, shifts of the next 30 days, newest posts. */
  async get(caller: Caller, stationId: string): Promise<StationDetail> {
    const station = await this.active(stationId);
    const now = this.clock.now();
    const [[base], managers, shiftDocs, posts, managedByMe] = await Promise.all([
      this.summaries(caller, [station]),
      this.stations.managersOf(stationId),
      this.shifts.shifts({ stationIds: [stationId], from: new Date(now), to: new Date(now + UPCOMING_SHIFT_DAYS * DAY) }),
      this.stations.posts(stationId, POSTS_SHOWN),
      canManageStation(caller, station),
    ]);
    return {
      ...(base as StationSummary),
      managerNames: managers.map((m) => m.nickname ?? '').filter((n) => n.length > 0).sort((a, b) => a.localeCompare(b, 'zh-CN')),
      shifts: await this.shifts.summaries(shiftDocs, caller.openid),
      posts: posts.map(postView),
      managedByMe,
    };
  }

  /**
   * Applies to join. Pending or already a member: nothing changes. Declined or left: a new application. Refused for a
   * person whose account is being deleted.
   */
  async join(caller: Caller, stationId: string): Promise<{ stationId: string; state: MembershipState }> {
    const station = await this.active(stationId);
    const now = this.clock.now();
    const state = await this.stations.transaction(now, async (tx) => {
      const current = await tx.membership(stationId, caller.openid);
      if (current && (current.state === 'pending' || current.state === 'member')) return current.state;
      if (await tx.deleting(caller.openid)) throw accountDeleting();
      await tx.putMembership({
        _id: membershipId(stationId, caller.openid),
        stationId,
        streetId: station.streetId,
        openid: caller.openid,
        state: 'pending',
        appliedAt: new Date(now),
        decidedAt: null,
        decidedBy: null,
        leftAt: null,
        updatedAt: new Date(now),
      });
      return 'pending' as const;
    });
    return { stationId, state };
  }

  /** Leaves a station, or withdraws a pending application. STATION.NOT_MEMBER when neither. */
  async leave(caller: Caller, stationId: string): Promise<{ stationId: string; state: MembershipState }> {
    // A member may leave a station that has since closed.
    if (!(await this.stations.get(stationId))) throw notFound();
    const now = this.clock.now();
    await this.stations.transaction(now, async (tx) => {
      const current = await tx.membership(stationId, caller.openid);
      if (!current || (current.state !== 'pending' && current.state !== 'member')) {
        throw new DomainError('STATION.NOT_MEMBER', 'not a member of this station');
      }
      await tx.putMembership({ ...current, state: 'left', leftAt: new Date(now), updatedAt: new Date(now) });
    });
    return { stationId, state: 'left' };
  }

  /** The stations the caller manages, with pending applications to decide. */
  async managedStations(caller: Caller): Promise<{ stations: Array<StationSummary & { pending: number }> }> {
    const docs = await this.stations.inScope(await stationScope(caller));
    const [summaries, pending] = await Promise.all([this.summaries(caller, docs), this.stations.counts(docs.map((d) => d._id), 'pending')]);
    return { stations: summaries.map((s) => ({ ...s, pending: pending.get(s.id) ?? 0 })) };
  }

  /**
   * A managed station's members and applicants, applicants first. Names are the volunteer's real name when they
   * registered, else their nickname; phones in full for the station's own managers, masked for admins above them.
   */
  async members(caller: Caller, stationId: string): Promise<{ members: StationMember[] }> {
    await this.managed(caller, stationId);
    const rows = await this.stations.members(stationId);
    const openids = rows.map((r) => r.openid);
    const [people, volunteers, own] = await Promise.all([this.stations.people(openids), this.stations.volunteers(openids), isOwnStationManager(caller, stationId)]);
    const person = new Map(people.map((p) => [p._id, p]));
    const volunteer = new Map(volunteers.map((v) => [v._id, v]));
    const view = (m: MembershipDoc): StationMember => {
      const p = person.get(m.openid);
      const v = volunteer.get(m.openid);
      const phone = v?.phone ?? p?.phone ?? null;
      return {
        openid: m.openid,
        name: v?.realName || p?.nickname || '居民',
        phone: own ? phone : maskPhone(phone),
        state: m.state === 'pending' ? 'pending' : 'member',
        appliedAt: toBeijingIso(new Date(m.appliedAt).getTime()),
        decidedAt: m.decidedAt ? toBeijingIso(new Date(m.decidedAt).getTime()) : null,
        isVolunteer: v !== undefined,
      };
    };
    const order = (m: MembershipDoc): number => (m.state === 'pending' ? 0 : 1);
    return { members: rows.slice().sort((a, b) => order(a) - order(b) || new Date(a.appliedAt).getTime() - new Date(b.appliedAt).getTime()).map(view) };
  }

  /** Approves or declines a pending application: membership, the applicant's message and the audit entry in one transaction. */
  async decide(caller: Caller, input: { stationId: string; openid: string; approve: boolean }, requestId: string): Promise<{ stationId: string; openid: string; state: MembershipState }> {
    const station = await this.managed(caller, input.stationId);
    const now = this.clock.now();
    const state: StoredMembershipState = input.approve ? 'member' : 'declined';
    await this.stations.transaction(now, async (tx) => {
      const current = await tx.membership(station._id, input.openid);
      if (!current || current.state !== 'pending') {
        throw new DomainError('STATION.NOT_PENDING', 'no pending application', undefined, { state: current?.state ?? 'none' });
      }
      // Nothing more is written about a person whose account is being deleted.
      if (await tx.deleting(input.openid)) throw accountDeleting();
      await tx.putMembership({ ...current, state, decidedAt: new Date(now), decidedBy: caller.openid, updatedAt: new Date(now) });
      await tx.notify(
        input.approve
          ? { openid: input.openid, kind: 'station_approved', title: '加入申请已通过', body: `欢迎加入${station.name}！站点的服务安排和通知都在站点页面。`, stationId: station._id }
          : { openid: input.openid, kind: 'station_declined', title: '加入申请未通过', body: `${station.name}这次没有通过您的加入申请，有疑问可以到站点问问站长。`, stationId: station._id },
      );
      await tx.audit({ actor: caller.openid, action: 'station.decide', target: `user:${input.openid}`, summary: `${station._id}: pending → ${state}`, requestId, scope: auditScope(station) });
    });
    return { stationId: station._id, openid: input.openid, state };
  }

  /** Writes an announcement on a managed station's page (audited in the same transaction). */
  async post(caller: Caller, input: { stationId: string; title: string; body: string }, requestId: string): Promise<StationPost> {
    const station = await this.managed(caller, input.stationId);
    const now = this.clock.now();
    const author = await this.users.find(caller.openid);
    const doc: PostDoc = {
      _id: newPostId(now),
      stationId: station._id,
      streetId: station.streetId,
      title: input.title,
      body: input.body,
      authorOpenid: caller.openid,
      authorName: author?.nickname || '站长',
      createdAt: new Date(now),
    };
    await this.stations.transaction(now, async (tx) => {
      await tx.addPost(doc);
      await tx.audit({ actor: caller.openid, action: 'station.post', target: `station_post:${doc._id}`, summary: `${station._id}: ${input.title}`, requestId, scope: auditScope(station) });
    });
    return postView(doc);
  }
}
