import type { OrgKind, OrgSizeBand, OrgVerification, PartyMode } from '../../types/org-rules';

/** How an organization's leader claim stands: waiting for the street, or accepted (one leader per organization). */
export interface OrgClaim {
  openid: string;
  state: 'pending' | 'claimed';
  at: Date;
}

/** An organization of the register (`organizations/<id>`). The venue function reads `name` for bookings in its name. */
export interface OrgDoc {
  _id: string;
  name: string;
  kind: OrgKind;
  streetId: string;
  streetName: string;
  communityId: string | null;
  communityName: string | null;
  sizeBand: OrgSizeBand;
  leaderName: string;
  /** Stored as given; every view masks it. */
  leaderPhone: string | null;
  services: string[];
  intro: string;
  instructor: string | null;
  party: { mode: PartyMode; partyOrgId: string | null };
  verification: OrgVerification;
  claim: OrgClaim | null;
  /** Set when merged into another organization as a duplicate (never listed again). */
  mergedInto: string | null;
  /** The street's order (streets.sort): the register lists by street, then name. */
  sort: number;
  createdAt: Date;
  updatedAt: Date;
}

export type { OrgMembership } from '../_shared/orgs';

export interface StreetDoc {
  _id: string;
  name: string;
  sort: number;
}

export interface CommunityDoc {
  _id: string;
  streetId: string;
  name: string;
}
