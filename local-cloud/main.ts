/**
 * `npm run serve` / `npm start`: the local CloudBase stand-in in one process.
 *
 * Environment: PORT (8080), HOST (127.0.0.1), DATA_DIR (.data), FUNCTIONS_DIR (dist/cloudfunctions: the built bundles,
 * i.e. exactly what gets deployed), H5_DIR (dist/h5), DEV_LOGIN (on; "0" disables local sign-in), DB_SYNC (normal|full),
 * TIMERS (on; "0" stops running timer triggers).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDatabaseThread, type DatabaseThread } from './db/thread';
import { persistentSecret, TokenSigner } from './auth';
import { startScheduler, triggersFrom } from './scheduler';
import { pointSdkAt, startLocalServer, type FunctionMain, type LocalServer } from './server';

const root = path.resolve(__dirname, '..');

export function loadFunctions(dir: string): Record<string, FunctionMain> {
  if (!fs.existsSync(dir)) throw new Error(`no built functions in ${dir}: run \`npm run build:functions\``);
  const out: Record<string, FunctionMain> = {};
  for (const name of fs.readdirSync(dir)) {
    const entry = path.join(dir, name, 'index.js');
    if (!fs.existsSync(entry)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(entry) as { main?: FunctionMain };
    if (typeof mod.main === 'function') out[name] = mod.main;
  }
  return out;
}

export interface RunningRuntime {
  server: LocalServer;
  database: DatabaseThread;
  stop(): Promise<void>;
}

export async function runLocalCloud(env: NodeJS.ProcessEnv = process.env): Promise<RunningRuntime> {
  const dataDir = path.resolve(root, env.DATA_DIR ?? '.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const host = env.HOST ?? '127.0.0.1';
  // The database runs on its own thread (and port), as CloudBase's database is a service apart from the functions.
  const database = await startDatabaseThread({ file: path.join(dataDir, 'cloudbase.sqlite'), sync: env.DB_SYNC === 'full' ? 'full' : 'normal', host });
  const { seeded } = database;
  // Function configuration that CloudBase would hold as environment variables: generated once per data directory.
  process.env.CHECKIN_SECRET ??= persistentSecret(dataDir, 'checkin.secret');
  const functions = loadFunctions(path.resolve(root, env.FUNCTIONS_DIR ?? 'dist/cloudfunctions'));
  const server = await startLocalServer({
    health: () => database.stats(),
    functions,
    port: Number(env.PORT ?? 8080),
    host,
    h5Dir: path.resolve(root, env.H5_DIR ?? 'dist/h5'),
    devLogin: env.DEV_LOGIN !== '0',
    signer: TokenSigner.forDataDir(dataDir),
  });
  pointSdkAt(database.url);
  // Timer triggers (e.g. venue `tick`: release no-shows, expire pending bookings, reminders) on their cloud schedule.
  const scheduler =
    env.TIMERS === '0'
      ? null
      : startScheduler(triggersFrom(path.join(root, 'cloudbaserc.json')), functions, {
          onError: (e) => process.stderr.write(`[timer] ${e instanceof Error ? e.message : String(e)}\n`),
        });
  process.stdout.write(
    `红帆 local runtime on ${server.url}  (functions: ${Object.keys(functions).join(', ')}; data: ${dataDir}${seeded ? ', demo data seeded' : ''})\n`,
  );
  return {
    server,
    database,
    stop: async () => {
      scheduler?.stop();
      await server.close();
      await database.stop();
    },
  };
}

if (require.main === module) {
  runLocalCloud().then(
    (rt) => {
      const shutdown = (): void => {
        void rt.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
