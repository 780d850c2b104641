/**
 * `npm run serve` / `npm start`: the local CloudBase stand-in in one process.
 *
 * Environment: PORT (8080), HOST (127.0.0.1), ALLOWED_HOSTS (host names besides loopback that browsers may use to reach
 * it), DATA_DIR (.data), FUNCTIONS_DIR (dist/cloudfunctions: the built bundles, i.e. exactly what gets deployed), H5_DIR
 * (dist/h5), DEV_LOGIN (on for a loopback HOST outside production; "0" off; "force" on anyway), DB_SYNC (normal|full),
 * TIMERS (on; "0" stops running timer triggers), FUNCTION_INSTANCES (2: how many instances of each function run; calls
 * and timer runs go to them in turn), DEMO_CLOCK (the demo clock: `2026-12-03T09:20+08:00` or a shift like `+2d`, `-3h`;
 * moves the functions' clock and the database's serverDate; see local-cloud/clock.ts), MEDIA_CHECK_DELAY_MS (3000: how
 * long the local WeChat stand-in takes to push an image check's verdict), MEDIA_CHECK_FUNCTION (activity: where it
 * pushes it). Uploaded files are kept in DATA_DIR/storage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { database as sdkDatabase } from '../cloudfunctions/_shared/db';
import { rebuildRollups } from '../cloudfunctions/_shared/rollups';
import { devPhoneNumberForCode, installLocalRuntimeHooks, parseDemoClock } from './clock';
import { startDatabaseThread, type DatabaseThread } from './db/thread';
import { persistentSecret, TokenSigner } from './auth';
import { startScheduler, triggersFrom } from './scheduler';
import { isLoopbackName, pointSdkAt, startLocalServer, type FunctionMain, type LocalServer } from './server';
import { localWeChat } from './wechat';

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
  checkInstanceCount(instances);
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

function checkInstanceCount(instances: number): void {
  if (!Number.isInteger(instances) || instances < 1 || instances > 64) throw new Error(`FUNCTION_INSTANCES must be a whole number from 1 to 64 (got ${instances})`);
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

/**
 * Whether `POST /api/dev/login` (sign in as anyone) is on: by default only on a loopback host outside production;
 * DEV_LOGIN=0 turns it off, DEV_LOGIN=force on anyway (with a warning when anyone else could reach it).
 */
export function devLoginPolicy(env: NodeJS.ProcessEnv, host: string): { enabled: boolean; warning?: string } {
  if (env.DEV_LOGIN === '0') return { enabled: false };
  const reasons = [
    ...(isLoopbackName(host) ? [] : [`HOST=${host} lets other machines reach this server`]),
    ...(env.NODE_ENV === 'production' ? ['NODE_ENV=production'] : []),
  ];
  if (env.DEV_LOGIN === 'force') {
    if (reasons.length === 0) return { enabled: true };
    const line = '!'.repeat(100);
    return {
      enabled: true,
      warning: `${line}\n!! WARNING: local sign-in (POST /api/dev/login) is ON although ${reasons.join(' and ')} (DEV_LOGIN=force).\n!! Anyone who can reach this server can sign in as ANY user, district admin included, and read everyone's data.\n${line}\n`,
    };
  }
  if (reasons.length === 0) return { enabled: true };
  return { enabled: false, warning: `local sign-in (POST /api/dev/login) is off: ${reasons.join(' and ')}. DEV_LOGIN=force turns it on anyway.\n` };
}

/** Host names the server answers to besides loopback: ALLOWED_HOSTS (comma-separated), and HOST when it is one address. */
export function allowedHostsFrom(env: NodeJS.ProcessEnv, host: string): string[] {
  const listed = (env.ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]';
  return wildcard || isLoopbackName(host) ? listed : [...listed, host];
}

export async function runLocalCloud(env: NodeJS.ProcessEnv = process.env): Promise<RunningRuntime> {
  const dataDir = path.resolve(root, env.DATA_DIR ?? '.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const host = env.HOST || '127.0.0.1';
  const instances = env.FUNCTION_INSTANCES === undefined || env.FUNCTION_INSTANCES === '' ? 2 : Number(env.FUNCTION_INSTANCES);
  checkInstanceCount(instances);
  const devLogin = devLoginPolicy(env, host);
  const clockOffsetMs = parseDemoClock(env.DEMO_CLOCK);
  // Uploaded pictures: the storage endpoint writes them here, the functions (FILE_STORE=local) read them here.
  const storageDir = path.join(dataDir, 'storage');
  fs.mkdirSync(storageDir, { recursive: true });
  process.env.FILE_STORE_DIR = storageDir;
  let functions: Record<string, FunctionMain> = {};
  const delay = env.MEDIA_CHECK_DELAY_MS === undefined || env.MEDIA_CHECK_DELAY_MS === '' ? 3_000 : Number(env.MEDIA_CHECK_DELAY_MS);
  const wechat = localWeChat({
    storageDir,
    functions: () => functions,
    pushTo: env.MEDIA_CHECK_FUNCTION || 'activity',
    delayMs: Number.isFinite(delay) && delay >= 0 ? delay : 3_000,
    onError: (e) => process.stderr.write(`[wechat] ${e instanceof Error ? e.message : String(e)}\n`),
  });
  // Installed in this process before the bundles load: the demo clock and the stand-ins for WeChat's phone-number
  // exchange and image check (no WeChat here).
  installLocalRuntimeHooks({ clockOffsetMs, phoneNumberForCode: devPhoneNumberForCode, wxOpenApi: (api, data) => wechat.wxOpenApi(api, data) });
  // The key the SDK signs its database requests with, as TENCENTCLOUD_SECRETKEY: generated once per data directory.
  const databaseSecret = persistentSecret(dataDir, 'database.secret');
  // The database runs on its own thread (and port, on 127.0.0.1 only), as CloudBase's database is a service apart
  // from the functions.
  const database = await startDatabaseThread({ file: path.join(dataDir, 'cloudbase.sqlite'), sync: env.DB_SYNC === 'full' ? 'full' : 'normal', secret: databaseSecret, clockOffsetMs, livedInWeek: env.DEMO_WEEK !== '0' });
  const { seeded } = database;
  // Function configuration that CloudBase would hold as environment variables: generated once per data directory.
  process.env.CHECKIN_SECRET ??= persistentSecret(dataDir, 'checkin.secret');
  functions = loadFunctions(path.resolve(root, env.FUNCTIONS_DIR ?? 'dist/cloudfunctions'), instances);
  const server = await startLocalServer({
    health: () => database.stats(),
    functions,
    port: Number(env.PORT ?? 8080),
    host,
    allowedHosts: allowedHostsFrom(env, host),
    h5Dir: path.resolve(root, env.H5_DIR ?? 'dist/h5'),
    devLogin: devLogin.enabled,
    signer: TokenSigner.forDataDir(dataDir),
    storageDir,
  });
  pointSdkAt(database.url, 'local', databaseSecret);
  // The demo dashboard's figures: the rollups of the freshly seeded data (later events are folded by the admin timer).
  if (seeded) await rebuildRollups(sdkDatabase(), Date.now() + clockOffsetMs);
  // Timer triggers (e.g. venue `tick`: release no-shows, expire pending bookings, reminders) on their cloud schedule.
  const scheduler =
    env.TIMERS === '0'
      ? null
      : startScheduler(triggersFrom(path.join(root, 'cloudbaserc.json')), functions, {
          onError: (e) => process.stderr.write(`[timer] ${e instanceof Error ? e.message : String(e)}\n`),
        });
  if (devLogin.warning) process.stderr.write(devLogin.warning);
  if (!isLoopbackName(host) && allowedHostsFrom(env, host).length === 0) {
    process.stderr.write(`HOST=${host}: browsers on other machines are refused (421) unless the address or name they use is in ALLOWED_HOSTS, e.g. ALLOWED_HOSTS=192.168.1.5\n`);
  }
  process.stdout.write(
    `红帆 local runtime on ${server.url}  (functions: ${Object.keys(functions).join(', ')}; data: ${dataDir}; ${instances} instances each${seeded ? ', demo data seeded' : ''})\n` +
      (clockOffsetMs !== 0 ? `  demo clock (DEMO_CLOCK): ${new Date(Date.now() + clockOffsetMs).toISOString()}\n` : '') +
      `  listening on ${server.address}:${server.port}; database endpoint ${database.url} (bound to ${database.address}: this machine only)\n`,
  );
  return {
    server,
    database,
    stop: async () => {
      scheduler?.stop();
      wechat.stop();
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
