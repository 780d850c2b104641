/**
 * `npx tsx scripts/generate-district.ts [--records N] [--out dir]`: fills a data directory of the local runtime
 * (DATA_DIR: `cloudbase.sqlite` and its `database.secret`) with a year of a busy district, then rebuilds the
 * dashboard's rollups from it (cloudfunctions/_shared/rollups.ts rebuildRollups, through the SDK, as a deploy would).
 *
 * The district (the same at every scale): the demo catalogue and accounts (local-cloud/seed.ts), 12 streets with 150
 * communities, a venue per community and a centre per street besides the 创益园's rooms, a Red Sail station per
 * community, ~470 social organizations (33 with their own party organization, 334 in 122 joint ones, the rest none
 * yet), their ~155 party organizations with ~3,000 party members, ~3,000 volunteers, 10,000 residents.
 *
 * The year (2025-12-01 … 2026-11-30, Beijing), scaled by --records (default: the full year, ≈ 373,000 records):
 * 200,000 venue bookings (never two on one slot: completed with a check-in, no-shows released, cancellations),
 * 10,000 shifts with 50,000 volunteer check-ins (a shift sign-up checked in and out and its hours-ledger credit each),
 * 30,000 course completions (party members mostly, each in their party organization), 3,000 activities and 30,000
 * sign-ups. Deterministic: the same arguments write the same documents (seeded random, fixed dates).
 *
 * Written through the local database's own store (local-cloud/db/store.ts, the layer the runtime reads at start), in
 * bulk commits. A directory that already holds a database is refused (delete it first).
 */
import tcb from '@cloudbase/node-sdk';
import fs from 'node:fs';
import path from 'node:path';
import { persistentSecret } from '../local-cloud/auth';
import { LocalDatabase } from '../local-cloud/db/engine';
import type { Doc } from '../local-cloud/db/store';
import { courseSeeds } from '../local-cloud/seed-courses';
import { seedIfEmpty, streets } from '../local-cloud/seed';
import { pointSdkAt, startLocalServer } from '../local-cloud/server';
import { Collections } from '../cloudfunctions/_shared/collections';
import { rebuildRollups } from '../cloudfunctions/_shared/rollups';
import { addDays, beijingInstant } from '../types/beijing-time';
import type { OrgKind, OrgSizeBand } from '../types/org-rules';

/** The full year's records by kind. */
export const FULL_YEAR = { bookings: 200_000, shifts: 10_000, checkIns: 50_000, completions: 30_000, activities: 3_000, activitySignups: 30_000 } as const;
/** Records of the full year: bookings + shifts + check-ins (sign-up and ledger entry each) + completions + activities + sign-ups. */
export const FULL_RECORDS = FULL_YEAR.bookings + FULL_YEAR.shifts + 2 * FULL_YEAR.checkIns + FULL_YEAR.completions + FULL_YEAR.activities + FULL_YEAR.activitySignups;

export const YEAR_FROM = '2025-12-01';
export const YEAR_TO = '2026-11-30';
const DAYS = 365;
/** The demo's "now" the catalogue is stamped with (after the generated year). */
const NOW = beijingInstant('2026-12-01', '08:00');

export interface GenerateOptions {
  records?: number;
  out: string;
  log?: (line: string) => void;
}

export interface GenerateResult {
  dir: string;
  counts: Record<string, number>;
  records: number;
  rollupDocs: number;
  writeMs: number;
  rebuildMs: number;
}

/** mulberry32: a small seeded random, so every run writes the same district. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMUNITY_WORDS = ['海港', '文化', '幸福', '花园', '东方', '建设', '新华', '光明', '滨海', '松林', '明珠', '振华', '红旗', '青年', '向荣', '春晖', '锦绣', '和平', '朝阳', '港湾'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文';
const GIVEN = ['建国', '秀英', '桂兰', '玉兰', '志强', '海燕', '红梅', '丽华', '国庆', '淑珍', '明', '静', '伟', '芳', '军', '敏', '磊', '洋', '艳', '勇'];
const ORG_WORDS = ['邻里守望', '夕阳红', '爱心帮扶', '书香', '银发', '巧手', '助老', '青少年成长', '和美家庭', '海岸环保', '健康促进', '文艺', '志愿服务', '法律援助', '心理关爱', '四点半课堂', '非遗传承', '渔家文化', '睦邻', '红色记忆'];
const ORG_TAILS: Record<OrgKind, string[]> = {
  social_group: ['协会', '促进会', '联合会'],
  service_agency: ['服务中心', '发展中心', '服务社'],
  foundation: ['公益基金会'],
  community_group: ['志愿服务队', '艺术团', '互助会', '服务站'],
};

/** Writes the district into `out` (which must hold no database yet) and rebuilds the rollups. */
export async function generateDistrict(options: GenerateOptions): Promise<GenerateResult> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const scale = Math.min(1, Math.max(0, (options.records ?? FULL_RECORDS) / FULL_RECORDS));
  const n = (full: number): number => Math.round(full * scale);
  const dir = path.resolve(options.out);
  const file = path.join(dir, 'cloudbase.sqlite');
  if (fs.existsSync(file)) throw new Error(`${file} already exists: delete ${dir} first`);
  fs.mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const rnd = seeded(13);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const at = (date: string, clock: string): Date => new Date(beijingInstant(date, clock));
  const days = Array.from({ length: DAYS }, (_, i) => addDays(YEAR_FROM, i));
  const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const surnames = [...SURNAMES];
  const personName = (): string => `${pick(surnames)}${pick(GIVEN)}`;

  const db = new LocalDatabase({ file, now: () => NOW });
  seedIfEmpty(db, { now: new Date(NOW), lived: false });
  const counts: Record<string, number> = {};
  let batch: Array<{ coll: string; id: string; doc: Doc }> = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    db.store.commit(batch);
    batch = [];
  };
  const add = (coll: string, doc: Doc): void => {
    batch.push({ coll, id: doc._id, doc });
    counts[coll] = (counts[coll] ?? 0) + 1;
    if (batch.length >= 20_000) flush();
  };

  // ---- the district: communities, venues, stations
  const streetName = new Map(streets.map((s) => [s.id, s.name]));
  const communities: Array<{ id: string; name: string; streetId: string }> = [];
  streets.forEach((s, i) => {
    s.communities.forEach(([id, name]) => communities.push({ id, name, streetId: s.id }));
    const total = i < 6 ? 13 : 12; // 6 × 13 + 6 × 12 = 150
    const used = new Set(s.communities.map(([, name]) => name));
    for (let j = s.communities.length; j < total; j++) {
      let name = `${pick(COMMUNITY_WORDS)}社区`;
      for (let k = 2; used.has(name); k++) name = `${COMMUNITY_WORDS[(j + k) % COMMUNITY_WORDS.length]}${k > COMMUNITY_WORDS.length ? k : ''}社区`;
      used.add(name);
      const id = `g-${s.id}-${j}`;
      communities.push({ id, name, streetId: s.id });
      add(Collections.communities, { _id: id, streetId: s.id, name, sort: i * 100 + j });
    }
  });
  const venues = [...db.store.entries(Collections.venues)].map((e) => e.doc as Doc & { opens: string; closes: string; streetId: string | null; name: string });
  const venueDoc = (id: string, name: string, streetId: string, community: { id: string; name: string } | null, type: string, capacity: number, sort: number): Doc => ({
    _id: id,
    name,
    level: community ? 'community' : 'street',
    type,
    capacity,
    facilities: ['桌椅', '音响'],
    address: `${streetName.get(streetId)}${community?.name ?? ''}`,
    streetId,
    streetName: streetName.get(streetId) ?? null,
    communityId: community?.id ?? null,
    communityName: community?.name ?? null,
    photos: [`/static/venues/${type}.png`],
    opens: '08:30',
    closes: '21:00',
    slotMinutes: 60,
    windowDays: 14,
    maxConsecutive: 3,
    needsApproval: false,
    blackoutDates: [],
    active: true,
    sort,
  });
  streets.forEach((s, i) => {
    if (!venues.some((v) => v.streetId === s.id && v.level === 'street')) {
      const v = venueDoc(`g-${s.id}-centre`, `${s.name}党群服务中心活动室`, s.id, null, 'activity', 40, 100 + i);
      add(Collections.venues, v);
      venues.push(v as (typeof venues)[number]);
    }
  });
  communities.forEach((c, i) => {
    const v = venueDoc(`g-${c.id}-room`, `${c.name}党群服务站活动室`, c.streetId, c, i % 3 === 0 ? 'meeting' : 'activity', 20 + (i % 4) * 5, 200 + i);
    add(Collections.venues, v);
    venues.push(v as (typeof venues)[number]);
  });
  const stations = communities.map((c, i) => {
    const id = `g-st-${c.id}`;
    add(Collections.stations, {
      _id: id,
      name: `${c.name}创益红帆站`,
      streetId: c.streetId,
      streetName: streetName.get(c.streetId),
      communityId: c.id,
      communityName: c.name,
      address: `${streetName.get(c.streetId)}${c.name}`,
      location: null,
      services: ['助老服务', '政策宣讲'],
      hours: '周一至周五 9:00-17:00',
      active: true,
      sort: 100 + i,
    });
    return { id, name: `${c.name}创益红帆站`, streetId: c.streetId };
  });

  // ---- organizations and party organizations (the article: 33 own, 334 in 122 joint ones)
  const kinds: OrgKind[] = ['social_group', 'service_agency', 'foundation', 'community_group'];
  const orgs: Array<{ id: string; name: string; streetId: string }> = [];
  const orgDoc = (i: number, mode: 'own' | 'joint' | 'none', partyOrgId: string | null, streetId: string, sizeBand: OrgSizeBand): Doc => {
    const kind = i % 17 === 0 ? 'foundation' : (pick(kinds.filter((k) => k !== 'foundation')) as OrgKind);
    const community = pick(communities.filter((c) => c.streetId === streetId));
    const name = `${streetName.get(streetId)?.replace('街道', '')}${pick(ORG_WORDS)}${pick(ORG_TAILS[kind])}${i}`;
    orgs.push({ id: `g-org-${i}`, name, streetId });
    return {
      _id: `g-org-${i}`,
      name,
      kind,
      streetId,
      streetName: streetName.get(streetId),
      communityId: community.id,
      communityName: community.name,
      sizeBand,
      leaderName: personName(),
      leaderPhone: `139${String(10_000_000 + i).slice(-8)}`,
      services: ['志愿服务'],
      intro: '',
      instructor: mode === 'none' ? null : personName(),
      party: { mode, partyOrgId },
      verification: 'verified',
      claim: null,
      mergedInto: null,
      createdAt: new Date(NOW - 400 * 86_400_000),
      updatedAt: new Date(NOW - 400 * 86_400_000),
      sort: i,
    };
  };
  const branches: Array<{ id: string; streetId: string | null }> = [];
  let orgSeq = 1;
  for (let b = 0; b < 33; b++) {
    const streetId = (streets[b % streets.length] as (typeof streets)[number]).id;
    const id = `g-po-own-${b}`;
    const doc = orgDoc(orgSeq++, 'own', id, streetId, pick(['30_99', '100_plus', '30_99'] as const));
    add(Collections.organizations, doc);
    add(Collections.partyBranches, { _id: id, name: `${doc.name as string}党支部`, kind: 'own', streetId, orgIds: [doc._id], organizations: [doc.name], sort: 100 + b });
    branches.push({ id, streetId });
  }
  for (let b = 0; b < 122; b++) {
    const streetId = b < 10 ? null : (streets[b % streets.length] as (typeof streets)[number]).id;
    const id = `g-po-joint-${b}`;
    const size = Math.floor(334 / 122) + (b < 334 % 122 ? 1 : 0);
    const members = Array.from({ length: size }, () => orgDoc(orgSeq++, 'joint', id, streetId ?? pick(streets).id, pick(['under_10', '10_29', '10_29', '30_99'] as const)));
    members.forEach((m) => add(Collections.organizations, m));
    add(Collections.partyBranches, { _id: id, name: `芝罘区${streetId ? (streetName.get(streetId) ?? '') : ''}社会组织第${b + 1}联合党支部`, kind: 'joint', streetId, orgIds: members.map((m) => m._id), organizations: members.map((m) => m.name), sort: 200 + b });
    branches.push({ id, streetId });
  }
  for (let i = 0; i < 100; i++) add(Collections.organizations, orgDoc(orgSeq++, 'none', null, pick(streets).id, pick(['under_10', '10_29', 'under_10'] as const)));

  // ---- people: 10,000 residents; 3,000 party members (in the party organizations); 3,000 volunteers
  const people: Array<{ openid: string; streetId: string; branchId: string | null; volunteer: boolean }> = [];
  for (let i = 0; i < 10_000; i++) {
    const c = pick(communities);
    const branch = i < 3_000 ? (branches[i % branches.length] as (typeof branches)[number]) : null;
    const volunteer = i >= 2_000 && i < 5_000;
    const openid = `g-user-${i}`;
    people.push({ openid, streetId: c.streetId, branchId: branch?.id ?? null, volunteer });
    const org = volunteer && rnd() < 0.3 ? pick(orgs) : null;
    add(Collections.users, {
      _id: openid,
      nickname: personName(),
      phone: `137${String(10_000_000 + i).slice(-8)}`,
      streetId: c.streetId,
      communityId: c.id,
      roles: [{ role: 'resident' }, ...(branch ? [{ role: 'party_member', scope: { branchId: branch.id } }] : []), ...(volunteer ? [{ role: 'volunteer' }] : [])],
      orgs: org ? [{ orgId: org.id, role: 'member' }] : [],
      createdAt: new Date(NOW - 500 * 86_400_000),
      updatedAt: new Date(NOW - 500 * 86_400_000),
    });
  }
  const volunteers = people.filter((p) => p.volunteer);
  const partyMembers = people.filter((p) => p.branchId);
  flush();
  log(`district: ${streets.length} streets, ${communities.length} communities, ${venues.length} venues, ${db.store.size(Collections.stations)} stations, ${orgs.length} organizations, ${branches.length} generated party organizations, ${people.length} people`);

  // ---- venue bookings: never two on one slot
  const HOURS = [8, 9, 9, 10, 10, 10, 14, 14, 15, 15, 16, 18, 19, 19, 20];
  const taken = new Set<string>();
  const districtVenues = venues.filter((x) => x.streetId === null);
  const bookingTarget = n(FULL_YEAR.bookings);
  for (let i = 0; i < bookingTarget; i++) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const v = rnd() < 0.15 ? pick(districtVenues) : pick(venues);
      const date = pick(days);
      const opens = Number(v.opens.slice(0, 2)) * 60 + Number(v.opens.slice(3, 5));
      const closes = Number(v.closes.slice(0, 2)) * 60 + Number(v.closes.slice(3, 5));
      const startMin = Math.max(opens, pick(HOURS) * 60 + 30);
      const slots = rnd() < 0.6 ? 1 : rnd() < 0.8 ? 2 : 3;
      if (startMin + slots * 60 > closes) continue;
      const keys = Array.from({ length: slots }, (_, k) => `${v._id}:${date}:${hhmm(startMin + k * 60).replace(':', '')}`);
      if (keys.some((k) => taken.has(k))) continue;
      keys.forEach((k) => taken.add(k));
      const start = at(date, hhmm(startMin));
      const end = at(date, hhmm(startMin + slots * 60));
      const roll = rnd();
      const state = roll < 0.8 ? 'completed' : roll < 0.86 ? 'released' : roll < 0.96 ? 'cancelled' : 'expired';
      const who = pick(people);
      add(Collections.bookings, {
        _id: `g-bk-${i}`,
        inputHash: '',
        venueId: v._id,
        venueName: v.name,
        venueAddress: '',
        openid: who.openid,
        phone: null,
        orgId: null,
        orgName: null,
        date,
        start,
        end,
        slotKeys: keys,
        state,
        purpose: '社区活动',
        attendees: int(3, 20),
        createdAt: new Date(start.getTime() - int(1, 13) * 86_400_000),
        updatedAt: end,
        expiresAt: null,
        rejectReason: null,
        cancelledAt: state === 'cancelled' ? new Date(start.getTime() - 86_400_000) : null,
        checkedInAt: state === 'completed' ? new Date(start.getTime() + 5 * 60_000) : null,
        reminderSent: true,
        source: 'user',
      });
      break;
    }
  }
  taken.clear();
  flush();
  log(`bookings: ${counts[Collections.bookings] ?? 0}`);

  // ---- shifts, volunteer check-ins (sign-up checked in and out) and their hours credits
  const shiftTarget = n(FULL_YEAR.shifts);
  const checkInTarget = n(FULL_YEAR.checkIns);
  let checkIns = 0;
  for (let s = 0; s < shiftTarget; s++) {
    const st = pick(stations);
    const date = pick(days);
    const startMin = pick([9 * 60, 9 * 60 + 30, 14 * 60, 15 * 60]);
    const quarters = pick([8, 12, 16]);
    const start = at(date, hhmm(startMin));
    const end = new Date(start.getTime() + quarters * 15 * 60_000);
    const shiftId = `g-shift-${s}`;
    const capacity = 8;
    add(Collections.shifts, { _id: shiftId, stationId: st.id, stationName: st.name, streetId: st.streetId, title: '为老服务', description: '', start, end, date, capacity, place: st.name, location: null, radiusM: null, skills: [], openTo: 'all', state: 'open', createdBy: 'demo-station-manager', createdAt: new Date(start.getTime() - 7 * 86_400_000) });
    const want = s === shiftTarget - 1 ? checkInTarget - checkIns : Math.min(capacity, Math.round((checkInTarget - checkIns) / (shiftTarget - s)));
    const seen = new Set<string>();
    for (let k = 0; k < want && checkIns < checkInTarget; k++) {
      let p = pick(volunteers);
      while (seen.has(p.openid)) p = pick(volunteers);
      seen.add(p.openid);
      checkIns += 1;
      add(Collections.shiftSignups, { _id: `${shiftId}:${p.openid}`, shiftId, stationId: st.id, openid: p.openid, state: 'confirmed', seat: k + 1, waitingSince: null, createdAt: new Date(start.getTime() - 86_400_000), updatedAt: end, cancelledAt: null, lateCancel: false, checkedInAt: start, checkedOutAt: end, checkInDistanceM: null, checkOutDistanceM: null, hours: quarters / 4 });
      add(Collections.hoursLedger, { _id: `g-hours-${shiftId}:${p.openid}`, openid: p.openid, stationId: st.id, stationName: st.name, streetId: st.streetId, shiftId, shiftTitle: '为老服务', quarters, source: 'checkout', reason: null, by: p.openid, byName: '志愿者', at: end, month: date.slice(0, 7), serviceDate: date, correctsId: null });
    }
  }
  flush();
  log(`shifts: ${counts[Collections.shifts] ?? 0}, check-ins: ${counts[Collections.shiftSignups] ?? 0}, hours entries: ${counts[Collections.hoursLedger] ?? 0}`);

  // ---- course completions (party members mostly, each in their party organization)
  const completionTarget = n(FULL_YEAR.completions);
  const done = new Set<string>();
  for (let i = 0; i < completionTarget; ) {
    const p = rnd() < 0.7 ? pick(partyMembers) : pick(people);
    const course = pick(courseSeeds);
    const id = `${p.openid}:${course.id}`;
    if (done.has(id)) continue;
    done.add(id);
    const date = pick(days);
    add(Collections.courseCompletions, { _id: id, openid: p.openid, courseId: course.id, courseTitle: course.title, via: 'online', attemptId: null, sessionId: null, branchId: p.branchId, points: 5, at: at(date, '20:00'), date });
    i += 1;
  }
  done.clear();
  flush();
  log(`completions: ${counts[Collections.courseCompletions] ?? 0}`);

  // ---- activities and sign-ups
  const activityTarget = n(FULL_YEAR.activities);
  const signupTarget = n(FULL_YEAR.activitySignups);
  let signups = 0;
  for (let a = 0; a < activityTarget; a++) {
    const b = pick(branches);
    const streetId = b.streetId ?? (rnd() < 0.5 ? null : pick(streets).id);
    const date = pick(days);
    const start = at(date, pick(['09:00', '14:00', '15:00', '19:00']));
    const state = rnd() < 0.95 ? 'published' : 'cancelled';
    const id = `g-act-${a}`;
    add(Collections.activities, {
      _id: id, branchId: b.id, branchName: '', title: '党员志愿服务活动', type: 'volunteer', description: '', coverImageId: null, coverFileId: null, coverState: null,
      start, end: new Date(start.getTime() + 2 * 3_600_000), signUpDeadline: start, date, venueId: null, bookingId: null, placeName: '社区广场', address: '社区广场',
      streetId, streetName: streetId ? (streetName.get(streetId) ?? null) : null, communityId: null, communityName: null, lat: null, lng: null, capacity: 30, audience: 'public',
      state, cancelReason: state === 'cancelled' ? '天气原因' : null, createdBy: 'demo-secretary', updatedBy: 'demo-secretary', createdAt: new Date(start.getTime() - 10 * 86_400_000), updatedAt: start, publishedAt: new Date(start.getTime() - 9 * 86_400_000), version: 1,
    });
    const want = a === activityTarget - 1 ? signupTarget - signups : Math.min(30, Math.round((signupTarget - signups) / (activityTarget - a)));
    const seen = new Set<string>();
    for (let k = 0; k < want && signups < signupTarget; k++) {
      let p = pick(people);
      while (seen.has(p.openid)) p = pick(people);
      seen.add(p.openid);
      signups += 1;
      const confirmed = rnd() < 0.9;
      add(Collections.activitySignups, { _id: `${id}:${p.openid}`, activityId: id, openid: p.openid, state: confirmed ? 'confirmed' : 'cancelled', seat: confirmed ? k + 1 : null, ticket: null, checkedInAt: confirmed && rnd() < 0.8 ? start : null, createdAt: new Date(start.getTime() - 5 * 86_400_000), updatedAt: start });
    }
  }
  flush();
  log(`activities: ${counts[Collections.activities] ?? 0}, sign-ups: ${counts[Collections.activitySignups] ?? 0}`);
  const writeMs = performance.now() - t0;

  // ---- the rollups, rebuilt from the source collections through the SDK (as after a deploy)
  const secret = persistentSecret(dir, 'database.secret');
  const server = await startLocalServer({ db, databaseSecret: secret, functions: {}, host: '127.0.0.1', h5Dir: null, devLogin: false });
  const t1 = performance.now();
  let rollupDocs = 0;
  try {
    pointSdkAt(server.url, 'local', secret);
    // Its own SDK client with a long timeout: the local engine answers each page of 200,000 bookings by scanning and
    // sorting them (no index), seconds per page, beyond the SDK's default 15 s now and then.
    const sdk = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV, timeout: 600_000 });
    rollupDocs = (await rebuildRollups(sdk.database(), NOW)).docs;
  } finally {
    await server.close();
    db.close();
  }
  const rebuildMs = performance.now() - t1;
  const records = [Collections.bookings, Collections.shifts, Collections.shiftSignups, Collections.hoursLedger, Collections.courseCompletions, Collections.activities, Collections.activitySignups].reduce((s, c) => s + (counts[c] ?? 0), 0);
  log(`records: ${records} (written in ${(writeMs / 1000).toFixed(1)} s); rollups rebuilt: ${rollupDocs} documents in ${(rebuildMs / 1000).toFixed(1)} s → ${dir}`);
  return { dir, counts, records, rollupDocs, writeMs, rebuildMs };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const records = argValue('--records');
  const out = argValue('--out') ?? path.join(__dirname, '..', '.tmp', 'district');
  process.env.RED_SAIL_LOG ??= 'off';
  generateDistrict({ out, ...(records ? { records: Number(records) } : {}) }).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
