/**
 * The local database on its own thread, as CloudBase's database is its own service: the thread owns the SQLite file
 * and answers the SDK's `POST /admin` on its own port, so database work runs on the second core while the main thread
 * runs the functions. `startDatabaseThread` is the main thread's side; the same file is the worker's entry.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { seedIfEmpty } from '../seed';
import { startLocalServer } from '../server';
import { LocalDatabase, type DatabaseStats } from './engine';

export interface ThreadStats extends DatabaseStats {
  /** TCP connections the database endpoint has accepted. */
  dbConnections: number;
}

export interface DatabaseThread {
  /** Base URL of the thread's database endpoint (point the SDK at `${url}/admin`); always on 127.0.0.1. */
  url: string;
  /** The address its server is bound to (127.0.0.1). */
  address: string;
  /** Whether this start seeded the demo data into an empty database. */
  seeded: boolean;
  stats(): Promise<ThreadStats>;
  stop(): Promise<void>;
}

interface Options {
  file: string;
  /** The demo clock's shift from the real time (DEMO_CLOCK, see local-cloud/clock.ts): serverDate and the demo week follow it. */
  clockOffsetMs?: number;
  /** Seed the lived-in demo week with the catalogue (DEMO_WEEK, default on); off for suites that count from empty. */
  livedInWeek?: boolean;
  sync: 'full' | 'normal';
  /** The secret key the SDK signs its requests with (see `pointSdkAt`): unsigned requests are refused. */
  secret: string;
}

type Request = { id: number; kind: 'stats' | 'stop' };
type Reply = { id: number; stats?: ThreadStats };

export async function startDatabaseThread(options: Options): Promise<DatabaseThread> {
  // The runtime runs from TypeScript sources under tsx, whose loader a worker does not inherit: register it first.
  const entry = __filename;
  const worker = entry.endsWith('.ts')
    ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(entry)});`, { eval: true, workerData: options })
    : new Worker(entry, { workerData: options });
  const pending = new Map<number, (r: Reply) => void>();
  let seq = 0;
  const ready = await new Promise<{ url: string; address: string; seeded: boolean }>((resolve, reject) => {
    worker.once('message', (m: { url: string; address: string; seeded: boolean }) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`database thread exited (${code}) before it was ready`)));
  });
  worker.on('message', (r: Reply) => {
    pending.get(r.id)?.(r);
    pending.delete(r.id);
  });
  let stopping = false;
  let exited = false;
  worker.on('error', (e) => process.stderr.write(`[database] ${e.stack ?? e.message}\n`));
  // Without its database the runtime can only fail every call: stop the whole process, loudly, instead.
  worker.on('exit', (code) => {
    exited = true;
    for (const resolve of pending.values()) resolve({ id: 0 });
    pending.clear();
    if (stopping) return;
    process.stderr.write(`[database] the database thread stopped (exit code ${code}); stopping the runtime\n`);
    process.exit(1);
  });
  const ask = (kind: Request['kind']): Promise<Reply> =>
    new Promise((resolve) => {
      if (exited) return resolve({ id: 0 });
      const id = ++seq;
      pending.set(id, resolve);
      worker.postMessage({ id, kind } satisfies Request);
    });
  return {
    ...ready,
    stats: async () => (await ask('stats')).stats ?? { openTransactions: 0, dbCalls: 0, dbConnections: 0 },
    stop: async () => {
      stopping = true;
      await ask('stop');
      await worker.terminate();
    },
  };
}

async function runWorker(port: NonNullable<typeof parentPort>, options: Options): Promise<void> {
  const offset = options.clockOffsetMs ?? 0;
  const db = new LocalDatabase({ file: options.file, sync: options.sync, now: () => Date.now() + offset });
  const seeded = seedIfEmpty(db, { now: new Date(Date.now() + offset), lived: options.livedInWeek !== false });
  // Loopback only, whatever HOST the runtime serves on: the database is for this machine's functions alone.
  const server = await startLocalServer({ db, databaseSecret: options.secret, functions: {}, host: '127.0.0.1', h5Dir: null, devLogin: false });
  let connections = 0;
  server.server.on('connection', () => (connections += 1));
  port.on('message', (m: Request) => {
    if (m.kind === 'stats') {
      port.postMessage({ id: m.id, stats: { ...db.stats(), dbConnections: connections } } satisfies Reply);
      return;
    }
    void server.close().then(() => {
      db.close();
      port.postMessage({ id: m.id } satisfies Reply);
    });
  });
  port.postMessage({ url: server.url, address: server.address, seeded });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  runWorker(port, workerData as Options).catch((e: unknown) => {
    process.stderr.write(`[database] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
