import type { Role, RoleGrant } from '../../types';
import type { UsersRepository } from './users.repository';

/** Who is calling: the openid from the invocation context, and their role grants (loaded once per call, lazily). */
export class Caller {
  private grants: Promise<RoleGrant[]> | undefined;

  constructor(
    readonly openid: string,
    private readonly users: UsersRepository,
  ) {}

  /** Unknown users are plain residents. */
  roles(): Promise<RoleGrant[]> {
    this.grants ??= this.users.find(this.openid).then((u) => withResident(u?.roles ?? []));
    return this.grants;
  }

  async has(role: Role): Promise<boolean> {
    return (await this.roles()).some((g) => g.role === role);
  }
}

export function withResident(roles: RoleGrant[]): RoleGrant[] {
  return roles.some((r) => r.role === 'resident') ? roles : [{ role: 'resident' }, ...roles];
}
