/**
 * The register of social organizations and their party organizations through the real `org` function (two instances
 * over one seeded database): the public list and page (phones masked), claims (at once with the phone on record,
 * otherwise waiting for the street; one leader even when two claim at once on two instances), edits by the leader or
 * the admin in scope (a street admin refused on another street's organization, nothing written), verification,
 * creation, merging duplicates (people and party membership move in one transaction), and party organizations (each
 * organization in at most one; own ones hold exactly one).
 */
import type { Envelope, OrgDetail, OrgProfile, OrgSummary, PartyOrgView } from '../../types';
import { writeActivity, writeUser } from '../support/activities';
import { databaseDigest } from '../support/digest';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const DISTRICT = 'demo-district-admin';
const STREET_ADMIN = 'demo-street-admin'; // 向阳街道 (xiangyang)
const RESIDENT = 'demo-resident';
const digest = (): string => databaseDigest(w.cloud.db);
const failed = (res: Envelope<unknown>): { code: string; fields?: Record<string, string>; details?: Record<string, string> } => {
  if (res.ok) throw new Error(`expected a failure, got ${JSON.stringify(res.data).slice(0, 300)}`);
  return res.error;
};
type OrgDocView = { name: string; streetId: string; verification: string; party: { mode: string; partyOrgId: string | null }; claim: { openid: string; state: string } | null; mergedInto: string | null; leaderPhone: string | null };
type PartyDoc = { name: string; kind: string; streetId: string | null; orgIds: string[]; organizations: string[] };
const orgDoc = (id: string) => w.doc<OrgDocView>('organizations', id) as OrgDocView;
const partyDoc = (id: string) => w.doc<PartyDoc>('party_branches', id) as PartyDoc;
const userOrgs = (openid: string) => w.doc<{ orgs?: Array<{ orgId: string; role: string }> }>('users', openid)?.orgs ?? [];
const setUserOrgs = (openid: string, orgs: Array<{ orgId: string; role: string }>) =>
  w.cloud.db.handle({ action: 'database.modifyDocument', collectionName: 'users', query: JSON.stringify({ _id: openid }), data: JSON.stringify({ $set: { orgs } }), multi: false });
const allDocs = <T>(coll: string): Array<T & { _id: string }> => [...w.cloud.db.store.entries(coll)].map((e) => e.doc as unknown as T & { _id: string });

/** A generated xiangyang organization without a party organization, and one of dongshan. */
const XY_NONE = 'org-xiangyang-21';
const XY_JOINT = 'org-xiangyang-03';
const DS_ORG = 'org-dongshan-05';

const profileOf = (d: OrgDetail, o: Partial<OrgProfile> = {}): OrgProfile => ({
  name: d.name,
  kind: d.kind,
  streetId: d.streetId,
  communityId: d.communityId,
  sizeBand: d.sizeBand,
  leaderName: d.leaderName,
  leaderPhone: orgDoc(d.id).leaderPhone,
  services: d.services,
  intro: d.intro,
  instructor: d.instructor,
  ...o,
});
const get = (id: string, by = RESIDENT) => w.ok<OrgDetail>('org', by, 'get', { orgId: id });

describe('the seeded register', () => {
  it('about 310 organizations in the article’s proportions: every one with 30+ staff has a party organization; each organization in at most one', () => {
    const orgs = allDocs<OrgDocView & { sizeBand: string }>('organizations');
    const parties = allDocs<PartyDoc>('party_branches');
    const modes = { own: 0, joint: 0, none: 0 } as Record<string, number>;
    for (const o of orgs) modes[o.party.mode] = (modes[o.party.mode] ?? 0) + 1;
    expect(orgs.length).toBe(310);
    expect(modes).toEqual({ own: 24, joint: 226, none: 60 });
    expect(parties.filter((p) => p.kind === 'own')).toHaveLength(24);
    expect(parties.filter((p) => p.kind === 'joint')).toHaveLength(87);
    expect(orgs.filter((o) => ['30_99', '100_plus'].includes(o.sizeBand) && o.party.mode === 'none')).toEqual([]);
    expectOnePartyOrgEach();
    expect(partyDoc('branch-shanheliang')).toMatchObject({ kind: 'joint', streetId: null, organizations: ['善和良公益发展中心', '烟台市青年企业家企业管理协会', '北大社区畅响艺术团', '芝罘区邻里守望志愿服务队'] });
  });
});

/** Every organization's party points at a party organization listing it, and every listed one points back; names in step. */
function expectOnePartyOrgEach(): void {
  const orgs = new Map(allDocs<OrgDocView>('organizations').map((o) => [o._id, o]));
  const seen = new Map<string, string>();
  for (const p of allDocs<PartyDoc>('party_branches')) {
    expect(p.organizations).toHaveLength(p.orgIds.length);
    p.orgIds.forEach((id, i) => {
      expect(seen.get(id)).toBeUndefined();
      seen.set(id, p._id);
      expect(orgs.get(id)?.party).toEqual({ mode: p.kind, partyOrgId: p._id });
      expect(p.organizations[i]).toBe(orgs.get(id)?.name);
    });
    if (p.kind === 'own') expect(p.orgIds.length).toBeLessThanOrEqual(1);
  }
  for (const o of orgs.values()) if (o.party.partyOrgId) expect(seen.get(o._id)).toBe(o.party.partyOrgId);
  for (const o of orgs.values()) if (!o.party.partyOrgId) expect(o.party.mode).toBe('none');
}

describe('org.list', () => {
  it('public lines by street order then name, paged with the total; no phone anywhere', async () => {
    const first = await w.ok<{ items: OrgSummary[]; total: number }>('org', RESIDENT, 'list', { limit: 100 });
    expect(first.total).toBe(310);
    expect(first.items).toHaveLength(100);
    const rest = await w.ok<{ items: OrgSummary[]; total: number }>('org', RESIDENT, 'list', { offset: 300, limit: 100 });
    expect(rest.items).toHaveLength(10);
    // Streets in their order (向阳 first, then 东山…), names sorted within a street.
    const streetRuns = first.items.map((o) => o.streetId).filter((s, i, all) => i === 0 || all[i - 1] !== s);
    expect(streetRuns.slice(0, 4)).toEqual(['xiangyang', 'dongshan', 'yuhuangding', 'tongshen']);
    const xy = first.items.filter((o) => o.streetId === 'xiangyang').map((o) => o.name);
    expect(xy).toEqual([...xy].sort());
    const text = JSON.stringify(first) + JSON.stringify(rest);
    expect(text).not.toMatch(/1[3-9]\d{9}/);
    expect(text).not.toContain('****');
    const changxiang = first.items.find((o) => o.id === 'org-changxiang');
    expect(changxiang).toMatchObject({ kindLabel: '社区社会组织', streetName: '向阳街道', communityName: '北大社区', party: { mode: 'joint', partyOrgId: 'branch-shanheliang', partyOrgName: '芝罘区社会组织第一联合党支部' } });
  });

  it('filters by street, kind, party mode, verification and a name substring', async () => {
    const list = (data: object) => w.ok<{ items: OrgSummary[]; total: number }>('org', RESIDENT, 'list', { limit: 100, ...data });
    const ds = await list({ streetId: 'dongshan' });
    expect(ds.total).toBe(27);
    expect(ds.items.every((o) => o.streetId === 'dongshan')).toBe(true);
    const none = await list({ party: 'none' });
    expect(none.total).toBe(60);
    expect(none.items.every((o) => o.party.mode === 'none' && o.party.partyOrgName === null)).toBe(true);
    const found = await list({ q: '畅响' });
    expect(found.items.map((o) => o.id)).toEqual(['org-changxiang']);
    const regexChars = await list({ q: '.*' });
    expect(regexChars.total).toBe(0);
    const kinds = await list({ kind: 'foundation', verification: 'verified' });
    expect(kinds.items.length).toBeGreaterThan(0);
    expect(kinds.items.every((o) => o.kind === 'foundation' && o.verification === 'verified')).toBe(true);
  });
});

describe('org.get', () => {
  it('the page: masked phone, its party organization’s published activities, hours and venue use of the last 12 months', async () => {
    const published = writeActivity(w, { title: '支部主题党日', branchId: 'branch-shanheliang', state: 'published' });
    writeActivity(w, { title: '草稿活动', branchId: 'branch-shanheliang', state: 'draft' });
    const insert = (doc: object) => w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'org_rollups', data: [JSON.stringify(doc)] });
    insert({ _id: '2026-12:org:org-changxiang', kind: 'org', month: '2026-12', orgId: 'org-changxiang', bookings: 2, bookingMinutes: 180, volunteerMinutes: 90 });
    insert({ _id: '2026-01:org:org-changxiang', kind: 'org', month: '2026-01', orgId: 'org-changxiang', bookings: 1, bookingMinutes: 60, volunteerMinutes: 30 });
    insert({ _id: '2025-12:org:org-changxiang', kind: 'org', month: '2025-12', orgId: 'org-changxiang', bookings: 9, bookingMinutes: 900, volunteerMinutes: 900 });
    const d = await get('org-changxiang', 'demo-volunteer');
    expect(d).toMatchObject({ name: '北大社区畅响艺术团', leaderPhoneMasked: '139****1009', claim: 'claimed', myClaim: 'none', mergedInto: null, volunteerHours: 2, venueUse: { bookings: 3, hours: 4 }, can: { edit: false, verify: false, claim: false }, pendingClaim: null });
    expect(d.activities.map((a) => a.title)).toEqual(['支部主题党日']);
    expect(d.activities[0]?.id).toBe(published);
    expect(JSON.stringify(d)).not.toContain('13906381009');
    expect((await get('org-changxiang', RESIDENT)).can).toEqual({ edit: true, verify: false, claim: false });
    expect((await get('org-changxiang', STREET_ADMIN)).can).toEqual({ edit: true, verify: true, claim: false });
    expect((await get('org-shanheliang', STREET_ADMIN)).can).toEqual({ edit: false, verify: false, claim: false });
    expect((await get(XY_NONE, 'demo-volunteer')).can).toEqual({ edit: false, verify: false, claim: true });
    expect(await get(XY_NONE)).toMatchObject({ volunteerHours: 0, venueUse: { bookings: 0, hours: 0 }, activities: [] });
    expect(failed(await w.call('org', RESIDENT, 'get', { orgId: 'org-nope' })).code).toBe('ORG.NOT_FOUND');
  });
});

describe('org.claim', () => {
  it('the verified phone on record: claimed at once, the person leads it (may edit); again: the same answer, nothing new', async () => {
    const phone = orgDoc(XY_NONE).leaderPhone as string;
    const who = writeUser(w, 'claimer-1', { nickname: '认领人', phone });
    expect(await w.ok('org', who, 'claim', { orgId: XY_NONE })).toEqual({ orgId: XY_NONE, claim: 'claimed' });
    expect(userOrgs(who)).toEqual([{ orgId: XY_NONE, role: 'leader' }]);
    expect(orgDoc(XY_NONE).claim).toMatchObject({ openid: who, state: 'claimed' });
    expect(w.count('audit_log', { action: 'org.claim', target: XY_NONE })).toBe(1);
    const before = digest();
    expect(await w.ok('org', who, 'claim', { orgId: XY_NONE })).toEqual({ orgId: XY_NONE, claim: 'claimed' });
    expect(digest()).toBe(before);
    expect((await get(XY_NONE, who)).can.edit).toBe(true);
    const other = writeUser(w, 'claimer-2', { phone: '13900001111' });
    const beforeOther = digest();
    expect(failed(await w.call('org', other, 'claim', { orgId: XY_NONE })).code).toBe('ORG.ALREADY_CLAIMED');
    expect(digest()).toBe(beforeOther);
  });

  it('another phone: pending for the street (who it is shown to admins in scope only, masked); a second claimant is refused', async () => {
    const who = writeUser(w, 'claimer-3', { nickname: '想认领的人', phone: '13712345678' });
    expect(await w.ok('org', who, 'claim', { orgId: XY_NONE })).toEqual({ orgId: XY_NONE, claim: 'pending' });
    expect(userOrgs(who)).toEqual([]);
    expect((await get(XY_NONE, who)).myClaim).toBe('pending');
    expect((await get(XY_NONE, who)).can.edit).toBe(false);
    expect((await get(XY_NONE, STREET_ADMIN)).pendingClaim).toMatchObject({ openid: who, nickname: '想认领的人', phoneMasked: '137****5678' });
    expect((await get(XY_NONE, 'demo-volunteer')).pendingClaim).toBeNull();
    expect(failed(await w.call('org', writeUser(w, 'claimer-4'), 'claim', { orgId: XY_NONE })).code).toBe('ORG.ALREADY_CLAIMED');
  });

  it('two people with the leader’s phone claim at once on two instances: exactly one leads it', async () => {
    for (let round = 0; round < 3; round++) {
      const orgId = `org-dongshan-${String(21 + round)}`;
      const phone = orgDoc(orgId).leaderPhone as string;
      const a = writeUser(w, `race-a-${round}`, { phone });
      const b = writeUser(w, `race-b-${round}`, { phone });
      const [ra, rb] = await Promise.all([w.on(0).call('org', a, 'claim', { orgId }), w.on(1).call('org', b, 'claim', { orgId })]);
      const oks = [ra, rb].filter((r) => r.ok);
      expect(oks).toHaveLength(1);
      expect([ra, rb].filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(['ORG.ALREADY_CLAIMED']);
      const leaders = [a, b].filter((p) => userOrgs(p).some((m) => m.orgId === orgId && m.role === 'leader'));
      expect(leaders).toHaveLength(1);
      expect(orgDoc(orgId).claim?.openid).toBe(leaders[0]);
    }
  });

  it('a merged organization: ORG.MERGED; unknown: ORG.NOT_FOUND', async () => {
    await w.ok('org', DISTRICT, 'merge', { keepId: XY_JOINT, dropId: XY_NONE });
    expect(failed(await w.call('org', RESIDENT, 'claim', { orgId: XY_NONE })).code).toBe('ORG.MERGED');
    expect(failed(await w.call('org', RESIDENT, 'claim', { orgId: 'org-nope' })).code).toBe('ORG.NOT_FOUND');
  });
});

describe('org.update', () => {
  it('an edit that leaves the leader’s phone out keeps the one on record (the app sees it masked only); null clears it', async () => {
    const d = await get('org-changxiang');
    const { leaderPhone: _kept, ...withoutPhone } = profileOf(d, { intro: '每周三下午在社区文体活动室排练，欢迎爱唱歌的居民加入。' });
    await w.ok('org', DISTRICT, 'update', { orgId: 'org-changxiang', profile: withoutPhone });
    expect(orgDoc('org-changxiang').leaderPhone).toBe('13906381009');
    await w.ok('org', DISTRICT, 'update', { orgId: 'org-changxiang', profile: { ...withoutPhone, leaderPhone: null } });
    expect(orgDoc('org-changxiang').leaderPhone).toBeNull();
  });

  it('the leader edits: verification back to 待街道核实; audited with before and after (phones masked); the party organization’s names follow', async () => {
    const d = await get('org-changxiang');
    expect(d.verification).toBe('verified');
    const after = await w.ok<OrgDetail>('org', RESIDENT, 'update', { orgId: 'org-changxiang', profile: profileOf(d, { name: '北大社区畅响合唱艺术团', services: ['合唱', '文艺演出', '节日慰问'] }) });
    expect(after).toMatchObject({ name: '北大社区畅响合唱艺术团', verification: 'unverified' });
    expect(partyDoc('branch-shanheliang').organizations).toContain('北大社区畅响合唱艺术团');
    expectOnePartyOrgEach();
    const entry = allDocs<{ action: string; target: string; before: Record<string, unknown>; after: Record<string, unknown> }>('audit_log').find((a) => a.action === 'org.update' && a.target === 'org-changxiang');
    expect(entry?.before).toMatchObject({ name: '北大社区畅响艺术团', leaderPhone: '139****1009', verification: 'verified' });
    expect(entry?.after).toMatchObject({ name: '北大社区畅响合唱艺术团', leaderPhone: '139****1009', verification: 'unverified' });
    expect(JSON.stringify(entry)).not.toContain('13906381009');
    // The street admin's edit keeps it as it is; verify marks it verified.
    await w.ok('org', STREET_ADMIN, 'update', { orgId: 'org-changxiang', profile: profileOf(after, { intro: '街道补充的简介。' }) });
    expect(orgDoc('org-changxiang').verification).toBe('unverified');
    expect((await w.ok<OrgDetail>('org', STREET_ADMIN, 'verify', { orgId: 'org-changxiang' })).verification).toBe('verified');
  });

  it('refused, nothing written: a member who is not the leader, a street admin on another street’s organization, a street admin or leader moving it out, a community outside the street, a blocked word', async () => {
    const xy = await get('org-changxiang');
    const ds = await get(DS_ORG);
    const before = digest();
    expect(failed(await w.call('org', 'demo-volunteer', 'update', { orgId: 'org-changxiang', profile: profileOf(xy) })).code).toBe('AUTH.FORBIDDEN');
    expect(failed(await w.call('org', STREET_ADMIN, 'update', { orgId: DS_ORG, profile: profileOf(ds) })).code).toBe('AUTH.FORBIDDEN');
    expect(failed(await w.call('org', STREET_ADMIN, 'update', { orgId: 'org-changxiang', profile: profileOf(xy, { streetId: 'dongshan', communityId: null }) })).code).toBe('AUTH.FORBIDDEN');
    expect(failed(await w.call('org', RESIDENT, 'update', { orgId: 'org-changxiang', profile: profileOf(xy, { streetId: 'dongshan', communityId: null }) })).code).toBe('AUTH.FORBIDDEN');
    const area = failed(await w.call('org', STREET_ADMIN, 'update', { orgId: 'org-changxiang', profile: profileOf(xy, { communityId: 'haiyun' }) }));
    expect(area).toMatchObject({ code: 'ADMIN.AREA_UNKNOWN', details: { field: 'profile.communityId' } });
    // The scope is checked before the content: someone who may not edit learns nothing about their words.
    expect(failed(await w.call('org', 'demo-volunteer', 'update', { orgId: 'org-changxiang', profile: profileOf(xy, { intro: '周末组织赌博活动' }) })).code).toBe('AUTH.FORBIDDEN');
    const content = failed(await w.call('org', RESIDENT, 'update', { orgId: 'org-changxiang', profile: profileOf(xy, { intro: '周末组织赌博活动' }) }));
    expect(content).toMatchObject({ code: 'CONTENT.REJECTED', fields: { 'profile.intro': expect.any(String) } });
    expect(digest()).toBe(before);
  });

  it('a district admin moves it to another street (its name and order follow)', async () => {
    const xy = await get('org-changxiang');
    const moved = await w.ok<OrgDetail>('org', DISTRICT, 'update', { orgId: 'org-changxiang', profile: profileOf(xy, { streetId: 'dongshan', communityId: 'haiyun' }) });
    expect(moved).toMatchObject({ streetId: 'dongshan', streetName: '东山街道', communityName: '海韵社区' });
    const ds = await w.ok<{ items: OrgSummary[] }>('org', RESIDENT, 'list', { streetId: 'dongshan', limit: 100 });
    expect(ds.items.map((o) => o.id)).toContain('org-changxiang');
  });
});

describe('org.verify and org.create', () => {
  it('accepting a pending claim makes the claimant the leader; rejecting clears it; nothing pending: ORG.NO_CLAIM', async () => {
    const who = writeUser(w, 'claimer-5', { phone: '13712340000' });
    await w.ok('org', who, 'claim', { orgId: XY_NONE });
    const before = digest();
    expect(failed(await w.call('org', 'demo-district-admin', 'verify', { orgId: DS_ORG, claim: 'accept' })).code).toBe('ORG.NO_CLAIM');
    expect(failed(await w.call('org', RESIDENT, 'verify', { orgId: XY_NONE, claim: 'accept' })).code).toBe('AUTH.FORBIDDEN');
    expect(digest()).toBe(before);
    const d = await w.ok<OrgDetail>('org', STREET_ADMIN, 'verify', { orgId: XY_NONE, claim: 'accept' });
    expect(d).toMatchObject({ claim: 'claimed', verification: 'verified', pendingClaim: null });
    expect(userOrgs(who)).toEqual([{ orgId: XY_NONE, role: 'leader' }]);
    const other = writeUser(w, 'claimer-6', { phone: '13712340001' });
    await w.ok('org', other, 'claim', { orgId: 'org-xiangyang-22' });
    expect((await w.ok<OrgDetail>('org', STREET_ADMIN, 'verify', { orgId: 'org-xiangyang-22', claim: 'reject' })).claim).toBe('none');
    expect(userOrgs(other)).toEqual([]);
    expect(w.count('audit_log', { action: 'org.verify' })).toBe(2);
  });

  it('a street admin registers an organization in their street (verified), not in another street', async () => {
    const profile: OrgProfile = { name: '西南河社区编织社', kind: 'community_group', streetId: 'xiangyang', communityId: 'xinanhe', sizeBand: 'under_10', leaderName: '刘桂芝', leaderPhone: '13912345678', services: ['编织'], intro: '', instructor: null };
    const made = await w.ok<OrgDetail>('org', STREET_ADMIN, 'create', { profile });
    expect(made).toMatchObject({ name: '西南河社区编织社', verification: 'verified', party: { mode: 'none' }, leaderPhoneMasked: '139****5678', communityName: '西南河社区' });
    expect(orgDoc(made.id).leaderPhone).toBe('13912345678');
    const before = digest();
    expect(failed(await w.call('org', STREET_ADMIN, 'create', { profile: { ...profile, streetId: 'dongshan', communityId: null } })).code).toBe('AUTH.FORBIDDEN');
    expect(failed(await w.call('org', DISTRICT, 'create', { profile: { ...profile, communityId: 'haiyun' } })).code).toBe('ADMIN.AREA_UNKNOWN');
    expect(digest()).toBe(before);
  });
});

describe('org.merge', () => {
  it('moves people (no repeats, one leader), party membership and the claim; the duplicate keeps mergedInto and leaves the list', async () => {
    // Two xiangyang organizations: the kept one in a joint party organization with a leader, the duplicate with none.
    const keep = 'org-xiangyang-21';
    const drop = 'org-xiangyang-22';
    writeUser(w, 'm-1');
    writeUser(w, 'm-2');
    writeUser(w, 'm-3');
    setUserOrgs('m-1', [{ orgId: drop, role: 'leader' }]);
    setUserOrgs('m-2', [{ orgId: drop, role: 'member' }, { orgId: keep, role: 'member' }]);
    setUserOrgs('m-3', [{ orgId: 'org-changxiang', role: 'member' }, { orgId: drop, role: 'member' }]);
    const dropParty = orgDoc(XY_JOINT).party.partyOrgId as string;
    // The duplicate joins a joint party organization; the kept one has none yet: the kept one takes its place.
    await w.ok('org', STREET_ADMIN, 'savePartyOrg', { partyOrgId: dropParty, name: partyDoc(dropParty).name, kind: 'joint', streetId: 'xiangyang', orgIds: [...partyDoc(dropParty).orgIds, drop] });
    const res = await w.ok<{ kept: OrgDetail; movedPeople: number }>('org', STREET_ADMIN, 'merge', { keepId: keep, dropId: drop });
    expect(res.movedPeople).toBe(3);
    expect(res.kept.party).toMatchObject({ mode: 'joint', partyOrgId: dropParty });
    expect(userOrgs('m-1')).toEqual([{ orgId: keep, role: 'leader' }]);
    expect(userOrgs('m-2')).toEqual([{ orgId: keep, role: 'member' }]);
    expect(userOrgs('m-3')).toEqual([{ orgId: 'org-changxiang', role: 'member' }, { orgId: keep, role: 'member' }]);
    expect(partyDoc(dropParty).orgIds).toContain(keep);
    expect(partyDoc(dropParty).orgIds).not.toContain(drop);
    expect(orgDoc(drop)).toMatchObject({ mergedInto: keep, party: { mode: 'none', partyOrgId: null } });
    expectOnePartyOrgEach();
    expect((await get(drop)).mergedInto).toBe(keep);
    expect((await w.ok<{ items: OrgSummary[] }>('org', RESIDENT, 'list', { streetId: 'xiangyang', limit: 100 })).items.map((o) => o.id)).not.toContain(drop);
    expect(w.count('audit_log', { action: 'org.merge' })).toBe(1);
  });

  it('refused, nothing written: itself, out of scope, already merged', async () => {
    const before = digest();
    expect(failed(await w.call('org', DISTRICT, 'merge', { keepId: XY_NONE, dropId: XY_NONE })).code).toBe('ORG.MERGE_SAME');
    expect(failed(await w.call('org', STREET_ADMIN, 'merge', { keepId: XY_NONE, dropId: DS_ORG })).code).toBe('AUTH.FORBIDDEN');
    expect(failed(await w.call('org', STREET_ADMIN, 'merge', { keepId: DS_ORG, dropId: XY_NONE })).code).toBe('AUTH.FORBIDDEN');
    expect(digest()).toBe(before);
    await w.ok('org', DISTRICT, 'merge', { keepId: XY_JOINT, dropId: XY_NONE });
    expect(failed(await w.call('org', DISTRICT, 'merge', { keepId: XY_JOINT, dropId: XY_NONE })).code).toBe('ORG.MERGED');
  });
});

describe('party organizations', () => {
  it('org.partyOrgs: a street’s own and joint ones and the district-level ones, with secretary and members', async () => {
    const { items } = await w.ok<{ items: PartyOrgView[] }>('org', RESIDENT, 'partyOrgs', { streetId: 'xiangyang' });
    expect(items.filter((p) => p.streetId === 'xiangyang')).toHaveLength(9);
    const first = items.find((p) => p.id === 'branch-shanheliang');
    expect(first).toMatchObject({ kind: 'joint', streetId: null, streetName: null, secretary: '刘书记' });
    expect(first?.members).toBe(w.count('users', { roles: { $elemMatch: { role: 'party_member', 'scope.branchId': 'branch-shanheliang' } } }));
    expect(first?.members).toBeGreaterThan(0);
    expect(first?.organizations[0]).toEqual({ id: 'org-shanheliang', name: '善和良公益发展中心' });
    expect((await w.ok<{ items: PartyOrgView[] }>('org', RESIDENT, 'partyOrgs', {})).items).toHaveLength(111);
  });

  it('savePartyOrg: an organization taken from another party organization leaves it; those dropped get none; own holds exactly one', async () => {
    const fromA = orgDoc('org-xiangyang-03').party.partyOrgId as string;
    const made = await w.ok<PartyOrgView>('org', STREET_ADMIN, 'savePartyOrg', { name: '向阳街道新联合党支部', kind: 'joint', streetId: 'xiangyang', orgIds: ['org-xiangyang-03', XY_NONE] });
    expect(made).toMatchObject({ kind: 'joint', streetName: '向阳街道', organizations: [{ id: 'org-xiangyang-03' }, { id: XY_NONE }], secretary: null, members: 0 });
    expect(partyDoc(fromA).orgIds).not.toContain('org-xiangyang-03');
    expect(orgDoc(XY_NONE).party).toEqual({ mode: 'joint', partyOrgId: made.id });
    expectOnePartyOrgEach();
    const edited = await w.ok<PartyOrgView>('org', STREET_ADMIN, 'savePartyOrg', { partyOrgId: made.id, name: '向阳街道新联合党支部', kind: 'own', streetId: 'xiangyang', orgIds: [XY_NONE] });
    expect(edited.kind).toBe('own');
    expect(orgDoc('org-xiangyang-03').party).toEqual({ mode: 'none', partyOrgId: null });
    expect(orgDoc(XY_NONE).party).toEqual({ mode: 'own', partyOrgId: made.id });
    expectOnePartyOrgEach();
    expect(w.count('audit_log', { action: 'org.savePartyOrg' })).toBe(2);
  });

  it('refused, nothing written: own with two, district level by a street admin, another street’s organization or party organization, unknown ids', async () => {
    const before = digest();
    const save = (by: string, data: object) => w.call('org', by, 'savePartyOrg', { name: '测试联合党支部', kind: 'joint', streetId: 'xiangyang', orgIds: [XY_NONE], ...data });
    expect(failed(await save(STREET_ADMIN, { kind: 'own', orgIds: [XY_NONE, XY_JOINT] })).code).toBe('ORG.PARTY_OWN_ONE');
    expect(failed(await save(STREET_ADMIN, { streetId: null })).code).toBe('AUTH.FORBIDDEN');
    expect(failed(await save(STREET_ADMIN, { orgIds: [XY_NONE, DS_ORG] })).code).toBe('AUTH.FORBIDDEN');
    expect(failed(await save(STREET_ADMIN, { partyOrgId: 'branch-shanheliang' })).code).toBe('AUTH.FORBIDDEN');
    expect(failed(await save(STREET_ADMIN, { partyOrgId: 'po-nope' })).code).toBe('ORG.PARTY_NOT_FOUND');
    expect(failed(await save(STREET_ADMIN, { orgIds: ['org-nope'] })).code).toBe('ORG.NOT_FOUND');
    expect(failed(await save(DISTRICT, { orgIds: [DS_ORG] })).code).toBe('ADMIN.AREA_UNKNOWN');
    expect(failed(await save(RESIDENT, {})).code).toBe('AUTH.FORBIDDEN');
    expect(digest()).toBe(before);
  });
});
