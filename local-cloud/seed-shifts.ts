import { Collections } from '../cloudfunctions/_shared/collections';
import { addDays, beijingClock, beijingDate, beijingInstant } from '../types/beijing-time';
import type { Doc } from './db/store';

/**
 * Upcoming service shifts for the lived-in demo, relative to `now` (Beijing days), as the volunteer function would
 * have left them: shifts at five stations, open to every volunteer, some nearly full (one place left), some with free
 * places, one full with a waitlist, one for 北大社区's members only, and one today at 北大社区 (geofenced) where 李师傅
 * holds a place — for the check-in demo: the station manager shows the code, 李师傅 types it. Seats, sign-ups and
 * messages agree with each other. The places are held by a few demo volunteers (registered, with the volunteer role).
 */

const HOUR = 3_600_000;
const MIN = 60_000;

const stations: Record<string, { name: string; streetId: string; location: { latitude: number; longitude: number }; manager: string }> = {
  'st-beida': { name: '北大社区创益红帆站', streetId: 'xiangyang', location: { latitude: 37.5445, longitude: 121.3921 }, manager: 'demo-station-manager' },
  'st-haiyun': { name: '海韵社区创益红帆站', streetId: 'dongshan', location: { latitude: 37.5392, longitude: 121.4268 }, manager: 'demo-district-admin' },
  'st-suocheng': { name: '所城社区创益红帆站', streetId: 'qishan', location: { latitude: 37.5331, longitude: 121.4046 }, manager: 'demo-district-admin' },
  'st-fuxin': { name: '福新社区创益红帆站', streetId: 'xingfu', location: { latitude: 37.5536, longitude: 121.3652 }, manager: 'demo-district-admin' },
  'st-zhifudao': { name: '芝罘岛创益红帆站', streetId: 'zhifudao', location: { latitude: 37.5598, longitude: 121.3812 }, manager: 'demo-district-admin' },
};

/** Demo volunteers who hold places (registered as the volunteer function would have registered them). */
export const shiftVolunteers = [
  { openid: 'demo-vol-zhou', nickname: '周阿姨', realName: '周玉兰', phone: '13705350101' },
  { openid: 'demo-vol-wu', nickname: '吴大哥', realName: '吴建国', phone: '13705350102' },
  { openid: 'demo-vol-zheng', nickname: '郑老师', realName: '郑秀英', phone: '13705350103' },
  { openid: 'demo-vol-wang', nickname: '王大姐', realName: '王桂芳', phone: '13705350104' },
  { openid: 'demo-vol-feng', nickname: '冯师傅', realName: '冯德明', phone: '13705350105' },
  { openid: 'demo-vol-chen', nickname: '陈阿姨', realName: '陈淑华', phone: '13705350106' },
];

interface ShiftSeed {
  id: string;
  stationId: keyof typeof stations;
  title: string;
  description: string;
  place: string;
  /** Days from today and the start (Beijing); `today: true` starts at the next half hour at least 15 minutes away. */
  day: number;
  clock: string;
  hours: number;
  capacity: number;
  /** Who holds places, in seat order; `waiting`: who waits, in order. */
  holders: string[];
  waiting?: string[];
  skills?: string[];
  openTo?: 'all' | 'members';
  fenced?: boolean;
  today?: boolean;
}

const shiftSeeds: ShiftSeed[] = [
  { id: 'sh_demo_today', stationId: 'st-beida', title: '助老陪诊', description: '陪行动不便的老人去社区卫生服务站看病、取药。', place: '北大社区党群服务中心一楼', day: 0, clock: '', hours: 2, capacity: 6, holders: ['demo-volunteer', 'demo-vol-zhou', 'demo-vol-wu'], skills: ['耐心细致'], fenced: true, today: true },
  { id: 'sh_demo_haircut', stationId: 'st-beida', title: '义务理发', description: '为社区老人义务理发，工具站里都有。', place: '北大社区党群服务中心活动室', day: 2, clock: '09:00', hours: 2.5, capacity: 4, holders: ['demo-vol-zheng', 'demo-vol-wang', 'demo-vol-feng'], skills: ['理发'] },
  { id: 'sh_demo_members', stationId: 'st-beida', title: '站点成员议事会', description: '本站成员一起商量下个月的服务安排。', place: '北大社区党群服务中心会议室', day: 5, clock: '19:00', hours: 1.5, capacity: 10, holders: [], openTo: 'members' },
  { id: 'sh_demo_law', stationId: 'st-haiyun', title: '法律咨询进社区', description: '协助律师接待居民，登记咨询事项。', place: '海韵社区党群服务中心门口', day: 2, clock: '09:00', hours: 3, capacity: 5, holders: ['demo-vol-zhou', 'demo-vol-wu', 'demo-vol-zheng', 'demo-vol-chen'], fenced: true },
  { id: 'sh_demo_repair', stationId: 'st-haiyun', title: '家电义务维修', description: '帮老人检修小家电，会用万用表更好。', place: '海韵社区党群服务中心', day: 1, clock: '14:00', hours: 3, capacity: 2, holders: ['demo-vol-feng', 'demo-vol-wu'], waiting: ['demo-vol-wang'], skills: ['家电维修'] },
  { id: 'sh_demo_policy', stationId: 'st-suocheng', title: '政策宣讲', description: '向居民讲解医保、养老新政策，发放明白纸。', place: '所城社区邻里中心', day: 3, clock: '14:00', hours: 3, capacity: 8, holders: ['demo-vol-wang', 'demo-vol-chen'] },
  { id: 'sh_demo_meals', stationId: 'st-fuxin', title: '助餐送餐', description: '把午餐送到独居老人家里。', place: '福新社区长者食堂', day: 4, clock: '10:30', hours: 2, capacity: 10, holders: [], fenced: true },
  { id: 'sh_demo_island', stationId: 'st-zhifudao', title: '海岛环境整治', description: '清理码头和沙滩垃圾，手套、夹子站里发。', place: '芝罘岛东村码头', day: 6, clock: '09:00', hours: 2, capacity: 12, holders: ['demo-vol-zhou', 'demo-vol-zheng', 'demo-vol-feng', 'demo-vol-wu', 'demo-vol-chen'] },
];

/** The start of today's demo shift: the next :00 or :30 at least 15 minutes from `now`. */
function nextHalfHour(nowMs: number): number {
  const t = nowMs + 15 * MIN;
  return Math.ceil(t / (30 * MIN)) * 30 * MIN;
}

export function demoShifts(now: Date): Array<{ coll: string; doc: Doc }> {
  const nowMs = now.getTime();
  const today = beijingDate(nowMs);
  const out: Array<{ coll: string; doc: Doc }> = [];
  const when = (ms: number): string => `${Number(beijingDate(ms).slice(5, 7))}月${Number(beijingDate(ms).slice(8))}日 ${beijingClock(ms)}`;

  for (const v of shiftVolunteers) {
    const since = new Date(nowMs - 40 * 24 * HOUR);
    out.push({ coll: Collections.users, doc: { _id: v.openid, nickname: v.nickname, phone: v.phone, streetId: null, communityId: null, roles: [{ role: 'resident' }, { role: 'volunteer' }], orgs: [], createdAt: since, updatedAt: since } });
    out.push({ coll: Collections.volunteers, doc: { _id: v.openid, realName: v.realName, phone: v.phone, termsVersion: '2026-12', registeredAt: since, updatedAt: since, showOnLeaderboard: true, streetId: null } });
  }
  // 李师傅 (demo-volunteer, the volunteer of the demo) registered long ago: his pages open on his record, not the form.
  const registered = new Date(nowMs - 200 * 24 * HOUR);
  out.push({ coll: Collections.volunteers, doc: { _id: 'demo-volunteer', realName: '李建军', phone: '13705352468', termsVersion: '2026-12', registeredAt: registered, updatedAt: registered, showOnLeaderboard: true, streetId: 'xiangyang' } });

  for (const s of shiftSeeds) {
    const st = stations[s.stationId] as (typeof stations)[string];
    const start = s.today ? nextHalfHour(nowMs) : beijingInstant(addDays(today, s.day), s.clock);
    const end = start + s.hours * HOUR;
    const createdAt = new Date(Math.min(nowMs - 2 * 24 * HOUR, start - 3 * 24 * HOUR));
    out.push({
      coll: Collections.shifts,
      doc: {
        _id: s.id,
        stationId: s.stationId,
        stationName: st.name,
        streetId: st.streetId,
        title: s.title,
        description: s.description,
        start: new Date(start),
        end: new Date(end),
        date: beijingDate(start),
        capacity: s.capacity,
        place: s.place,
        location: s.fenced ? st.location : null,
        radiusM: s.fenced ? 200 : null,
        skills: s.skills ?? [],
        openTo: s.openTo ?? 'all',
        state: 'open',
        createdBy: st.manager,
        createdAt,
      },
    });
    const signup = (openid: string, i: number, state: 'confirmed' | 'waitlisted'): Doc => {
      const at = new Date(createdAt.getTime() + (i + 1) * 37 * MIN);
      return { _id: `${s.id}:${openid}`, shiftId: s.id, stationId: s.stationId, openid, state, seat: state === 'confirmed' ? i + 1 : null, waitingSince: state === 'waitlisted' ? at : null, createdAt: at, updatedAt: at, cancelledAt: null, lateCancel: false, checkedInAt: null, checkedOutAt: null, checkInDistanceM: null, checkOutDistanceM: null, hours: 0 };
    };
    s.holders.forEach((openid, i) => {
      const doc = signup(openid, i, 'confirmed');
      out.push({ coll: Collections.shiftSeats, doc: { _id: `${s.id}:seat:${i + 1}`, shiftId: s.id, seat: i + 1, openid, at: doc.createdAt } });
      out.push({ coll: Collections.shiftSignups, doc });
      out.push({
        coll: Collections.notifications,
        doc: { _id: `msg_${s.id}_${openid}`, openid, kind: 'shift_confirmed', title: '报名成功', body: `${st.name}「${s.title}」${when(start)}–${beijingClock(end)}，请提前到场签到。`, bookingId: null, stationId: s.stationId, shiftId: s.id, createdAt: doc.createdAt, read: openid !== 'demo-volunteer', sentAt: null },
      });
    });
    (s.waiting ?? []).forEach((openid, i) => out.push({ coll: Collections.shiftSignups, doc: signup(openid, s.holders.length + i, 'waitlisted') }));
  }
  return out;
}
