import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * Beijing calendar arithmetic, identical on the server (any TZ) and in the app. China has used UTC+8 all year since
 * 1991, so a fixed offset is exact and needs no time-zone database (which the mini-program runtime may lack).
 */
export const BEIJING_OFFSET_MINUTES = 480;
const OFFSET_MS = BEIJING_OFFSET_MINUTES * 60_000;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** 'YYYY-MM-DD' of an instant in Beijing. */
export function beijingDate(ms: number): string {
  return dayjs.utc(ms + OFFSET_MS).format('YYYY-MM-DD');
}

/** 'HH:mm' of an instant in Beijing. */
export function beijingClock(ms: number): string {
  return dayjs.utc(ms + OFFSET_MS).format('HH:mm');
}

/**
 * The years the app's calendar holds. Dates and instants outside them are refused at the contract (a booking for the
 * year 9999 is a typo or an attack, and instants past year 9999 UTC cannot even be formatted).
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;

/** Whether year/month/day (month 1-12) name a day the calendar has, within FIRST_YEAR..LAST_YEAR. */
function isRealDay(year: number, month: number, day: number): boolean {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether a string is a real calendar date 'YYYY-MM-DD' (never normalised: 2026-02-30 is not one). */
export function isCalendarDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The instant of `HH:mm` on `YYYY-MM-DD` in Beijing. */
export function beijingInstant(date: string, clock: string): number {
  const d = DATE_RE.exec(date);
  const c = CLOCK_RE.exec(clock);
  if (!d || !c) throw new RangeError(`bad date/time ${date} ${clock}`);
  return Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(c[1]), Number(c[2])) - OFFSET_MS;
}

/** Minutes since Beijing midnight of an 'HH:mm'. */
export function clockMinutes(clock: string): number {
  const c = CLOCK_RE.exec(clock);
  if (!c) throw new RangeError(`bad time ${clock}`);
  return Number(c[1]) * 60 + Number(c[2]);
}

/** ISO-8601 with the Beijing offset: 2026-12-01T09:00:00+08:00. */
export function toBeijingIso(ms: number): string {
  return `${dayjs.utc(ms + OFFSET_MS).format('YYYY-MM-DDTHH:mm:ss')}+08:00`;
}

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an ISO-8601 instant with an explicit offset; NaN when it is not a real one: a day the calendar does not have
 * (2026-02-30), a time the clock does not have (24:00, 09:60), an offset beyond ±14:00, or a Beijing date outside
 * FIRST_YEAR..LAST_YEAR. Nothing is normalised into another instant.
 */
export function parseInstant(iso: string): number {
  const m = INSTANT_RE.exec(iso);
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const millis = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (!isRealDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  let offsetMinutes = 0;
  if (!m[8]) {
    const offH = Number(m[10]);
    const offM = Number(m[11]);
    if (offM > 59 || offH * 60 + offM > 14 * 60) return Number.NaN;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  const bj = new Date(ms + OFFSET_MS).getUTCFullYear();
  return bj < FIRST_YEAR || bj > LAST_YEAR ? Number.NaN : ms;
}

/** The Beijing date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
}

/** 0 = Sunday … 6 = Saturday, for a Beijing date. */
export function weekday(date: string): number {
  return dayjs.utc(date).day();
}
