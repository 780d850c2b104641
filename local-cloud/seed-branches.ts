import { Collections } from '../cloudfunctions/_shared/collections';
import { POINTS_DAILY_CAP } from '../cloudfunctions/_shared/points';
import { addDays, beijingDate, beijingInstant } from '../types/beijing-time';
import type { Doc } from './db/store';
import { courseSeeds } from './seed-courses';

/**
 * Party branches and their organization-life record for the demo. The article: 334 social organizations formed 122
 * party organizations — most of them 联合党支部, each made of several small organizations. Three such branches here;
 * `branch-shanheliang` (the branch of the demo party member 张老师 and the demo secretary 刘书记) is the first.
 */
export const partyBranches = [
  {
    id: 'branch-shanheliang',
    name: '芝罘区社会组织第一联合党支部',
    organizations: ['善和良公益发展中心', '烟台市青年企业家企业管理协会', '北大社区畅响艺术团', '芝罘区邻里守望志愿服务队'],
  },
  {
    id: 'branch-lianhe-2',
    name: '芝罘区社会组织第二联合党支部',
    organizations: ['芝罘区夕阳红老年协会', '烟台市家政服务行业协会', '毓东社区四点半课堂服务中心'],
  },
  {
    id: 'branch-lianhe-3',
    name: '芝罘区社会组织第三联合党支部',
    organizations: ['芝罘区心理咨询师协会', '所城里文化传承促进会', '芝罘岛渔家文化促进会'],
  },
] as const;

/** The branches as documents are seeded with the register (seed-orgs.ts registerDocs: kind, street, member organizations). */

/**
 * A completion planned for the demo: `at` is a fraction of the current quarter so far (0 its first day, 1 today), or
 * `lastQuarter` days before the quarter began.
 */
type Planned = { courseId: string; via: 'online' | 'offline'; at?: number; lastQuarter?: number };

/**
 * Party members of the demo branches (user documents with a `party_member` grant scoped to the branch) and what they
 * completed. 张老师 and 刘书记 (demo accounts, in branch-shanheliang) are left without completions, so the browser
 * tests and the demo can take any course with them; 郭秀兰 and 韩玉梅 did nothing this quarter (the reminder's
 * audience, with 张老师 and 刘书记), 韩玉梅 last did a course last quarter.
 */
export const branchMembers: Array<{ openid: string; name: string; branchId: string; done: Planned[] }> = [
  { openid: 'demo-pm-sun', name: '孙丽华', branchId: 'branch-shanheliang', done: [{ courseId: 'course-shyk-basics', via: 'online', at: 0.05 }, { courseId: 'course-shyk-records', via: 'offline', at: 0.5 }, { courseId: 'course-zzsh-howto', via: 'online', at: 0.95 }] },
  { openid: 'demo-pm-ma', name: '马建国', branchId: 'branch-shanheliang', done: [{ courseId: 'course-zzsh-howto', via: 'offline', at: 0.1 }, { courseId: 'course-dfsj-standard', via: 'offline', at: 0.7 }] },
  { openid: 'demo-pm-gao', name: '高淑芬', branchId: 'branch-shanheliang', done: [{ courseId: 'course-shyk-basics', via: 'online', at: 0.2 }, { courseId: 'course-shyk-records', via: 'online', at: 0.45 }, { courseId: 'course-zzsh-pingyi', via: 'offline', at: 0.8 }, { courseId: 'course-fzdy-apply', via: 'online', at: 1 }] },
  { openid: 'demo-pm-lin', name: '林志强', branchId: 'branch-shanheliang', done: [{ courseId: 'course-fzdy-apply', via: 'online', at: 0.6 }] },
  { openid: 'demo-pm-guo', name: '郭秀兰', branchId: 'branch-shanheliang', done: [] },
  { openid: 'demo-pm-he', name: '何文斌', branchId: 'branch-shanheliang', done: [{ courseId: 'course-shyk-records', via: 'offline', at: 0.5 }, { courseId: 'course-shyk-basics', via: 'online', at: 0.9 }] },
  { openid: 'demo-pm-luo', name: '罗晓燕', branchId: 'branch-shanheliang', done: [{ courseId: 'course-zzsh-pingyi', via: 'offline', at: 0.3 }] },
  { openid: 'demo-pm-liang', name: '梁振东', branchId: 'branch-shanheliang', done: [{ courseId: 'course-dfsj-standard', via: 'offline', at: 0.7 }, { courseId: 'course-zzsh-howto', via: 'offline', at: 0.15 }, { courseId: 'course-shyk-basics', via: 'offline', lastQuarter: 20 }] },
  { openid: 'demo-pm-song', name: '宋桂英', branchId: 'branch-shanheliang', done: [{ courseId: 'course-shyk-basics', via: 'offline', at: 0.5 }] },
  { openid: 'demo-pm-tang', name: '唐海涛', branchId: 'branch-shanheliang', done: [{ courseId: 'course-fzdy-apply', via: 'online', at: 0.85 }, { courseId: 'course-zzsh-howto', via: 'online', at: 0.25 }, { courseId: 'course-shyk-basics', via: 'online', at: 0.35 }, { courseId: 'course-shyk-records', via: 'online', at: 0.9 }] },
  { openid: 'demo-pm-han', name: '韩玉梅', branchId: 'branch-shanheliang', done: [{ courseId: 'course-shyk-records', via: 'offline', lastQuarter: 35 }] },
  { openid: 'demo-pm-xu', name: '许国梁', branchId: 'branch-lianhe-2', done: [{ courseId: 'course-shyk-basics', via: 'online', at: 0.4 }, { courseId: 'course-zzsh-howto', via: 'offline', at: 0.75 }] },
  { openid: 'demo-pm-cao', name: '曹春燕', branchId: 'branch-lianhe-2', done: [{ courseId: 'course-dfsj-standard', via: 'offline', at: 0.75 }] },
  { openid: 'demo-pm-deng', name: '邓立新', branchId: 'branch-lianhe-2', done: [] },
  { openid: 'demo-pm-peng', name: '彭雪梅', branchId: 'branch-lianhe-3', done: [{ courseId: 'course-zzsh-pingyi', via: 'offline', at: 0.55 }] },
  { openid: 'demo-pm-zeng', name: '曾德胜', branchId: 'branch-lianhe-3', done: [] },
];

const MIN = 60_000;

/** The first Beijing date of the quarter of `date`. */
const quarterStart = (date: string): string => `${date.slice(0, 5)}${String(Math.floor((Number(date.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;

/**
 * The branches' life, relative to `now`, as the course function would have left it: the members (user documents),
 * their completions (with the branch, online or in person, on Beijing days spread over the quarter so far) and one
 * 红色积分 ledger entry per completion, with the day counters — the same shapes `recordCompletion` and
 * `creditPoints` write, so 我的积分, the branch ranking and the branch record all show them.
 */
export function branchLife(now: Date): Array<{ coll: string; doc: Doc }> {
  const nowMs = now.getTime();
  const today = beijingDate(nowMs);
  const start = quarterStart(today);
  const span = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000);
  const out: Array<{ coll: string; doc: Doc }> = [];
  const daily = new Map<string, Doc>();
  const since = new Date(nowMs - 200 * 24 * 60 * MIN);
  for (const [i, m] of branchMembers.entries()) {
    out.push({ coll: Collections.users, doc: { _id: m.openid, nickname: m.name, phone: null, streetId: null, communityId: null, roles: [{ role: 'resident' }, { role: 'party_member', scope: { branchId: m.branchId } }], orgs: [], createdAt: since, updatedAt: since } });
    for (const [j, p] of m.done.entries()) {
      const course = courseSeeds.find((c) => c.id === p.courseId);
      if (!course) throw new Error(`seed: no course ${p.courseId}`);
      const day = p.lastQuarter !== undefined ? addDays(start, -p.lastQuarter) : addDays(start, Math.round((p.at ?? 0) * span));
      // Evenings for online lessons, mornings for sessions; never later than a few minutes ago.
      const at = Math.min(beijingInstant(day, p.via === 'online' ? `${19 + (i % 3)}:${String(10 + j * 7).padStart(2, '0')}` : '09:45'), nowMs - 10 * MIN);
      const date = beijingDate(at);
      const sourceType = p.via === 'online' ? 'course_lesson' : 'course_session';
      const reason = p.via === 'online' ? `线上学习《${course.title}》测验通过` : `线下参加《${course.title}》`;
      // The day's cap, as creditPoints applies it (early in a quarter several completions fall on one day).
      const dailyId = `${m.openid}:${sourceType}:${date}`;
      const counter = daily.get(dailyId) ?? { _id: dailyId, openid: m.openid, sourceType, date, points: 0, updatedAt: new Date(at) };
      const points = Math.max(0, Math.min(course.points, POINTS_DAILY_CAP[sourceType] - (counter.points as number)));
      counter.points = (counter.points as number) + points;
      counter.updatedAt = new Date(Math.max((counter.updatedAt as Date).getTime(), at));
      daily.set(dailyId, counter);
      out.push({
        coll: Collections.courseCompletions,
        doc: { _id: `${m.openid}:${course.id}`, openid: m.openid, courseId: course.id, courseTitle: course.title, via: p.via, attemptId: null, sessionId: null, branchId: m.branchId, points, at: new Date(at), date },
      });
      out.push({
        coll: Collections.pointsLedger,
        doc: { _id: `${m.openid}|${sourceType}|${course.id}`, openid: m.openid, points, requested: course.points, sourceType, sourceId: course.id, reason, by: 'system', at: new Date(at), date, month: date.slice(0, 7) },
      });
    }
  }
  for (const doc of daily.values()) out.push({ coll: Collections.pointsDaily, doc });
  return out;
}
