import { addDays } from '../../../types/beijing-time';
import { DASHBOARD_MAX_MONTHS } from '../../../types/org-rules';

/** The dashboard's ranges: the three everyday ones and months chosen by hand. */
export type RangeKind = 'year' | 'last12' | 'quarter' | 'custom';
export const RANGE_LABELS: Record<RangeKind, string> = { year: '今年', last12: '近12个月', quarter: '本季度', custom: '自选月份' };

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (year: number, month: number) => `${year}-${pad(month)}-01`;

/** The last day of the month of `yyyyMm` (YYYY-MM). */
export function monthEnd(yyyyMm: string): string {
  const y = Number(yyyyMm.slice(0, 4));
  const m = Number(yyyyMm.slice(5, 7));
  const next = m === 12 ? monthStart(y + 1, 1) : monthStart(y, m + 1);
  return addDays(next, -1);
}

/** Calendar months from `from` to `to` inclusive (dates or YYYY-MM). */
export function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

/** From/to dates of an everyday range ending today (Beijing date). */
export function presetRange(kind: Exclude<RangeKind, 'custom'>, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (kind === 'year') return { from: monthStart(year, 1), to: today };
  if (kind === 'quarter') return { from: monthStart(year, Math.floor((month - 1) / 3) * 3 + 1), to: today };
  const back = year * 12 + (month - 1) - 11;
  return { from: monthStart(Math.floor(back / 12), (back % 12) + 1), to: today };
}

/** Months chosen by hand (YYYY-MM each) as from/to dates, or why they cannot be shown. */
export function customRange(fromMonth: string, toMonth: string): { from: string; to: string } | { problem: string } {
  if (fromMonth > toMonth) return { problem: '开始月份不能晚于结束月份' };
  if (monthsBetween(fromMonth, toMonth) > DASHBOARD_MAX_MONTHS) return { problem: `一次最多看${DASHBOARD_MAX_MONTHS}个月，请少选几个月` };
  return { from: `${fromMonth}-01`, to: monthEnd(toMonth) };
}

/** 2026年3月 (tables) and 3月 (chart axes). */
export const monthLong = (month: string): string => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;
export const monthShort = (month: string): string => `${Number(month.slice(5, 7))}月`;
/** 2026年1月1日 */
export const dateLong = (date: string): string => `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** A rate 0…1 as a whole percentage; 无 when there was nothing to count. */
export const percent = (rate: number | null): string => (rate === null ? '无' : `${Math.round(rate * 100)}%`);
/** Hours with at most one decimal (12.5, 3). */
export const hours = (h: number): string => String(Math.round(h * 10) / 10);
/** Counts with thousands separators as Chinese readers expect (1,234). */
export const count = (n: number): string => n.toLocaleString('en-US');

/** The 数据更新于 line from the Beijing ISO instant the rollups last moved. */
export function updatedText(updatedAt: string | null): string {
  if (!updatedAt) return '数据还没有开始统计';
  const date = updatedAt.slice(0, 10);
  const clock = updatedAt.slice(11, 16);
  return `数据更新于 ${dateLong(date)} ${clock}`;
}

/** A name shortened for a chart axis (the table under the chart has it whole). */
export const axisName = (name: string, max = 6): string => (name.length > max ? `${name.slice(0, max - 1)}…` : name);
