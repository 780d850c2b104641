import { randomBytes } from 'node:crypto';
import { Collections } from './collections';
import type { Writer } from './tx';

export const NotificationKinds = [
  'booking_confirmed',
  'booking_pending',
  'booking_approved',
  'booking_rejected',
  'booking_cancelled',
  'booking_expired',
  'booking_released',
  'booking_reminder',
  'waitlist_booked',
  'station_approved',
  'station_declined',
  'shift_confirmed',
  'shift_waitlisted',
  'shift_promoted',
  'shift_cancelled',
  'hours_credited',
  'course_enrolled',
  'course_waitlisted',
  'course_promoted',
  'course_session_cancelled',
  'course_reminder',
  'activity_confirmed',
  'activity_waitlisted',
  'activity_promoted',
  'activity_changed',
  'activity_cancelled',
  'activity_image_rejected',
] as const;
export type NotificationKind = (typeof NotificationKinds)[number];

export interface NotificationDoc {
  _id: string;
  openid: string;
  kind: NotificationKind;
  title: string;
  body: string;
  bookingId: string | null;
  /** What a station or shift message is about (the message opens it). */
  stationId?: string | null;
  shiftId?: string | null;
  /** A course message opens its session (or its course). */
  sessionId?: string | null;
  courseId?: string | null;
  /** An activity message opens the activity. */
  activityId?: string | null;
  createdAt: Date;
  read: boolean;
  /** Set once delivery as a WeChat subscribe message was attempted (production). */
  sentAt: Date | null;
  /** Why delivery did not happen (e.g. the person had not subscribed); the message stays in 我的消息. */
  deliveryError?: string | null;
}

/**
 * Appends a notification to the outbox. Called with the same transaction as the change it reports, so a user is
 * told about exactly the changes that happened.
 */
export async function enqueueNotification(
  w: Writer,
  n: { openid: string; kind: NotificationKind; title: string; body: string; bookingId?: string; stationId?: string; shiftId?: string; sessionId?: string; courseId?: string; activityId?: string },
  now: number,
): Promise<void> {
  const doc: NotificationDoc = {
    _id: `n_${now.toString(36)}_${randomBytes(6).toString('hex')}`,
    openid: n.openid,
    kind: n.kind,
    title: n.title,
    body: n.body,
    bookingId: n.bookingId ?? null,
    ...(n.stationId ? { stationId: n.stationId } : {}),
    ...(n.shiftId ? { shiftId: n.shiftId } : {}),
    ...(n.sessionId ? { sessionId: n.sessionId } : {}),
    ...(n.courseId ? { courseId: n.courseId } : {}),
    ...(n.activityId ? { activityId: n.activityId } : {}),
    createdAt: new Date(now),
    read: false,
    sentAt: null,
  };
  await w.collection(Collections.notifications).add(doc);
}
