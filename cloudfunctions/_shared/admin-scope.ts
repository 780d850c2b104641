import { DISTRICT_LEVEL_STREET } from '../../types/org-rules';
import type { Caller } from './caller';
import { forbidden } from './errors';

/**
 * What an administrator may act on: everything (district admin) or the objects of one street (street admin). Shared by
 * the admin and org functions (venues, stations, organizations, people, the dashboard) so the street rule lives once.
 */
export type AdminScope = { all: true } | { all: false; streetId: string };

/** The caller's admin scope, or null when they are neither a district nor a street admin. */
export async function adminScopeOf(caller: Caller): Promise<AdminScope | null> {
  const grants = await caller.roles();
  if (grants.some((g) => g.role === 'district_admin')) return { all: true };
  const streetId = grants.find((g) => g.role === 'street_admin')?.scope?.streetId;
  return streetId ? { all: false, streetId } : null;
}

/** The caller's admin scope, or AUTH.FORBIDDEN. */
export async function requireAdmin(caller: Caller): Promise<AdminScope> {
  const scope = await adminScopeOf(caller);
  if (!scope) throw forbidden('not an administrator');
  return scope;
}

/**
 * Whether an object of `streetId` lies in the scope. Objects without a street (district-level venues of the 创益园,
 * district-level party organizations: null or DISTRICT_LEVEL_STREET) are district admins' only.
 */
export function inScope(scope: AdminScope, streetId: string | null | undefined): boolean {
  if (scope.all) return true;
  return !!streetId && streetId !== DISTRICT_LEVEL_STREET && streetId === scope.streetId;
}

/** AUTH.FORBIDDEN unless the object lies in the scope. */
export function assertInScope(scope: AdminScope, streetId: string | null | undefined, what = 'object'): void {
  if (!inScope(scope, streetId)) throw forbidden(`this ${what} is outside your street`);
}

/**
 * The street a street-scoped read covers: a street admin always their own street (naming another is AUTH.FORBIDDEN);
 * a district admin the one named, or every street (null).
 */
export function readStreet(scope: AdminScope, requested: string | undefined): string | null {
  if (scope.all) return requested ?? null;
  if (requested !== undefined && requested !== scope.streetId) throw forbidden('this street is outside your scope');
  return scope.streetId;
}
