import type { ActivityAudience, ActivityDetail, ActivityDraft, ActivityType } from '../../../types';
import { clockOf, dateOf, longDate } from '../../../types/date-format';

/** The editor's form: the contract's draft as the page holds it (a Beijing date and two clocks, the place by kind). */
export interface ActivityForm {
  title: string;
  type: ActivityType | null;
  description: string;
  coverFileId: string | null;
  /** What the cover looks like and whether the image check still holds it (the poster alone sees it then). */
  cover: { url: string; state: 'checking' | 'ok' } | null;
  /** The last cover was taken down after the image check refused it. */
  coverRejected: boolean;
  /** Beijing 'YYYY-MM-DD' and 'HH:mm'. */
  date: string;
  startTime: string;
  endTime: string;
  where: 'venue' | 'address';
  venueId: string | null;
  address: string;
  communityId: string | null;
  lat: number | null;
  lng: number | null;
  capacity: number | null;
  audience: ActivityAudience;
  /** Sign-up closes at the start, or at a time of the organiser's choosing. */
  deadline: 'start' | 'custom';
  deadlineDate: string;
  deadlineTime: string;
}

/** The form's fields, as errors are shown beside them. */
export type FormField = 'title' | 'type' | 'description' | 'cover' | 'date' | 'time' | 'place' | 'capacity' | 'audience' | 'signUpDeadline';
export type FormErrors = Partial<Record<FormField, string>>;

export const instantOf = (date: string, clock: string): string => `${date}T${clock}:00+08:00`;

export function emptyActivityForm(date: string): ActivityForm {
  return {
    title: '',
    type: null,
    description: '',
    coverFileId: null,
    cover: null,
    coverRejected: false,
    date,
    startTime: '09:30',
    endTime: '11:30',
    where: 'venue',
    venueId: null,
    address: '',
    communityId: null,
    lat: null,
    lng: null,
    capacity: 30,
    audience: 'public',
    deadline: 'start',
    deadlineDate: date,
    deadlineTime: '09:30',
  };
}

/** An activity as the server gives it to its organiser → the form. */
export function activityFormOf(a: ActivityDetail): ActivityForm {
  const custom = a.signUpDeadline !== a.start && Date.parse(a.signUpDeadline) !== Date.parse(a.start);
  return {
    title: a.title,
    type: a.type,
    description: a.description,
    coverFileId: a.coverFileId,
    cover: a.cover,
    coverRejected: a.coverRejected,
    date: dateOf(a.start),
    startTime: clockOf(a.start),
    endTime: clockOf(a.end),
    where: a.venueId ? 'venue' : 'address',
    venueId: a.venueId,
    address: a.venueId ? '' : a.address,
    communityId: a.communityId,
    lat: a.lat,
    lng: a.lng,
    capacity: a.capacity,
    audience: a.audience,
    deadline: custom ? 'custom' : 'start',
    deadlineDate: dateOf(a.signUpDeadline),
    deadlineTime: clockOf(a.signUpDeadline),
  };
}

/** The draft the contract takes (trimmed). Call after checkActivityForm found nothing. */
export function activityDraftOf(f: ActivityForm): ActivityDraft {
  const start = instantOf(f.date, f.startTime);
  return {
    title: f.title.trim(),
    type: f.type ?? 'theme_day',
    description: f.description.trim(),
    coverFileId: f.coverFileId,
    start,
    end: instantOf(f.date, f.endTime),
    place:
      f.where === 'venue'
        ? { kind: 'venue', venueId: f.venueId ?? '' }
        : {
            kind: 'address',
            address: f.address.trim(),
            ...(f.communityId ? { communityId: f.communityId } : {}),
            ...(f.lat !== null && f.lng !== null ? { lat: f.lat, lng: f.lng } : {}),
          },
    capacity: f.capacity ?? 0,
    audience: f.audience,
    ...(f.deadline === 'custom' ? { signUpDeadline: instantOf(f.deadlineDate, f.deadlineTime) } : {}),
  };
}

/** The contract's rules, checked in the phone with its words, so most mistakes are shown before anything is sent. */
export function checkActivityForm(f: ActivityForm, now: number): FormErrors {
  const e: FormErrors = {};
  const len = (s: string) => s.trim().length;
  if (len(f.title) < 4) e.title = '标题至少4个字';
  else if (len(f.title) > 40) e.title = '标题请不超过40字';
  if (!f.type) e.type = '请选择活动类型';
  if (len(f.description) < 10) e.description = '活动介绍至少10个字';
  else if (len(f.description) > 1000) e.description = '活动介绍请不超过1000字';
  const start = Date.parse(instantOf(f.date, f.startTime));
  const end = Date.parse(instantOf(f.date, f.endTime));
  if (start <= now) e.date = '开始时间已经过去了，请选将来的时间';
  if (end <= start) e.time = '结束时间要晚于开始时间';
  else if (end - start > 12 * 3600_000) e.time = '一场活动最长12小时';
  if (f.where === 'venue' && !f.venueId) e.place = '请选择场地，或改为「写地址」';
  if (f.where === 'address' && len(f.address) < 4) e.place = '请写清活动地址';
  else if (f.where === 'address' && len(f.address) > 100) e.place = '地址请不超过100字';
  if (f.capacity === null || f.capacity < 1) e.capacity = '至少1个名额';
  else if (f.capacity > 1000) e.capacity = '最多1000个名额';
  if (f.deadline === 'custom') {
    const deadline = Date.parse(instantOf(f.deadlineDate, f.deadlineTime));
    if (deadline > start) e.signUpDeadline = '报名截止不能晚于活动开始';
    else if (deadline <= now) e.signUpDeadline = '报名截止时间已经过去了';
  }
  return e;
}

/** Which form field a server field path names (`activity.place.address`, `activity.start` …). */
export function formFieldOf(path: string): FormField | null {
  const p = path.replace(/^activity\./, '');
  if (p === 'start' || p === 'end') return 'time';
  if (p === 'coverFileId') return 'cover';
  if (p === 'place' || p.startsWith('place.')) return 'place';
  const known: FormField[] = ['title', 'type', 'description', 'capacity', 'audience', 'signUpDeadline'];
  return known.find((k) => k === p) ?? null;
}

/**
 * A slot the server named (details.slot: an instant, or a ledger key `venue:YYYY-MM-DD:HHmm`) in plain words:
 * '12月3日 周四 09:30'. Anything else is shown as it came.
 */
export function slotText(slot: string | undefined): string | null {
  if (!slot) return null;
  const key = /(\d{4}-\d{2}-\d{2}):?(\d{2}):?(\d{2})$/.exec(slot);
  if (key) return `${longDate(key[1] as string)} ${key[2]}:${key[3]}`;
  const ms = Date.parse(slot);
  if (Number.isFinite(ms)) return `${longDate(dateOf(ms))} ${clockOf(ms)}`;
  return slot;
}
