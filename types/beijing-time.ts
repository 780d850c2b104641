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

/** Whether a string is a real calendar date 'YYYY-MM-DD'. */
export function isCalendarDate(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) return false;
  return dayjs.utc(date).format('YYYY-MM-DD') === date;
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

/** Parses an ISO-8601 instant (any offset); NaN when it is not one. */
export function parseInstant(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(iso)) return Number.NaN;
  return Date.parse(iso);
}

/** The Beijing date `days` after `date`. */
export function addDays(date: string, days: number): string {
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD');
}

/** 0 = Sunday … 6 = Saturday, for a Beijing date. */
export function weekday(date: string): number {
  return dayjs.utc(date).day();
}
