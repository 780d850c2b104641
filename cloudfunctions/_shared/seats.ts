import { dbErrorCode } from './db';
import type { Writer } from './tx';

/**
 * Places held by the database itself. A place is a document with a deterministic `_id` (`<ownerId>:seat:<n>`, n =
 * 1…capacity, or a numbered waitlist ticket) created with `add`, so the database refuses a second holder of one number
 * whatever instance asks; no place beyond the capacity exists. Used by shifts (shift_seats) and course sessions
 * (session_places); the rules about who may take a place live in their services.
 */
export const seatIdOf = (ownerId: string, n: number): string => `${ownerId}:seat:${n}`;

/**
 * Claims a numbered place (or any document with a deterministic `_id`) with `add`, inside the caller's transaction or
 * not: 'held' when this call created it, 'taken' when the database already holds one with that `_id`. A write conflict
 * with another open transaction is thrown (the caller's transaction is retried).
 */
export async function claimPlace(w: Writer, collection: string, doc: { _id: string }): Promise<'held' | 'taken'> {
  try {
    await w.collection(collection).add(doc);
    return 'held';
  } catch (e) {
    if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE') return 'taken';
    throw e;
  }
}

/** Seat numbers 1…capacity not in `held`, lowest first. */
export function freeSeatNumbers(capacity: number, held: Iterable<number>): number[] {
  const taken = new Set(held);
  const free: number[] = [];
  for (let n = 1; n <= capacity; n++) if (!taken.has(n)) free.push(n);
  return free;
}
