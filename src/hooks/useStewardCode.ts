import type { RosterEntry, ShiftSummary } from '../../types';
import { stewardService, type ShiftCode } from '../services/steward';
import { useRotatingCode } from './useRotatingCode';

export interface CodeScreen {
  code: ShiftCode;
  shift: ShiftSummary;
  checkedIn: number;
  checkedOut: number;
}

const counts = (entries: RosterEntry[]) => ({
  checkedIn: entries.filter((e) => e.checkedInAt !== null).length,
  checkedOut: entries.filter((e) => e.checkedOutAt !== null).length,
});

/**
 * The rotating check-in code of a shift I manage, with the shift and its 签到 / 签退 counts; fetched again when the
 * code expires. `active` false (page hidden) stops the refreshes.
 */
export function useStewardCode(shiftId: string | undefined, active: boolean) {
  return useRotatingCode(
    shiftId,
    active,
    'SHIFT.NOT_FOUND',
    async (id): Promise<CodeScreen> => {
      const [code, roster] = await Promise.all([stewardService.code(id), stewardService.roster(id)]);
      return { code, shift: roster.shift, ...counts(roster.entries) };
    },
    (screen) => screen.code,
  );
}
