import type { ActionOutput, CreateShiftInput, HoursEntry, RosterEntry, ShiftSummary, StationDetail, StationSummary } from '../../types';
import { call, newRequestId } from './client';

/** A shift as a station manager lists it: the summary plus who still needs a check-out confirmed and who checked in. */
export type ManagedShift = ShiftSummary & { needsConfirmation: number; checkedIn: number };
export type ManagedStation = StationSummary & { pending: number };
export type ShiftCode = ActionOutput<'volunteer', 'shiftCode'>;
export type StationTotals = ActionOutput<'volunteer', 'totals'>;
/** What createShift takes, before its defaults are applied (description, skills, openTo may be left out). */
export type NewShift = Omit<CreateShiftInput, 'description' | 'skills' | 'openTo'> & Partial<Pick<CreateShiftInput, 'description' | 'skills' | 'openTo'>>;
export interface GrantInput {
  openid: string;
  stationId: string;
  hours: number;
  reason: string;
  correctsId?: string;
}

/**
 * The station manager's shift tools (站点管理): shifts, roster, the rotating check-in code, confirming missing
 * check-outs, granting or correcting hours. Mutations take a `requestId` made once per intent (when a form opens or a
 * button is first tapped), so a retry after a lost reply takes effect once.
 */
export const stewardService = {
  stations: async (): Promise<ManagedStation[]> => (await call('station', 'managed', {})).stations,
  station: (stationId: string): Promise<StationDetail> => call('station', 'get', { stationId }),
  shifts: async (stationId?: string): Promise<ManagedShift[]> =>
    (await call('volunteer', 'managedShifts', stationId ? { stationId } : {})).shifts,
  createShift: (input: NewShift, requestId: string): Promise<ShiftSummary> => call('volunteer', 'createShift', input, { requestId }),
  code: (shiftId: string): Promise<ShiftCode> => call('volunteer', 'shiftCode', { shiftId }),
  roster: (shiftId: string): Promise<{ shift: ShiftSummary; entries: RosterEntry[] }> => call('volunteer', 'roster', { shiftId }),
  confirmCheckOut: (shiftId: string, openid: string, requestId: string = newRequestId()): Promise<{ shiftId: string; openid: string; hours: number }> =>
    call('volunteer', 'confirmCheckOut', { shiftId, openid }, { requestId }),
  grantHours: (input: GrantInput, requestId: string): Promise<HoursEntry> => call('volunteer', 'grantHours', input, { requestId }),
  /** With `stationId` and `openid`: also that volunteer's entries at the station. */
  totals: (input: { stationId?: string; openid?: string } = {}): Promise<StationTotals> => call('volunteer', 'totals', input),
};
