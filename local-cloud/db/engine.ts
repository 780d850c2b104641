import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { BSONRegExp, EJSON } from 'bson';
import { Aggregator, update as applyUpdate } from 'mingo';
import { DocStore, keyOf, type Doc, type Replaced, type Write } from './store';

/**
 * A CloudBase-compatible document database for offline use. It answers the `database.*` actions that
 * @cloudbase/node-sdk sends (see toolchain-notes.md for the captured wire format) with CloudBase's documented
 * semantics. Every action runs synchronously on the event loop, so a conditional update is atomic by construction.
 *
 * Transactions: snapshot isolation. A transaction sees the database as of its start plus its own writes; its first
 * write to a document takes that document's write lock; a write to a document that another transaction holds, or that
 * was committed after this transaction's snapshot, fails with DATABASE_TRANSACTION_CONFLICT (as MongoDB's WriteConflict
 * does under CloudBase), which makes the SDK's `runTransaction` retry. Transactions not committed within 30 s abort.
 * As on CloudBase, a transaction takes single-document operations only (`doc(id).get/set/update/remove` and `add`):
 * a query, count, aggregation or multi-document update/remove sent with a transactionId is refused with
 * TRANSACTION_SINGLE_DOCUMENT_ONLY and ends the transaction, so none of its writes is committed.
 *
 * Aggregations resolve `$lookup` (localField/foreignField and let/pipeline) against the other collections' committed
 * state; a `from` collection that does not exist joins nothing, as in MongoDB.
 */

export type DbBody = Record<string, unknown>;
export type DbResponse = Record<string, unknown> & { requestId: string };

class DbFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
export const TRANSACTION_TIMEOUT_MS = 30_000;
/**
 * The code of an operation other than a single-document one inside a transaction. CloudBase documents the rule
 * (事务中只支持单记录操作) but not its code; the one public report found of a transaction that used `where().get()`
 * (WeChat developer community) ended in DATABASE_TRANSACTION_FAIL. The conformance suite checks it against a real env.
 */
export const TRANSACTION_SINGLE_DOCUMENT_ONLY = 'DATABASE_TRANSACTION_FAIL';
/** Aggregation stages that write: CloudBase's aggregate() offers none, and here they would write nowhere. */
const WRITING_STAGES = new Set(['$out', '$merge']);

interface Transaction {
  id: string;
  startSeq: number;
  startedAt: number;
  writes: Map<string, Write>;
}

interface HistoryEntry {
  validFrom: number;
  validTo: number;
  doc: Doc | null;
}

/** Reads and writes of one action: either straight on the committed state or inside a transaction. */
interface View {
  get(coll: string, id: string): Doc | null;
  list(coll: string): Doc[];
  write(coll: string, id: string, doc: Doc | null): void;
  insert(coll: string, doc: Doc): void;
}

const fail = (code: string, message: string): never => {
  throw new DbFailure(code, message);
};

/** EJSON regular expressions (`db.RegExp`, `$regex`) become JS RegExps, which is what mingo matches with. */
function nativeRegExps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nativeRegExps);
  if (value && typeof value === 'object') {
    if (value instanceof BSONRegExp) {
      try {
        return new RegExp(value.pattern, value.options.replace(/[^imsu]/g, ''));
      } catch {
        return fail('INVALID_PARAM', 'invalid regular expression');
      }
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) return value;
    for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = nativeRegExps(v);
  }
  return value;
}

function parseJson(value: unknown, what: string): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  let parsed: unknown;
  try {
    parsed = EJSON.parse(value, { relaxed: true });
  } catch {
    return fail('INVALID_PARAM', `${what} is not valid EJSON`);
  }
  return nativeRegExps(parsed);
}

const asObject = (value: unknown, what: string): Record<string, unknown> => {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('INVALID_PARAM', `${what} must be an object`);
  return value as Record<string, unknown>;
};

const isOperatorDoc = (data: Record<string, unknown>): boolean => Object.keys(data).some((k) => k.startsWith('$'));

export interface DatabaseStats {
  openTransactions: number;
  dbCalls: number;
}

export interface LocalDatabaseOptions {
  /** SQLite file, or ':memory:'. */
  file: string;
  sync?: 'full' | 'normal';
  now?: () => number;
}

export class LocalDatabase {
  readonly store: DocStore;
  private readonly now: () => number;
  private readonly transactions = new Map<string, Transaction>();
  private readonly locks = new Map<string, string>();
  private readonly history = new Map<string, HistoryEntry[]>();
  private requestSeq = 0;

  constructor(options: LocalDatabaseOptions) {
    this.store = new DocStore(options.file, { sync: options.sync });
    this.now = options.now ?? Date.now;
  }

  close(): void {
    this.store.close();
  }

  /** One `database.*` request body in, one response body out (always HTTP 200, errors carry `code`). */
  handle(body: DbBody): DbResponse {
    const requestId = `local-${(++this.requestSeq).toString(36)}`;
    try {
      this.expireTransactions();
      return { requestId, ...this.dispatch(body) };
    } catch (e) {
      if (e instanceof DbFailure) return { requestId, code: e.code, message: e.message };
      return { requestId, code: 'DATABASE_REQUEST_FAILED', message: e instanceof Error ? e.message : String(e) };
    }
  }

  private dispatch(body: DbBody): Record<string, unknown> {
    const action = body.action;
    switch (action) {
      case 'database.addCollection':
        return this.addCollection(body);
      case 'database.getDocument':
        return this.getDocument(body);
      case 'database.calculateDocument':
        return this.calculateDocument(body);
      case 'database.insertDocument':
        return this.insertDocument(body);
      case 'database.modifyDocument':
        return this.modifyDocument(body);
      case 'database.modifyAndReturnDoc':
        return this.modifyAndReturnDoc(body);
      case 'database.removeDocument':
        return this.removeDocument(body);
      case 'database.aggregateDocuments':
        return this.aggregateDocuments(body);
      case 'database.startTransaction':
        return this.startTransaction();
      case 'database.commitTransaction':
        return this.commitTransaction(body);
      case 'database.abortTransaction':
        return this.abortTransaction(body);
      default:
        return fail('INVALID_ACTION', `unsupported action ${String(action)}`);
    }
  }

  // ---------------------------------------------------------------- collections

  private addCollection(body: DbBody): Record<string, unknown> {
    const name = this.collectionName(body, false);
    if (!this.store.createCollection(name)) fail('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`);
    return {};
  }

  private collectionName(body: DbBody, mustExist = true): string {
    const name = body.collectionName;
    if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) return fail('INVALID_PARAM', 'invalid collectionName');
    if (mustExist && !this.store.hasCollection(name)) {
      return fail('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`);
    }
    return name;
  }

  // ---------------------------------------------------------------- reads

  private getDocument(body: DbBody): Record<string, unknown> {
    const coll = this.collectionName(body);
    this.singleDocumentInTransaction(body, 'a query (where().get(), get() of a collection)');
    const view = this.viewFor(body);
    const docs = this.select(view, coll, body);
    return { data: { list: docs.map((d) => EJSON.stringify(d, { relaxed: false })) } };
  }

  private calculateDocument(body: DbBody): Record<string, unknown> {
    const coll = this.collectionName(body);
    this.refuseInTransaction(body, 'count()');
    const query = asObject(parseJson(body.query, 'query'), 'query');
    const total = this.match(this.viewFor(body).list(coll), query).length;
    return { data: { total } };
  }

  /** where → order → offset → limit → projection, with CloudBase's default and maximum limit. */
  private select(view: View, coll: string, body: DbBody): Doc[] {
    const query = asObject(parseJson(body.query, 'query'), 'query');
    // The commonest call — doc(id).get() — is a key lookup with nothing to sort or project.
    if (isKeyOnly(query) && body.order === undefined && body.projection === undefined && !body.offset) {
      const doc = view.get(coll, query._id as string);
      return doc ? [doc] : [];
    }
    const candidates = this.candidates(view, coll, query);
    const pipeline: Record<string, unknown>[] = [{ $match: query }];
    const order = parseJson(body.order, 'order');
    const sort = this.sortSpec(order);
    if (sort) pipeline.push({ $sort: sort });
    const offset = Number(body.offset ?? 0);
    if (!Number.isInteger(offset) || offset < 0) fail('INVALID_PARAM', 'offset must be a non-negative integer');
    if (offset > 0) pipeline.push({ $skip: offset });
    let limit = body.limit === undefined ? DEFAULT_LIMIT : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 0) fail('INVALID_PARAM', 'limit must be a non-negative integer');
    if (limit === 0) limit = DEFAULT_LIMIT;
    pipeline.push({ $limit: Math.min(limit, MAX_LIMIT) });
    const projection = parseJson(body.projection, 'projection');
    if (projection && Object.keys(projection).length > 0) pipeline.push({ $project: projection });
    return new Aggregator(pipeline).run<Doc>(candidates);
  }

  /** A DOC query (`{_id: x}`) is a key lookup; everything else scans the collection. */
  private candidates(view: View, coll: string, query: Record<string, unknown>): Doc[] {
    const id = query._id;
    if (typeof id === 'string') {
      const doc = view.get(coll, id);
      return doc ? [doc] : [];
    }
    return view.list(coll);
  }

  private sortSpec(order: unknown): Record<string, 1 | -1> | undefined {
    if (order === undefined) return undefined;
    const spec: Record<string, 1 | -1> = {};
    // Two shapes exist in the SDKs: {field: 1|-1} and [{field, direction: 'asc'|'desc'}].
    if (Array.isArray(order)) {
      for (const o of order as Array<{ field?: unknown; direction?: unknown }>) {
        if (typeof o.field !== 'string') fail('INVALID_PARAM', 'order field must be a string');
        spec[o.field as string] = o.direction === 'desc' ? -1 : 1;
      }
    } else {
      for (const [field, dir] of Object.entries(asObject(order, 'order'))) {
        spec[field] = Number(dir) < 0 || dir === 'desc' ? -1 : 1;
      }
    }
    return Object.keys(spec).length ? spec : undefined;
  }

  private match(docs: Doc[], query: Record<string, unknown>): Doc[] {
    if (isKeyOnly(query)) return docs.filter((d) => d._id === query._id);
    return new Aggregator([{ $match: query }]).run<Doc>(docs);
  }

  private aggregateDocuments(body: DbBody): Record<string, unknown> {
    const coll = this.collectionName(body);
    this.refuseInTransaction(body, 'aggregate()');
    const stages = body.stages;
    if (!Array.isArray(stages)) return fail('INVALID_PARAM', 'stages must be an array');
    const pipeline = (stages as Array<{ stageKey?: unknown; stageValue?: unknown }>).map((s) => {
      if (typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) fail('INVALID_PARAM', 'bad stage');
      return { [s.stageKey as string]: parseJson(s.stageValue, 'stage') };
    });
    checkStages(pipeline);
    const view = this.committedView();
    const collectionResolver = (name: string): Doc[] => (this.store.hasCollection(name) ? view.list(name) : []);
    const result = new Aggregator(pipeline, { collectionResolver }).run(view.list(coll));
    return { data: { list: result.map((d) => EJSON.stringify(d, { relaxed: false })) } };
  }

  // ---------------------------------------------------------------- writes

  private insertDocument(body: DbBody): Record<string, unknown> {
    const coll = this.collectionName(body);
    if (!Array.isArray(body.data) || body.data.length === 0) return fail('INVALID_PARAM', 'data must be a non-empty array');
    const view = this.viewFor(body);
    const ids: string[] = [];
    const docs = (body.data as unknown[]).map((item) => {
      const doc = this.resolveServerDates(asObject(parseJson(item, 'data'), 'data'));
      if (doc._id === undefined) doc._id = randomBytes(16).toString('hex');
      if (typeof doc._id !== 'string' || doc._id.length === 0) fail('INVALID_PARAM', '_id must be a non-empty string');
      return doc as Doc;
    });
    const seen = new Set<string>();
    for (const doc of docs) {
      if (seen.has(doc._id)) fail('DATABASE_DUPLICATE_WRITE', `duplicate _id ${doc._id}`);
      seen.add(doc._id);
    }
    return this.atomically(view, () => {
      for (const doc of docs) {
        view.insert(coll, doc);
        ids.push(doc._id);
      }
      return { data: { insertedIds: ids } };
    });
  }

  private modifyDocument(body: DbBody): Record<string, unknown> {
    const coll = this.collectionName(body);
    this.singleDocumentInTransaction(body, 'an update of every matching document (where().update())');
    const view = this.viewFor(body);
    const query = asObject(parseJson(body.query, 'query'), 'query');
    const data = this.resolveServerDates(asObject(parseJson(body.data, 'data'), 'data'));
    const merge = body.merge !== false;
    const multi = body.multi === true;
    const upsert = body.upsert === true;
    if (!merge && isOperatorDoc(data)) fail('INVALID_PARAM', 'set() data must not contain operators');
    if ('_id' in data || ('$set' in data && typeof data.$set === 'object' && data.$set !== null && '_id' in data.$set)) {
      fail('INVALID_PARAM', '_id cannot be updated');
    }
    return this.atomically(view, () => {
      const matched = this.match(this.candidates(view, coll, query), query);
      const targets = multi ? matched : matched.slice(0, 1);
      let updated = 0;
      for (const doc of targets) {
        const next = merge ? this.applyModifier(doc, data) : ({ ...cloneDoc(data), _id: doc._id } as Doc);
        // Like MongoDB's modifiedCount: a no-op update changes nothing and counts 0.
        if (sameDoc(doc, next)) continue;
        updated += 1;
        view.write(coll, doc._id, next);
      }
      if (targets.length === 0 && upsert) {
        const id = typeof query._id === 'string' ? query._id : randomBytes(16).toString('hex');
        const base: Doc = { _id: id };
        const doc = merge ? this.applyModifier(base, data) : ({ ...cloneDoc(data), _id: id } as Doc);
        view.insert(coll, doc);
        return { data: { updated: 0, upsert_id: id } };
      }
      return { data: { updated } };
    });
  }

  private modifyAndReturnDoc(body: DbBody): Record<string, unknown> {
    const coll = this.collectionName(body);
    this.refuseInTransaction(body, 'where().updateAndReturn()');
    const view = this.viewFor(body);
    const query = asObject(parseJson(body.query, 'query'), 'query');
    const data = this.resolveServerDates(asObject(parseJson(body.data, 'data'), 'data'));
    return this.atomically(view, () => {
      const [doc] = this.match(this.candidates(view, coll, query), query);
      if (!doc) return { data: { updated: 0, doc: null } };
      const next = this.applyModifier(doc, data);
      view.write(coll, doc._id, next);
      return { data: { updated: 1, doc: EJSON.stringify(next, { relaxed: false }) } };
    });
  }

  private removeDocument(body: DbBody): Record<string, unknown> {
    const coll = this.collectionName(body);
    this.singleDocumentInTransaction(body, 'a removal of every matching document (where().remove())');
    const view = this.viewFor(body);
    const query = asObject(parseJson(body.query, 'query'), 'query');
    const multi = body.multi === true;
    return this.atomically(view, () => {
      const matched = this.match(this.candidates(view, coll, query), query);
      const targets = multi ? matched : matched.slice(0, 1);
      for (const doc of targets) view.write(coll, doc._id, null);
      return { data: { deleted: targets.length } };
    });
  }

  private applyModifier(doc: Doc, data: Record<string, unknown>): Doc {
    const next = cloneDoc(doc);
    const modifier = isOperatorDoc(data) ? data : { $set: data };
    try {
      applyUpdate(next, modifier as Parameters<typeof applyUpdate>[1]);
    } catch (e) {
      fail('INVALID_PARAM', `bad update: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (next._id !== doc._id) fail('INVALID_PARAM', '_id cannot be updated');
    return next;
  }

  /** `db.serverDate({offset})` arrives as `{$tcb_server_date: {offset}}`; it becomes this server's time. */
  private resolveServerDates<T>(value: T): T {
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object' && !(v instanceof Date)) {
        const o = v as Record<string, unknown>;
        const marker = o.$tcb_server_date as { offset?: unknown } | undefined;
        if (marker && Object.keys(o).length === 1) return new Date(this.now() + Number(marker.offset ?? 0));
        if (Object.getPrototypeOf(o) !== Object.prototype) return v;
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
      }
      return v;
    };
    return walk(value) as T;
  }

  // ---------------------------------------------------------------- views and commits

  private committedView(): View & { pending: Write[] } {
    const pending: Write[] = [];
    const staged = new Map<string, Doc | null>();
    const view = {
      pending,
      get: (coll: string, id: string): Doc | null => {
        const key = keyOf(coll, id);
        if (staged.has(key)) return staged.get(key) ?? null;
        return this.store.get(coll, id)?.doc ?? null;
      },
      list: (coll: string): Doc[] => {
        const out: Doc[] = [];
        for (const e of this.store.entries(coll)) {
          const key = keyOf(coll, e.doc._id);
          if (staged.has(key)) {
            const d = staged.get(key);
            if (d) out.push(d);
          } else out.push(e.doc);
        }
        return out;
      },
      write: (coll: string, id: string, doc: Doc | null): void => {
        staged.set(keyOf(coll, id), doc);
        pending.push({ coll, id, doc });
      },
      insert: (coll: string, doc: Doc): void => {
        if (view.get(coll, doc._id)) fail('DATABASE_DUPLICATE_WRITE', `duplicate key: _id ${doc._id} already exists`);
        view.write(coll, doc._id, doc);
      },
    };
    return view;
  }

  private viewFor(body: DbBody): View {
    const txId = body.transactionId;
    if (txId === undefined || txId === null || txId === '') return this.committedView();
    return this.transactionView(this.transaction(txId));
  }

  /** Runs an action's writes; outside a transaction they are committed as one unit (all or nothing). */
  private atomically(view: View, run: () => Record<string, unknown>): Record<string, unknown> {
    const result = run();
    if ('pending' in view) {
      const pending = (view as View & { pending: Write[] }).pending;
      this.commitWrites(dedupe(pending));
    }
    return result;
  }

  private commitWrites(writes: Write[]): void {
    if (writes.length === 0) return;
    const { seq, replaced } = this.store.commit(writes);
    this.remember(seq, replaced);
  }

  /** Keeps replaced versions while a transaction might still need them for its snapshot. */
  private remember(seq: number, replaced: Replaced[]): void {
    if (this.transactions.size === 0) return;
    for (const r of replaced) {
      const list = this.history.get(r.key) ?? [];
      list.push({ validFrom: r.priorVer, validTo: seq, doc: r.prior });
      this.history.set(r.key, list);
    }
  }

  /** The sequence number of the last change to a key (0 if never, or if forgotten because nobody needs it). */
  private lastChanged(coll: string, id: string): number {
    const entry = this.store.get(coll, id);
    if (entry) return entry.ver;
    const list = this.history.get(keyOf(coll, id));
    return list && list.length ? Math.max(...list.map((h) => h.validTo)) : 0;
  }

  private snapshotGet(tx: Transaction, coll: string, id: string): Doc | null {
    const key = keyOf(coll, id);
    const own = tx.writes.get(key);
    if (own) return own.doc;
    const entry = this.store.get(coll, id);
    if (entry && entry.ver <= tx.startSeq) return entry.doc;
    const past = this.history.get(key)?.find((h) => h.validFrom <= tx.startSeq && tx.startSeq < h.validTo);
    return past ? past.doc : null;
  }

  private transactionView(tx: Transaction): View {
    const writeCheck = (coll: string, id: string): void => {
      const key = keyOf(coll, id);
      const holder = this.locks.get(key);
      if (holder && holder !== tx.id) fail('DATABASE_TRANSACTION_CONFLICT', `write conflict on ${coll}/${id}`);
      if (this.lastChanged(coll, id) > tx.startSeq) fail('DATABASE_TRANSACTION_CONFLICT', `${coll}/${id} changed since the transaction began`);
      this.locks.set(key, tx.id);
    };
    const view: View = {
      get: (coll, id) => this.snapshotGet(tx, coll, id),
      list: (coll) => {
        const ids = new Set<string>();
        for (const e of this.store.entries(coll)) ids.add(e.doc._id);
        const prefix = `${coll}\u0000`;
        for (const key of this.history.keys()) if (key.startsWith(prefix)) ids.add(key.slice(prefix.length));
        for (const w of tx.writes.values()) if (w.coll === coll) ids.add(w.id);
        const out: Doc[] = [];
        for (const id of ids) {
          const d = this.snapshotGet(tx, coll, id);
          if (d) out.push(d);
        }
        return out;
      },
      write: (coll, id, doc) => {
        writeCheck(coll, id);
        tx.writes.set(keyOf(coll, id), { coll, id, doc });
      },
      insert: (coll, doc) => {
        if (this.snapshotGet(tx, coll, doc._id)) fail('DATABASE_DUPLICATE_WRITE', `duplicate key: _id ${doc._id} already exists`);
        writeCheck(coll, doc._id);
        tx.writes.set(keyOf(coll, doc._id), { coll, id: doc._id, doc });
      },
    };
    return view;
  }

  // ---------------------------------------------------------------- transactions

  /** Inside a transaction only `doc(id)` operations pass: a DOC query on one `_id`, never `multi`. */
  private singleDocumentInTransaction(body: DbBody, what: string): void {
    if (!inTransaction(body)) return;
    if (body.queryType === 'WHERE' || body.multi === true || !isKeyOnly(asObject(parseJson(body.query, 'query'), 'query'))) {
      this.refuseInTransaction(body, what);
    }
  }

  /** Refuses the operation and ends its transaction, discarding the transaction's writes. */
  private refuseInTransaction(body: DbBody, what: string): void {
    if (!inTransaction(body)) return;
    this.end(this.transaction(body.transactionId));
    fail(
      TRANSACTION_SINGLE_DOCUMENT_ONLY,
      `${what} is not allowed in a transaction, which takes single-document operations only (doc(id).get/set/update/remove and add); the transaction was rolled back`,
    );
  }

  private transaction(id: unknown): Transaction {
    const tx = typeof id === 'string' ? this.transactions.get(id) : undefined;
    if (!tx) return fail('DATABASE_TRANSACTION_FAIL', 'transaction does not exist, was committed, aborted or timed out');
    return tx;
  }

  private startTransaction(): Record<string, unknown> {
    const tx: Transaction = {
      id: randomBytes(12).toString('hex'),
      startSeq: this.store.seq,
      startedAt: this.now(),
      writes: new Map(),
    };
    this.transactions.set(tx.id, tx);
    return { transactionId: tx.id };
  }

  private commitTransaction(body: DbBody): Record<string, unknown> {
    const tx = this.transaction(body.transactionId);
    try {
      // A non-transactional write may have touched a document this transaction holds: first committer wins.
      for (const w of tx.writes.values()) {
        if (this.lastChanged(w.coll, w.id) > tx.startSeq) fail('DATABASE_TRANSACTION_CONFLICT', `${w.coll}/${w.id} changed before commit`);
      }
      this.commitWrites([...tx.writes.values()]);
    } finally {
      this.end(tx);
    }
    return {};
  }

  private abortTransaction(body: DbBody): Record<string, unknown> {
    this.end(this.transaction(body.transactionId));
    return {};
  }

  private end(tx: Transaction): void {
    this.transactions.delete(tx.id);
    for (const key of tx.writes.keys()) if (this.locks.get(key) === tx.id) this.locks.delete(key);
    this.pruneHistory();
  }

  private pruneHistory(): void {
    if (this.transactions.size === 0) {
      this.history.clear();
      return;
    }
    const oldest = Math.min(...[...this.transactions.values()].map((t) => t.startSeq));
    for (const [key, list] of this.history) {
      const kept = list.filter((h) => h.validTo > oldest);
      if (kept.length) this.history.set(key, kept);
      else this.history.delete(key);
    }
  }

  private expireTransactions(): void {
    const cutoff = this.now() - TRANSACTION_TIMEOUT_MS;
    for (const tx of [...this.transactions.values()]) if (tx.startedAt < cutoff) this.end(tx);
  }

  /** What `/healthz` reports: open transactions, and requests answered so far (the benchmark's calls per booking). */
  stats(): DatabaseStats {
    return { openTransactions: this.transactions.size, dbCalls: this.requestSeq };
  }
}

const inTransaction = (body: DbBody): boolean =>
  body.transactionId !== undefined && body.transactionId !== null && body.transactionId !== '';

/**
 * Refuses writing stages anywhere in a pipeline (also inside $lookup/$facet sub-pipelines) and a `$lookup` whose
 * `from` is not a collection name (mingo would also take an inline array).
 */
function checkStages(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) checkStages(v);
    return;
  }
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return;
  for (const [key, v] of Object.entries(value)) {
    if (WRITING_STAGES.has(key)) fail('INVALID_PARAM', `aggregation stage ${key} is not supported`);
    if ((key === '$lookup' || key === '$graphLookup') && v && typeof v === 'object' && 'from' in v) {
      const from = (v as { from: unknown }).from;
      if (typeof from !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(from)) fail('INVALID_PARAM', `${key}.from must be a collection name`);
    }
    if (key === '$unionWith' && typeof v !== 'string') {
      const c = (v as { coll?: unknown } | null)?.coll;
      if (typeof c !== 'string') fail('INVALID_PARAM', '$unionWith.coll must be a collection name');
    }
    checkStages(v);
  }
}

/**
 * A deep copy of a document's plain objects, arrays and dates (BSON values such as ObjectId are immutable and kept).
 * Not `structuredClone`: under a test runner's sandbox it makes dates of another realm, which `instanceof Date` (and
 * so the aggregation operators on dates) then does not recognise.
 */
function cloneDoc<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(cloneDoc) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneDoc(v)])) as T;
  }
  return value;
}

function dedupe(writes: Write[]): Write[] {
  const last = new Map<string, Write>();
  for (const w of writes) last.set(keyOf(w.coll, w.id), w);
  return [...last.values()];
}

function sameDoc(a: Doc, b: Doc): boolean {
  return isDeepStrictEqual(a, b);
}

/** `{_id: "<string>"}` and nothing else. */
function isKeyOnly(query: Record<string, unknown>): boolean {
  const keys = Object.keys(query);
  return keys.length === 1 && keys[0] === '_id' && typeof query._id === 'string';
}
