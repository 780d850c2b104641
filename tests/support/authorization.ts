/**
 * Pieces of the contract-driven authorization suites (authorization.test.ts for venues, people and roles;
 * authorization.stations.test.ts for stations and volunteers): the role grants of the matrix users, and the three
 * ways an answer is judged.
 */
import type { Envelope, ErrorCode, Role, RoleGrant } from '../../types';

/**
 * Which contract-driven suites cover which functions: authorization.test.ts / guards.test.ts (venues, people, roles)
 * and authorization.stations.test.ts / guards.stations.test.ts (stations, volunteers, courses, points). Every function
 * of the contract is in exactly one (authorization.test.ts checks), so a new function cannot go unchecked.
 */
export const VENUE_SUITE_FUNCTIONS = ['user', 'venue', 'admin'] as const;
export const STATIONS_SUITE_FUNCTIONS = ['station', 'volunteer', 'points', 'course', 'activity', 'org'] as const;

/** One user per role, holding only that role (plus resident), with a scope where the role has one. */
export const matrixGrants: Record<Role, RoleGrant[]> = {
  resident: [],
  volunteer: [{ role: 'volunteer' }],
  party_member: [{ role: 'party_member', scope: { branchId: 'branch-shanheliang' } }],
  branch_secretary: [{ role: 'branch_secretary', scope: { branchId: 'branch-shanheliang' } }],
  station_manager: [{ role: 'station_manager', scope: { stationIds: ['st-beida'] } }],
  venue_manager: [{ role: 'venue_manager', scope: { venueIds: ['cyy-hall', 'cyy-rehearsal', 'cyy-meeting-1'] } }],
  street_admin: [{ role: 'street_admin', scope: { streetId: 'xiangyang' } }],
  district_admin: [{ role: 'district_admin' }],
};
export const matrixUser = (role: Role, n = 1): string => `matrix-${role}-${n}`;

/** The matrix users as user documents (two per role), for a direct insert. */
export const matrixUserDocs = (roles: readonly Role[]) =>
  roles.flatMap((role) =>
    [1, 2].map((n) => ({
      _id: matrixUser(role, n),
      nickname: `矩阵${role}`,
      phone: null,
      streetId: null,
      communityId: null,
      roles: [{ role: 'resident' }, ...matrixGrants[role]],
      createdAt: { $date: '2026-11-01T00:00:00Z' },
      updatedAt: { $date: '2026-11-01T00:00:00Z' },
    })),
  );

export const text = (x: unknown): string => JSON.stringify(x);

/** Refused with one of `codes`. */
export const refused = (res: Envelope<unknown>, ...codes: ErrorCode[]): void => {
  expect(res.ok ? 'ok' : res.error.code).toMatch(new RegExp(`^(${codes.map((c) => c.replace('.', '\\.')).join('|')})$`));
};
/** Answered, without any of the given strings. */
export const answeredWithout = (res: Envelope<unknown>, secrets: string[]): void => {
  expect(res).toMatchObject({ ok: true });
  for (const secret of secrets) expect(text(res)).not.toContain(secret);
};
/** The control: the victim (or their manager) does get these strings from the same action. */
export const shownTo = (res: Envelope<unknown>, secrets: string[]): void => {
  expect(res).toMatchObject({ ok: true });
  for (const secret of secrets) expect(text(res)).toContain(secret);
};
