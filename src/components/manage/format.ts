import type { BookingState } from '../../../types';
import { addDays, beijingClock, beijingDate, parseInstant, weekday } from '../../../types/beijing-time';

/** A booking's state as a manager says it out loud. */
export const bookingStateLabels: Record<BookingState, string> = {
  pending: '待审核',
  confirmed: '已确认，待签到',
  checked_in: '已签到',
  completed: '已完成',
  cancelled: '已取消',
  rejected: '未通过',
  expired: '已失效',
  released: '未按时签到，已释放',
};

const weekdays = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** '2026-11-28' → '11月28日'. */
export function monthDay(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** '2026-11-28' → '周六'. */
export const weekdayName = (date: string): string => weekdays[weekday(date)] ?? '';

/** '今天' / '明天' / '昨天' / '后天' relative to `today`, else ''. */
export function relativeDay(date: string, today: string): string {
  if (date === today) return '今天';
  if (date === addDays(today, 1)) return '明天';
  if (date === addDays(today, 2)) return '后天';
  if (date === addDays(today, -1)) return '昨天';
  return '';
}

/** '11月28日 周六（今天）'. */
export function dayLabel(date: string, today?: string): string {
  const rel = today ? relativeDay(date, today) : '';
  return `${monthDay(date)} ${weekdayName(date)}${rel ? `（${rel}）` : ''}`;
}

/** Start–end of a booking as '09:00–11:00' in Beijing time. */
export function timeRange(start: string, end: string): string {
  return `${beijingClock(parseInstant(start))}–${beijingClock(parseInstant(end))}`;
}

/** The Beijing date of an ISO instant. */
export const dateOf = (iso: string): string => beijingDate(parseInstant(iso));

/** Today in Beijing by the phone's clock: only for labels, never for rules (the server decides those). */
export const phoneToday = (): string => beijingDate(Date.now());

/** When a pending booking lapses, in words: '今天 18:30' or '11月29日 09:35'. */
export function whenLabel(iso: string, today: string): string {
  const ms = parseInstant(iso);
  const date = beijingDate(ms);
  const rel = relativeDay(date, today);
  return `${rel || monthDay(date)} ${beijingClock(ms)}`;
}

/** '13805351234' → '138 0535 1234', easier to read out and compare. */
export function spacedPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
}
