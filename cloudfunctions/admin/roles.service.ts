import type { RoleGrant, RoleGrantInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import type { AuditEntry } from '../_shared/audit';
import { DomainError, forbidden } from '../_shared/errors';
import type { RoleChange, RolesRepository } from './roles.repository';

type Role = RoleGrant['role'];

/** What an administrator may change: everything (district admin), or what lies in one street (street admin). */
export type Authority = { all: true } | { all: false; streetId: string };

/** Roles whose scope is a list of places (venues or stations), each in a street or in the 创益园. */
const PLACE_ROLES = { venue_manager: { kind: 'venues', key: 'venueIds' }, station_manager: { kind: 'stations', key: 'stationIds' } } as const;
type PlaceRole = keyof typeof PLACE_ROLES;
const isPlaceRole = (role: Role): role is PlaceRole => role in PLACE_ROLES;

/** Roles a street admin hands out and takes back (only for places in their street); the rest are district business. */
const STREET_ROLES: readonly Role[] = ['volunteer', 'venue_manager', 'station_manager'];

const placeIds = (grant: RoleGrant | undefined, role: PlaceRole): string[] => grant?.scope?.[PLACE_ROLES[role].key] ?? [];
const withPlaces = (role: PlaceRole, ids: string[]): RoleGrant => ({ role, scope: { [PLACE_ROLES[role].key]: ids } });

/** The street of each place id (venues or stations), as RolesRepository.streetsOf answers it. */
export type StreetsOf = (kind: 'venues' | 'stations', ids: string[]) => Promise<Map<string, string | null>>;

/**
 * THE visibility rule of role administration: a user's grants as an administrator may see them — all for a district
 * admin; for a street admin resident and volunteer, and the part of a venue/station manager's scope inside their
 * street (nothing else). Used by role changes and by admin.findPeople.
 */
export async function visibleGrants(authority: Authority, roles: RoleGrant[], streetsOf: StreetsOf): Promise<RoleGrant[]> {
  if (authority.all) return roles;
  const seen: RoleGrant[] = [];
  for (const grant of roles) {
    if (grant.role === 'resident' || grant.role === 'volunteer') seen.push(grant);
    else if (isPlaceRole(grant.role)) {
      const ids = placeIds(grant, grant.role);
      const streets = await streetsOf(PLACE_ROLES[grant.role].kind, ids);
      const mine = ids.filter((id) => streets.get(id) === authority.streetId);
      if (mine.length > 0) seen.push(withPlaces(grant.role, mine));
    }
  }
  return seen;
}

/**
 * Role administration. District admins grant and revoke anything; a grant replaces the user's grant of that role.
 * Street admins hand out volunteer, and venue/station manager for places in their street: they change only the part
 * of a user's scope inside their street (what lies outside stays, so re-scoping the 创益园 manager's rooms from a
 * street is impossible), and see only that part of a user's roles. Every check that needs no user comes before the
 * user is looked up, so a refused caller learns nothing about the user.
 */
export class RolesService {
  constructor(
    private readonly repo: RolesRepository,
    private readonly clock: Clock,
  ) {}

  async grant(caller: Caller, openid: string, grant: RoleGrantInput, requestId: string): Promise<{ openid: string; roles: RoleGrant[] }> {
    const authority = await this.authority(caller, grant.role);
    await this.checkScope(authority, grant);
    const roles = await this.repo.changeRoles(
      openid,
      async (current): Promise<RoleChange> => {
        if (!current) throw new DomainError('USER.NOT_FOUND', 'no such user');
        const existing = current.find((r) => r.role === grant.role);
        const next = await this.merged(authority, existing, grant);
        const roles = [...current.filter((r) => r.role !== grant.role), next];
        return {
          roles,
          audit: await this.audit(caller, authority, 'admin.grantRole', openid, `grant ${next.role}${next.scope ? ` ${JSON.stringify(next.scope)}` : ''}`, requestId, { role: grant.role, before: current, after: roles }),
        };
      },
      this.clock.now(),
    );
    return { openid, roles: await this.visible(authority, roles ?? []) };
  }

  async revoke(caller: Caller, openid: string, role: Role, requestId: string): Promise<{ openid: string; roles: RoleGrant[] }> {
    const authority = await this.authority(caller, role);
    const roles = await this.repo.changeRoles(
      openid,
      async (current): Promise<RoleChange> => {
        if (!current) throw new DomainError('USER.NOT_FOUND', 'no such user');
        const existing = current.find((r) => r.role === role);
        if (!existing) return { unchanged: true };
        const others = current.filter((r) => r.role !== role);
        if (authority.all || !isPlaceRole(role)) {
          return { roles: others, audit: await this.audit(caller, authority, 'admin.revokeRole', openid, `revoke ${role}`, requestId, { role, before: current, after: others }) };
        }
        // A street admin takes back only the places of their street; with none there, there is nothing of theirs.
        const ids = placeIds(existing, role);
        const streets = await this.repo.streetsOf(PLACE_ROLES[role].kind, ids);
        const mine = ids.filter((id) => streets.get(id) === authority.streetId);
        if (mine.length === 0) return { unchanged: true };
        const rest = ids.filter((id) => !mine.includes(id));
        const after = rest.length > 0 ? [...others, withPlaces(role, rest)] : others;
        return {
          roles: after,
          audit: await this.audit(caller, authority, 'admin.revokeRole', openid, `revoke ${role} ${JSON.stringify(mine)}`, requestId, { role, before: current, after }),
        };
      },
      this.clock.now(),
    );
    return { openid, roles: await this.visible(authority, roles ?? []) };
  }

  /** The caller's authority over `role`, or AUTH.FORBIDDEN. Needs nothing about the target user. */
  private async authority(caller: Caller, role: Role): Promise<Authority> {
    const mine = await caller.roles();
    if (mine.some((g) => g.role === 'district_admin')) return { all: true };
    const streetId = mine.find((g) => g.role === 'street_admin')?.scope?.streetId;
    if (!streetId) throw forbidden('not a role administrator');
    if (!STREET_ROLES.includes(role)) throw forbidden(`a street admin cannot grant or revoke ${role}`);
    return { all: false, streetId };
  }

  /** The places and street a grant names exist (INPUT.INVALID) and, for a street admin, lie in their street. */
  private async checkScope(authority: Authority, grant: RoleGrantInput): Promise<void> {
    if (grant.role === 'street_admin' && !(await this.repo.streetExists(grant.scope.streetId))) {
      throw new DomainError('INPUT.INVALID', 'no such street', { 'grant.scope.streetId': '没有这个街道' });
    }
    if (!isPlaceRole(grant.role)) return;
    const { kind, key } = PLACE_ROLES[grant.role];
    const ids = placeIds(grant, grant.role);
    const streets = await this.repo.streetsOf(kind, ids);
    const unknown = ids.filter((id) => !streets.has(id));
    if (unknown.length > 0) throw new DomainError('INPUT.INVALID', `unknown ${kind}: ${unknown.join(', ')}`, { [`grant.scope.${key}`]: `没有这个${kind === 'venues' ? '场地' : '站点'}：${unknown.join('、')}` });
    if (!authority.all && ids.some((id) => streets.get(id) !== authority.streetId)) throw forbidden(`only ${kind} of your street`);
  }

  /** The grant a user ends up with: the new one, plus (for a street admin) the part of the old scope outside their street. */
  private async merged(authority: Authority, existing: RoleGrant | undefined, grant: RoleGrantInput): Promise<RoleGrant> {
    if (authority.all || !isPlaceRole(grant.role)) return grant;
    const old = placeIds(existing, grant.role);
    const streets = await this.repo.streetsOf(PLACE_ROLES[grant.role].kind, old);
    const outside = old.filter((id) => streets.get(id) !== authority.streetId);
    return withPlaces(grant.role, [...new Set([...outside, ...placeIds(grant, grant.role)])]);
  }

  /** The user's grants as the caller may see them (visibleGrants). */
  private visible(authority: Authority, roles: RoleGrant[]): Promise<RoleGrant[]> {
    return visibleGrants(authority, roles, (kind, ids) => this.repo.streetsOf(kind, ids));
  }

  /**
   * The audit entry of a role change, with the user's grants of that role before and after as the acting
   * administrator sees them (a street admin's entry, read by their street, names only places of their street).
   */
  private async audit(
    caller: Caller,
    authority: Authority,
    action: string,
    openid: string,
    summary: string,
    requestId: string,
    change: { role: Role; before: RoleGrant[]; after: RoleGrant[] },
  ): Promise<AuditEntry> {
    // No openid here: the target names the person (and account erasure pseudonymises the target).
    const of = async (roles: RoleGrant[]): Promise<Record<string, unknown>> => ({ roles: await this.visible(authority, roles.filter((r) => r.role === change.role)) });
    return {
      actor: caller.openid,
      action,
      target: `user:${openid}`,
      summary,
      requestId,
      scope: authority.all ? {} : { streetId: authority.streetId },
      before: await of(change.before),
      after: await of(change.after),
    };
  }
}
