import { dateOf, longDate, nearDateTime, relativeDay, weekdayOf } from '../../../types/date-format';

/** One mapping for residents and managers (components/StateBadge.tsx). */
export { bookingStateLabels } from '../StateBadge';

export { monthDayText as monthDay, relativeDay, timeRange, dateOf } from '../../../types/date-format';

/** '2026-11-28' → '周六'. */
export const weekdayName = weekdayOf;

/** '11月28日 周六（今天）'. */
export function dayLabel(date: string, today?: string): string {
  const rel = today ? relativeDay(date, today) : '';
  return `${longDate(date)}${rel ? `（${rel}）` : ''}`;
}

/** Today in Beijing by the phone's clock: only for labels, never for rules (the server decides those). */
export const phoneToday = (): string => dateOf(Date.now());

/** When a pending booking lapses, in words: '今天 18:30' or '11月29日 09:35'. */
export const whenLabel = (iso: string, today: string): string => nearDateTime(iso, today);

/** '13805351234' → '138 0535 1234', easier to read out and compare. */
export function spacedPhone(phone: string): string {
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone;
}
