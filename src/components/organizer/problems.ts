import { CallError } from '../../services/client';
import { messageFor } from '../../services/messages';
import { slotText } from './form';

/** Refusals about the venue or the time: said with the slot and the advice to change one of them. */
export const VENUE_CODES = new Set(['ACTIVITY.VENUE_TAKEN', 'VENUE.OUTSIDE_HOURS', 'VENUE.OUTSIDE_WINDOW', 'VENUE.TOO_MANY_SLOTS', 'VENUE.OVER_CAPACITY', 'VENUE.NOT_FOUND']);

/** Why a slot could not be held, as the server names it (details.reason of ACTIVITY.VENUE_TAKEN). */
const TAKEN_REASONS: Record<string, string> = {
  booked: '场地已经有人预约了',
  closed: '场地这天不开放',
  approval: '这个场地要场地管理员审批，不能直接订',
};

/** A venue refusal in plain words: the slot it named (when it named one) and why, else the server's words. */
export function venueProblem(e: unknown): string | null {
  if (!(e instanceof CallError) || !VENUE_CODES.has(e.code)) return null;
  const slot = slotText(e.details?.slot);
  const reason = typeof e.details?.reason === 'string' ? TAKEN_REASONS[e.details.reason] : undefined;
  const why = e.code === 'ACTIVITY.VENUE_TAKEN' && reason ? reason : messageFor(e);
  return slot ? `${slot} 这个时段：${why}` : why;
}

export const VENUE_ADVICE = '可以改一下日期或开始、结束时间，或者换一个场地、改为写地址，再试一次。';
