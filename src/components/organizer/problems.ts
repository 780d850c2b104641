import { CallError } from '../../services/client';
import { messageFor } from '../../services/messages';
import { slotText } from './form';

/** Refusals about the venue or the time: said with the slot and the advice to change one of them. */
export const VENUE_CODES = new Set(['ACTIVITY.VENUE_TAKEN', 'VENUE.OUTSIDE_HOURS', 'VENUE.OUTSIDE_WINDOW', 'VENUE.TOO_MANY_SLOTS', 'VENUE.OVER_CAPACITY', 'VENUE.NOT_FOUND']);

/** A venue refusal in plain words: the server's words, the slot it named (when it named one). */
export function venueProblem(e: unknown): string | null {
  if (!(e instanceof CallError) || !VENUE_CODES.has(e.code)) return null;
  const slot = slotText(e.details?.slot);
  return slot ? `${slot} 这个时段：${messageFor(e)}` : messageFor(e);
}

export const VENUE_ADVICE = '可以改一下日期或开始、结束时间，或者换一个场地、改为写地址，再试一次。';
