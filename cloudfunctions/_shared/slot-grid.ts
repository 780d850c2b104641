import { addDays, beijingClock, beijingDate, beijingInstant, clockMinutes } from '../../types/beijing-time';
import type { DayPart, SlotState } from '../../types';
import { DomainError } from './errors';

/** The parts of a venue that shape its calendar. */
export interface VenueCalendar {
  _id: string;
  opens: string;
  closes: string;
  slotMinutes: number;
  windowDays: number;
  maxConsecutive: number;
  blackoutDates: string[];
}

export interface GridSlot {
  start: number;
  end: number;
  key: string;
}

export const MINUTE = 60_000;

/** `venueId:YYYY-MM-DD:HHmm` — the slot ledger's deterministic `_id`. */
export function slotKey(venueId: string, start: number): string {
  return `${venueId}:${beijingDate(start)}:${beijingClock(start).replace(':', '')}`;
}

/** Every slot of a venue on a Beijing date, from opening to closing, in venue-local (Beijing) time. */
export function slotsOn(venue: VenueCalendar, date: string): GridSlot[] {
  const open = clockMinutes(venue.opens);
  const close = clockMinutes(venue.closes);
  const out: GridSlot[] = [];
  for (let m = open; m + venue.slotMinutes <= close; m += venue.slotMinutes) {
    const start = beijingInstant(date, `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
    out.push({ start, end: start + venue.slotMinutes * MINUTE, key: slotKey(venue._id, start) });
  }
  return out;
}

/** The part of a Beijing day a slot starting at `start` belongs to: morning before 12:00, evening from 18:00. */
export function dayPartOf(start: number): DayPart {
  const minutes = clockMinutes(beijingClock(start));
  if (minutes < 12 * 60) return 'morning';
  return minutes < 18 * 60 ? 'afternoon' : 'evening';
}

/** The last Beijing date a booking may fall on (today counts as day 1 of the window). */
export function lastBookableDate(venue: VenueCalendar, now: number): string {
  return addDays(beijingDate(now), venue.windowDays - 1);
}

export function isBlackout(venue: VenueCalendar, date: string): boolean {
  return venue.blackoutDates.includes(date);
}

/** Closed dates from today on, in order (past ones stay in the stored list). */
export function upcomingBlackouts(venue: Pick<VenueCalendar, 'blackoutDates'>, now: number): string[] {
  const today = beijingDate(now);
  return (venue.blackoutDates ?? []).filter((d) => d >= today).sort();
}

/** The Beijing date of the earliest of some requested starts (the date a venue's rules are judged on). */
export function dateOfEarliest(starts: number[]): string | undefined {
  const valid = starts.filter((t) => Number.isFinite(t));
  return valid.length > 0 ? beijingDate(Math.min(...valid)) : undefined;
}

/** State of one slot for one caller. */
export function slotState(
  slot: GridSlot,
  ctx: { now: number; closed: boolean; holder: string | undefined; caller: string },
): SlotState {
  if (ctx.holder !== undefined) return ctx.holder === ctx.caller ? 'mine' : 'taken';
  if (ctx.closed) return 'closed';
  if (slot.start <= ctx.now) return 'past';
  return 'free';
}

/**
 * Checks a requested set of slot starts against the venue's rules and returns the grid slots, sorted. Each rule has
 * its own error code. Order: hours (is it a real slot) → same day/adjacent → length → window → blackout.
 */
export function resolveRequestedSlots(venue: VenueCalendar, starts: number[], now: number): { date: string; slots: GridSlot[] } {
  const sorted = [...new Set(starts)].sort((a, b) => a - b);
  if (sorted.length !== starts.length) throw new DomainError('VENUE.NOT_ADJACENT', 'the same slot was requested twice');
  const first = sorted[0];
  if (first === undefined) throw new DomainError('INPUT.INVALID', 'no slot requested', { starts: '请至少选择一个时段' });
  const date = beijingDate(first);
  const grid = new Map(slotsOn(venue, date).map((s) => [s.start, s]));
  const slots = sorted.map((start) => {
    const slot = grid.get(start);
    if (!slot) throw new DomainError('VENUE.OUTSIDE_HOURS', `${new Date(start).toISOString()} is not a slot of ${venue._id}`);
    return slot;
  });
  for (let i = 1; i < slots.length; i++) {
    const prev = slots[i - 1] as GridSlot;
    if ((slots[i] as GridSlot).start !== prev.end) throw new DomainError('VENUE.NOT_ADJACENT', 'slots must be consecutive');
  }
  if (slots.length > venue.maxConsecutive) {
    throw new DomainError('VENUE.TOO_MANY_SLOTS', `at most ${venue.maxConsecutive} consecutive slots`, undefined, { max: String(venue.maxConsecutive) });
  }
  if (first <= now || date > lastBookableDate(venue, now)) {
    throw new DomainError('VENUE.OUTSIDE_WINDOW', 'outside the booking window', undefined, { lastDate: lastBookableDate(venue, now) });
  }
  if (isBlackout(venue, date)) throw new DomainError('VENUE.BLACKOUT', `${venue._id} is closed on ${date}`);
  return { date, slots };
}
