import { createHash } from 'node:crypto';
import { EJSON } from 'bson';
import type { LocalDatabase } from '../../local-cloud/db/engine';

/**
 * The runtime's own bookkeeping: rate-limit counters and idempotency records change on every mutating attempt,
 * refused or not (a refused attempt still counts against the limit, and its answer is kept for replays).
 */
const GUARD_COLLECTIONS = new Set(['rate_limits', 'idempotency_keys']);

/** A fingerprint of every document of every domain collection: equal before and after ⇒ nothing was written. */
export function databaseDigest(db: LocalDatabase): string {
  const hash = createHash('sha256');
  for (const coll of db.store.collectionNames().filter((c) => !GUARD_COLLECTIONS.has(c)).sort()) {
    const docs = [...db.store.entries(coll)].map((e) => EJSON.stringify(e.doc, { relaxed: false })).sort();
    hash.update(coll).update('\0').update(docs.join('\n')).update('\0');
  }
  return hash.digest('hex');
}
