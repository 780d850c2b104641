/** The one date/instant parser behind every date and instant input: real days and times only, never normalised. */
import { FIRST_YEAR, isCalendarDate, LAST_YEAR, parseInstant } from '../../types/beijing-time';

describe('isCalendarDate', () => {
  it('accepts real dates, leap days included', () => {
    for (const d of ['2026-12-01', '2028-02-29', '2026-01-31', `${FIRST_YEAR}-01-01`, `${LAST_YEAR}-12-31`]) expect(isCalendarDate(d)).toBe(true);
  });
  it('refuses days the calendar does not have and years outside the app’s calendar', () => {
    for (const d of ['2026-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-12-00', '0000-01-01', '9999-12-31', `${FIRST_YEAR - 1}-12-31`, `${LAST_YEAR + 1}-01-01`, '2026-1-1', ' 2026-12-01']) {
      expect(isCalendarDate(d)).toBe(false);
    }
  });
});

describe('parseInstant', () => {
  it('reads any offset to the same instant', () => {
    const ms = Date.UTC(2026, 11, 1, 1, 0);
    for (const s of ['2026-12-01T09:00:00+08:00', '2026-12-01T01:00Z', '2026-12-01T01:00:00.000Z', '2026-11-30T11:00:00-14:00']) expect(parseInstant(s)).toBe(ms);
  });
  it('never normalises an impossible day or time into another instant', () => {
    for (const s of ['2026-02-30T09:00:00+08:00', '2026-12-01T24:00:00+08:00', '2026-12-01T09:60:00+08:00', '2026-12-01T09:00:60+08:00', '2026-12-01T09:00:00+14:01', '2026-12-01T09:00:00+08:60', '2026-12-01T09:00:00', '2026-12-01 09:00:00Z']) {
      expect(parseInstant(s)).toBeNaN();
    }
  });
  it('refuses instants whose Beijing date is outside the app’s years', () => {
    for (const s of ['9999-12-31T23:59:59-14:00', '0001-01-01T00:00:00Z', `${LAST_YEAR}-12-31T16:00:00Z`, `${FIRST_YEAR - 1}-12-31T15:59:59Z`]) expect(parseInstant(s)).toBeNaN();
    expect(parseInstant(`${LAST_YEAR}-12-31T15:59:59Z`)).toBe(Date.UTC(LAST_YEAR, 11, 31, 15, 59, 59));
    expect(parseInstant(`${FIRST_YEAR}-01-01T00:00:00+08:00`)).toBe(Date.UTC(FIRST_YEAR - 1, 11, 31, 16));
    expect(parseInstant(`${FIRST_YEAR - 1}-12-31T23:59:59+08:00`)).toBeNaN();
  });
});
