import type { BookingState, SlotState } from '../../../types/venue';

/**
 * Beijing dates and times for display, without a date library: every page of the venue and account subpackages uses
 * these, and they must not pull dayjs along. China is UTC+8 all year, so a fixed offset is exact.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

const two = (n: number): string => String(n).padStart(2, '0');

function shifted(iso: string): Date {
  return new Date(Date.parse(iso) + OFFSET_MS);
}

/** 'YYYY-MM-DD' in Beijing of an ISO instant. */
export function dateOf(iso: string): string {
  const d = shifted(iso);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

/** 'HH:mm' in Beijing of an ISO instant. */
export function clockOf(iso: string): string {
  const d = shifted(iso);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

function dateParts(date: string): { y: number; m: number; d: number } {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return { y, m, d };
}

/** The Beijing date `days` after `date` ('YYYY-MM-DD'). */
export function addDays(date: string, days: number): string {
  const { y, m, d } = dateParts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}`;
}

/** Dates from `first` to `last`, both included (at most 31, as a guard against bad input). */
export function datesBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last && out.length < 31; d = addDays(d, 1)) out.push(d);
  return out;
}

/** 周一 … 周日 of a date. */
export function weekdayOf(date: string): string {
  const { y, m, d } = dateParts(date);
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '';
}

/** '12-03' */
export function monthDay(date: string): string {
  return date.slice(5);
}

/** 今天 / 明天 / 周X, relative to the server's `today`. */
export function dayName(date: string, today: string): string {
  if (date === today) return '今天';
  if (date === addDays(today, 1)) return '明天';
  return weekdayOf(date);
}

/** '12月3日 周四' — how a date reads in a sentence. */
export function longDate(date: string): string {
  const { m, d } = dateParts(date);
  return `${m}月${d}日 ${weekdayOf(date)}`;
}

/** '09:30–11:30' */
export function timeRange(startIso: string, endIso: string): string {
  return `${clockOf(startIso)}–${clockOf(endIso)}`;
}

/** '12月3日 周四 09:30–11:30' */
export function whenText(startIso: string, endIso: string): string {
  return `${longDate(dateOf(startIso))} ${timeRange(startIso, endIso)}`;
}

/** '12月3日 09:30' — message times and deadlines. */
export function shortDateTime(iso: string): string {
  const { m, d } = dateParts(dateOf(iso));
  return `${m}月${d}日 ${clockOf(iso)}`;
}

/** '2小时' / '1小时30分钟' */
export function durationText(startIso: string, endIso: string): string {
  const minutes = Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h ? `${h}小时` : ''}${m ? `${m}分钟` : ''}` || '0分钟';
}

/** A slot's state in words: never colour alone. */
export const slotStateLabels: Record<SlotState, string> = {
  free: '可预约',
  taken: '已被预约',
  mine: '我的预约',
  closed: '不开放',
  past: '已过去',
};

export const bookingStateLabels: Record<BookingState, string> = {
  pending: '待审核',
  confirmed: '已确认',
  checked_in: '已签到',
  completed: '已完成',
  cancelled: '已取消',
  rejected: '未通过',
  expired: '已失效',
  released: '已释放',
};
