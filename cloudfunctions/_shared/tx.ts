import { type Database, dbErrorCode } from './db';

export type CollectionRef = ReturnType<Database['collection']>;
export type DocRef = ReturnType<CollectionRef['doc']>;

/**
 * What a transaction offers: single-document operations only (`doc(id).get/set/update/remove` and `add`), as CloudBase
 * documents. The SDK's transaction collection also has `where`, `count`, `aggregate`…, but `count`, `where().update()`,
 * `where().remove()` and `aggregate()` silently run outside the transaction, and queries are refused by the platform.
 */
export interface TxCollection {
  doc(id: string): DocRef;
  add(data: object): ReturnType<CollectionRef['add']>;
}

/** What both a database handle and a transaction offer: `collection(name)` with `doc(id)` and `add`. */
export interface Writer {
  collection(name: string): TxCollection;
}

/** The SDK's transaction (its typings declare `runTransaction` as `any`; this is the part we use). */
export interface Transaction extends Writer {
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}

/** The SDK's transaction narrowed, at run time as in its type, to the single-document operations CloudBase allows. */
export function singleDocumentOnly(raw: { collection(name: string): CollectionRef; commit(): Promise<unknown>; rollback(reason?: unknown): Promise<unknown> }): Transaction {
  return {
    collection: (name) => {
      const c = raw.collection(name);
      return { doc: (id) => c.doc(id), add: (data) => c.add(data) };
    },
    commit: () => raw.commit(),
    rollback: (reason) => raw.rollback(reason),
  };
}

/**
 * `db.runTransaction(work, times)` with types. `times` is how many times the SDK itself retries on
 * DATABASE_TRANSACTION_CONFLICT (0 = one attempt). `work` gets only single-document operations.
 */
export function runTransaction<T>(db: Database, work: (tx: Transaction) => Promise<T>, times: number): Promise<T> {
  type Raw = Parameters<typeof singleDocumentOnly>[0];
  const run = db.runTransaction as (cb: (tx: Raw) => Promise<T>, times: number) => Promise<T>;
  return run.call(db, (raw) => work(singleDocumentOnly(raw)), times);
}

/** `doc(id).get()` answers `{data: doc|null}` inside a transaction and `{data: [doc]}` outside. */
export async function getDoc<T>(w: Writer, coll: string, id: string): Promise<T | null> {
  const res = (await w.collection(coll).doc(id).get()) as { data: unknown };
  const data = res.data;
  if (Array.isArray(data)) return (data[0] as T | undefined) ?? null;
  return (data as T | null) ?? null;
}

/**
 * Runs `work` in a CloudBase transaction; on a write conflict retries with jittered exponential backoff (the SDK's own
 * retry is immediate, which under a burst just collides again). Before each retry `beforeRetry` may settle the outcome
 * from committed state (e.g. the place is now taken) and spare the retry. Throws the conflict when attempts run out.
 */
export async function retryingTransaction<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
  options: { attempts?: number; beforeRetry?: () => Promise<T | undefined> } = {},
): Promise<T> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      // times = 0: one attempt per call, rolled back on any error; this loop owns retrying.
      return await runTransaction(db, work, 0);
    } catch (e) {
      if (dbErrorCode(e) !== 'DATABASE_TRANSACTION_CONFLICT' || attempt >= attempts) throw e;
      const settled = await options.beforeRetry?.();
      if (settled !== undefined) return settled;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(400, 10 * 2 ** attempt)));
    }
  }
}
