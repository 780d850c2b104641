import type { ActionOutput, Certificate, GeoPoint, HoursEntry, MyShift, ShiftSummary, StarProgress, VolunteerProfile } from '../../types';
import { call, newRequestId } from './client';

export type NameShown = 'full' | 'surname' | 'masked';
export type Ledger = ActionOutput<'volunteer', 'ledger'>;
export type Leaderboard = ActionOutput<'volunteer', 'leaderboard'>;
export type VerifiedCertificate = ActionOutput<'volunteer', 'verify'>;
export type CheckInResult = ActionOutput<'volunteer', 'checkIn'>;
export type CheckOutResult = ActionOutput<'volunteer', 'checkOut'>;

/**
 * 志愿服务 on the client. Mutations take a `requestId`: one per user intent, reused when retrying that intent, so a
 * retry after a lost reply never takes a second place or checks in twice.
 */
export const volunteerService = {
  me: (): Promise<VolunteerProfile> => call('volunteer', 'me', {}),
  register: (realName: string, phone: string, requestId: string = newRequestId()): Promise<VolunteerProfile> =>
    call('volunteer', 'register', { realName, phone }, { requestId }),
  setPreferences: (showOnLeaderboard: boolean): Promise<VolunteerProfile> =>
    call('volunteer', 'setPreferences', { showOnLeaderboard }, { requestId: newRequestId() }),
  shifts: async (stationId?: string): Promise<ShiftSummary[]> => (await call('volunteer', 'shifts', stationId ? { stationId } : {})).shifts,
  myShifts: async (when: 'upcoming' | 'past'): Promise<MyShift[]> => (await call('volunteer', 'myShifts', { when })).shifts,
  signUp: (shiftId: string, wait: boolean, requestId: string = newRequestId()): Promise<ActionOutput<'volunteer', 'signUp'>> =>
    call('volunteer', 'signUp', wait ? { shiftId, wait } : { shiftId }, { requestId }),
  cancel: (shiftId: string, requestId: string = newRequestId()): Promise<ActionOutput<'volunteer', 'cancel'>> =>
    call('volunteer', 'cancel', { shiftId }, { requestId }),
  checkIn: (shiftId: string, code: string, location?: GeoPoint): Promise<CheckInResult> =>
    call('volunteer', 'checkIn', location ? { shiftId, code, location } : { shiftId, code }, { requestId: newRequestId() }),
  checkOut: (shiftId: string, code: string, location?: GeoPoint): Promise<CheckOutResult> =>
    call('volunteer', 'checkOut', location ? { shiftId, code, location } : { shiftId, code }, { requestId: newRequestId() }),
  ledger: (): Promise<Ledger> => call('volunteer', 'ledger', {}),
  certificate: (nameShown: NameShown, requestId: string = newRequestId()): Promise<Certificate> =>
    call('volunteer', 'certificate', { nameShown }, { requestId }),
  verify: (number: string): Promise<VerifiedCertificate> => call('volunteer', 'verify', { number }),
  leaderboard: (streetId?: string): Promise<Leaderboard> => call('volunteer', 'leaderboard', streetId ? { streetId } : {}),
};

/** The QR payload the manager's code screen shows: `redsail:shift:<shiftId>:<six digits>`. */
export interface ScannedCode {
  shiftId: string | null;
  code: string;
}

/** What a scan read: the shift and code of our QR payload, or six bare digits; null when it is neither. */
export function parseShiftCode(text: string): ScannedCode | null {
  const m = /^redsail:shift:(.+):(\d{6})$/.exec(text.trim());
  if (m) return { shiftId: m[1] ?? null, code: m[2] ?? '' };
  const digits = /^\s*(\d{6})\s*$/.exec(text);
  return digits ? { shiftId: null, code: digits[1] ?? '' } : null;
}

export const starNames = ['未评星', '一星', '二星', '三星', '四星', '五星'] as const;

/** '距二星还差12.5小时' or '已是五星志愿者'. */
export function starProgressText(hours: number, stars: StarProgress): string {
  if (stars.nextAt === null) return '已是五星志愿者';
  const left = Math.max(0, stars.nextAt - hours);
  return `距${starNames[stars.level + 1] ?? ''}还差${hoursText(left)}小时`;
}

/** Hours as people read them: 12, 12.5, 0.25 (no trailing zeros). */
export function hoursText(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}

export const hoursSourceLabels: Record<HoursEntry['source'], string> = {
  checkout: '签退',
  confirmed: '站长确认',
  honour: '荣誉时长',
  correction: '更正',
};
