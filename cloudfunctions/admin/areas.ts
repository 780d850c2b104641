import { DomainError } from '../_shared/errors';
import type { PlacesRepository } from './places.repository';

/** Where a venue or station lies, names looked up (stored with it so lists need one query). */
export interface Area {
  streetId: string | null;
  streetName: string | null;
  communityId: string | null;
  communityName: string | null;
}

const unknown = (field: string, words: string): DomainError => new DomainError('ADMIN.AREA_UNKNOWN', words, { [field]: words }, { field });

/**
 * A street (required) and optionally one of its communities: ADMIN.AREA_UNKNOWN naming the field (`<prefix>.streetId`,
 * `<prefix>.communityId`) when the street is missing or unknown, or the community unknown or in another street.
 */
export async function checkArea(repo: Pick<PlacesRepository, 'street' | 'community'>, streetId: string | null, communityId: string | null, prefix: string): Promise<Area> {
  if (streetId === null) throw unknown(`${prefix}.streetId`, '请选择街道');
  const [street, community] = await Promise.all([repo.street(streetId), communityId === null ? Promise.resolve(null) : repo.community(communityId)]);
  if (!street) throw unknown(`${prefix}.streetId`, '没有这个街道，请重新选择');
  if (communityId !== null && (!community || community.streetId !== streetId)) throw unknown(`${prefix}.communityId`, '这个社区不在所选街道，请重新选择');
  return { streetId, streetName: street.name, communityId, communityName: community?.name ?? null };
}
