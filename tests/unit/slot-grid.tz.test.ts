import { lastBookableDate, resolveRequestedSlots, slotKey, slotsOn, slotState, type VenueCalendar } from '../../cloudfunctions/_shared/slot-grid';
import { DomainError } from '../../cloudfunctions/_shared/errors';

const venue: VenueCalendar = { _id: 'v', opens: '08:30', closes: '21:00', slotMinutes: 60, windowDays: 14, maxConsecutive: 3, blackoutDates: ['2026-12-03'] };
const bj = (s: string) => Date.parse(`${s}+08:00`);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'not a domain error';
  }
};

describe('slot grid (pure rules)', () => {
  it('starts at the Beijing opening hour whatever the server time zone', () => {
    const slots = slotsOn(venue, '2026-12-01');
    expect(new Date(slots[0]!.start).toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(slots).toHaveLength(12);
    expect(slots[0]!.key).toBe('v:2026-12-01:0830');
  });

  it('supports 30-minute slots and an odd closing time', () => {
    const half = { ...venue, slotMinutes: 30, closes: '10:15' };
    expect(slotsOn(half, '2026-12-01').map((s) => slotKey('v', s.start))).toEqual(['v:2026-12-01:0830', 'v:2026-12-01:0900', 'v:2026-12-01:0930']);
  });

  it('counts today as the first day of the booking window', () => {
    expect(lastBookableDate(venue, bj('2026-12-01T23:59:00'))).toBe('2026-12-14');
    expect(lastBookableDate(venue, bj('2026-12-02T00:00:00'))).toBe('2026-12-15');
  });

  it('gives each rule its own error code', () => {
    const now = bj('2026-12-01T08:00:00');
    const at = (t: string) => bj(t);
    expect(codeOf(() => resolveRequestedSlots(venue, [at('2026-12-01T09:00:00')], now))).toBe('VENUE.OUTSIDE_HOURS');
    expect(codeOf(() => resolveRequestedSlots(venue, [at('2026-12-01T08:30:00'), at('2026-12-01T10:30:00')], now))).toBe('VENUE.NOT_ADJACENT');
    expect(codeOf(() => resolveRequestedSlots(venue, ['08:30', '09:30', '10:30', '11:30'].map((t) => at(`2026-12-01T${t}:00`)), now))).toBe('VENUE.TOO_MANY_SLOTS');
    expect(codeOf(() => resolveRequestedSlots(venue, [at('2026-12-15T08:30:00')], now))).toBe('VENUE.OUTSIDE_WINDOW');
    expect(codeOf(() => resolveRequestedSlots(venue, [at('2026-12-03T08:30:00')], now))).toBe('VENUE.BLACKOUT');
    expect(resolveRequestedSlots(venue, [at('2026-12-01T10:30:00'), at('2026-12-01T09:30:00')], now).slots.map((s) => s.key)).toEqual(['v:2026-12-01:0930', 'v:2026-12-01:1030']);
  });

  it('describes a slot from the caller’s point of view', () => {
    const [slot] = slotsOn(venue, '2026-12-01');
    const ctx = { now: bj('2026-12-01T08:00:00'), closed: false, caller: 'me' };
    expect(slotState(slot!, { ...ctx, holder: undefined })).toBe('free');
    expect(slotState(slot!, { ...ctx, holder: 'me' })).toBe('mine');
    expect(slotState(slot!, { ...ctx, holder: 'other' })).toBe('taken');
    expect(slotState(slot!, { ...ctx, holder: undefined, closed: true })).toBe('closed');
    expect(slotState(slot!, { ...ctx, holder: undefined, now: bj('2026-12-01T08:30:00') })).toBe('past');
  });
});
