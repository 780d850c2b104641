import { randomBytes } from 'node:crypto';
import { beijingDate } from '../../types/beijing-time';
import { Collections } from '../_shared/collections';
import { hoursContribution, recordChange } from '../_shared/rollups';
import type { Writer } from '../_shared/tx';
import type { HoursEntryDoc } from '../_shared/volunteer.docs';

/**
 * Appends one entry to the append-only hours ledger (inside the caller's transaction, so the credit and the change
 * that earned it commit together). `_id` may be given to make the entry unique (e.g. `checkout:<signupId>`): the
 * database then refuses a second credit for the same thing.
 */
export async function appendHours(w: Writer, entry: Omit<HoursEntryDoc, '_id' | 'month' | 'at'> & { _id?: string }, now: number): Promise<HoursEntryDoc> {
  const doc: HoursEntryDoc = {
    ...entry,
    _id: entry._id ?? `h_${now.toString(36)}_${randomBytes(6).toString('hex')}`,
    at: new Date(now),
    month: beijingDate(now).slice(0, 7),
  };
  await w.collection(Collections.hoursLedger).add(doc);
  await recordChange(w, null, hoursContribution(doc), now);
  return doc;
}

/** Hours are kept as whole quarter hours. */
export const toHours = (quarters: number): number => quarters / 4;

/**
 * Quarter hours credited for a service: the overlap of [in, out] with the shift's [start, end], rounded down to the
 * quarter hour; 0 when they do not overlap.
 */
export function creditedQuarters(checkIn: number, checkOut: number, start: number, end: number): number {
  const overlap = Math.min(checkOut, end) - Math.max(checkIn, start);
  return overlap > 0 ? Math.floor(overlap / (15 * 60_000)) : 0;
}
