import type { Role, RoleGrant } from '../../types';
import type { UserRecord, UsersRepository } from './users.repository';

/** Who is calling: the openid from the invocation context, and their role grants (loaded once per call, lazily). */
export class Caller {
  private grants: Promise<RoleGrant[]> | undefined;
  private record: Promise<UserRecord | null> | undefined;

  constructor(
    readonly openid: string,
    private readonly users: UsersRepository,
  ) {}

  /** The caller's user document (null for someone not yet registered), read once per call and shared with roles(). */
  user(): Promise<UserRecord | null> {
    this.record ??= this.users.find(this.openid);
    return this.record;
  }

  /** Unknown users are plain residents. */
  roles(): Promise<RoleGrant[]> {
    this.grants ??= this.user().then((u) => withResident(u?.roles ?? []));
    return this.grants;
  }

  async has(role: Role): Promise<boolean> {
    return (await this.roles()).some((g) => g.role === role);
  }
}

export function withResident(roles: RoleGrant[]): RoleGrant[] {
  return roles.some((r) => r.role === 'resident') ? roles : [{ role: 'resident' }, ...roles];
}
