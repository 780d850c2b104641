/**
 * A realistic 数据看板 answer (admin.dashboard) for the screenshots and page tests while the rollups have little demo
 * data: twelve streets of Zhifu, the 创益园, twelve months of venue use, volunteer hours and courses, the register.
 */
import type { Dashboard } from '../types/dashboard';

const STREETS: Array<[string, string]> = [
  ['xiangyang', '向阳街道'], ['dongshan', '东山街道'], ['yuhuangding', '毓璜顶街道'], ['tongshen', '通伸街道'],
  ['fenghuangtai', '凤凰台街道'], ['qishan', '奇山街道'], ['baishi', '白石街道'], ['zhifudao', '芝罘岛街道'],
  ['huangwu', '黄务街道'], ['zhichu', '只楚街道'], ['shihuiyao', '世回尧街道'], ['xingfu', '幸福街道'], ['_district', '区级（创益园）'],
];

const row = (i: number, scale = 1) => {
  const openHours = Math.round(620 * scale);
  const bookedHours = Math.round((260 + 90 * Math.sin(i / 1.7) + 12 * i) * scale * 10) / 10;
  const bookings = Math.round(bookedHours / 1.6);
  const noShows = Math.round(bookings * (0.03 + 0.01 * (i % 3)));
  return {
    bookedHours,
    openHours,
    useRate: Math.round((bookedHours / openHours) * 1000) / 1000,
    bookings,
    noShows,
    noShowRate: Math.round((noShows / bookings) * 1000) / 1000,
    volunteerHours: Math.round((420 + 60 * Math.cos(i / 2) + 15 * i) * scale * 10) / 10,
    activeVolunteers: Math.round((96 + 4 * i) * scale),
    completions: Math.round((140 + 25 * Math.sin(i)) * scale),
    activitiesHeld: Math.round((18 + (i % 4) * 3) * scale),
    signups: Math.round((420 + 30 * (i % 5)) * scale),
    attendance: Math.round((380 + 28 * (i % 5)) * scale),
  };
};

const sum = (rows: Array<ReturnType<typeof row>>) => {
  const t = rows.reduce(
    (a, r) => ({
      bookedHours: a.bookedHours + r.bookedHours, openHours: a.openHours + r.openHours, bookings: a.bookings + r.bookings, noShows: a.noShows + r.noShows,
      volunteerHours: a.volunteerHours + r.volunteerHours, activeVolunteers: Math.max(a.activeVolunteers, r.activeVolunteers) + 0, completions: a.completions + r.completions,
      activitiesHeld: a.activitiesHeld + r.activitiesHeld, signups: a.signups + r.signups, attendance: a.attendance + r.attendance,
    }),
    { bookedHours: 0, openHours: 0, bookings: 0, noShows: 0, volunteerHours: 0, activeVolunteers: 0, completions: 0, activitiesHeld: 0, signups: 0, attendance: 0 },
  );
  return {
    ...t,
    bookedHours: Math.round(t.bookedHours * 10) / 10,
    volunteerHours: Math.round(t.volunteerHours * 10) / 10,
    activeVolunteers: 612,
    useRate: Math.round((t.bookedHours / t.openHours) * 1000) / 1000,
    noShowRate: Math.round((t.noShows / t.bookings) * 1000) / 1000,
  };
};

/** The district (or one street: `streetId`) over the twelve months up to `toMonth` (YYYY-MM). */
export function sampleDashboard(toMonth = '2026-11', streetId: string | null = null): Dashboard {
  const [ty, tm] = [Number(toMonth.slice(0, 4)), Number(toMonth.slice(5, 7))];
  const months = Array.from({ length: 12 }, (_, i) => {
    const k = ty * 12 + tm - 1 - 11 + i;
    return { month: `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`, ...row(i, streetId ? 0.12 : 1) };
  });
  const street = streetId ? STREETS.find(([id]) => id === streetId) : undefined;
  const streets = (street ? [street] : STREETS).map(([id, name], i) => ({ streetId: id, streetName: name, ...row(i + 3, street ? 1.4 : 0.9 - i * 0.05) }));
  return {
    streetId: street?.[0] ?? null,
    streetName: street?.[1] ?? null,
    from: months[0]!.month + '-01',
    to: `${toMonth}-30`,
    updatedAt: `${toMonth}-30T09:35:00+08:00`,
    figures: { ...sum(months), organizations: street ? 23 : 186, branchCoverage: 0.87 },
    months,
    streets,
    venues: [
      ['v-cy-hall', '创益园多功能厅', '区级（创益园）', 612.5, 0.71],
      ['v-cy-meet1', '创益园第一会议室', '区级（创益园）', 540, 0.66],
      ['v-xy-beida', '北大社区党群服务中心活动室', '向阳街道', 498, 0.61],
      ['v-ds-haiyun', '海韵社区书画室', '东山街道', 455.5, 0.58],
      ['v-qs-suocheng', '所城里社区议事厅', '奇山街道', 401, 0.52],
      ['v-yhd-yudong', '毓东社区舞蹈排练室', '毓璜顶街道', 366, 0.47],
      ['v-ts-wenhua', '文化社区图书角', '通伸街道', 320.5, 0.43],
      ['v-bs-gangcheng', '港城社区老年活动室', '白石街道', 288, 0.39],
    ].map(([venueId, name, streetName, bookedHours, useRate]) => ({ venueId: String(venueId), name: String(name), streetName: String(streetName), bookedHours: Number(bookedHours), useRate: Number(useRate) })),
    hours: [8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20].map((hour, i) => ({ hour, bookedHours: [120, 310, 420, 280, 150, 390, 460, 330, 190, 160, 300, 210][i]! })),
    orgs: {
      byKind: [
        { kind: 'social_group', label: '社会团体', count: street ? 6 : 48 },
        { kind: 'service_agency', label: '社会服务机构', count: street ? 9 : 71 },
        { kind: 'foundation', label: '基金会', count: street ? 0 : 4 },
        { kind: 'community_group', label: '社区社会组织', count: street ? 8 : 63 },
      ],
      own: street ? 4 : 31,
      joint: street ? 14 : 118,
      none: street ? 5 : 37,
      large: street ? 4 : 35,
      largeCovered: street ? 4 : 35,
    },
    branches: [
      { branchId: 'branch-shanheliang', name: '山河良社会工作服务中心党支部', members: 12, covered: 11, rate: 0.917 },
      { branchId: 'branch-xiangyang-joint', name: '向阳街道社会组织联合党支部', members: 27, covered: 23, rate: 0.852 },
      { branchId: 'branch-cy-joint', name: '创益园入驻组织联合党支部', members: 19, covered: 17, rate: 0.895 },
      { branchId: 'branch-ds-joint', name: '东山街道社会组织联合党支部', members: 15, covered: 12, rate: 0.8 },
    ],
  };
}

/** A dashboard with no data yet (a new street, the rollups just started). */
export function emptyDashboard(from: string, to: string): Dashboard {
  const zero = { bookedHours: 0, openHours: 0, useRate: null, bookings: 0, noShows: 0, noShowRate: null, volunteerHours: 0, activeVolunteers: 0, completions: 0, activitiesHeld: 0, signups: 0, attendance: 0 };
  return {
    streetId: 'xiangyang', streetName: '向阳街道', from, to, updatedAt: null,
    figures: { ...zero, organizations: 0, branchCoverage: null },
    months: [{ month: from.slice(0, 7), ...zero }],
    streets: [{ streetId: 'xiangyang', streetName: '向阳街道', ...zero }],
    venues: [], hours: [],
    orgs: { byKind: [], own: 0, joint: 0, none: 0, large: 0, largeCovered: 0 },
    branches: [],
  };
}
