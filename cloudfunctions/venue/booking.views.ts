import { toBeijingIso } from '../../types/beijing-time';
import type { Booking, ManagedBooking } from '../../types';
import { bookingCode } from '../_shared/checkin-codes';
import { maskPhone } from '../_shared/privacy';
import type { UserRecord } from '../_shared/users.repository';
import type { BookingDoc } from './booking.repository';

/** Who an organisation event's booking shows as booked by. */
const EVENT_BOOKER_NAMES: Partial<Record<BookingDoc['source'], string>> = { course: '党课', activity: '活动' };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
/** Check-in opens this long before the start and closes this long after it. */
export const CHECKIN_BEFORE = 15 * MINUTE;
export const CHECKIN_AFTER = 15 * MINUTE;
/** Cancelling later than this before the start counts a strike. */
export const FREE_CANCEL_BEFORE = 2 * HOUR;

const iso = (d: Date | null): string | null => (d ? toBeijingIso(new Date(d).getTime()) : null);
const ms = (d: Date): number => new Date(d).getTime();

/** A booking as its owner sees it. */
export function ownerView(b: BookingDoc): Booking {
  const start = ms(b.start);
  return {
    id: b._id,
    venueId: b.venueId,
    venueName: b.venueName,
    venueAddress: b.venueAddress,
    start: toBeijingIso(start),
    end: toBeijingIso(ms(b.end)),
    slotCount: b.slotKeys.length,
    state: b.state,
    purpose: b.purpose,
    attendees: b.attendees,
    phoneMasked: maskPhone(b.phone),
    orgId: b.orgId,
    orgName: b.orgName,
    createdAt: toBeijingIso(ms(b.createdAt)),
    expiresAt: b.state === 'pending' ? iso(b.expiresAt) : null,
    rejectReason: b.rejectReason,
    freeCancelUntil: toBeijingIso(start - FREE_CANCEL_BEFORE),
    checkInOpensAt: toBeijingIso(start - CHECKIN_BEFORE),
    checkInClosesAt: toBeijingIso(start + CHECKIN_AFTER),
    checkInCode: b.state === 'confirmed' ? bookingCode(b._id) : null,
  };
}

/** A booking as the responsible manager sees it: the booker's name and full phone, no check-in code. */
export function managerView(b: BookingDoc, booker: Pick<UserRecord, 'nickname' | 'phone'> | null): ManagedBooking {
  const { checkInCode: _code, phoneMasked: _masked, ...rest } = ownerView(b);
  // An organisation event's booking is held by no person: the manager sees it is a 党课 or an 活动 (its purpose names it).
  const fallback = EVENT_BOOKER_NAMES[b.source] ?? '居民';
  return { ...rest, bookerName: booker?.nickname ?? fallback, phone: b.phone ?? booker?.phone ?? null };
}
