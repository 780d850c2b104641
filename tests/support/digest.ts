import { createHash } from 'node:crypto';
import { EJSON } from 'bson';
import type { LocalDatabase } from '../../local-cloud/db/engine';

/** A fingerprint of every document in every collection: equal before and after ⇒ nothing was written. */
export function databaseDigest(db: LocalDatabase): string {
  const hash = createHash('sha256');
  for (const coll of db.store.collectionNames().sort()) {
    const docs = [...db.store.entries(coll)].map((e) => EJSON.stringify(e.doc, { relaxed: false })).sort();
    hash.update(coll).update('\0').update(docs.join('\n')).update('\0');
  }
  return hash.digest('hex');
}
