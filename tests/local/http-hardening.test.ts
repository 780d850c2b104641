/**
 * The local runtime is a server people run: malformed, aborted, oversized, slow and foreign requests get a 4xx (or a
 * clean close), never a crash or a reset, and the runtime stays healthy; every answer carries the security headers.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LocalDatabase } from '../../local-cloud/db/engine';
import { ensureCollections } from '../../local-cloud/seed';
import { DEFAULT_LIMITS, startLocalServer, type LocalServer } from '../../local-cloud/server';

const INLINE_SCRIPT = 'document.documentElement.style.fontSize="20px"';

let h5Dir: string;
let db: LocalDatabase;
let server: LocalServer;
/** Calls the `echo` function actually received. */
let echoed = 0;

beforeAll(async () => {
  h5Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-h5-'));
  fs.writeFileSync(path.join(h5Dir, 'index.html'), `<!doctype html><html><head><script>${INLINE_SCRIPT}</script><script defer="defer" src="/app.js"></script></head><body></body></html>`);
  fs.writeFileSync(path.join(h5Dir, 'app.js'), 'console.log(1)');
  // A file that is there when looked at but cannot be read (as one deleted between the check and the read).
  fs.symlinkSync('/proc/self/mem', path.join(h5Dir, 'unreadable.js'));
  db = new LocalDatabase({ file: ':memory:' });
  ensureCollections(db);
  server = await startLocalServer({
    db,
    functions: {
      echo: async (event) => {
        echoed += 1;
        return { ok: true, data: event };
      },
    },
    h5Dir,
    devLogin: true,
    allowedHosts: ['red-sail.lan'],
  });
});
afterAll(async () => {
  await server.close();
  db.close();
  fs.rmSync(h5Dir, { recursive: true, force: true });
});

interface RawAnswer {
  /** Everything the server sent. */
  text: string;
  status: number | null;
  /** The server closed the connection (rather than the client giving up waiting). */
  closedByServer: boolean;
  /** The connection was reset. */
  reset: boolean;
}

/** Sends raw bytes on a fresh TCP connection and collects the answer until the server closes or `waitMs` pass. */
function rawRequest(port: number, chunks: Array<string | Buffer>, options: { waitMs?: number; gapMs?: number; abort?: boolean } = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let reset = false;
    let settled = false;
    const finish = (closedByServer: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ text, status: m ? Number(m[1]) : null, closedByServer, reset });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 3_000);
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') reset = true;
    });
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      void (async () => {
        for (const c of chunks) {
          if (socket.destroyed) return;
          socket.write(c);
          if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        }
        if (options.abort) socket.destroy();
      })();
    });
  });
}

const get = (target: string, host = '127.0.0.1'): string => `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;

async function expectHealthy(s: LocalServer = server): Promise<void> {
  const res = await fetch(`${s.url}/healthz`);
  expect(res.status).toBe(200);
}

describe('malformed requests', () => {
  it.each([
    ['an unparsable absolute URL', 'http://['],
    ['a port out of range', 'http://a:99999/'],
    ['a lone percent sign', '/%'],
    ['broken percent-encoding of a file', '/js/%E0%A4%A.js'],
  ])('answers %s (%s) with 400 and stays up', async (_what, target) => {
    const answer = await rawRequest(server.port, [get(target)]);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('INPUT.INVALID');
    await expectHealthy();
  });

  it('answers a request line it cannot parse with 400', async () => {
    const answer = await rawRequest(server.port, ['GET / HTTP/1.1 nonsense\r\n\r\n']);
    expect(answer.status).toBe(400);
    await expectHealthy();
  });

  it('answers a file that cannot be read with 404 and stays up', async () => {
    const res = await fetch(`${server.url}/unreadable.js`);
    expect(res.status).toBe(404);
    await expectHealthy();
    // Files that can be read are still served.
    const ok = await fetch(`${server.url}/app.js`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('console.log(1)');
  });
});

describe('request bodies', () => {
  it('answers a body over 1 MB with 413 (no reset) and processes nothing', async () => {
    const before = echoed;
    const res = await fetch(`${server.url}/api/echo`, { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(echoed).toBe(before);
    await expectHealthy();
  });

  it('answers an oversized chunked body with 413 too', async () => {
    const chunk = 'x'.repeat(256 * 1024);
    const parts = [`POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n`];
    for (let i = 0; i < 6; i += 1) parts.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    parts.push('0\r\n\r\n');
    const answer = await rawRequest(server.port, parts);
    expect(answer.reset).toBe(false);
    expect(answer.status).toBe(413);
    await expectHealthy();
  });

  it('drops an aborted body quietly: no internal error logged, runtime healthy', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await rawRequest(server.port, ['POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{"action":'], { gapMs: 100, abort: true, waitMs: 500 });
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).not.toMatch(/\[local-cloud\]|INTERNAL|Error/);
    await expectHealthy();
  });
});

describe('slow and greedy clients', () => {
  it('has finite defaults for header, request and idle time and for open connections', () => {
    expect(server.server.headersTimeout).toBe(DEFAULT_LIMITS.headersTimeoutMs);
    expect(server.server.headersTimeout).toBeLessThanOrEqual(20_000);
    expect(server.server.requestTimeout).toBeLessThanOrEqual(60_000);
    expect(server.server.keepAliveTimeout).toBeGreaterThan(0);
    expect(server.server.maxConnections).toBeLessThanOrEqual(10_000);
  });

  it('cuts off a client that sends its headers a trickle at a time (slowloris)', async () => {
    const slow = await startLocalServer({ functions: {}, limits: { headersTimeoutMs: 600, requestTimeoutMs: 1_000, checkIntervalMs: 100 } });
    try {
      const trickle = ['GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', ...Array.from({ length: 30 }, (_, i) => `X-Slow-${i}: 1\r\n`)];
      const started = Date.now();
      const answer = await rawRequest(slow.port, trickle, { gapMs: 200, waitMs: 5_000 });
      expect(answer.closedByServer).toBe(true);
      expect(answer.status).toBe(408);
      expect(Date.now() - started).toBeLessThan(3_000);
      await expectHealthy(slow);
      // A keep-alive connection idle between requests for longer than that (the SDK's) is not cut off.
      const healthz = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
      const idle = await rawRequest(slow.port, [healthz, healthz], { gapMs: 1_200, waitMs: 1_800 });
      expect(idle.text.match(/HTTP\/1\.1 200/g)).toHaveLength(2);
    } finally {
      await slow.close();
    }
  });

  it('closes connections beyond its cap and serves again once they are gone', async () => {
    const capped = await startLocalServer({ functions: {}, limits: { maxConnections: 3 } });
    const idle: net.Socket[] = [];
    try {
      for (let i = 0; i < 3; i += 1) {
        const s = net.connect(capped.port, '127.0.0.1');
        await new Promise((r) => s.once('connect', r));
        idle.push(s);
      }
      await new Promise((r) => setTimeout(r, 100));
      const extra = await rawRequest(capped.port, [get('/healthz')], { waitMs: 2_000 });
      expect(extra.closedByServer).toBe(true);
      expect(extra.status).toBeNull();
      for (const s of idle) s.destroy();
      await new Promise((r) => setTimeout(r, 100));
      await expectHealthy(capped);
    } finally {
      for (const s of idle) s.destroy();
      await capped.close();
    }
  });
});

describe('host names (DNS rebinding)', () => {
  it('refuses a request naming a foreign host with 421, whatever the path', async () => {
    for (const target of ['/healthz', '/api/echo', '/']) {
      const answer = await rawRequest(server.port, [get(target, 'attacker.example')]);
      expect(answer.status).toBe(421);
    }
    const noHost = await rawRequest(server.port, ['GET /healthz HTTP/1.0\r\n\r\n']);
    expect(noHost.status).toBe(421);
  });

  it('answers loopback names and the listed ALLOWED_HOSTS', async () => {
    for (const host of ['127.0.0.1', `localhost:${server.port}`, `[::1]:${server.port}`, 'red-sail.lan', `RED-SAIL.lan:${server.port}`]) {
      const answer = await rawRequest(server.port, [get('/healthz', host)]);
      expect([host, answer.status]).toEqual([host, 200]);
    }
  });
});

describe('security headers', () => {
  it('sends CSP (allowing the page’s own inline script by hash), nosniff, no framing and a referrer policy on every answer', async () => {
    const hash = `'sha256-${createHash('sha256').update(INLINE_SCRIPT).digest('base64')}'`;
    for (const [p, init] of [
      ['/', {}],
      ['/app.js', {}],
      ['/healthz', {}],
      ['/api/echo', { method: 'POST', body: '{}' }],
      ['/api/nosuchfn', { method: 'POST', body: '{}' }],
      ['/admin', { method: 'POST', body: '{}' }],
    ] as Array<[string, RequestInit]>) {
      const res = await fetch(`${server.url}${p}`, init);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect([p, csp]).toEqual([p, expect.stringContaining("frame-ancestors 'none'")]);
      expect(csp).toMatch(new RegExp(`script-src 'self' ${hash.replace(/[+/]/g, '\\$&')}`));
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});
