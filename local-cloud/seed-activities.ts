import { Collections } from '../cloudfunctions/_shared/collections';
import { slotsOn } from '../cloudfunctions/_shared/slot-grid';
import { eventBooking, eventBookingId, ledgerEntries, type VenueDoc } from '../cloudfunctions/_shared/venue-ledger';
import { activitySeatId, activitySignupId, activityTicketId, type ActivityDoc, type ActivityPlaceDoc, type ActivitySignupDoc } from '../cloudfunctions/activity/activity.docs';
import type { ActivityAudience, ActivityType } from '../types';
import { addDays, beijingDate, beijingInstant } from '../types/beijing-time';
import { partyBranches } from './seed-branches';
import type { Doc } from './db/store';

/**
 * Activities the branches posted, for the lived-in demo (relative to `now`), as the activity function would have left
 * them: published ones with sign-up open across the district (so the feed's nearest-first order shows for 王阿姨 in
 * 北大社区, 赵大爷 in 海韵社区 and 张老师 in 所城社区), some nearly full (北大社区's 义务理发 has one place left, 福新社区's
 * 健康义诊 is full with two waiting), one members-only 主题党日 of branch-shanheliang in 创益园, and one draft of
 * 刘书记's. Those in catalogue venues hold their slots through a confirmed 'activity' booking and its ledger entries
 * (the venue engine's documents); places are seat and ticket documents with one sign-up per person, as the sign-up
 * engine writes them. 王阿姨, 张老师 and 刘书记 hold no place, so the demo and the browser tests can sign them up.
 */

/** Neighbours who signed up (residents of the district; only their sign-ups show them). */
export const activityNeighbours: Array<{ openid: string; nickname: string; phone: string; streetId: string; communityId: string }> = [
  { openid: 'demo-nb-liu', nickname: '刘桂芝', phone: '13805350101', streetId: 'xiangyang', communityId: 'beida' },
  { openid: 'demo-nb-chen', nickname: '陈秀英', phone: '13805350102', streetId: 'xiangyang', communityId: 'beida' },
  { openid: 'demo-nb-yang', nickname: '杨德福', phone: '13805350103', streetId: 'xiangyang', communityId: 'beida' },
  { openid: 'demo-nb-huang', nickname: '黄玉兰', phone: '13805350104', streetId: 'xiangyang', communityId: 'dahaiyang' },
  { openid: 'demo-nb-zhou', nickname: '周长海', phone: '13805350105', streetId: 'xiangyang', communityId: 'dahaiyang' },
  { openid: 'demo-nb-wu', nickname: '吴凤琴', phone: '13805350106', streetId: 'xiangyang', communityId: 'xinanhe' },
  { openid: 'demo-nb-xu', nickname: '徐振华', phone: '13805350107', streetId: 'dongshan', communityId: 'haiyun' },
  { openid: 'demo-nb-sun', nickname: '孙淑贞', phone: '13805350108', streetId: 'dongshan', communityId: 'haijunlu' },
  { openid: 'demo-nb-hu', nickname: '胡永胜', phone: '13805350109', streetId: 'xingfu', communityId: 'fuxin' },
  { openid: 'demo-nb-zhu', nickname: '朱翠萍', phone: '13805350110', streetId: 'xingfu', communityId: 'fuxin' },
  { openid: 'demo-nb-gao', nickname: '高明礼', phone: '13805350111', streetId: 'xingfu', communityId: 'xingfu' },
  { openid: 'demo-nb-lin', nickname: '林美华', phone: '13805350112', streetId: 'qishan', communityId: 'suocheng' },
  { openid: 'demo-nb-he', nickname: '何宝山', phone: '13805350113', streetId: 'qishan', communityId: 'suocheng' },
  { openid: 'demo-nb-guo', nickname: '郭凤兰', phone: '13805350114', streetId: 'zhifudao', communityId: 'zhifudao' },
];

/** Party members of branch-shanheliang seeded by seed-branches (branchLife). */
const MEMBERS = ['demo-pm-sun', 'demo-pm-ma', 'demo-pm-gao', 'demo-pm-lin', 'demo-pm-he', 'demo-pm-song', 'demo-pm-tang'];

interface ActivitySeed {
  id: string;
  branchId: (typeof partyBranches)[number]['id'];
  by: string;
  title: string;
  type: ActivityType;
  description: string;
  /** Days from today (Beijing), start and end; `soon`: the demo's next slot today (or tomorrow morning). */
  day: number | 'soon';
  clock: string;
  endClock?: string;
  /** Minutes, when the day is 'soon'. */
  minutes?: number;
  /** Sign-up closes this many hours before the start (default: at the start). */
  closesHoursBefore?: number;
  venueId?: string;
  address?: { text: string; streetId: string; communityId: string; lat?: number; lng?: number };
  capacity: number;
  audience: ActivityAudience;
  state: 'published' | 'draft';
  /** Who holds a place, in sign-up order: the first `capacity` a seat, the rest a waitlist ticket. */
  people: string[];
}

const seeds: ActivitySeed[] = [
  {
    id: 'act_demo_haircut',
    branchId: 'branch-shanheliang',
    by: 'demo-secretary',
    title: '红色光源·义务理发进社区',
    type: 'volunteer',
    description:
      '北大社区创益红帆站的老朋友又来了！志愿者带着工具给老人们免费理发、修面。行动不便的老人报名后，志愿者会上门服务。请报名的邻居按时到站里，排队时可以喝杯热茶、拉拉家常。',
    day: 3,
    clock: '09:00',
    endClock: '11:30',
    address: { text: '芝罘区北大街46号（北大社区党群服务中心一楼，创益红帆站）', streetId: 'xiangyang', communityId: 'beida', lat: 37.5445, lng: 121.3921 },
    capacity: 12,
    audience: 'public',
    state: 'published',
    // 11 of 12: one place left.
    people: ['demo-nb-liu', 'demo-nb-chen', 'demo-nb-yang', 'demo-volunteer', 'demo-nb-huang', 'demo-nb-zhou', 'demo-nb-wu', 'demo-nb-xu', 'demo-nb-sun', 'demo-nb-lin', 'demo-nb-he'],
  },
  {
    id: 'act_demo_clinic',
    branchId: 'branch-lianhe-2',
    by: 'demo-district-admin',
    title: '健康义诊进红帆站：量血压、测血糖',
    type: 'volunteer',
    description:
      '毓璜顶医院的医生和志愿者一起到福新社区创益红帆站，为大家免费量血压、测血糖，讲一讲冬季怎么防心脑血管病。请带上平时吃的药盒，医生帮您看看用药。名额满了可以排队候补，有人取消会按顺序通知您。',
    day: 4,
    clock: '08:30',
    endClock: '11:00',
    address: { text: '芝罘区福新路66号（福新社区党群服务中心，创益红帆站）', streetId: 'xingfu', communityId: 'fuxin', lat: 37.5536, lng: 121.3652 },
    capacity: 10,
    audience: 'public',
    state: 'published',
    // Full, two waiting.
    people: ['demo-nb-hu', 'demo-nb-zhu', 'demo-nb-gao', 'demo-nb-guo', 'demo-nb-liu', 'demo-nb-chen', 'demo-nb-yang', 'demo-nb-huang', 'demo-nb-zhou', 'demo-nb-wu', 'demo-nb-xu', 'demo-nb-sun'],
  },
  {
    id: 'act_demo_theme_day',
    branchId: 'branch-shanheliang',
    by: 'demo-secretary',
    title: '主题党日：重温入党誓词',
    type: 'theme_day',
    description:
      '本月主题党日在创益园开展：一起重温入党誓词，学习“15分钟组织生活”新课，交流各社会组织服务群众的做法。请支部党员带好党员证，提前10分钟到场签到。',
    day: 2,
    clock: '14:30',
    endClock: '16:30',
    closesHoursBefore: 2,
    venueId: 'cyy-workshop',
    capacity: 30,
    audience: 'members',
    state: 'published',
    people: MEMBERS.slice(0, 6),
  },
  {
    id: 'act_demo_council',
    branchId: 'branch-lianhe-2',
    by: 'demo-district-admin',
    title: '书记议事厅：社区养老服务怎么做',
    type: 'council',
    description:
      '综合党委书记和社会组织负责人面对面，围绕“社区养老服务怎么做”听意见、想办法。欢迎社会组织负责人、居民代表来议一议，有想法的可以提前写下来带到会上。',
    day: 1,
    clock: '14:30',
    endClock: '16:30',
    venueId: 'cyy-council',
    capacity: 12,
    audience: 'public',
    state: 'published',
    people: ['demo-nb-gao', 'demo-nb-hu', 'demo-pm-xu', 'demo-pm-cao'],
  },
  {
    id: 'act_demo_training',
    branchId: 'branch-lianhe-2',
    by: 'demo-district-admin',
    title: '防范电信诈骗讲座',
    type: 'training',
    description:
      '派出所民警讲一讲最近常见的骗局：冒充客服退款、保健品推销、“养老投资”。讲完手把手教大家在手机上装好国家反诈中心App。老人和子女都欢迎来听。',
    day: 5,
    clock: '09:30',
    endClock: '11:30',
    venueId: 'ds-meeting',
    capacity: 24,
    audience: 'public',
    state: 'published',
    people: ['demo-resident-2', 'demo-nb-xu', 'demo-nb-sun', 'demo-nb-liu', 'demo-nb-chen', 'demo-nb-lin', 'demo-nb-he', 'demo-nb-zhu', 'demo-nb-guo'],
  },
  {
    id: 'act_demo_chorus',
    branchId: 'branch-shanheliang',
    by: 'demo-secretary',
    title: '红歌大家唱·邻里联欢会',
    type: 'culture',
    description:
      '北大社区畅响艺术团和邻居们一起唱红歌、跳广场舞、打快板。会唱的一起唱，不会唱的来听听、来鼓掌。现场有热水，请穿暖和些。',
    day: 6,
    clock: '14:30',
    endClock: '16:30',
    address: { text: '芝罘区大海阳路12号（大海阳社区党群服务中心二楼）', streetId: 'xiangyang', communityId: 'dahaiyang' },
    capacity: 40,
    audience: 'public',
    state: 'published',
    people: ['demo-nb-huang', 'demo-nb-zhou', 'demo-nb-wu', 'demo-nb-yang', 'demo-nb-chen', 'demo-volunteer', 'demo-nb-liu', 'demo-resident-2'],
  },
  {
    id: 'act_demo_neighbours',
    branchId: 'branch-lianhe-3',
    by: 'demo-district-admin',
    title: '邻里议事会：楼道杂物怎么清',
    type: 'council',
    description:
      '所城里文化传承促进会的党员和居民代表一起商量：楼道里的杂物怎么清、清完怎么保持。来的邻居每人说一条办法，会后大家一起动手。',
    day: 'soon',
    clock: '',
    minutes: 90,
    address: { text: '芝罘区所城里大街9号（所城社区邻里中心）', streetId: 'qishan', communityId: 'suocheng', lat: 37.5331, lng: 121.4046 },
    capacity: 20,
    audience: 'public',
    state: 'published',
    people: ['demo-nb-lin', 'demo-nb-he', 'demo-pm-peng'],
  },
  {
    id: 'act_demo_draft',
    branchId: 'branch-shanheliang',
    by: 'demo-secretary',
    title: '冬日送温暖：走访慰问独居老人',
    type: 'volunteer',
    description: '支部党员和志愿者分组走访海韵社区的独居老人，送去米面油和过冬的棉被，帮忙检查家里的燃气和电线。',
    day: 8,
    clock: '09:00',
    endClock: '11:30',
    address: { text: '芝罘区海韵路18号（海韵社区党群服务中心门口集合）', streetId: 'dongshan', communityId: 'haiyun' },
    capacity: 15,
    audience: 'public',
    state: 'draft',
    people: [],
  },
];

const MIN = 60_000;
/** Created as version 1, published as version 2 (each change bumps it). */
const PUBLISHED_VERSION = 2;
const HOUR = 60 * MIN;

const streetsOf = (list: Array<{ id: string; name: string; communities: Array<[string, string]> }>) => (streetId: string, communityId: string) => {
  const street = list.find((s) => s.id === streetId);
  const community = street?.communities.find(([id]) => id === communityId);
  if (!street || !community) throw new Error(`unknown community ${streetId}/${communityId}`);
  return { streetName: street.name, communityName: community[1] };
};

/**
 * The activities with their venue bookings, ledger entries, places and sign-ups, and the neighbours' user documents.
 * `venues` are the seeded catalogue, `streets` the seeded streets, `soon` the demo's next slot (seed.ts nextDemoSlot).
 */
export function demoActivities(
  now: Date,
  venues: VenueDoc[],
  streets: Array<{ id: string; name: string; communities: Array<[string, string]> }>,
  soon: { day: number; clock: string },
): Array<{ coll: string; doc: Doc }> {
  const out: Array<{ coll: string; doc: Doc }> = [];
  const push = (coll: string, doc: object): void => {
    out.push({ coll, doc: doc as Doc });
  };
  const names = streetsOf(streets);
  const today = beijingDate(now.getTime());
  for (const n of activityNeighbours) {
    push(Collections.users, { _id: n.openid, nickname: n.nickname, phone: n.phone, streetId: n.streetId, communityId: n.communityId, roles: [{ role: 'resident' }], orgs: [], createdAt: new Date(now.getTime() - 30 * 24 * HOUR), updatedAt: new Date(now.getTime() - 30 * 24 * HOUR) });
  }
  for (const s of seeds) {
    const branch = partyBranches.find((b) => b.id === s.branchId);
    if (!branch) throw new Error(`unknown branch ${s.branchId}`);
    const date = addDays(today, s.day === 'soon' ? soon.day : s.day);
    const start = beijingInstant(date, s.day === 'soon' ? soon.clock : s.clock);
    const end = s.day === 'soon' ? start + (s.minutes ?? 60) * MIN : beijingInstant(date, s.endClock ?? s.clock);
    // Posted a few days ago (drafts: yesterday), never after now.
    const createdAt = new Date(Math.min(now.getTime() - HOUR, start - 3 * 24 * HOUR));
    const publishedAt = s.state === 'published' ? new Date(createdAt.getTime() + 20 * MIN) : null;
    const venue = s.venueId ? venues.find((v) => v._id === s.venueId) : undefined;
    if (s.venueId && !venue) throw new Error(`unknown venue ${s.venueId}`);
    let bookingId: string | null = null;
    if (venue && s.state === 'published') {
      // The venue's slots covering the activity, held by a confirmed booking made for it.
      const slots = slotsOn(venue, date).filter((g) => g.start >= start && g.start < end);
      // As publishing books it (lifecycle.service bookingOf): the one event-booking builder, an id per activity version.
      const booking = eventBooking({ source: 'activity', bookingId: eventBookingId('activity', `${s.id}:${PUBLISHED_VERSION}`), venue, date, slots, purpose: `活动：${s.title}`, capacity: s.capacity, now: (publishedAt ?? createdAt).getTime() });
      push(Collections.bookings, booking);
      for (const entry of ledgerEntries(booking, slots)) push(Collections.slotLedger, entry);
      bookingId = booking._id;
    }
    const where = venue
      ? { placeName: venue.name, address: venue.address, streetId: venue.streetId, streetName: venue.streetName, communityId: venue.communityId, communityName: venue.communityName, lat: null, lng: null }
      : (() => {
          const a = s.address as NonNullable<ActivitySeed['address']>;
          const n = names(a.streetId, a.communityId);
          return { placeName: a.text, address: a.text, streetId: a.streetId, streetName: n.streetName, communityId: a.communityId, communityName: n.communityName, lat: a.lat ?? null, lng: a.lng ?? null };
        })();
    const activity: ActivityDoc = {
      _id: s.id,
      branchId: branch.id,
      branchName: branch.name,
      title: s.title,
      type: s.type,
      description: s.description,
      coverImageId: null,
      coverFileId: null,
      coverState: null,
      start: new Date(start),
      end: new Date(end),
      signUpDeadline: new Date(start - (s.closesHoursBefore ?? 0) * HOUR),
      date,
      venueId: venue?._id ?? null,
      bookingId,
      ...where,
      capacity: s.capacity,
      audience: s.audience,
      state: s.state,
      cancelReason: null,
      createdBy: s.by,
      updatedBy: s.by,
      createdAt,
      updatedAt: publishedAt ?? createdAt,
      publishedAt,
      version: s.state === 'published' ? PUBLISHED_VERSION : 1,
    };
    push(Collections.activities, activity);
    // Sign-ups since publishing, a few minutes apart, never after now.
    s.people.forEach((openid, i) => {
      const at = new Date(Math.min(now.getTime() - (s.people.length - i) * MIN, (publishedAt ?? createdAt).getTime() + (i + 1) * 37 * MIN));
      const seat = i < s.capacity ? i + 1 : null;
      const ticket = seat === null ? i - s.capacity + 1 : null;
      const place: ActivityPlaceDoc =
        seat !== null
          ? { _id: activitySeatId(s.id, seat), activityId: s.id, kind: 'seat', n: seat, openid, at }
          : { _id: activityTicketId(s.id, ticket as number), activityId: s.id, kind: 'ticket', n: ticket as number, openid, state: 'waiting', at };
      push(Collections.activityPlaces, place);
      const signup: ActivitySignupDoc = {
        _id: activitySignupId(s.id, openid),
        activityId: s.id,
        openid,
        state: seat !== null ? 'confirmed' : 'waitlisted',
        seat,
        ticket,
        checkedInAt: null,
        createdAt: at,
        updatedAt: at,
      };
      push(Collections.activitySignups, signup);
    });
  }
  return out;
}
