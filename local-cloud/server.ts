import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { httpStatusOf, type Envelope } from '../types/errors';
import { OPENID_PATTERN, TokenSigner } from './auth';
import type { DatabaseStats, LocalDatabase } from './db/engine';

export type FunctionMain = (event: unknown, context: unknown) => Promise<Envelope<unknown>>;

export interface LocalServerOptions {
  /** The database this server answers at `POST /admin`; omitted when the database runs elsewhere (its own thread). */
  db?: LocalDatabase;
  /** What `/healthz` reports about a database that runs elsewhere. */
  health?: () => Promise<DatabaseStats>;
  functions: Record<string, FunctionMain>;
  port?: number;
  host?: string;
  /** Built H5 app to serve at `/`; omitted → API only. */
  h5Dir?: string | null;
  /** `POST /api/dev/login` (local mode only). */
  devLogin?: boolean;
  signer?: TokenSigner;
  /** Local stand-in for the mini-program's appid, passed to functions as WX_APPID. */
  appId?: string;
}

export interface LocalServer {
  url: string;
  port: number;
  server: http.Server;
  signer: TokenSigner;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ics': 'text/calendar; charset=utf-8',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'INPUT.INVALID', 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

const errorEnvelope = (code: string, message: string): Envelope<never> => ({ ok: false, error: { code: code as never, message } });

/**
 * The local CloudBase stand-in's HTTP front:
 *   POST /admin              the database endpoint @cloudbase/node-sdk reaches through its serviceUrl (when `db` is given)
 *   POST /api/dev/login      local sign-in → token
 *   POST /api/<function>     runs the function's main(event, context) with the caller's identity in context.environment
 *   GET  /healthz            200 once the database is open
 *   GET  /*                  the H5 build
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const signer = options.signer ?? TokenSigner.forDataDir(null);
  const appId = options.appId ?? 'wx-local-red-sail';
  const h5Dir = options.h5Dir && fs.existsSync(options.h5Dir) ? path.resolve(options.h5Dir) : null;

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, fnName: string): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'INPUT.INVALID', 'use POST');
    const raw = await readBody(req);
    if (fnName === 'dev/login') {
      if (!options.devLogin) throw new HttpError(404, 'NOT_FOUND', 'local sign-in is disabled');
      const body = parseJsonBody(raw) as { openid?: unknown } | null;
      const openid = body?.openid;
      if (typeof openid !== 'string' || !OPENID_PATTERN.test(openid)) {
        sendJson(res, 400, { ok: false, error: { code: 'INPUT.INVALID', message: 'openid must be 1-64 letters, digits, _ or -', fields: { openid: 'invalid' } } });
        return;
      }
      sendJson(res, 200, { ok: true, data: { token: signer.sign(openid) } });
      return;
    }
    const main = Object.prototype.hasOwnProperty.call(options.functions, fnName) ? options.functions[fnName] : undefined;
    if (!main) throw new HttpError(404, 'NOT_FOUND', `no function ${fnName}`);
    const event = parseJsonBody(raw);

    let openid: string | null = null;
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer (\S+)$/.exec(auth);
      openid = m?.[1] ? signer.verify(m[1]) : null;
      if (!openid) throw new HttpError(401, 'AUTH.UNAUTHENTICATED', 'invalid token');
    }
    // Identity travels per invocation, as CloudBase does it: never through process-wide state.
    const environment: Record<string, string> = { WX_APPID: appId, WX_CLIENTIP: req.socket.remoteAddress ?? '' };
    if (openid) environment.WX_OPENID = openid;
    const context = { environment: JSON.stringify(environment), request_id: `local-${Date.now().toString(36)}` };
    const envelope = await main(event, context);
    sendJson(res, envelope.ok ? 200 : httpStatusOf(envelope.error.code), envelope);
  }

  function parseJsonBody(raw: string): unknown {
    try {
      return raw ? (JSON.parse(raw) as unknown) : {};
    } catch {
      throw new HttpError(400, 'INPUT.INVALID', 'body is not JSON');
    }
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
    if (!h5Dir) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('H5 build not found: run `npm run build:h5`');
      return;
    }
    const rel = decodeURIComponent(pathname).replace(/^\/+/, '');
    let file = path.resolve(h5Dir, rel || 'index.html');
    if (!file.startsWith(h5Dir + path.sep) && file !== h5Dir) file = path.join(h5Dir, 'index.html');
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(h5Dir, 'index.html');
    const ext = path.extname(file);
    const hashed = /\.[0-9a-f]{8}\.(js|css)$/.test(file);
    res.writeHead(200, {
      'content-type': MIME[ext] ?? 'application/octet-stream',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(file).pipe(res);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const pathname = url.pathname;
    const work = async (): Promise<void> => {
      const db = options.db;
      if (pathname === '/admin' && db) {
        if (req.method !== 'POST') throw new HttpError(405, 'INVALID_PARAM', 'use POST');
        const body = parseJsonBody(await readBody(req));
        if (typeof body !== 'object' || body === null) throw new HttpError(400, 'INVALID_PARAM', 'body must be an object');
        sendJson(res, 200, db.handle(body as Record<string, unknown>));
        return;
      }
      if (pathname === '/healthz') {
        const stats = db ? db.stats() : await options.health?.();
        sendJson(res, 200, { ok: true, ...stats });
        return;
      }
      if (pathname.startsWith('/api/')) {
        await handleApi(req, res, pathname.slice('/api/'.length));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'INPUT.INVALID', 'method not allowed');
      serveStatic(req, res, pathname);
    };
    work().catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof HttpError) {
        sendJson(res, e.status, errorEnvelope(e.code, e.message));
        return;
      }
      process.stderr.write(`[local-cloud] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      sendJson(res, 500, errorEnvelope('INTERNAL', 'internal error'));
    });
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: a burst of new connections (a popular slot opening) must not lose SYNs to a full
    // backlog, which costs each of them a one-second TCP retry.
    server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    signer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Points @cloudbase/node-sdk in this process at the local database endpoint through its documented configuration
 * (TCB_CONTEXT_CNFG.URL) so that function code runs unchanged. Dummy credentials pass the SDK's credential check;
 * TENCENTCLOUD=true skips its cloud-metadata probe (a network lookup on every call outside Tencent Cloud).
 */
export function pointSdkAt(url: string, envId = 'local'): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${url}/admin` });
  process.env.TENCENTCLOUD_SECRETID = 'local';
  process.env.TENCENTCLOUD_SECRETKEY = 'local';
  process.env.TENCENTCLOUD = 'true';
  process.env.TCB_ENV = envId;
}
