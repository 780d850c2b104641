/**
 * Organizations of the register written straight into a test world's database (the shape the org function writes),
 * for the contract-driven suites and the org tests: fresh, unclaimed, or led by someone.
 */
import type { OrgProfile } from '../../types';
import type { VolunteerWorld } from './volunteer';

type World = Pick<VolunteerWorld, 'cloud'>;
const when = { $date: '2026-11-01T00:00:00.000Z' };
const STREETS: Record<string, [string, number]> = { xiangyang: ['向阳街道', 0], dongshan: ['东山街道', 1] };

let seq = 0;

/** A profile in `streetId` (xiangyang or dongshan), street-wide, with a leader phone nobody in the seed has. */
export const orgProfile = (o: Partial<OrgProfile> = {}): OrgProfile => ({
  name: `测试社会组织${++seq}号`,
  kind: 'community_group',
  streetId: 'xiangyang',
  communityId: null,
  sizeBand: 'under_10',
  leaderName: '测试负责人',
  leaderPhone: '13977770000',
  services: ['测试服务'],
  intro: '测试用的社会组织。',
  instructor: null,
  ...o,
});

/**
 * A fresh organization (unverified, no party organization); `leader` claimed it (and their user document, which must
 * exist, gets the leader membership); `pending` is someone waiting for the street. Answers its id.
 */
export function writeOrg(w: World, o: Partial<OrgProfile> & { leader?: string; pending?: string } = {}): string {
  const { leader, pending, ...fields } = o;
  const p = orgProfile(fields);
  const id = `org-test-${++seq}`;
  const [streetName, sort] = STREETS[p.streetId] ?? [p.streetId, 99];
  const claim = leader ? { openid: leader, state: 'claimed', at: when } : pending ? { openid: pending, state: 'pending', at: when } : null;
  const doc = { _id: id, ...p, streetName, communityName: null, party: { mode: 'none', partyOrgId: null }, verification: 'unverified', claim, mergedInto: null, sort, createdAt: when, updatedAt: when };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'organizations', data: [JSON.stringify(doc)] });
  if (leader) {
    w.cloud.db.handle({ action: 'database.modifyDocument', collectionName: 'users', query: JSON.stringify({ _id: leader }), data: JSON.stringify({ $push: { orgs: { orgId: id, role: 'leader' } } }), multi: false });
  }
  return id;
}
