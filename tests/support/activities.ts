/**
 * Activities and places written straight into the database, as publishing and signing up store them (tests of the
 * feed, the roster and personal data need activities whatever state the organisers' and sign-up code is in).
 */
import { beijingDate, beijingInstant } from '../../types/beijing-time';
import type { ActivityDoc } from '../../cloudfunctions/activity/activity.docs';
import { activitySeatId, activitySignupId, activityTicketId } from '../../cloudfunctions/activity/activity.docs';
import type { VolunteerWorld } from './volunteer';

type World = Pick<VolunteerWorld, 'cloud'>;

let seq = 0;
const $date = (t: number) => ({ $date: new Date(t).toISOString() });
const insert = (w: World, collectionName: string, doc: object): void => {
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName, data: [JSON.stringify(doc)] });
};

export type ActivityFields = Partial<Omit<ActivityDoc, 'start' | 'end' | 'signUpDeadline' | 'createdAt' | 'updatedAt' | 'publishedAt'>> & {
  /** Beijing instants (ms); default 2026-12-03 14:00, two hours. */
  start?: number;
  end?: number;
  signUpDeadline?: number;
};

/** Writes a published public activity of 山河梁's branch at an address in 北大社区 (向阳街道); answers its id. */
export function writeActivity(w: World, o: ActivityFields = {}): string {
  const id = o._id ?? `act-test-${process.pid}-${++seq}`;
  const start = o.start ?? beijingInstant('2026-12-03', '14:00');
  const end = o.end ?? start + 2 * 3600_000;
  const created = $date(beijingInstant('2026-11-28', '09:00'));
  const { start: _s, end: _e, signUpDeadline: _d, ...rest } = o;
  insert(w, 'activities', {
    _id: id,
    branchId: 'branch-shanheliang',
    branchName: '芝罘区社会组织第一联合党支部',
    title: '测试活动',
    type: 'volunteer',
    description: '一次用来测试的志愿服务活动，欢迎大家参加。',
    coverImageId: null,
    coverFileId: null,
    coverState: null,
    date: beijingDate(start),
    venueId: null,
    bookingId: null,
    placeName: '北大社区党群服务中心',
    address: '芝罘区北大街46号',
    streetId: 'xiangyang',
    streetName: '向阳街道',
    communityId: 'beida',
    communityName: '北大社区',
    lat: null,
    lng: null,
    capacity: 10,
    audience: 'public',
    state: 'published',
    cancelReason: null,
    createdBy: 'demo-secretary',
    updatedBy: 'demo-secretary',
    version: 1,
    ...rest,
    start: $date(start),
    end: $date(end),
    signUpDeadline: $date(o.signUpDeadline ?? start),
    createdAt: created,
    updatedAt: created,
    publishedAt: (o.state ?? 'published') === 'draft' ? null : created,
  });
  return id;
}

/**
 * Gives `openid` a place: seat `n` (confirmed) or waitlist ticket `n` (waiting), with their sign-up document.
 * `at` (ms) is the sign-up time.
 */
export function writePlace(w: World, activityId: string, openid: string, o: { seat?: number; ticket?: number; at?: number; checkedInAt?: number } = {}): void {
  const at = $date(o.at ?? beijingInstant('2026-11-30', '10:00'));
  const waiting = o.ticket !== undefined;
  const n = waiting ? (o.ticket as number) : (o.seat ?? 1);
  insert(w, 'activity_places', {
    _id: waiting ? activityTicketId(activityId, n) : activitySeatId(activityId, n),
    activityId,
    kind: waiting ? 'ticket' : 'seat',
    n,
    openid,
    ...(waiting ? { state: 'waiting' } : {}),
    at,
  });
  insert(w, 'activity_signups', {
    _id: activitySignupId(activityId, openid),
    activityId,
    openid,
    state: waiting ? 'waitlisted' : 'confirmed',
    seat: waiting ? null : n,
    ticket: waiting ? n : null,
    checkedInAt: o.checkedInAt !== undefined ? $date(o.checkedInAt) : null,
    createdAt: at,
    updatedAt: at,
  });
}

/** A user document (a resident unless `roles` says otherwise). */
export function writeUser(w: World, openid: string, o: { nickname?: string; phone?: string | null; streetId?: string | null; communityId?: string | null; roles?: object[] } = {}): string {
  const when = $date(beijingInstant('2026-11-01', '08:00'));
  insert(w, 'users', {
    _id: openid,
    nickname: o.nickname ?? '测试居民',
    phone: o.phone ?? null,
    streetId: o.streetId ?? null,
    communityId: o.communityId ?? null,
    roles: [{ role: 'resident' }, ...(o.roles ?? [])],
    createdAt: when,
    updatedAt: when,
  });
  return openid;
}
