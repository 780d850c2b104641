import Database from 'better-sqlite3';
import { EJSON } from 'bson';

export type Doc = Record<string, unknown> & { _id: string };

export interface Entry {
  doc: Doc;
  /** Commit sequence number that wrote this version. */
  ver: number;
}

export interface Write {
  coll: string;
  id: string;
  /** null deletes. */
  doc: Doc | null;
}

/** What a commit replaced; the engine keeps these for snapshot reads of open transactions. */
export interface Replaced {
  key: string;
  prior: Doc | null;
  priorVer: number;
}

export const keyOf = (coll: string, id: string): string => `${coll}\u0000${id}`;

/**
 * The durable document store: every collection lives in memory for query speed and is written through to SQLite
 * in one SQLite transaction per commit, so a commit is all-or-nothing on disk and an acknowledged write survives a
 * crash of the process (WAL with `synchronous=NORMAL`: each commit is in the WAL before it is acknowledged; an OS crash
 * or power loss may lose the last commits — DB_SYNC=full fsyncs every commit, at about 2 ms each here).
 */
export class DocStore {
  private readonly colls = new Map<string, Map<string, Entry>>();
  private seqValue = 0;
  private readonly db: Database.Database;
  private readonly upsertStmt: Database.Statement;
  private readonly deleteStmt: Database.Statement;
  private readonly seqStmt: Database.Statement;
  private readonly addCollStmt: Database.Statement;

  constructor(file: string, options: { sync?: 'full' | 'normal' } = {}) {
    this.db = new Database(file);
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.sync === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY);
      CREATE TABLE IF NOT EXISTS docs (coll TEXT NOT NULL, id TEXT NOT NULL, ver INTEGER NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (coll, id));
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.upsertStmt = this.db.prepare(
      'INSERT INTO docs (coll, id, ver, data) VALUES (?, ?, ?, ?) ON CONFLICT (coll, id) DO UPDATE SET ver = excluded.ver, data = excluded.data',
    );
    this.deleteStmt = this.db.prepare('DELETE FROM docs WHERE coll = ? AND id = ?');
    this.seqStmt = this.db.prepare("INSERT INTO meta (key, value) VALUES ('seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    this.addCollStmt = this.db.prepare('INSERT OR IGNORE INTO collections (name) VALUES (?)');
    this.load();
  }

  private load(): void {
    for (const row of this.db.prepare('SELECT name FROM collections').all() as Array<{ name: string }>) {
      this.colls.set(row.name, new Map());
    }
    const rows = this.db.prepare('SELECT coll, id, ver, data FROM docs ORDER BY rowid').all() as Array<{
      coll: string;
      id: string;
      ver: number;
      data: string;
    }>;
    for (const row of rows) {
      let coll = this.colls.get(row.coll);
      if (!coll) {
        coll = new Map();
        this.colls.set(row.coll, coll);
      }
      coll.set(row.id, { doc: EJSON.parse(row.data, { relaxed: true }) as Doc, ver: row.ver });
    }
    const seq = this.db.prepare("SELECT value FROM meta WHERE key = 'seq'").get() as { value: string } | undefined;
    this.seqValue = seq ? Number(seq.value) : 0;
  }

  get seq(): number {
    return this.seqValue;
  }

  hasCollection(name: string): boolean {
    return this.colls.has(name);
  }

  collectionNames(): string[] {
    return [...this.colls.keys()];
  }

  createCollection(name: string): boolean {
    if (this.colls.has(name)) return false;
    this.addCollStmt.run(name);
    this.colls.set(name, new Map());
    return true;
  }

  get(coll: string, id: string): Entry | undefined {
    return this.colls.get(coll)?.get(id);
  }

  entries(coll: string): IterableIterator<Entry> {
    return (this.colls.get(coll) ?? new Map<string, Entry>()).values();
  }

  size(coll: string): number {
    return this.colls.get(coll)?.size ?? 0;
  }

  /** Applies writes atomically under a new sequence number; returns it and what was replaced. */
  commit(writes: Write[]): { seq: number; replaced: Replaced[] } {
    if (writes.length === 0) return { seq: this.seqValue, replaced: [] };
    const seq = this.seqValue + 1;
    const serialised = writes.map((w) => (w.doc ? EJSON.stringify(w.doc, { relaxed: false }) : null));
    this.db.transaction(() => {
      writes.forEach((w, i) => {
        const data = serialised[i];
        if (data === null || data === undefined) this.deleteStmt.run(w.coll, w.id);
        else this.upsertStmt.run(w.coll, w.id, seq, data);
      });
      this.seqStmt.run(String(seq));
    })();
    // Only after the disk commit succeeded does memory change.
    this.seqValue = seq;
    const replaced: Replaced[] = [];
    for (const w of writes) {
      const coll = this.colls.get(w.coll) ?? new Map<string, Entry>();
      this.colls.set(w.coll, coll);
      const before = coll.get(w.id);
      replaced.push({ key: keyOf(w.coll, w.id), prior: before?.doc ?? null, priorVer: before?.ver ?? 0 });
      // The engine hands over freshly built documents, so memory may keep them as they are.
      if (w.doc) {
        coll.set(w.id, { doc: w.doc, ver: seq });
      } else {
        coll.delete(w.id);
      }
    }
    return { seq, replaced };
  }

  /** Removes every document and collection (tests). */
  reset(): void {
    this.db.exec('DELETE FROM docs; DELETE FROM collections; DELETE FROM meta;');
    this.colls.clear();
    this.seqValue = 0;
  }

  close(): void {
    this.db.close();
  }
}
