/**
 * `npm run serve` / `npm start`: the local CloudBase stand-in in one process.
 *
 * Environment: PORT (8080), HOST (127.0.0.1), DATA_DIR (.data), FUNCTIONS_DIR (dist/cloudfunctions: the built bundles,
 * i.e. exactly what gets deployed), H5_DIR (dist/h5), DEV_LOGIN (on; "0" disables local sign-in), DB_SYNC (normal|full),
 * TIMERS (on; "0" stops running timer triggers), FUNCTION_INSTANCES (2: how many instances of each function run; calls
 * and timer runs go to them in turn).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDatabaseThread, type DatabaseThread } from './db/thread';
import { persistentSecret, TokenSigner } from './auth';
import { startScheduler, triggersFrom } from './scheduler';
import { pointSdkAt, startLocalServer, type FunctionMain, type LocalServer } from './server';

const root = path.resolve(__dirname, '..');

/**
 * Loads every built function (`<dir>/<name>/index.js`) `instances` times, each a separate module instance with its own
 * module state (caches, SDK client, in-memory queues), as CloudBase runs many instances of one function; the returned
 * `main` of each function hands consecutive invocations to its instances in turn (round-robin).
 */
export function loadFunctions(dir: string, instances = 2): Record<string, FunctionMain> {
  const all = loadFunctionInstances(dir, instances);
  return Object.fromEntries(Object.entries(all).map(([name, mains]) => [name, roundRobin(mains)]));
}

/** Each built function loaded `instances` times as distinct module instances. */
export function loadFunctionInstances(dir: string, instances: number): Record<string, FunctionMain[]> {
  if (!Number.isInteger(instances) || instances < 1 || instances > 64) throw new Error(`FUNCTION_INSTANCES must be a whole number from 1 to 64 (got ${instances})`);
  if (!fs.existsSync(dir)) throw new Error(`no built functions in ${dir}: run \`npm run build:functions\``);
  const out: Record<string, FunctionMain[]> = {};
  for (const name of fs.readdirSync(dir)) {
    const folder = path.resolve(dir, name);
    const entry = path.join(folder, 'index.js');
    if (!fs.existsSync(entry)) continue;
    const mains: FunctionMain[] = [];
    for (let i = 0; i < instances; i += 1) {
      forgetModulesUnder(folder);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(entry) as { main?: FunctionMain };
      if (typeof mod.main !== 'function') break;
      if (mains.includes(mod.main)) throw new Error(`function ${name}: instance ${i + 1} is not a fresh module (require cache)`);
      mains.push(mod.main);
    }
    forgetModulesUnder(folder);
    if (mains.length > 0) out[name] = mains;
  }
  return out;
}

function forgetModulesUnder(folder: string): void {
  for (const key of Object.keys(require.cache)) if (key.startsWith(folder + path.sep)) delete require.cache[key];
}

/** One `main` that hands consecutive invocations to the given instances in turn. */
export function roundRobin(instances: FunctionMain[]): FunctionMain {
  let next = 0;
  return (event, context) => {
    const main = instances[next % instances.length] as FunctionMain;
    next = (next + 1) % instances.length;
    return main(event, context);
  };
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
  const instances = env.FUNCTION_INSTANCES === undefined || env.FUNCTION_INSTANCES === '' ? 2 : Number(env.FUNCTION_INSTANCES);
  const functions = loadFunctions(path.resolve(root, env.FUNCTIONS_DIR ?? 'dist/cloudfunctions'), instances);
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
    `红帆 local runtime on ${server.url}  (functions: ${Object.keys(functions).join(', ')}; data: ${dataDir}; ${instances} instances each${seeded ? ', demo data seeded' : ''})\n`,
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
