import type { ActionOutput, ParsedInput } from '../../types';
import { toBeijingIso } from '../../types/beijing-time';
import { XLSX_MIME } from '../../types/course';
import type { Dashboard, DashboardRow } from '../../types/dashboard';
import { DASHBOARD_TABLE_LABELS, DISTRICT_LEVEL_STREET, ORG_KIND_LABELS, OrgKinds, PARTY_MODE_LABELS, type DashboardTable } from '../../types/org-rules';
import { readStreet, requireAdmin } from '../_shared/admin-scope';
import type { Caller } from '../_shared/caller';
import type { RuntimeDeps } from '../_shared/runtime';
import type { StreetRollupDoc } from '../_shared/rollups';
import { workbookBase64, type SheetSpec } from '../_shared/workbook';
import { DashboardRepository, type DashboardVenue } from './dashboard.repository';

/** What the dashboard calls the district-level places (the 创益园), shown to district admins only. */
export const DISTRICT_LEVEL_NAME = '区级（创益园）';

/** Additive measures of a row, in minutes and counts, before rounding. */
interface Acc {
  bookedMin: number;
  openMin: number;
  bookings: number;
  noShows: number;
  due: number;
  volunteerMin: number;
  /** Distinct per month: a range or a street's row shows its busiest month (never a sum across months). */
  active: number;
  completions: number;
  held: number;
  signups: number;
  attended: number;
}

const emptyAcc = (): Acc => ({ bookedMin: 0, openMin: 0, bookings: 0, noShows: 0, due: 0, volunteerMin: 0, active: 0, completions: 0, held: 0, signups: 0, attended: 0 });

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const hours = (minutes: number): number => Math.round(minutes / 6) / 10;
/** A fraction 0…1 with four decimals, or null when nothing was there to divide by. */
const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.min(1, Math.max(0, Math.round((part / whole) * 10_000) / 10_000)) : null);

/** Adds one street-month document's measures (active volunteers separately: they are distinct per month). */
function addDoc(acc: Acc, d: StreetRollupDoc): void {
  acc.bookedMin += num(d.venue?.minutes);
  acc.bookings += num(d.venue?.bookings);
  acc.noShows += num(d.venue?.noShows);
  acc.due += num(d.venue?.due);
  acc.volunteerMin += num(d.volunteer?.minutes);
  acc.completions += num(d.course?.completions);
  acc.held += num(d.activity?.held);
  acc.signups += num(d.activity?.signups);
  acc.attended += num(d.activity?.attended);
}

const rowOf = (a: Acc): DashboardRow => ({
  bookedHours: hours(a.bookedMin),
  openHours: hours(a.openMin),
  useRate: rate(a.bookedMin, a.openMin),
  bookings: a.bookings,
  noShows: a.noShows,
  noShowRate: rate(a.noShows, a.due),
  volunteerHours: hours(a.volunteerMin),
  activeVolunteers: a.active,
  completions: a.completions,
  activitiesHeld: a.held,
  signups: a.signups,
  attendance: a.attended,
});

/** Every month YYYY-MM from `from` to `to` (inclusive). */
export function monthsOf(fromMonth: string, toMonth: string): string[] {
  const out: string[] = [];
  let y = Number(fromMonth.slice(0, 4));
  let m = Number(fromMonth.slice(5, 7));
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= toMonth) return out;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

const daysIn = (month: string): number => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** The months of the calendar quarter a YYYY-MM month lies in. */
export function quarterMonths(month: string): string[] {
  const y = month.slice(0, 4);
  const first = Math.floor((Number(month.slice(5, 7)) - 1) / 3) * 3 + 1;
  return [0, 1, 2].map((i) => `${y}-${String(first + i).padStart(2, '0')}`);
}

/** Beijing date of a stored instant (Date, ISO text or epoch ms), or null. */
function dateOf(v: unknown): string | null {
  const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isFinite(ms) ? toBeijingIso(ms).slice(0, 10) : null;
}

/** Days since 1970-01-01 of a YYYY-MM-DD date (NaN-free for the dates the contract lets in). */
const dayNumber = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

const clockMin = (c: string): number => Number(c.slice(0, 2)) * 60 + Number(c.slice(3, 5));

/**
 * A venue's open minutes in each month of `months` (whole months): (closes − opens) for every day it was in service —
 * from its creation (if recorded) until it retired — except its blackout dates. A venue inactive without a retirement
 * date counts nothing.
 */
export function openMinutesByMonth(v: DashboardVenue, months: string[]): Map<string, number> {
  const out = new Map<string, number>();
  const perDay = Math.max(0, clockMin(v.closes ?? '00:00') - clockMin(v.opens ?? '00:00'));
  const created = dateOf(v.createdAt);
  const retired = v.active === false ? (dateOf(v.retiredAt) ?? '0000-01-01') : null;
  const blackouts = [...new Set(v.blackoutDates ?? [])];
  for (const month of months) {
    // Days in service: [start, end) within the month, by day numbers (no calendar library in this loop: it runs for
    // every venue and month of a view).
    const first = dayNumber(`${month}-01`);
    const start = created ? Math.max(first, dayNumber(created)) : first;
    const end = Math.min(first + daysIn(month), retired ? dayNumber(retired) : Number.POSITIVE_INFINITY);
    let days = Math.max(0, end - start);
    if (days > 0) {
      for (const b of blackouts) {
        const d = dayNumber(b);
        if (d >= start && d < end) days -= 1;
      }
    }
    out.set(month, days * perDay);
  }
  return out;
}

/** The dashboard and its tables, answered from rollups (_shared/rollups.ts): the cost of a view does not grow with the data. */
export class DashboardService {
  private readonly repo: DashboardRepository;

  constructor(readonly deps: RuntimeDeps) {
    this.repo = new DashboardRepository(deps.db);
  }

  async dashboard(caller: Caller, input: ParsedInput<'admin', 'dashboard'>): Promise<ActionOutput<'admin', 'dashboard'>> {
    const scope = await requireAdmin(caller);
    const streetId = readStreet(scope, input.streetId);
    return this.build(streetId, input.from, input.to);
  }

  /** The figures of `streetId` (null: the whole district) over the whole months of from..to. */
  private async build(streetId: string | null, from: string, to: string): Promise<Dashboard> {
    const fromMonth = from.slice(0, 7);
    const toMonth = to.slice(0, 7);
    const months = monthsOf(fromMonth, toMonth);
    const quarter = quarterMonths(toMonth);
    // One query spans the range and the quarter of `to` (branch coverage), which may begin before `from`.
    const spanFrom = (quarter[0] as string) < fromMonth ? (quarter[0] as string) : fromMonth;
    const spanTo = (quarter[2] as string) > toMonth ? (quarter[2] as string) : toMonth;
    const [docs, coverageDocs, meta, venues, streets, { branches, members }, orgBuckets] = await Promise.all([
      this.repo.streetRollups(spanFrom, spanTo, streetId),
      // A street's party organizations have members living in other streets: their coverage counts where they live.
      streetId === null ? Promise.resolve(null) : this.repo.coverageRollups(quarter[0] as string, quarter[2] as string),
      this.repo.meta(),
      this.repo.venues(),
      this.repo.streets(),
      // The party organizations in scope, then their members (one aggregation over the grants).
      this.repo.branches().then(async (all) => {
        const inScope = all.filter((b) => (streetId === null ? true : b.streetId === streetId));
        return { branches: inScope, members: await this.repo.memberCounts(inScope.map((b) => b._id)) };
      }),
      this.repo.orgBuckets(streetId),
    ]);
    const inRange = new Set(months);
    const streetOf = (id: string | null | undefined): string => id || DISTRICT_LEVEL_STREET;
    const streetNames = new Map(streets.map((s) => [s._id, s.name]));
    const nameOfStreet = (id: string): string => (id === DISTRICT_LEVEL_STREET ? DISTRICT_LEVEL_NAME : (streetNames.get(id) ?? id));

    // Rows: the streets shown, in street order (区级 first, district admins only).
    const shownStreets: string[] = streetId !== null ? [streetId] : [DISTRICT_LEVEL_STREET, ...streets.map((s) => s._id)];
    const shown = new Set(shownStreets);
    const byMonth = new Map(months.map((m) => [m, emptyAcc()]));
    const byStreet = new Map(shownStreets.map((s) => [s, emptyAcc()]));
    const total = emptyAcc();
    const venueMin = new Map<string, number>();
    const hourMin = new Map<number, number>();
    const activeByStreetMonth = new Map<string, number>();

    for (const d of docs) {
      const s = streetOf(d.streetId);
      if (!inRange.has(d.month) || !shown.has(s)) continue;
      addDoc(byMonth.get(d.month) as Acc, d);
      addDoc(byStreet.get(s) as Acc, d);
      addDoc(total, d);
      const active = num(d.volunteer?.active);
      const m = byMonth.get(d.month) as Acc;
      m.active += active;
      const st = byStreet.get(s) as Acc;
      st.active = Math.max(st.active, active);
      activeByStreetMonth.set(`${d.month}:${s}`, active);
      for (const [venueId, minutes] of Object.entries(d.venueMinutes ?? {})) venueMin.set(venueId, (venueMin.get(venueId) ?? 0) + num(minutes));
      for (const [hh, minutes] of Object.entries(d.hourMinutes ?? {})) {
        const h = Number(hh);
        if (Number.isInteger(h) && h >= 0 && h <= 23) hourMin.set(h, (hourMin.get(h) ?? 0) + num(minutes));
      }
    }
    total.active = Math.max(0, ...[...byMonth.values()].map((a) => a.active));

    // Open hours of the venues in scope.
    const venueOpen = new Map<string, number>();
    for (const v of venues) {
      const s = streetOf(v.streetId);
      if (!shown.has(s)) continue;
      const perMonth = openMinutesByMonth(v, months);
      let sum = 0;
      for (const [month, minutes] of perMonth) {
        (byMonth.get(month) as Acc).openMin += minutes;
        sum += minutes;
      }
      (byStreet.get(s) as Acc).openMin += sum;
      total.openMin += sum;
      venueOpen.set(v._id, sum);
    }

    const venueById = new Map(venues.map((v) => [v._id, v]));
    const busiest = [...venueMin.entries()]
      .filter(([, minutes]) => minutes > 0)
      .map(([venueId, minutes]) => {
        const v = venueById.get(venueId);
        return { venueId, name: v?.name ?? venueId, streetName: nameOfStreet(streetOf(v?.streetId)), minutes, useRate: rate(minutes, venueOpen.get(venueId) ?? 0) };
      })
      .sort((a, b) => b.minutes - a.minutes || a.name.localeCompare(b.name, 'zh'))
      .slice(0, 10)
      .map((v) => ({ venueId: v.venueId, name: v.name, streetName: v.streetName, bookedHours: hours(v.minutes), useRate: v.useRate }));

    // Party organizations' coverage this quarter (of `to`).
    const quarterSet = new Set(quarter);
    const covered = new Map<string, number>();
    for (const d of coverageDocs ?? docs) {
      if (!quarterSet.has(d.month)) continue;
      if (coverageDocs === null && !shown.has(streetOf(d.streetId))) continue;
      for (const [branchId, n] of Object.entries(d.coverage ?? {})) covered.set(branchId, (covered.get(branchId) ?? 0) + num(n));
    }
    const branchRows = branches
      .sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.name.localeCompare(b.name, 'zh'))
      .map((b) => {
        const m = members.get(b._id) ?? 0;
        const c = Math.min(m, covered.get(b._id) ?? 0);
        return { branchId: b._id, name: b.name, members: m, covered: c, rate: rate(c, m) };
      });
    const membersTotal = branchRows.reduce((n, b) => n + b.members, 0);
    const coveredTotal = branchRows.reduce((n, b) => n + b.covered, 0);

    // Organizations.
    const byKind = new Map<string, number>();
    let own = 0;
    let joint = 0;
    let none = 0;
    let large = 0;
    let largeCovered = 0;
    for (const b of orgBuckets) {
      byKind.set(b.kind, (byKind.get(b.kind) ?? 0) + b.count);
      if (b.mode === 'own') own += b.count;
      else if (b.mode === 'joint') joint += b.count;
      else none += b.count;
      if (b.sizeBand === '30_99' || b.sizeBand === '100_plus') {
        large += b.count;
        if (b.mode === 'own' || b.mode === 'joint') largeCovered += b.count;
      }
    }
    const updated = [meta?.foldedAt, meta?.rebuiltAt]
      .map((v) => (v instanceof Date ? v.getTime() : typeof v === 'string' || typeof v === 'number' ? new Date(v).getTime() : Number.NaN))
      .filter((ms) => Number.isFinite(ms));

    return {
      streetId,
      streetName: streetId === null ? null : nameOfStreet(streetId),
      from,
      to,
      updatedAt: updated.length > 0 ? toBeijingIso(Math.max(...updated)) : null,
      figures: { ...rowOf(total), organizations: own + joint + none, branchCoverage: rate(coveredTotal, membersTotal) },
      months: months.map((month) => ({ month, ...rowOf(byMonth.get(month) as Acc) })),
      streets: shownStreets.map((s) => ({ streetId: s, streetName: nameOfStreet(s), ...rowOf(byStreet.get(s) as Acc) })),
      venues: busiest,
      hours: [...hourMin.entries()].filter(([, m]) => m > 0).sort((a, b) => a[0] - b[0]).map(([hour, m]) => ({ hour, bookedHours: hours(m) })),
      orgs: {
        byKind: OrgKinds.map((kind) => ({ kind, label: ORG_KIND_LABELS[kind], count: byKind.get(kind) ?? 0 })),
        own,
        joint,
        none,
        large,
        largeCovered,
      },
      branches: branchRows,
    };
  }

  /** One dashboard table as .xlsx: built from the dashboard's own answer, so the file says exactly what the screen says. */
  async exportTable(caller: Caller, input: ParsedInput<'admin', 'exportTable'>): Promise<ActionOutput<'admin', 'exportTable'>> {
    const scope = await requireAdmin(caller);
    const streetId = readStreet(scope, input.streetId);
    const d = await this.build(streetId, input.from, input.to);
    const sheet = tableSheet(input.table, d);
    const base64 = await workbookBase64([sheet]);
    const label = DASHBOARD_TABLE_LABELS[input.table];
    const where = d.streetName ? `-${d.streetName}` : '';
    return { filename: `红帆数据看板-${label}${where}-${d.from.slice(0, 7)}至${d.to.slice(0, 7)}.xlsx`, mimeType: XLSX_MIME, base64, rows: sheet.rows.length };
  }
}

const pct = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

const ROW_COLUMNS = [
  { header: '预约时长（小时）', width: 16 },
  { header: '开放时长（小时）', width: 16 },
  { header: '场地使用率', width: 12 },
  { header: '预约次数', width: 10 },
  { header: '爽约次数', width: 10 },
  { header: '爽约率', width: 10 },
  { header: '志愿服务时长（小时）', width: 20 },
  { header: '活跃志愿者（人）', width: 16 },
  { header: '完成课程（人次）', width: 16 },
  { header: '举办活动（场）', width: 14 },
  { header: '活动报名（人次）', width: 16 },
  { header: '活动到场（人次）', width: 16 },
];
const rowCells = (r: DashboardRow): Array<string | number> => [
  r.bookedHours,
  r.openHours,
  pct(r.useRate),
  r.bookings,
  r.noShows,
  pct(r.noShowRate),
  r.volunteerHours,
  r.activeVolunteers,
  r.completions,
  r.activitiesHeld,
  r.signups,
  r.attendance,
];

/** The sheet of one table: Chinese headers, the dashboard's own numbers (rates as percentages with one decimal). */
export function tableSheet(table: DashboardTable, d: Dashboard): SheetSpec {
  const label = DASHBOARD_TABLE_LABELS[table];
  const title = `红帆数据看板 · ${label}（${d.streetName ?? '全区'}，${d.from.slice(0, 7)}至${d.to.slice(0, 7)}）`;
  const base = { name: label, title };
  switch (table) {
    case 'months':
      return { ...base, columns: [{ header: '月份', width: 10 }, ...ROW_COLUMNS], rows: d.months.map((m) => [m.month, ...rowCells(m)]), footer: ['合计', ...rowCells(d.figures)] };
    case 'streets':
      return { ...base, columns: [{ header: '街道', width: 14 }, ...ROW_COLUMNS], rows: d.streets.map((s) => [s.streetName, ...rowCells(s)]), footer: ['合计', ...rowCells(d.figures)] };
    case 'venues':
      return {
        ...base,
        columns: [
          { header: '名次', width: 6 },
          { header: '场地', width: 24 },
          { header: '街道', width: 14 },
          { header: '预约时长（小时）', width: 16 },
          { header: '使用率', width: 10 },
        ],
        rows: d.venues.map((v, i) => [i + 1, v.name, v.streetName, v.bookedHours, pct(v.useRate)]),
      };
    case 'hours':
      return {
        ...base,
        columns: [
          { header: '时段', width: 14 },
          { header: '预约时长（小时）', width: 16 },
        ],
        rows: d.hours.map((h) => [`${String(h.hour).padStart(2, '0')}:00–${String(h.hour + 1).padStart(2, '0')}:00`, h.bookedHours]),
      };
    case 'orgs':
      return {
        ...base,
        columns: [
          { header: '项目', width: 24 },
          { header: '数量', width: 10 },
        ],
        rows: [
          ...d.orgs.byKind.map((k) => [k.label, k.count]),
          [PARTY_MODE_LABELS.own, d.orgs.own],
          [PARTY_MODE_LABELS.joint, d.orgs.joint],
          [PARTY_MODE_LABELS.none, d.orgs.none],
          ['30人及以上的组织', d.orgs.large],
          ['其中已建立党组织', d.orgs.largeCovered],
        ],
        footer: ['社会组织合计', d.figures.organizations],
      };
    case 'branches':
      return {
        ...base,
        columns: [
          { header: '党组织', width: 28 },
          { header: '党员（人）', width: 10 },
          { header: '本季度参加组织生活（人）', width: 24 },
          { header: '覆盖率', width: 10 },
        ],
        rows: d.branches.map((b) => [b.name, b.members, b.covered, pct(b.rate)]),
        footer: ['合计', d.branches.reduce((n, b) => n + b.members, 0), d.branches.reduce((n, b) => n + b.covered, 0), pct(d.figures.branchCoverage)],
      };
  }
}
