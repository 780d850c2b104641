import type { AdminStation, AdminVenue, StationAdminInput, VenueAdminInput } from '../../../types';
import { CallError } from '../../services/client';
import { messageFor } from '../../services/messages';

export type VenueField = keyof VenueAdminInput;
export type StationField = keyof StationAdminInput;
export type Problems<F extends string> = Partial<Record<F, string>>;

/** A photo on the form: a URL the venue already has, or the caller's fresh upload (its fileID, shown from the local file). */
export interface FormPhoto {
  value: string;
  shown: string;
}

export type VenueForm = Omit<VenueAdminInput, 'capacity' | 'photos'> & { capacity: number | null; photos: FormPhoto[] };

export const COMMON_FACILITIES = ['投影仪', '音响', '话筒', '空调', '白板', '桌椅', '电视', '钢琴', '饮水机', '无障碍通道'];
export const COMMON_SERVICES = ['助老服务', '政策咨询', '便民维修', '图书借阅', '心理疏导', '法律援助', '儿童托管', '爱心理发'];

export function emptyVenueForm(streetId: string | null): VenueForm {
  return {
    name: '',
    level: streetId ? 'street' : 'community',
    type: 'activity',
    capacity: 20,
    facilities: [],
    address: '',
    streetId,
    communityId: null,
    opens: '08:30',
    closes: '17:30',
    slotMinutes: 60,
    windowDays: 14,
    maxConsecutive: 3,
    needsApproval: false,
    photos: [],
  };
}

export function venueFormOf(v: AdminVenue): VenueForm {
  return {
    name: v.name,
    level: v.level,
    type: v.type,
    capacity: v.capacity,
    facilities: [...v.facilities],
    address: v.address,
    streetId: v.streetId,
    communityId: v.communityId,
    opens: v.opens,
    closes: v.closes,
    slotMinutes: v.slotMinutes,
    windowDays: v.windowDays,
    maxConsecutive: v.maxConsecutive,
    needsApproval: v.needsApproval,
    photos: v.photos.map((url) => ({ value: url, shown: url })),
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What can be told before sending (the server checks everything again). */
export function checkVenueForm(f: VenueForm): Problems<VenueField> {
  const p: Problems<VenueField> = {};
  const name = f.name.trim();
  if (name.length < 2) p.name = '请填写场地名称，至少2个字';
  else if (name.length > 40) p.name = '场地名称请不超过40字';
  if (f.address.trim().length < 4) p.address = '请填写地址，至少4个字';
  if (f.capacity === null || f.capacity < 1) p.capacity = '请填写能容纳多少人';
  if (f.level !== 'district' && !f.streetId) p.streetId = '请选择所在街道';
  if (f.level === 'community' && !f.communityId) p.communityId = '社区场地请选择所在社区';
  const span = minutesOf(f.closes) - minutesOf(f.opens);
  if (span <= 0) p.closes = '关门时间要晚于开门时间';
  else if (span % f.slotMinutes !== 0) p.closes = `开放时间要正好分成每段${f.slotMinutes}分钟`;
  return p;
}

export function venueInputOf(f: VenueForm): VenueAdminInput {
  return {
    ...f,
    name: f.name.trim(),
    address: f.address.trim(),
    capacity: f.capacity ?? 0,
    streetId: f.level === 'district' ? null : f.streetId,
    communityId: f.level === 'district' ? null : f.communityId,
    photos: f.photos.map((p) => p.value),
  };
}

export type StationForm = Omit<StationAdminInput, 'streetId'> & { streetId: string | null };

export function emptyStationForm(streetId: string | null): StationForm {
  return { name: '', streetId, communityId: null, address: '', services: [], hours: '每天 9:00–17:00', location: null };
}

export function stationFormOf(s: AdminStation): StationForm {
  return { name: s.name, streetId: s.streetId, communityId: s.communityId, address: s.address, services: [...s.services], hours: s.hours, location: s.location };
}

export function checkStationForm(f: StationForm): Problems<StationField> {
  const p: Problems<StationField> = {};
  const name = f.name.trim();
  if (name.length < 4) p.name = '请填写站点名称，至少4个字';
  else if (name.length > 40) p.name = '站点名称请不超过40字';
  if (!f.streetId) p.streetId = '请选择所在街道';
  if (f.address.trim().length < 4) p.address = '请填写地址，至少4个字';
  if (f.services.length === 0) p.services = '请至少选一项服务';
  if (f.hours.trim().length < 2) p.hours = '请填写开放时间';
  return p;
}

export function stationInputOf(f: StationForm): StationAdminInput {
  return { ...f, name: f.name.trim(), address: f.address.trim(), hours: f.hours.trim(), streetId: f.streetId ?? '' };
}

const hasChinese = (s: string) => /[\u4e00-\u9fa5]/.test(s);

/**
 * The server's refusal at the field it names ("venue.name" → name); `where` for refusals about the hours, the area,
 * the photos. Answers the problems per field (empty when none could be placed) and the sentence for the whole form.
 */
export function serverProblems<F extends string>(e: unknown, prefix: string, fields: readonly F[], where: { hours?: F; area?: F; photos?: F }): { problems: Problems<F>; message: string } {
  const problems: Problems<F> = {};
  const fieldOf = (path: string): F | undefined => {
    const rest = path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path;
    const key = rest.split('.')[0] as F;
    return fields.includes(key) ? key : undefined;
  };
  if (e instanceof CallError) {
    if (e.code === 'INPUT.INVALID' && e.fields) {
      for (const [path, message] of Object.entries(e.fields)) {
        const f = fieldOf(path);
        if (f && !problems[f]) problems[f] = hasChinese(message) ? message : '这一项填写有误';
      }
    }
    if (e.code === 'CONTENT.REJECTED') {
      const f = fieldOf(e.details?.field ?? Object.keys(e.fields ?? {})[0] ?? '');
      if (f) problems[f] = messageFor(e);
    }
    if (e.code === 'ADMIN.BAD_HOURS' && where.hours) problems[where.hours] = messageFor(e);
    if (e.code === 'ADMIN.AREA_UNKNOWN' && where.area) problems[where.area] = messageFor(e);
    if (e.code === 'ACTIVITY.IMAGE_INVALID' && where.photos) problems[where.photos] = messageFor(e);
  }
  const placed = Object.keys(problems).length > 0;
  return { problems, message: placed ? '有几项需要修改，请看红字提示' : messageFor(e) };
}

export const VENUE_FIELDS: readonly VenueField[] = ['name', 'level', 'type', 'capacity', 'facilities', 'address', 'streetId', 'communityId', 'opens', 'closes', 'slotMinutes', 'windowDays', 'maxConsecutive', 'needsApproval', 'photos'];
export const STATION_FIELDS: readonly StationField[] = ['name', 'streetId', 'communityId', 'address', 'services', 'hours', 'location'];
