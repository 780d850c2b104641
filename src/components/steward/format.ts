import type { RosterEntry } from '../../../types';
import { clockOf, dateOf, longDate, relativeDay, timeRange } from '../../../types/date-format';

export { clockOf, dateOf, longDate, timeRange } from '../../../types/date-format';

/** Hours as people say them: 2, 1.5, 0.25 → '2小时', '1.5小时', '0.25小时'; negative with a minus sign. */
export function hoursText(hours: number): string {
  const rounded = Math.round(hours * 100) / 100;
  return `${rounded}小时`;
}

/** '12月3日 周四（今天）' — the day of a shift, relative to `today` when near. */
export function shiftDay(start: string, today: string): string {
  const date = dateOf(start);
  const rel = relativeDay(date, today);
  return `${longDate(date)}${rel ? `（${rel}）` : ''}`;
}

/** One roster row's state in words: 已签退 10:35 / 已签到 09:02（距离35米）/ 未签到 / 候补第2位. */
export function rosterStatus(entry: RosterEntry): string {
  if (entry.state === 'waitlisted') return entry.position ? `候补第${entry.position}位` : '候补中';
  if (entry.state === 'cancelled') return '已取消报名';
  if (entry.checkedOutAt) return `已签退 ${clockOf(entry.checkedOutAt)}，记${hoursText(entry.hours)}`;
  if (entry.checkedInAt) {
    const distance = entry.distanceM !== null ? `（距离${entry.distanceM}米）` : '';
    return `已签到 ${clockOf(entry.checkedInAt)}${distance}`;
  }
  return '未签到';
}

/** Where an hours entry came from, in words. */
export const hoursSourceLabels = {
  checkout: '签退',
  confirmed: '站长确认',
  honour: '荣誉时长',
  correction: '更正',
} as const;

export { timeRange as shiftTime };
export const phoneNow = (): number => Date.now();
export const phoneToday = (): string => dateOf(Date.now());
