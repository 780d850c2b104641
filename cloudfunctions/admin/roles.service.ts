import type { RoleGrant } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { DomainError } from '../_shared/errors';
import type { RolesRepository } from './roles.repository';

type Role = RoleGrant['role'];

/** Role administration: district admins grant anything; street admins only what lives in their street. */
export class RolesService {
  constructor(
    private readonly repo: RolesRepository,
    private readonly clock: Clock,
  ) {}

  async grant(caller: Caller, openid: string, grant: RoleGrant, requestId: string): Promise<{ openid: string; roles: RoleGrant[] }> {
    const current = await this.target(openid);
    const streetId = await this.authorise(caller, grant);
    const roles = [...current.filter((r) => r.role !== grant.role), grant];
    await this.repo.saveRoles(openid, roles, {
      actor: caller.openid,
      action: 'admin.grantRole',
      target: `user:${openid}`,
      summary: `grant ${grant.role}${grant.scope ? ` ${JSON.stringify(grant.scope)}` : ''}`,
      requestId,
      scope: streetId ? { streetId } : {},
    }, this.clock.now());
    return { openid, roles };
  }

  async revoke(caller: Caller, openid: string, role: Role, requestId: string): Promise<{ openid: string; roles: RoleGrant[] }> {
    const current = await this.target(openid);
    const existing = current.find((r) => r.role === role);
    if (!existing) return { openid, roles: current };
    const streetId = await this.authorise(caller, existing);
    const roles = current.filter((r) => r.role !== role);
    await this.repo.saveRoles(openid, roles, {
      actor: caller.openid,
      action: 'admin.revokeRole',
      target: `user:${openid}`,
      summary: `revoke ${role}`,
      requestId,
      scope: streetId ? { streetId } : {},
    }, this.clock.now());
    return { openid, roles };
  }

  private async target(openid: string): Promise<RoleGrant[]> {
    const roles = await this.repo.roles(openid);
    if (!roles) throw new DomainError('USER.NOT_FOUND', 'no such user');
    return roles;
  }

  /** May the caller hand out (or take back) this grant? Returns the street it concerns, for the audit scope. */
  private async authorise(caller: Caller, grant: RoleGrant): Promise<string | null> {
    const mine = await caller.roles();
    if (mine.some((g) => g.role === 'district_admin')) return null;
    const street = mine.find((g) => g.role === 'street_admin')?.scope?.streetId;
    const refuse = (why: string): never => {
      throw new DomainError('AUTH.FORBIDDEN', why);
    };
    if (!street) return refuse('not a role administrator');
    const inStreet = async (kind: 'venues' | 'stations', ids: string[] | undefined): Promise<void> => {
      if (!ids || ids.length === 0) refuse(`${grant.role} needs a scope`);
      const streets = await this.repo.streetsOf(kind, ids ?? []);
      if ((ids ?? []).some((id) => streets.get(id) !== street)) refuse(`only ${kind} of your street`);
    };
    switch (grant.role) {
      case 'volunteer':
        return street;
      case 'venue_manager':
        await inStreet('venues', grant.scope?.venueIds);
        return street;
      case 'station_manager':
        await inStreet('stations', grant.scope?.stationIds);
        return street;
      case 'resident':
      case 'party_member':
      case 'branch_secretary':
      case 'street_admin':
      case 'district_admin':
        return refuse(`a street admin cannot grant ${grant.role}`);
    }
  }
}
