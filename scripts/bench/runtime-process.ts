import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface RuntimeProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Deletes the data directory (after stop). */
  removeData(): void;
}

/** Starts `local-cloud/main.ts` (built functions) as a child process on a fresh or given DATA_DIR; waits for /healthz. */
export async function startRuntimeProcess(options: { dataDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RuntimeProcess> {
  const port = await freePort();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-rt-'));
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []), '--import', 'tsx', path.join(root, 'local-cloud', 'main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, RED_SAIL_LOG: 'off', TIMERS: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout?.resume();
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`local runtime exited: ${stderr}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`local runtime did not become healthy: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dataDir,
    child,
    stop: (signal: NodeJS.Signals = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
    removeData: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
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
