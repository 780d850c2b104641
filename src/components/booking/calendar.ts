import Taro from '@tarojs/taro';
import type { Booking } from '../../../types/venue';
import { clockOf } from './format';

/** One event to put in the phone's calendar. Times are ISO-8601 instants (any offset). */
export interface CalendarEvent {
  uid: string;
  title: string;
  start: string;
  end: string;
  location: string;
  description: string;
}

export function bookingEvent(b: Booking): CalendarEvent {
  const lines = [`用途：${b.purpose}`, `${b.attendees}人`];
  if (b.checkInCode) lines.push(`签到码：${b.checkInCode}（开始前后15分钟内签到）`);
  if (b.state === 'pending') lines.push('此预约正在等待管理员审核');
  return {
    uid: `${b.id}@redsail.zhifu`,
    title: `场地预约：${b.venueName}`,
    start: b.start,
    end: b.end,
    location: b.venueAddress,
    description: lines.join('\n'),
  };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** RFC 5545 DATE-TIME in UTC ("Z" form), so no VTIMEZONE is needed. */
export function icsUtc(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. */
export function icsEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

const utf8Length = (ch: string): number => {
  const c = ch.codePointAt(0) ?? 0;
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
};

/** Folds a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character. */
export function icsFold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch);
    // continuation lines begin with one space, which counts toward their 75 octets
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + n > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** A one-event iCalendar file: CRLF line endings, UTC times, escaped and folded text, a reminder one hour before. */
export function buildIcs(e: CalendarEvent, now: number = Date.now()): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Zhifu Red Sail//Venue Booking//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${icsEscape(e.uid)}`,
    `DTSTAMP:${icsUtc(now)}`,
    `DTSTART:${icsUtc(Date.parse(e.start))}`,
    `DTEND:${icsUtc(Date.parse(e.end))}`,
    `SUMMARY:${icsEscape(e.title)}`,
    `LOCATION:${icsEscape(e.location)}`,
    `DESCRIPTION:${icsEscape(e.description)}`,
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${icsEscape(`${e.title} ${clockOf(e.start)}开始`)}`,
    'TRIGGER:-PT1H',
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(icsFold).join('\r\n')}\r\n`;
}

/** 'redsail-20261203-0930.ics' — ASCII, so every browser keeps the name. */
export function icsFileName(e: CalendarEvent): string {
  const d = new Date(Date.parse(e.start) + 8 * 3600_000);
  return `redsail-${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}-${two(d.getUTCHours())}${two(d.getUTCMinutes())}.ics`;
}

/**
 * Puts the booking into the phone's calendar. weapp: the system calendar API (the user confirms in WeChat's own
 * dialog). H5: downloads an .ics file, which phones open in their calendar app. Resolves to what the user should be
 * told; never throws.
 */
export async function addToCalendar(b: Booking): Promise<string> {
  const e = bookingEvent(b);
  try {
    if (process.env.TARO_ENV === 'weapp') {
      await Taro.addPhoneCalendar({
        title: e.title,
        startTime: Math.floor(Date.parse(e.start) / 1000),
        // Taro's typing says string; WeChat takes the unix seconds either way.
        endTime: String(Math.floor(Date.parse(e.end) / 1000)),
        location: e.location,
        description: e.description,
        alarm: true,
        alarmOffset: 3600,
      });
      return '已添加到手机日历';
    }
    const blob = new Blob([buildIcs(e)], { type: 'text/calendar;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = icsFileName(e);
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return '日历文件已下载，打开它即可加入日历';
  } catch (err) {
    const msg = err && typeof err === 'object' && 'errMsg' in err ? String(err.errMsg) : '';
    // The user said no in WeChat's dialog: nothing to apologise for.
    if (/cancel|deny|denied/i.test(msg)) return '没有添加到日历';
    return '没能添加到日历，请手动记下时间';
  }
}
