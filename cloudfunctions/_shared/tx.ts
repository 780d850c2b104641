import type { Database } from './db';

export type CollectionRef = ReturnType<Database['collection']>;

/** What both a database handle and a transaction offer: `collection(name)`. */
export interface Writer {
  collection(name: string): CollectionRef;
}

/** The SDK's transaction (its typings declare `runTransaction` as `any`; this is the part we use). */
export interface Transaction extends Writer {
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}

/**
 * `db.runTransaction(work, times)` with types. `times` is how many times the SDK itself retries on
 * DATABASE_TRANSACTION_CONFLICT (0 = one attempt).
 */
export function runTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>, times: number): Promise<T> {
  const run = db.runTransaction as (cb: (tx: Transaction) => Promise<T>, times: number) => Promise<T>;
  return run.call(db, work, times);
}

/** `doc(id).get()` answers `{data: doc|null}` inside a transaction and `{data: [doc]}` outside. */
export async function getDoc<T>(w: Writer, coll: string, id: string): Promise<T | null> {
  const res = (await w.collection(coll).doc(id).get()) as { data: unknown };
  const data = res.data;
  if (Array.isArray(data)) return (data[0] as T | undefined) ?? null;
  return (data as T | null) ?? null;
}
