import { Collections } from '../cloudfunctions/_shared/collections';
import { addDays, beijingClock, beijingDate, beijingInstant } from '../types/beijing-time';
import type { Doc } from './db/store';
import type { LocalDatabase } from './db/engine';
import { demoShifts } from './seed-shifts';
import { courseCatalogue, courseSessions } from './seed-courses';
import type { VenueDoc } from '../cloudfunctions/_shared/venue-ledger';
import { branchLife } from './seed-branches';
import { registerDocs } from './seed-orgs';
import { demoActivities } from './seed-activities';

/**
 * Demo data for the local runtime, shaped after the Zhifu District report (../shared/docs/source-article.zh.txt):
 * the district 创益园 with its rooms, the 12 real streets, a few (invented but plausible) communities per street,
 * several Red Sail stations, some organizations, and one demo user per role (openids documented in the README).
 */

export const streets: Array<{ id: string; name: string; communities: Array<[string, string]> }> = [
  { id: 'xiangyang', name: '向阳街道', communities: [['beida', '北大社区'], ['dahaiyang', '大海阳社区'], ['xinanhe', '西南河社区']] },
  { id: 'dongshan', name: '东山街道', communities: [['haiyun', '海韵社区'], ['haijunlu', '海军路社区'], ['dongshan', '东山社区']] },
  { id: 'yuhuangding', name: '毓璜顶街道', communities: [['yudong', '毓东社区'], ['yuxi', '毓西社区'], ['nanshan', '南山社区']] },
  { id: 'tongshen', name: '通伸街道', communities: [['tongshen', '通伸社区'], ['wenhua', '文化社区'], ['xipaotai', '西炮台社区']] },
  { id: 'fenghuangtai', name: '凤凰台街道', communities: [['fenghuangtai', '凤凰台社区'], ['hengshan', '恒山社区'], ['hongqi', '红旗西路社区']] },
  { id: 'qishan', name: '奇山街道', communities: [['suocheng', '所城社区'], ['qishan', '奇山社区'], ['nantong', '南通社区']] },
  { id: 'baishi', name: '白石街道', communities: [['baishi', '白石社区'], ['gangcheng', '港城社区'], ['huamao', '华茂社区']] },
  { id: 'zhifudao', name: '芝罘岛街道', communities: [['zhifudao', '芝罘岛社区'], ['beidao', '北岛社区'], ['datuan', '大疃社区']] },
  { id: 'huangwu', name: '黄务街道', communities: [['huangwu', '黄务社区'], ['tashan', '塔山社区'], ['jinsha', '金沙社区']] },
  { id: 'zhichu', name: '只楚街道', communities: [['zhichu', '只楚社区'], ['xinqiao', '新桥社区'], ['xigou', '西沟社区']] },
  { id: 'shihuiyao', name: '世回尧街道', communities: [['shihuiyao', '世回尧社区'], ['caiyuan', '菜园社区'], ['wolong', '卧龙社区']] },
  { id: 'xingfu', name: '幸福街道', communities: [['xingfu', '幸福社区'], ['fuxin', '福新社区'], ['gangwan', '港湾社区']] },
];

const streetName = (id: string): string => streets.find((s) => s.id === id)?.name ?? id;
const communityName = (streetId: string, id: string): string =>
  streets.find((s) => s.id === streetId)?.communities.find(([cid]) => cid === id)?.[1] ?? id;

const CYY_ADDRESS = '芝罘区社会组织党群服务中心（创益园）';

interface VenueSeed {
  id: string;
  name: string;
  level: 'district' | 'street' | 'community';
  type: 'meeting' | 'activity' | 'hall' | 'rehearsal' | 'training' | 'reading';
  capacity: number;
  facilities: string[];
  address?: string;
  streetId?: string;
  communityId?: string;
  opens?: string;
  closes?: string;
  needsApproval?: boolean;
}

const venueSeeds: VenueSeed[] = [
  { id: 'cyy-hall', name: '创益园多功能厅', level: 'district', type: 'hall', capacity: 120, facilities: ['投影', '音响', '舞台'], needsApproval: true },
  { id: 'cyy-rehearsal', name: '创益园排练室', level: 'district', type: 'rehearsal', capacity: 30, facilities: ['钢琴', '音响', '镜墙'] },
  { id: 'cyy-meeting-1', name: '创益园第一会议室', level: 'district', type: 'meeting', capacity: 16, facilities: ['投影', '白板'] },
  { id: 'cyy-meeting-2', name: '创益园第二会议室', level: 'district', type: 'meeting', capacity: 10, facilities: ['电视屏幕', '白板'] },
  { id: 'cyy-workshop', name: '创益工坊培训室', level: 'district', type: 'training', capacity: 40, facilities: ['投影', '音响', '可移动桌椅'] },
  { id: 'cyy-council', name: '书记议事厅', level: 'district', type: 'meeting', capacity: 12, facilities: ['圆桌', '茶水'], needsApproval: true },
  { id: 'cyy-reading', name: '党建阅览室', level: 'district', type: 'reading', capacity: 20, facilities: ['书架', '茶水'], closes: '17:30' },
  { id: 'xy-center', name: '向阳街道党群服务中心活动室', level: 'street', type: 'activity', capacity: 50, facilities: ['音响', '桌椅'], streetId: 'xiangyang' },
  { id: 'ds-meeting', name: '东山街道社会组织服务中心会议室', level: 'street', type: 'meeting', capacity: 24, facilities: ['投影'], streetId: 'dongshan' },
  { id: 'yhd-training', name: '毓璜顶街道市民学校教室', level: 'street', type: 'training', capacity: 36, facilities: ['投影', '黑板'], streetId: 'yuhuangding' },
  { id: 'zc-hall', name: '只楚街道文体活动中心', level: 'street', type: 'hall', capacity: 80, facilities: ['音响', '舞台'], streetId: 'zhichu', needsApproval: true },
  { id: 'xf-activity', name: '幸福街道党群服务中心活动室', level: 'street', type: 'activity', capacity: 40, facilities: ['音响'], streetId: 'xingfu' },
  { id: 'beida-room', name: '北大社区文体活动室', level: 'community', type: 'rehearsal', capacity: 25, facilities: ['音响', '电子琴'], streetId: 'xiangyang', communityId: 'beida' },
  { id: 'haiyun-room', name: '海韵社区多功能室', level: 'community', type: 'activity', capacity: 30, facilities: ['投影', '桌椅'], streetId: 'dongshan', communityId: 'haiyun' },
  { id: 'suocheng-room', name: '所城社区邻里议事室', level: 'community', type: 'meeting', capacity: 12, facilities: ['圆桌'], streetId: 'qishan', communityId: 'suocheng' },
  { id: 'yudong-room', name: '毓东社区书画室', level: 'community', type: 'activity', capacity: 15, facilities: ['书画桌', '笔墨'], streetId: 'yuhuangding', communityId: 'yudong' },
  { id: 'fuxin-room', name: '福新社区活动室', level: 'community', type: 'activity', capacity: 20, facilities: ['音响'], streetId: 'xingfu', communityId: 'fuxin', opens: '09:00', closes: '20:00' },
  { id: 'zfd-room', name: '芝罘岛社区渔家文化室', level: 'community', type: 'reading', capacity: 18, facilities: ['书架'], streetId: 'zhifudao', communityId: 'zhifudao', opens: '09:00', closes: '17:00' },
];

/** Red Sail stations: where they are (GCJ-02, as WeChat's map and getLocation use) and their street address. */
const stationSeeds = [
  { id: 'st-beida', name: '北大社区创益红帆站', streetId: 'xiangyang', communityId: 'beida', services: ['义务理发', '助老陪诊', '文艺演出'], hours: '每周二、四 9:00–11:30', location: { latitude: 37.5445, longitude: 121.3921 }, address: '芝罘区北大街46号（北大社区党群服务中心一楼）' },
  { id: 'st-haiyun', name: '海韵社区创益红帆站', streetId: 'dongshan', communityId: 'haiyun', services: ['法律咨询', '家电维修'], hours: '每周六 9:00–12:00', location: { latitude: 37.5392, longitude: 121.4268 }, address: '芝罘区海韵路18号（海韵社区党群服务中心）' },
  { id: 'st-suocheng', name: '所城社区创益红帆站', streetId: 'qishan', communityId: 'suocheng', services: ['政策宣讲', '邻里调解'], hours: '每周一、三、五 14:00–17:00', location: { latitude: 37.5331, longitude: 121.4046 }, address: '芝罘区所城里大街9号（所城社区邻里中心）' },
  { id: 'st-yudong', name: '毓东社区创益红帆站', streetId: 'yuhuangding', communityId: 'yudong', services: ['四点半课堂', '心理疏导'], hours: '工作日 16:30–18:00', location: { latitude: 37.5318, longitude: 121.3968 }, address: '芝罘区毓璜顶东路35号（毓东社区党群服务站）' },
  { id: 'st-fuxin', name: '福新社区创益红帆站', streetId: 'xingfu', communityId: 'fuxin', services: ['助餐送餐', '健康义诊'], hours: '每周三 8:30–11:00', location: { latitude: 37.5536, longitude: 121.3652 }, address: '芝罘区福新路66号（福新社区党群服务中心）' },
  { id: 'st-zhifudao', name: '芝罘岛创益红帆站', streetId: 'zhifudao', communityId: 'zhifudao', services: ['渔民夜校', '环境整治'], hours: '每周日 9:00–11:00', location: { latitude: 37.5598, longitude: 121.3812 }, address: '芝罘区芝罘岛东村108号（芝罘岛社区服务中心）' },
];

/** Who belongs to which station (and one application waiting for 赵站长 at 北大社区). */
const stationMemberSeeds: Array<{ stationId: string; openid: string; state: 'member' | 'pending'; daysAgo: number; clock: string }> = [
  { stationId: 'st-beida', openid: 'demo-resident', state: 'member', daysAgo: 40, clock: '09:40' },
  { stationId: 'st-beida', openid: 'demo-volunteer', state: 'member', daysAgo: 60, clock: '10:15' },
  { stationId: 'st-beida', openid: 'demo-party-member', state: 'pending', daysAgo: 1, clock: '16:20' },
  { stationId: 'st-haiyun', openid: 'demo-resident-2', state: 'member', daysAgo: 30, clock: '08:50' },
  { stationId: 'st-haiyun', openid: 'demo-secretary', state: 'member', daysAgo: 90, clock: '14:30' },
  { stationId: 'st-suocheng', openid: 'demo-party-member', state: 'member', daysAgo: 20, clock: '15:05' },
];

/** Announcements on station pages (站点通知), written by their managers. */
const stationPostSeeds = [
  { id: 'sp_demo_haircut', stationId: 'st-beida', author: 'demo-station-manager', daysAgo: 1, clock: '17:30', title: '本周四义务理发照常进行', body: '本周四上午9点到11点半，社区党群服务中心一楼义务理发，行动不便的老人可以提前打电话，志愿者上门服务。' },
  { id: 'sp_demo_clinic', stationId: 'st-beida', author: 'demo-station-manager', daysAgo: 4, clock: '10:05', title: '助老陪诊志愿者招募', body: '站里想再找几位能陪老人去医院看病的志愿者，每次大约半天。愿意帮忙的邻居请在站点页面报名服务班次。' },
  { id: 'sp_demo_law', stationId: 'st-haiyun', author: 'demo-district-admin', daysAgo: 2, clock: '09:20', title: '周六法律咨询改到上午10点', body: '本周六的法律咨询改到上午10点开始，律师会一直待到12点，有房屋、赡养方面的问题都可以来问。' },
];

/** Who leads or belongs to each organization (kept on the user document as `orgs`; only they book in its name). */
const orgMemberships: Record<string, Array<{ orgId: string; role: 'leader' | 'member' }>> = {
  'demo-resident': [{ orgId: 'org-changxiang', role: 'leader' }],
  'demo-volunteer': [{ orgId: 'org-changxiang', role: 'member' }],
  'demo-secretary': [{ orgId: 'org-shanheliang', role: 'leader' }],
  'demo-party-member': [{ orgId: 'org-shanheliang', role: 'member' }],
};

/** One demo user per role; the openids are what the local sign-in page offers. */
export const demoUsers = [
  { openid: 'demo-resident', nickname: '王阿姨', phone: '13805351234', streetId: 'xiangyang', communityId: 'beida', roles: [] },
  { openid: 'demo-resident-2', nickname: '赵大爷', phone: '13905356789', streetId: 'dongshan', communityId: 'haiyun', roles: [] },
  { openid: 'demo-volunteer', nickname: '李师傅', phone: '13705352468', streetId: 'xiangyang', communityId: 'beida', roles: [{ role: 'volunteer' }] },
  { openid: 'demo-party-member', nickname: '张老师', phone: '13605351357', streetId: 'qishan', communityId: 'suocheng', roles: [{ role: 'party_member', scope: { branchId: 'branch-shanheliang' } }] },
  { openid: 'demo-secretary', nickname: '刘书记', phone: '13505358642', streetId: 'dongshan', communityId: 'haiyun', roles: [{ role: 'party_member', scope: { branchId: 'branch-shanheliang' } }, { role: 'branch_secretary', scope: { branchId: 'branch-shanheliang' } }] },
  { openid: 'demo-venue-manager', nickname: '陈主任', phone: '13305359753', streetId: null, communityId: null, roles: [{ role: 'venue_manager', scope: { venueIds: venueSeeds.filter((v) => v.level === 'district').map((v) => v.id) } }] },
  { openid: 'demo-station-manager', nickname: '赵站长', phone: '13205351122', streetId: 'xiangyang', communityId: 'beida', roles: [{ role: 'station_manager', scope: { stationIds: ['st-beida'] } }, { role: 'venue_manager', scope: { venueIds: ['beida-room'] } }] },
  { openid: 'demo-street-admin', nickname: '孙科长', phone: '13105353344', streetId: 'xiangyang', communityId: null, roles: [{ role: 'street_admin', scope: { streetId: 'xiangyang' } }] },
  { openid: 'demo-district-admin', nickname: '周部长', phone: '18605355566', streetId: null, communityId: null, roles: [{ role: 'district_admin' }] },
];

/** Creates every collection the functions use (CloudBase needs collections to exist before use). */
export function ensureCollections(db: LocalDatabase): void {
  for (const name of Object.values(Collections)) db.store.createCollection(name);
}

export function isSeeded(db: LocalDatabase): boolean {
  return db.store.size(Collections.venues) > 0;
}

export interface SeedOptions {
  /** The demo's "now" (the local runtime's clock, DEMO_CLOCK included). */
  now?: Date;
  /**
   * A lived-in week around `now` (bookings over the next days, pending approvals, a waitlist, messages, a past week
   * with a check-in and a no-show): on for `npm start` and the browser tests, off for the function suites, which count
   * bookings from an empty ledger.
   */
  lived?: boolean;
}

/** Seeds demo data once; an existing database is left alone. Returns whether it seeded. */
export function seedIfEmpty(db: LocalDatabase, options: SeedOptions | Date = {}): boolean {
  const { now = new Date(), lived = true } = options instanceof Date ? { now: options } : options;
  ensureCollections(db);
  if (isSeeded(db)) return false;
  const docs: Array<{ coll: string; doc: Doc }> = [];
  const add = (coll: string, doc: Doc): void => {
    docs.push({ coll, doc });
  };

  streets.forEach((s, i) => {
    add(Collections.streets, { _id: s.id, name: s.name, sort: i });
    s.communities.forEach(([cid, cname], j) => add(Collections.communities, { _id: cid, streetId: s.id, name: cname, sort: i * 10 + j }));
  });

  venueSeeds.forEach((v, i) => {
    add(Collections.venues, {
      _id: v.id,
      name: v.name,
      level: v.level,
      type: v.type,
      capacity: v.capacity,
      facilities: v.facilities,
      address: v.address ?? (v.level === 'district' ? CYY_ADDRESS : `${streetName(v.streetId ?? '')}${v.communityId ? communityName(v.streetId ?? '', v.communityId) : ''}`),
      streetId: v.streetId ?? null,
      streetName: v.streetId ? streetName(v.streetId) : null,
      communityId: v.communityId ?? null,
      communityName: v.communityId && v.streetId ? communityName(v.streetId, v.communityId) : null,
      photos: [`/static/venues/${v.type}.png`],
      opens: v.opens ?? '08:30',
      closes: v.closes ?? '21:00',
      slotMinutes: 60,
      windowDays: 14,
      maxConsecutive: 3,
      needsApproval: v.needsApproval === true,
      blackoutDates: [],
      active: true,
      sort: i,
    });
  });

  stationSeeds.forEach((s, i) => {
    add(Collections.stations, {
      _id: s.id,
      name: s.name,
      streetId: s.streetId,
      streetName: streetName(s.streetId),
      communityId: s.communityId,
      communityName: communityName(s.streetId, s.communityId),
      address: s.address,
      location: s.location,
      services: s.services,
      hours: s.hours,
      active: true,
      sort: i,
    });
  });
  const stationOf = (id: string) => stationSeeds.find((s) => s.id === id) as (typeof stationSeeds)[number];
  for (const m of stationMemberSeeds) {
    // On Beijing office hours of past days; an approval the next morning at nine.
    const appliedOn = addDays(beijingDate(now.getTime()), -m.daysAgo);
    const appliedAt = new Date(beijingInstant(appliedOn, m.clock));
    const decidedAt = m.state === 'member' ? new Date(beijingInstant(addDays(appliedOn, 1), '09:00')) : null;
    add(Collections.stationMembers, {
      _id: `${m.stationId}:${m.openid}`,
      stationId: m.stationId,
      streetId: stationOf(m.stationId).streetId,
      openid: m.openid,
      state: m.state,
      appliedAt,
      decidedAt,
      decidedBy: decidedAt ? (m.stationId === 'st-beida' ? 'demo-station-manager' : 'demo-district-admin') : null,
      leftAt: null,
      updatedAt: decidedAt ?? appliedAt,
    });
  }
  for (const p of stationPostSeeds) {
    add(Collections.stationPosts, {
      _id: p.id,
      stationId: p.stationId,
      streetId: stationOf(p.stationId).streetId,
      title: p.title,
      body: p.body,
      authorOpenid: p.author,
      authorName: demoUsers.find((u) => u.openid === p.author)?.nickname ?? '站长',
      createdAt: new Date(beijingInstant(addDays(beijingDate(now.getTime()), -p.daysAgo), p.clock)),
    });
  }

  for (const { coll, doc } of registerDocs(streets, now)) add(coll, doc);

  for (const u of demoUsers) {
    add(Collections.users, {
      _id: u.openid,
      nickname: u.nickname,
      phone: u.phone,
      streetId: u.streetId,
      communityId: u.communityId,
      roles: [{ role: 'resident' }, ...u.roles],
      orgs: orgMemberships[u.openid] ?? [],
      createdAt: now,
      updatedAt: now,
    });
  }

  for (const { coll, doc } of courseCatalogue()) add(coll, doc);
  if (lived) for (const { coll, doc } of livedInWeek(now)) add(coll, doc);
  if (lived) for (const { coll, doc } of volunteerHoursHistory(now)) add(coll, doc);
  if (lived) for (const { coll, doc } of demoShifts(now)) add(coll, doc);
  if (lived) {
    const venues = docs.filter((d) => d.coll === Collections.venues).map((d) => d.doc as unknown as VenueDoc);
    for (const { coll, doc } of courseSessions(now, venues, nextDemoSlot(now))) add(coll, doc);
  }
  if (lived) for (const { coll, doc } of branchLife(now)) add(coll, doc);
  if (lived) {
    const venues = docs.filter((d) => d.coll === Collections.venues).map((d) => d.doc as unknown as VenueDoc);
    for (const { coll, doc } of demoActivities(now, venues, streets, nextDemoSlot(now))) add(coll, doc);
  }

  db.store.commit(docs.map(({ coll, doc }) => ({ coll, id: doc._id, doc })));
  return true;
}

const HOUR = 3_600_000;

interface LivedBooking {
  id: string;
  openid: string;
  venueId: string;
  /** Days from today (Beijing), and the first slot's start. */
  day: number;
  clock: string;
  slots?: number;
  state: 'pending' | 'confirmed' | 'completed' | 'released';
  purpose: string;
  attendees: number;
  org?: { id: string; name: string };
}

/**
 * The demo's next slot (days from today, start): the next :30 slot at least 20 minutes away, within the rooms' hours
 * (else tomorrow morning). Today's booking and the soonest course session start then, so check-in can be tried at once.
 */
export function nextDemoSlot(now: Date): { day: number; clock: string } {
  const today = beijingDate(now.getTime());
  const ms = now.getTime() + 20 * 60_000;
  const hour = Number(beijingClock(ms).slice(0, 2));
  const minute = Number(beijingClock(ms).slice(3));
  const startHour = minute <= 30 ? hour : hour + 1;
  return startHour >= 9 && startHour <= 19 && beijingDate(ms) === today ? { day: 0, clock: `${String(startHour).padStart(2, '0')}:30` } : { day: 1, clock: '08:30' };
}

/**
 * A week as it would look after a few days of use, relative to `now`: confirmed bookings over the next days (one today
 * at the next slot, so check-in can be tried at once), two organization bookings waiting for approval, a waitlist
 * place, everyone's messages, and last week a booking checked in and a no-show with its strike. Slot ledger, quota
 * counters and messages agree with the bookings, as the venue function would have left them.
 */
export function livedInWeek(now: Date): Array<{ coll: string; doc: Doc }> {
  const today = beijingDate(now.getTime());
  const out: Array<{ coll: string; doc: Doc }> = [];
  const venue = (id: string): VenueSeed => venueSeeds.find((v) => v.id === id) as VenueSeed;
  const soon = nextDemoSlot(now);
  const bookings: LivedBooking[] = [
    { id: 'bk_demo_today', openid: 'demo-resident-2', venueId: 'cyy-meeting-2', ...soon, state: 'confirmed', purpose: '老年大学书法小组', attendees: 8 },
    { id: 'bk_demo_rehearsal', openid: 'demo-resident', venueId: 'cyy-workshop', day: 1, clock: '09:30', slots: 2, state: 'confirmed', purpose: '畅响艺术团合唱排练', attendees: 18 },
    { id: 'bk_demo_beida', openid: 'demo-volunteer', venueId: 'beida-room', day: 2, clock: '14:30', state: 'confirmed', purpose: '义务理发', attendees: 6 },
    { id: 'bk_demo_meeting', openid: 'demo-party-member', venueId: 'cyy-meeting-1', day: 3, clock: '10:30', state: 'confirmed', purpose: '党小组学习', attendees: 10 },
    { id: 'bk_demo_hall', openid: 'demo-secretary', venueId: 'cyy-hall', day: 4, clock: '14:30', slots: 2, state: 'pending', purpose: '社会组织党建培训', attendees: 80, org: { id: 'org-shanheliang', name: '善和良公益发展中心' } },
    { id: 'bk_demo_council', openid: 'demo-volunteer', venueId: 'cyy-council', day: 5, clock: '09:30', state: 'pending', purpose: '艺术团骨干议事', attendees: 8, org: { id: 'org-changxiang', name: '北大社区畅响艺术团' } },
    { id: 'bk_demo_past_done', openid: 'demo-resident', venueId: 'cyy-rehearsal', day: -5, clock: '09:30', state: 'completed', purpose: '畅响艺术团合唱排练', attendees: 16 },
    { id: 'bk_demo_past_noshow', openid: 'demo-resident-2', venueId: 'cyy-workshop', day: -3, clock: '14:30', state: 'released', purpose: '手机使用培训', attendees: 12 },
  ];
  const active = new Map<string, number>();
  const when = (ms: number): string => `${Number(beijingDate(ms).slice(5, 7))}月${Number(beijingDate(ms).slice(8))}日 ${beijingClock(ms)}`;
  for (const b of bookings) {
    const date = addDays(today, b.day);
    const start = beijingInstant(date, b.clock);
    const slots = b.slots ?? 1;
    const end = start + slots * HOUR;
    const starts = Array.from({ length: slots }, (_, i) => start + i * HOUR);
    const slotKeys = starts.map((t) => `${b.venueId}:${date}:${beijingClock(t).replace(':', '')}`);
    const v = venue(b.venueId);
    const createdAt = new Date(Math.min(now.getTime() - 6 * HOUR, start - 26 * HOUR));
    const holding = b.state === 'pending' || b.state === 'confirmed';
    out.push({
      coll: Collections.bookings,
      doc: {
        _id: b.id,
        inputHash: `seed:${b.id}`,
        venueId: b.venueId,
        venueName: v.name,
        venueAddress: v.level === 'district' ? CYY_ADDRESS : `${streetName(v.streetId ?? '')}${v.communityId ? communityName(v.streetId ?? '', v.communityId) : ''}`,
        openid: b.openid,
        phone: null,
        orgId: b.org?.id ?? null,
        orgName: b.org?.name ?? null,
        date,
        start: new Date(start),
        end: new Date(end),
        slotKeys,
        state: b.state,
        purpose: b.purpose,
        attendees: b.attendees,
        createdAt,
        updatedAt: createdAt,
        expiresAt: b.state === 'pending' ? new Date(Math.min(now.getTime() + 40 * HOUR, start)) : null,
        rejectReason: null,
        cancelledAt: null,
        checkedInAt: b.state === 'completed' ? new Date(start - 5 * 60_000) : null,
        reminderSent: b.state === 'completed' || b.state === 'released',
        source: 'user',
      },
    });
    if (holding) {
      for (const [i, key] of slotKeys.entries()) out.push({ coll: Collections.slotLedger, doc: { _id: key, venueId: b.venueId, date, start: new Date(starts[i] as number), bookingId: b.id, openid: b.openid } });
      active.set(b.openid, (active.get(b.openid) ?? 0) + 1);
    }
    const message =
      b.state === 'pending'
        ? { kind: 'booking_pending', title: '预约已提交，等待审核', body: `${v.name} ${when(start)}，管理员审核后会通知您。` }
        : b.state === 'released'
          ? { kind: 'booking_released', title: '未按时签到，预约已释放', body: `${v.name} ${when(start)} 开始后15分钟内未签到，场地已释放，记爽约1次。` }
          : { kind: 'booking_confirmed', title: '预约成功', body: `${v.name} ${when(start)}，请在开始前后15分钟内签到。` };
    out.push({ coll: Collections.notifications, doc: { _id: `msg_${b.id}`, openid: b.openid, ...message, bookingId: b.id, createdAt, read: b.day < 0, sentAt: null } });
    if (b.state === 'released') {
      out.push({ coll: Collections.bookingStrikes, doc: { _id: `${b.id}:no_show`, openid: b.openid, bookingId: b.id, reason: 'no_show', at: new Date(end - 45 * 60_000) } });
    }
  }
  for (const [openid, n] of active) out.push({ coll: Collections.bookingAccounts, doc: { _id: openid, active: n, suspendedUntil: null, updatedAt: now } });
  // 赵大爷 waits for 王阿姨's rehearsal slot tomorrow (in the 培训室: the browser tests book the 排练室 as 王阿姨).
  const rehearsal = bookings[1] as LivedBooking;
  const wDate = addDays(today, rehearsal.day);
  const wStart = beijingInstant(wDate, rehearsal.clock);
  out.push({
    coll: Collections.waitlist,
    doc: { _id: `${rehearsal.venueId}:${wDate}:${rehearsal.clock.replace(':', '')}:demo-resident-2`, venueId: rehearsal.venueId, slotKey: `${rehearsal.venueId}:${wDate}:${rehearsal.clock.replace(':', '')}`, date: wDate, start: new Date(wStart), openid: 'demo-resident-2', purpose: '太极拳练习', attendees: 6, phone: null, state: 'waiting', createdAt: new Date(now.getTime() - 2 * HOUR), bookingId: null },
  });
  return out;
}

/**
 * Volunteer hours, as the volunteer function would have left them (part of the lived-in demo): 李师傅 served at
 * 北大社区创益红帆站 on Tuesdays (义务理发) and Thursdays (助老陪诊) for the last 16 weeks — past shifts, his places,
 * sign-ups checked in and out, and one ledger credit each (overlap rounded down to the quarter hour; now and then he
 * came a few minutes late) — plus an honour entry this month from 赵站长: about 115 h, 一星 on the way to 二星.
 * 王阿姨, 赵大爷 and 张老师 have honour hours this month too, so this month's leaderboard is not empty.
 */
export function volunteerHoursHistory(now: Date): Array<{ coll: string; doc: Doc }> {
  const out: Array<{ coll: string; doc: Doc }> = [];
  const MIN = 60_000;
  const nowMs = now.getTime();
  const today = beijingDate(nowMs);
  const beida = { stationId: 'st-beida', stationName: '北大社区创益红帆站', streetId: 'xiangyang' };
  const ledger = (doc: Record<string, unknown> & { _id: string; at: Date; quarters: number; serviceDate: string }): void => {
    out.push({ coll: Collections.hoursLedger, doc: { shiftId: null, shiftTitle: null, reason: null, correctsId: null, ...doc, month: beijingDate(doc.at.getTime()).slice(0, 7) } });
  };
  // The last Tuesday before today (Beijing), then 16 weeks back.
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay();
  const lastTuesday = addDays(today, -(((dow - 2 + 7) % 7) || 7));
  const kinds = [
    { day: 0, title: '义务理发', clock: '09:00', minutes: 150, place: '北大社区党群服务中心一楼', skills: ['理发'] },
    { day: 2, title: '助老陪诊', clock: '08:30', minutes: 240, place: '北大社区党群服务中心门口集合', skills: ['陪诊'] },
  ];
  for (let week = 15; week >= 0; week--) {
    for (const [i, k] of kinds.entries()) {
      const date = addDays(lastTuesday, -7 * week + k.day);
      const start = beijingInstant(date, k.clock);
      const end = start + k.minutes * MIN;
      const late = (week + i) % 5 === 0 ? 7 : 0;
      const checkIn = start - 10 * MIN + (late ? 17 * MIN : 0);
      const checkOut = end + 5 * MIN;
      if (checkOut + 30 * MIN > nowMs) continue;
      const shiftId = `sh_hist_${date.replace(/-/g, '')}_${i}`;
      const signupId = `${shiftId}:demo-volunteer`;
      const quarters = Math.floor((Math.min(checkOut, end) - Math.max(checkIn, start)) / (15 * MIN));
      const created = new Date(start - 6 * 24 * 60 * MIN);
      out.push({
        coll: Collections.shifts,
        doc: { _id: shiftId, ...beida, title: k.title, description: k.title === '义务理发' ? '为社区老人义务理发，工具站里都有。' : '陪行动不便的老人去医院看病、取药。', start: new Date(start), end: new Date(end), date, capacity: 4, place: k.place, location: null, radiusM: null, skills: k.skills, openTo: 'all', state: 'open', createdBy: 'demo-station-manager', createdAt: created },
      });
      out.push({ coll: Collections.shiftSeats, doc: { _id: `${shiftId}:seat:1`, shiftId, seat: 1, openid: 'demo-volunteer', at: new Date(created.getTime() + 2 * 60 * MIN) } });
      out.push({
        coll: Collections.shiftSignups,
        doc: { _id: signupId, shiftId, stationId: beida.stationId, openid: 'demo-volunteer', state: 'confirmed', seat: 1, waitingSince: null, createdAt: new Date(created.getTime() + 2 * 60 * MIN), updatedAt: new Date(checkOut), cancelledAt: null, lateCancel: false, checkedInAt: new Date(checkIn), checkedOutAt: new Date(checkOut), checkInDistanceM: null, checkOutDistanceM: null, hours: quarters / 4 },
      });
      ledger({ _id: `checkout:${signupId}`, openid: 'demo-volunteer', ...beida, shiftId, shiftTitle: k.title, quarters, source: 'checkout', by: 'demo-volunteer', byName: '李师傅', at: new Date(checkOut), serviceDate: date });
    }
  }
  // This month's honour hours: between the first of the month (Beijing) and now.
  const monthStart = beijingInstant(`${today.slice(0, 8)}01`, '00:00');
  const during = (fraction: number): Date => new Date(monthStart + Math.floor((nowMs - monthStart) * fraction));
  const honours = [
    { id: 'h_demo_li', openid: 'demo-volunteer', quarters: 48, station: beida, by: 'demo-station-manager', byName: '赵站长', reason: '坚持每周义务理发，获评本月优秀志愿者', at: 0.8 },
    { id: 'h_demo_wang', openid: 'demo-resident', quarters: 18, station: beida, by: 'demo-station-manager', byName: '赵站长', reason: '帮忙布置社区文艺演出', at: 0.5 },
    { id: 'h_demo_zhao', openid: 'demo-resident-2', quarters: 14, station: { stationId: 'st-haiyun', stationName: '海韵社区创益红帆站', streetId: 'dongshan' }, by: 'demo-district-admin', byName: '周部长', reason: '法律咨询日维持秩序', at: 0.4 },
    { id: 'h_demo_zhang', openid: 'demo-party-member', quarters: 10, station: { stationId: 'st-suocheng', stationName: '所城社区创益红帆站', streetId: 'qishan' }, by: 'demo-district-admin', byName: '周部长', reason: '邻里调解志愿服务', at: 0.3 },
  ];
  for (const h of honours) {
    const at = during(h.at);
    ledger({ _id: h.id, openid: h.openid, ...h.station, quarters: h.quarters, source: 'honour', reason: h.reason, by: h.by, byName: h.byName, at, serviceDate: beijingDate(at.getTime()) });
  }
  return out;
}
