import type { SlotState } from '../../../types/venue';

/**
 * Beijing dates and times for display come from the one shared formatter (types/date-format.ts, also used by the
 * server's message texts); it needs no date library, so the venue and account subpackages stay small.
 */
import { addDays, clockOf, dateOf, longDate, shortDateTime, timeRange, weekdayOf, whenText } from '../../../types/date-format';

export { addDays, clockOf, dateOf, longDate, shortDateTime, timeRange, weekdayOf, whenText };

/** Dates from `first` to `last`, both included (at most 31, as a guard against bad input). */
export function datesBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last && out.length < 31; d = addDays(d, 1)) out.push(d);
  return out;
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

/** One mapping for residents and managers (components/StateBadge.tsx). */
export { bookingStateLabels } from '../StateBadge';
