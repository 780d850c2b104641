/**
 * The one way dates and times read in Red Sail, in the app and in the messages the server writes: '12月3日',
 * '12月3日 周四', '12月3日 09:30', '09:30–11:30', '今天' / '明天'. Beijing time (a fixed UTC+8 offset — China has no DST),
 * whatever the device's or server's time zone. No date library: the mini-program subpackages import this and must
 * stay small.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

const two = (n: number): string => String(n).padStart(2, '0');

/** An ISO string or epoch milliseconds → milliseconds. */
const msOf = (at: string | number): number => (typeof at === 'number' ? at : Date.parse(at));

const shifted = (at: string | number): Date => new Date(msOf(at) + OFFSET_MS);

/** 'YYYY-MM-DD' in Beijing of an instant. */
export function dateOf(at: string | number): string {
  const d = shifted(at);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
}

/** 'HH:mm' in Beijing of an instant. */
export function clockOf(at: string | number): string {
  const d = shifted(at);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

function dateParts(date: string): { y: number; m: number; d: number } {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return { y, m, d };
}

/** The calendar date `days` after `date` ('YYYY-MM-DD'). */
export function addDays(date: string, days: number): string {
  const { y, m, d } = dateParts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}`;
}

/** 周一 … 周日 of a date. */
export function weekdayOf(date: string): string {
  const { y, m, d } = dateParts(date);
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '';
}

/** '2026-12-03' → '12月3日'. */
export function monthDayText(date: string): string {
  const { m, d } = dateParts(date);
  return `${m}月${d}日`;
}

/** '12月3日 周四' — how a date reads in a sentence. */
export function longDate(date: string): string {
  return `${monthDayText(date)} ${weekdayOf(date)}`;
}

/** '今天' / '明天' / '后天' / '昨天' relative to `today`, else ''. */
export function relativeDay(date: string, today: string): string {
  if (date === today) return '今天';
  if (date === addDays(today, 1)) return '明天';
  if (date === addDays(today, 2)) return '后天';
  if (date === addDays(today, -1)) return '昨天';
  return '';
}

/** '09:30–11:30'. Pages show it in a `nowrap` box so the two times stay on one line. */
export function timeRange(start: string | number, end: string | number): string {
  return `${clockOf(start)}–${clockOf(end)}`;
}

/** '12月3日 09:30' — message times and deadlines. */
export function shortDateTime(at: string | number): string {
  return `${monthDayText(dateOf(at))} ${clockOf(at)}`;
}

/** '12月3日 周四 09:30–11:30' */
export function whenText(start: string | number, end: string | number): string {
  return `${longDate(dateOf(start))} ${timeRange(start, end)}`;
}

/** '明天 09:30' or '12月9日 09:30': a moment relative to `today`, for what is near. */
export function nearDateTime(at: string | number, today: string): string {
  const date = dateOf(at);
  return `${relativeDay(date, today) || monthDayText(date)} ${clockOf(at)}`;
}
