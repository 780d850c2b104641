import type { ActivityDetail, ActivitySummary, ActivityType } from '../../../types';
import { ACTIVITY_CHECKIN_BEFORE_MS, ActivityTypes, ACTIVITY_TYPE_LABELS } from '../../../types/activity-rules';
import { addDays, clockOf, dateOf } from '../../../types/date-format';

export { ACTIVITY_TYPE_LABELS, ActivityTypes };

/** Places in words: 还剩3个名额 / 已报满，可候补 (never a colour alone). */
export function placesText(a: Pick<ActivitySummary, 'capacity' | 'taken' | 'waiting'>): string {
  const left = a.capacity - a.taken;
  if (left > 0) return `还剩${left}个名额`;
  return a.waiting > 0 ? `已报满，${a.waiting}人候补` : '已报满，可候补';
}

/** The caller's place in words: 已签到 14:05 / 已报名 / 候补第2位. */
export function mineText(mine: ActivitySummary['mine']): string | null {
  if (!mine) return null;
  if (mine.checkedInAt) return `已签到 ${clockOf(mine.checkedInAt)}`;
  if (mine.state === 'confirmed') return '已报名';
  return mine.position ? `候补第${mine.position}位` : '候补中';
}

/** 本社区 / 本街道 beside an activity near the caller; nothing for the rest of the district. */
export function nearText(near: ActivitySummary['near']): string | null {
  return near === 'community' ? '本社区' : near === 'street' ? '本街道' : null;
}

export type DateFilter = 'all' | 'today' | 'week' | 'month';
export const DATE_FILTER_LABELS: Record<DateFilter, string> = { all: '全部', today: '今天', week: '本周', month: '本月' };

/** Beijing dates a date filter asks the feed for: today; today to this Sunday; today to the month's last day. */
export function dateRange(filter: DateFilter, today: string): { from?: string; to?: string } {
  if (filter === 'all') return {};
  if (filter === 'today') return { from: today, to: today };
  if (filter === 'week') {
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 = Sunday
    return { from: today, to: addDays(today, weekday === 0 ? 0 : 7 - weekday) };
  }
  const [y = 2000, m = 1] = today.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: today, to: `${today.slice(0, 8)}${String(last).padStart(2, '0')}` };
}

export const isActivityType = (v: string | undefined): v is ActivityType => !!v && (ActivityTypes as readonly string[]).includes(v);

/**
 * What the caller may do with an activity now. Labels and buttons only, by the phone's clock: the server decides.
 * A full activity still takes people into its waitlist.
 */
export function activityActions(a: ActivityDetail, now: number) {
  const open = a.state === 'published';
  const started = now >= Date.parse(a.start);
  const ended = now >= Date.parse(a.end);
  const mine = a.mine;
  const confirmed = mine?.state === 'confirmed';
  const checkedIn = !!mine?.checkedInAt;
  const full = a.taken >= a.capacity;
  const mayJoin = open && !mine && (a.canSignUp || a.reason?.code === 'ACTIVITY.FULL');
  return {
    full,
    ended: open && ended,
    canSignUp: mayJoin,
    canCheckIn: open && confirmed && !checkedIn && now >= Date.parse(a.checkInOpensAt) && now <= Date.parse(a.checkInClosesAt),
    canCancel: open && !!mine && !checkedIn && !started && now < Date.parse(a.freeCancelUntil),
    /** Why the caller cannot sign up (closed, …), when they have no place and the server said why. */
    refusal: open && !mine && !mayJoin && !ended ? (a.reason?.message ?? null) : null,
  };
}

/** A confirmed place whose check-in is open now (30 minutes before the start to the end; by the phone's clock). */
export function checkInOpenNow(a: Pick<ActivitySummary, 'state' | 'mine' | 'start' | 'end'>, now: number): boolean {
  return a.state === 'published' && a.mine?.state === 'confirmed' && !a.mine.checkedInAt && now >= Date.parse(a.start) - ACTIVITY_CHECKIN_BEFORE_MS && now <= Date.parse(a.end);
}

/** Today in Beijing by the phone's clock. */
export const todayOnPhone = (): string => dateOf(Date.now());
