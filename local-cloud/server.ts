import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { LocalFileStore, newUploadPath } from '../cloudfunctions/_shared/files';
import { sniffImage } from '../cloudfunctions/_shared/images';
import { IMAGE_MAX_BYTES } from '../types/activity';
import { httpStatusOf, type Envelope } from '../types/errors';
import { OPENID_PATTERN, TokenSigner, verifyTc3Request } from './auth';
import type { DatabaseStats, LocalDatabase } from './db/engine';

export type FunctionMain = (event: unknown, context: unknown) => Promise<Envelope<unknown>>;

/** How long a connection may take and how many may be open at once: a slow or greedy client cannot hold the server. */
export interface ServerLimits {
  /** Time to receive a request's headers (a slowloris client is cut off with 408). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept. */
  keepAliveTimeoutMs: number;
  /** How often the two timeouts above are checked. */
  checkIntervalMs: number;
  /** Open connections at most; more are closed on accept. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  headersTimeoutMs: 15_000,
  requestTimeoutMs: 60_000,
  // Longer than the SDK's keep-alive agent keeps an idle socket, so the server never closes one the SDK is reusing.
  keepAliveTimeoutMs: 65_000,
  checkIntervalMs: 2_000,
  // Above the booking benchmark's 1,000 concurrent keep-alive clients, well below the process's file descriptors.
  maxConnections: 4_096,
};

export interface LocalServerOptions {
  /** The database this server answers at `POST /admin`; omitted when the database runs elsewhere (its own thread). */
  db?: LocalDatabase;
  /**
   * The secret key @cloudbase/node-sdk signs its database requests with (TC3-HMAC-SHA256, TENCENTCLOUD_SECRETKEY):
   * `POST /admin` answers only requests signed with it. Default: a random key, which `pointSdkAt(url)` in this
   * process hands to the SDK.
   */
  databaseSecret?: string;
  /** What `/healthz` reports about a database that runs elsewhere. */
  health?: () => Promise<DatabaseStats>;
  functions: Record<string, FunctionMain>;
  port?: number;
  host?: string;
  /**
   * Host names besides loopback (localhost, 127.0.0.1, ::1) this server answers to. A request whose Host header names
   * any other host is refused with 421 (DNS rebinding: a page on attacker.example resolving to this machine).
   */
  allowedHosts?: string[];
  /** Built H5 app to serve at `/`; omitted → API only. */
  h5Dir?: string | null;
  /** `POST /api/dev/login` (local mode only). */
  devLogin?: boolean;
  signer?: TokenSigner;
  /** Local stand-in for the mini-program's appid, passed to functions as WX_APPID and in `event.userInfo`. */
  appId?: string;
  limits?: Partial<ServerLimits>;
  /**
   * Where uploaded files live (FILE_STORE_DIR, `DATA_DIR/storage`): `POST /storage/upload` and `GET /storage/covers/…`.
   * Omitted → no storage endpoint.
   */
  storageDir?: string | null;
}

export interface LocalServer {
  url: string;
  port: number;
  /** The address the server is bound to. */
  address: string;
  server: http.Server;
  signer: TokenSigner;
  close(): Promise<void>;
}

export const MAX_BODY = 1024 * 1024;
/** A body over MAX_BODY is read and dropped up to this size so that the client gets its 413 instead of a reset. */
const MAX_DRAIN = 16 * 1024 * 1024;

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

/** The client went away mid-request: nothing to answer, nothing to log. */
class ClientGone extends Error {}

/**
 * Reads a request body of at most `max` bytes (MAX_BODY). A larger one (declared or sent) is read to its end and
 * dropped (up to MAX_DRAIN, beyond which the connection is cut) before the 413, so the client is not reset mid-upload.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  return readBodyBytes(req, MAX_BODY).then((b) => b.toString('utf8'));
}

function readBodyBytes(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const declared = Number(req.headers['content-length'] ?? 0);
    let tooLarge = declared > max;
    if (declared > MAX_DRAIN) {
      // Not worth reading: answer now (and close).
      done = true;
      reject(new HttpError(413, 'INPUT.INVALID', 'request body too large'));
      req.resume();
      return;
    }
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_DRAIN) {
        req.socket.destroy();
        return;
      }
      if (size > max) tooLarge = true;
      if (!tooLarge) chunks.push(c);
    });
    req.on('end', () => {
      done = true;
      if (tooLarge) reject(new HttpError(413, 'INPUT.INVALID', 'request body too large'));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', () => {
      if (done) return;
      done = true;
      reject(new ClientGone('request aborted'));
    });
    req.on('close', () => {
      if (done) return;
      done = true;
      reject(new ClientGone('request aborted'));
    });
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}

const errorEnvelope = (code: string, message: string): Envelope<never> => ({ ok: false, error: { code: code as never, message } });

/** Whether a host name (no port) is this machine's loopback. */
export function isLoopbackName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The host name of a Host header (`name:port`, `[v6]:port`), lower-case; null when it is not a plain authority. */
function hostnameOf(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(header.trim());
  return m?.[1] ? m[1].toLowerCase().replace(/^\[|\]$/g, '') : null;
}

/**
 * Headers on every answer. The CSP allows the H5 build's own scripts plus the inline scripts of its index.html by hash
 * (Taro's rem sizing), its styles (React sets style attributes), images from itself and data:/blob: (QR codes, photos);
 * covers come from its own /storage.
 */
function securityHeaders(scriptHashes: string[]): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.map((h) => ` '${h}'`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // blob: — a picture chosen on H5 is a blob: URL, read with fetch before it is uploaded to /storage/upload.
    "connect-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** sha256 CSP sources of the inline scripts in an HTML file. */
function inlineScriptHashes(htmlFile: string | null): string[] {
  let html: string;
  try {
    html = htmlFile ? fs.readFileSync(htmlFile, 'utf8') : '';
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    out.push(`sha256-${createHash('sha256').update(m[1] ?? '', 'utf8').digest('base64')}`);
  }
  return out;
}

/** Database endpoint secrets of the servers this process started, so that `pointSdkAt(url)` can find its key. */
const databaseSecrets = new Map<string, string>();

/**
 * The local CloudBase stand-in's HTTP front:
 *   POST /admin              the database endpoint @cloudbase/node-sdk reaches through its serviceUrl (when `db` is
 *                            given), for requests the SDK signed with the endpoint's secret key only
 *   POST /api/dev/login      local sign-in → token
 *   POST /api/<function>     runs the function's main(event, context) as a mini-program's wx.cloud.callFunction would:
 *                            the caller's identity in context.environment and event.userInfo
 *   GET  /healthz            200 once the database is open
 *   GET  /*                  the H5 build
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const signer = options.signer ?? TokenSigner.forDataDir(null);
  const appId = options.appId ?? 'wx-local-red-sail';
  const h5Dir = options.h5Dir && fs.existsSync(options.h5Dir) ? path.resolve(options.h5Dir) : null;
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const databaseSecret = options.db ? (options.databaseSecret ?? randomBytes(32).toString('hex')) : null;
  const allowedHosts = new Set((options.allowedHosts ?? []).map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')).filter(Boolean));
  // The CSP names index.html's inline scripts by hash: recomputed when the file changes (a rebuild while serving).
  const indexHtml = h5Dir && path.join(h5Dir, 'index.html');
  let headers = securityHeaders(inlineScriptHashes(indexHtml));
  const stampOf = (file: string): number => {
    try {
      return fs.statSync(file).mtimeMs;
    } catch {
      return 0;
    }
  };
  let indexStamp = indexHtml ? stampOf(indexHtml) : 0;
  let checkedAt = Date.now();
  const currentHeaders = (): Record<string, string> => {
    if (indexHtml && Date.now() - checkedAt > 1_000) {
      checkedAt = Date.now();
      const stamp = stampOf(indexHtml);
      if (stamp !== indexStamp) {
        indexStamp = stamp;
        headers = securityHeaders(inlineScriptHashes(indexHtml));
      }
    }
    return headers;
  };

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
    const body = parseJsonBody(raw);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'INPUT.INVALID', 'body must be a JSON object');

    const openid = bearerOpenid(req);
    // As the platform calls a function for wx.cloud.callFunction: the client's data plus a `userInfo` the platform
    // writes (whatever the client put there), and the identity in the invocation context, never in process-wide state.
    const event = { ...(body as Record<string, unknown>), userInfo: openid ? { appId, openId: openid } : { appId } };
    const environment: Record<string, string> = { WX_APPID: appId, WX_CLIENTIP: req.socket.remoteAddress ?? '', TCB_SOURCE: 'wx_client' };
    if (openid) environment.WX_OPENID = openid;
    const context = { environment: JSON.stringify(environment), request_id: randomUUID(), function_name: fnName };
    const envelope = await main(event, context);
    sendJson(res, envelope.ok ? 200 : httpStatusOf(envelope.error.code), envelope);
  }

  /** The signed-in caller of a request: null without an Authorization header, 401 for a bad token. */
  function bearerOpenid(req: http.IncomingMessage): string | null {
    const auth = req.headers.authorization;
    if (auth === undefined) return null;
    const m = /^Bearer (\S+)$/.exec(auth);
    const openid = m?.[1] ? signer.verify(m[1]) : null;
    if (!openid) throw new HttpError(401, 'AUTH.UNAUTHENTICATED', 'invalid token');
    return openid;
  }

  /**
   * The local stand-in for CloudBase storage:
   *   POST /storage/upload   a signed-in caller's picture (the raw bytes as the body): at most IMAGE_MAX_BYTES (413),
   *                          a JPEG or PNG by its bytes (415), kept as `uploads/<openid>/<name>` → {fileId}
   *   GET  /storage/covers/<imageId>.jpg   an accepted, resized cover (a cover taken down is gone: 404)
   * Raw uploads are never served: they are read only by the functions (acceptImage), through the file store.
   */
  async function handleStorage(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, dir: string): Promise<void> {
    const store = new LocalFileStore(dir);
    if (pathname === '/storage/upload') {
      if (req.method !== 'POST') throw new HttpError(405, 'INPUT.INVALID', 'use POST');
      const openid = bearerOpenid(req);
      if (!openid) throw new HttpError(401, 'AUTH.UNAUTHENTICATED', 'sign in first');
      const bytes = await readBodyBytes(req, IMAGE_MAX_BYTES);
      const type = sniffImage(bytes);
      if (!type) throw new HttpError(415, 'ACTIVITY.IMAGE_INVALID', 'not a JPEG or PNG picture');
      const fileId = await store.write(newUploadPath(openid, type === 'image/png' ? 'png' : 'jpg'), bytes);
      sendJson(res, 200, { ok: true, data: { fileId } });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'INPUT.INVALID', 'method not allowed');
    const m = /^\/storage\/(covers\/img_[0-9a-f]{32}\.jpg)$/.exec(pathname);
    const bytes = m?.[1] ? await fs.promises.readFile(store.fileOf(m[1])).catch(() => null) : null;
    if (!bytes) throw new HttpError(404, 'NOT_FOUND', 'not found');
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  function parseJsonBody(raw: string): unknown {
    try {
      return raw ? (JSON.parse(raw) as unknown) : {};
    } catch {
      throw new HttpError(400, 'INPUT.INVALID', 'body is not JSON');
    }
  }

  async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): Promise<void> {
    if (!h5Dir) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('H5 build not found: run `npm run build:h5`');
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      throw new HttpError(400, 'INPUT.INVALID', 'bad percent-encoding in the path');
    }
    if (rel.includes('\0')) throw new HttpError(400, 'INPUT.INVALID', 'bad path');
    let file = path.resolve(h5Dir, rel || 'index.html');
    if (!file.startsWith(h5Dir + path.sep) && file !== h5Dir) file = path.join(h5Dir, 'index.html');
    // Open first, then look at what was opened: a file that vanishes or cannot be read is an answer, not a crash.
    let handle = await fs.promises.open(file, 'r').catch(() => null);
    if (handle && (await handle.stat()).isDirectory()) {
      await handle.close();
      handle = null;
    }
    if (!handle) {
      file = path.join(h5Dir, 'index.html');
      handle = await fs.promises.open(file, 'r').catch(() => null);
      if (!handle) throw new HttpError(404, 'NOT_FOUND', 'not found');
    }
    const ext = path.extname(file);
    const hashed = /\.[0-9a-f]{8}\.(js|css)$/.test(file);
    const head = { 'content-type': MIME[ext] ?? 'application/octet-stream', 'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache' };
    if (req.method === 'HEAD') {
      await handle.close();
      res.writeHead(200, head);
      res.end();
      return;
    }
    const stream = handle.createReadStream();
    stream.on('error', (e: NodeJS.ErrnoException) => {
      process.stderr.write(`[local-cloud] cannot read ${file}: ${e.code ?? e.message}\n`);
      if (res.headersSent) res.destroy();
      else sendJson(res, 404, errorEnvelope('NOT_FOUND', 'not found'));
    });
    // The status goes out with the first bytes (or the end of an empty file), so a file that cannot be read is a 404.
    const writeHead = (): void => {
      if (!res.headersSent) res.writeHead(200, head);
    };
    stream.once('data', writeHead);
    stream.once('end', writeHead);
    stream.pipe(res);
  }

  /** The database endpoint: only requests @cloudbase/node-sdk signed with this endpoint's secret key. */
  async function handleDatabase(req: http.IncomingMessage, res: http.ServerResponse, db: LocalDatabase): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'INVALID_PARAM', 'use POST');
    const body = parseJsonBody(await readBody(req));
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'INVALID_PARAM', 'body must be an object');
    const refusal = verifyTc3Request(req, body as Record<string, unknown>, databaseSecret as string);
    if (refusal) throw new HttpError(refusal.status, refusal.status === 401 ? 'AUTH.UNAUTHENTICATED' : 'AUTH.FORBIDDEN', refusal.reason);
    sendJson(res, 200, db.handle(body as Record<string, unknown>));
  }

  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    (req, res) => {
      for (const [k, v] of Object.entries(currentHeaders())) res.setHeader(k, v);
      const work = async (): Promise<void> => {
        const hostname = hostnameOf(req.headers.host);
        if (!hostname || !(isLoopbackName(hostname) || allowedHosts.has(hostname))) {
          throw new HttpError(421, 'AUTH.FORBIDDEN', 'this server does not answer for that host name (set ALLOWED_HOSTS)');
        }
        let pathname: string;
        try {
          pathname = new URL(req.url ?? '/', 'http://local').pathname;
        } catch {
          throw new HttpError(400, 'INPUT.INVALID', 'bad request target');
        }
        const db = options.db;
        if (pathname === '/admin' && db) {
          await handleDatabase(req, res, db);
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
        if (options.storageDir && (pathname === '/storage' || pathname.startsWith('/storage/'))) {
          await handleStorage(req, res, pathname, options.storageDir);
          return;
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'INPUT.INVALID', 'method not allowed');
        await serveStatic(req, res, pathname);
      };
      work().catch((e: unknown) => {
        if (e instanceof ClientGone || res.headersSent) {
          res.destroy();
          return;
        }
        if (e instanceof HttpError) {
          sendJson(res, e.status, errorEnvelope(e.code, e.message), e.status === 413);
          return;
        }
        process.stderr.write(`[local-cloud] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        sendJson(res, 500, errorEnvelope('INTERNAL', 'internal error'));
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  // A request line or headers Node cannot parse: a 400 (or 431 for oversized headers), then close.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const text = JSON.stringify(errorEnvelope('INPUT.INVALID', status === 408 ? 'request timed out' : 'malformed request'));
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: a burst of new connections (a popular slot opening) must not lose SYNs to a full
    // backlog, which costs each of them a one-second TCP retry.
    server.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 }, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  if (databaseSecret) databaseSecrets.set(url, databaseSecret);
  return {
    url,
    port: address.port,
    address: address.address,
    server,
    signer,
    close: () =>
      new Promise<void>((resolve) => {
        databaseSecrets.delete(url);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Points @cloudbase/node-sdk in this process at the local database endpoint through its documented configuration
 * (TCB_CONTEXT_CNFG.URL) so that function code runs unchanged, with the endpoint's secret key as
 * TENCENTCLOUD_SECRETKEY: the SDK signs every request with it (TC3-HMAC-SHA256) and the endpoint checks the signature.
 * `secretKey` defaults to the key of a server this process started at `url`. TENCENTCLOUD=true skips the SDK's
 * cloud-metadata probe (a network lookup on every call outside Tencent Cloud).
 */
export function pointSdkAt(url: string, envId = 'local', secretKey: string | undefined = databaseSecrets.get(url)): void {
  if (!secretKey) throw new Error(`no secret key for the database endpoint at ${url}`);
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${url}/admin` });
  process.env.TENCENTCLOUD_SECRETID = 'local';
  process.env.TENCENTCLOUD_SECRETKEY = secretKey;
  process.env.TENCENTCLOUD = 'true';
  process.env.TCB_ENV = envId;
  // Content security from the local word list (config/content-security.json, or CONTENT_SECURITY_WORDS): the local
  // runtime has no WeChat. Production never sets this, so it always asks WeChat.
  process.env.CONTENT_SECURITY = 'local';
  // Uploaded files in the local runtime's storage directory (FILE_STORE_DIR, set by the host beside its server's
  // storageDir) instead of CloudBase storage.
  process.env.FILE_STORE = 'local';
}
