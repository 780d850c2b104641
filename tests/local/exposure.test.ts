/**
 * The local runtime started with a HOST other machines can reach (HOST=0.0.0.0) or in production: local sign-in
 * (sign in as anyone) is off unless forced, with a loud warning when forced; the database endpoint stays on
 * 127.0.0.1; a browser reaching it under a host name not in ALLOWED_HOSTS is refused (DNS rebinding).
 */
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startRuntimeProcess, type RuntimeProcess } from '../../scripts/lib/runtime-process';

jest.setTimeout(30_000);

const running: RuntimeProcess[] = [];
afterAll(async () => {
  for (const rt of running) {
    await rt.stop();
    rt.removeData();
  }
});

async function start(env: NodeJS.ProcessEnv): Promise<RuntimeProcess> {
  // The probe functions are not needed: an empty FUNCTIONS_DIR would do, but the built ones prove nothing breaks.
  const rt = await startRuntimeProcess({ env: { H5_DIR: path.join(os.tmpdir(), 'redsail-no-h5'), ...env } });
  running.push(rt);
  return rt;
}

/** This machine's first non-loopback IPv4 address: where another machine on the network would reach it. */
function lanAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!found) throw new Error('this test needs a non-loopback IPv4 address on this machine');
  return found.address;
}

const login = (rt: RuntimeProcess) => fetch(`${rt.url}/api/dev/login`, { method: 'POST', body: JSON.stringify({ openid: 'demo-district-admin' }) });

/** GET with an explicit Host header (fetch cannot set one). */
function getWithHost(address: string, port: number, pathname: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: address, port, path: pathname, headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

function canConnect(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, address);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

const databasePort = (rt: RuntimeProcess): number => {
  const m = /database endpoint http:\/\/127\.0\.0\.1:(\d+) \(bound to ([^:]+):/.exec(rt.output());
  if (!m) throw new Error(`no database endpoint in the runtime's output:\n${rt.output()}`);
  expect(m[2]).toBe('127.0.0.1');
  return Number(m[1]);
};

describe('a runtime other machines can reach', () => {
  it('keeps local sign-in off, the database on 127.0.0.1, and refuses host names it was not given', async () => {
    const lan = lanAddress();
    const rt = await start({ HOST: '0.0.0.0' });
    expect((await login(rt)).status).toBe(404);
    expect(rt.output()).toContain('local sign-in (POST /api/dev/login) is off: HOST=0.0.0.0');

    const port = Number(new URL(rt.url).port);
    // The front answers on the network address, but not for a host name it was not told about.
    expect(await getWithHost(lan, port, '/healthz', `${lan}:${port}`)).toBe(421);
    expect(await getWithHost(lan, port, '/healthz', 'attacker.example')).toBe(421);
    expect(await getWithHost('127.0.0.1', port, '/healthz', `localhost:${port}`)).toBe(200);

    // The database endpoint cannot even be reached from the network.
    const dbPort = databasePort(rt);
    expect(await canConnect('127.0.0.1', dbPort)).toBe(true);
    expect(await canConnect(lan, dbPort)).toBe(false);
  });

  it('keeps local sign-in off in production, even on loopback', async () => {
    const rt = await start({ NODE_ENV: 'production' });
    expect((await login(rt)).status).toBe(404);
    expect(rt.output()).toContain('NODE_ENV=production');
  });

  it('turns local sign-in on when forced, warning loudly, and answers the host names in ALLOWED_HOSTS', async () => {
    const lan = lanAddress();
    const rt = await start({ HOST: '0.0.0.0', DEV_LOGIN: 'force', ALLOWED_HOSTS: `red-sail.lan, ${lan}` });
    expect((await login(rt)).status).toBe(200);
    expect(rt.output()).toMatch(/WARNING: local sign-in \(POST \/api\/dev\/login\) is ON although HOST=0\.0\.0\.0/);
    const port = Number(new URL(rt.url).port);
    expect(await getWithHost(lan, port, '/healthz', `red-sail.lan:${port}`)).toBe(200);
    expect(await getWithHost(lan, port, '/healthz', `${lan}:${port}`)).toBe(200);
    expect(await getWithHost(lan, port, '/healthz', 'attacker.example')).toBe(421);
  });
});
