import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');

export interface RuntimeProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Functions the runtime loaded, as it reported them. */
  functions: string[];
  /** Everything it printed (stdout + stderr), for failure messages. */
  output(): string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s; or the given signal). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Deletes the data directory (after stop). */
  removeData(): void;
}

/**
 * Starts `local-cloud/main.ts` — what `npm run serve` runs — as a child process (`node --import tsx`, one process, so
 * stopping it by pid stops the server) on a port the OS picks (PORT=0: no race for a "free" port), with a fresh or
 * given DATA_DIR; resolves once it prints the address it listens on. `env` overrides (FUNCTIONS_DIR, H5_DIR, …).
 */
export async function startRuntimeProcess(options: { dataDir?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RuntimeProcess> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-rt-'));
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(root, 'local-cloud', 'main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, RED_SAIL_LOG: process.env.RED_SAIL_LOG ?? 'off', TIMERS: '0', DEV_LOGIN: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const stop = async (signal?: NodeJS.Signals): Promise<void> => {
    if (!running()) return;
    child.kill(signal ?? 'SIGTERM');
    const timer = signal ? undefined : setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const timeoutMs = options.timeoutMs ?? 30_000;
  const ready = await new Promise<{ url: string; functions: string[] } | Error>((resolve) => {
    const timer = setTimeout(() => resolve(new Error(`the local runtime did not start within ${timeoutMs} ms. Its output:\n${log || '(none)'}`)), timeoutMs);
    const check = (): void => {
      const m = /local runtime on (http:\/\/127\.0\.0\.1:\d+)\s+\(functions: ([^;]*);/.exec(log);
      if (m?.[1] && m[2] !== undefined) {
        clearTimeout(timer);
        resolve({ url: m[1], functions: m[2].split(',').map((f) => f.trim()).filter(Boolean) });
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(new Error(`the local runtime exited (${signal ?? code}) before it was ready. Its output:\n${log || '(none)'}`));
    });
  });
  if (ready instanceof Error) {
    await stop('SIGKILL');
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw ready;
  }
  return {
    url: ready.url,
    dataDir,
    child,
    functions: ready.functions,
    output: () => log,
    stop,
    removeData: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** The runtime's `/healthz`: its database's open transactions, requests answered and connections accepted. */
export async function health(url: string): Promise<{ ok: boolean; openTransactions: number; dbCalls: number; dbConnections: number }> {
  const res = await fetch(`${url}/healthz`);
  return (await res.json()) as { ok: boolean; openTransactions: number; dbCalls: number; dbConnections: number };
}

export async function login(url: string, openid: string): Promise<string> {
  const res = await fetch(`${url}/api/dev/login`, { method: 'POST', body: JSON.stringify({ openid }) });
  const body = (await res.json()) as { data: { token: string } };
  return body.data.token;
}

/**
 * A light HTTP client for load: node:http over a keep-alive agent (fetch's per-request overhead would make the
 * client, not the server, the bottleneck of a 1,000-request burst on two cores).
 */
export const loadAgent = new http.Agent({ keepAlive: true, maxSockets: 2000, maxFreeSockets: 2000 });

export function callApi(url: string, token: string, fn: string, body: unknown): Promise<{ status: number; body: unknown; ms: number }> {
  const payload = Buffer.from(JSON.stringify(body));
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/${fn}`,
      { method: 'POST', agent: loadAgent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': payload.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown, ms: performance.now() - t0 });
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Opens `n` keep-alive connections ahead of a burst, so the burst measures requests, not TCP handshakes. */
export async function warmConnections(url: string, n: number): Promise<void> {
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve, reject) => {
          http.get(`${url}/healthz`, { agent: loadAgent }, (res) => {
            res.resume();
            res.on('end', () => resolve());
          }).on('error', reject);
        }),
    ),
  );
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}
