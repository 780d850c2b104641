import type { ActionOutput, FoundPerson } from '../../types';
import { requireAdmin } from '../_shared/admin-scope';
import type { Caller } from '../_shared/caller';
import type { PlacesRepository } from './places.repository';
import type { RolesRepository } from './roles.repository';
import { visibleGrants } from './roles.service';
import { personRef } from './venues.service';

/** At most this many people answer one search. */
export const MAX_FOUND = 20;

/**
 * admin.findPeople: all 11 digits → that phone; 4 digits → phones ending so; anything else → part of the nickname
 * (a case-insensitive regular expression, `db.RegExp`, on the database: the local database answers it as CloudBase
 * does). A street admin finds only people of their street, and sees of their roles only what they administer.
 */
export class PeopleService {
  constructor(
    private readonly repo: PlacesRepository,
    private readonly roles: Pick<RolesRepository, 'streetsOf'>,
  ) {}

  async findPeople(caller: Caller, q: string): Promise<ActionOutput<'admin', 'findPeople'>> {
    const scope = await requireAdmin(caller);
    const text = q.trim();
    const match = /^\d{11}$/.test(text) ? { phone: text } : /^\d{4}$/.test(text) ? { phoneEnding: text } : { nickname: text };
    const found = await this.repo.findPeople(match, scope.all ? null : scope.streetId, MAX_FOUND);
    const names = await this.repo.areaNames(
      [...new Set(found.map((p) => p.streetId).filter((s): s is string => !!s))],
      [...new Set(found.map((p) => p.communityId).filter((c): c is string => !!c))],
    );
    // One lookup per place kind for everyone found, shared by the visibility rule.
    const streets = new Map<string, Promise<Map<string, string | null>>>();
    const all = (kind: 'venues' | 'stations'): string[] =>
      found.flatMap((p) => (p.roles ?? []).flatMap((g) => (kind === 'venues' ? (g.scope?.venueIds ?? []) : (g.scope?.stationIds ?? []))));
    const streetsOf = (kind: 'venues' | 'stations'): Promise<Map<string, string | null>> => {
      let m = streets.get(kind);
      if (!m) streets.set(kind, (m = this.roles.streetsOf(kind, [...new Set(all(kind))])));
      return m;
    };
    const people: FoundPerson[] = [];
    for (const p of found) {
      people.push({
        ...personRef(p),
        streetId: p.streetId ?? null,
        streetName: p.streetId ? (names.streets.get(p.streetId) ?? null) : null,
        communityName: p.communityId ? (names.communities.get(p.communityId) ?? null) : null,
        roles: await visibleGrants(scope, (p.roles ?? []).filter((g) => g.role !== 'resident'), (kind) => streetsOf(kind)),
      });
    }
    return { people };
  }
}
