import { ACTIVITY_TYPE_LABELS, type ActivityType } from '../../types/activity-rules';
import { toBeijingIso } from '../../types/beijing-time';
import type { OrgDetail, OrgProfile, OrgSummary, PartyOrgView } from '../../types';
import { ORG_KIND_LABELS } from '../../types/org-rules';
import type { PartyBranchDoc } from '../_shared/branches';
import { maskPhone } from '../_shared/privacy';
import type { OrgRollupDoc } from '../_shared/rollups';
import type { OrgDoc } from './org.docs';
import type { OrgActivityDoc } from './org.repository';

const ms = (d: Date | string | number): number => new Date(d).getTime();

/** The register's public line of an organization (no phone numbers). */
export function summaryOf(doc: OrgDoc, partyOrgName: string | null): OrgSummary {
  return {
    id: doc._id,
    name: doc.name,
    kind: doc.kind,
    kindLabel: ORG_KIND_LABELS[doc.kind] ?? doc.kind,
    streetId: doc.streetId,
    streetName: doc.streetName,
    communityName: doc.communityName ?? null,
    sizeBand: doc.sizeBand,
    services: doc.services ?? [],
    party: { mode: doc.party?.mode ?? 'none', partyOrgId: doc.party?.partyOrgId ?? null, partyOrgName: doc.party?.partyOrgId ? partyOrgName : null },
    verification: doc.verification ?? 'unverified',
  };
}

/** What the page says beyond the summary, besides the caller's own part (`can`, `myClaim`, `pendingClaim`). */
export interface DetailFacts {
  partyOrgName: string | null;
  activities: OrgActivityDoc[];
  rollups: OrgRollupDoc[];
  can: OrgDetail['can'];
  myClaim: OrgDetail['myClaim'];
  pendingClaim: OrgDetail['pendingClaim'];
}

const oneDecimal = (n: number): number => Math.round(n * 10) / 10;

export function detailOf(doc: OrgDoc, f: DetailFacts): OrgDetail {
  const minutes = f.rollups.reduce((s, r) => s + (r.volunteerMinutes ?? 0), 0);
  const bookings = f.rollups.reduce((s, r) => s + (r.bookings ?? 0), 0);
  const bookingMinutes = f.rollups.reduce((s, r) => s + (r.bookingMinutes ?? 0), 0);
  return {
    ...summaryOf(doc, f.partyOrgName),
    intro: doc.intro ?? '',
    communityId: doc.communityId ?? null,
    leaderName: doc.leaderName,
    leaderPhoneMasked: maskPhone(doc.leaderPhone),
    instructor: doc.instructor ?? null,
    claim: doc.claim ? doc.claim.state : 'none',
    mergedInto: doc.mergedInto ?? null,
    activities: f.activities.map((a) => ({ id: a._id, title: a.title, start: toBeijingIso(ms(a.start)), typeLabel: ACTIVITY_TYPE_LABELS[a.type as ActivityType] ?? a.type })),
    volunteerHours: oneDecimal(minutes / 60),
    venueUse: { bookings, hours: oneDecimal(bookingMinutes / 60) },
    can: f.can,
    myClaim: f.myClaim,
    pendingClaim: f.pendingClaim,
  };
}

/** The profile as the audit log keeps it: plain data, the leader's phone masked. */
export function auditedProfile(doc: Pick<OrgDoc, keyof OrgProfile> & Partial<OrgDoc>): Record<string, unknown> {
  return {
    name: doc.name,
    kind: doc.kind,
    streetId: doc.streetId,
    communityId: doc.communityId,
    sizeBand: doc.sizeBand,
    leaderName: doc.leaderName,
    leaderPhone: maskPhone(doc.leaderPhone),
    services: doc.services,
    intro: doc.intro,
    instructor: doc.instructor,
    ...(doc.verification ? { verification: doc.verification } : {}),
    ...(doc.party ? { party: doc.party } : {}),
    ...(doc.mergedInto !== undefined ? { mergedInto: doc.mergedInto } : {}),
  };
}

/** A party organization as the register shows it. */
export function partyOrgViewOf(doc: PartyBranchDoc, streetName: string | null, people: { secretary: string | null; members: number } | undefined): PartyOrgView {
  const ids = doc.orgIds ?? [];
  return {
    id: doc._id,
    name: doc.name,
    kind: doc.kind ?? 'joint',
    streetId: doc.streetId ?? null,
    streetName,
    organizations: ids.map((id, i) => ({ id, name: doc.organizations?.[i] ?? id })),
    secretary: people?.secretary ?? null,
    members: people?.members ?? 0,
  };
}

/** The party organization as the audit log keeps it. */
export function auditedPartyOrg(doc: PartyBranchDoc | null): Record<string, unknown> | null {
  return doc ? { name: doc.name, kind: doc.kind, streetId: doc.streetId, orgIds: doc.orgIds, organizations: doc.organizations } : null;
}
