/**
 * A real local runtime for page tests of the built weapp, and a `wx.cloud` stand-in that sends every
 * `wx.cloud.callFunction` to it.
 *
 * The runtime is `local-cloud/main.ts` (what `npm run serve` runs) in a child process: PORT=0, a fresh seeded database in
 * a temp DATA_DIR, the built function bundles from dist/cloudfunctions (what gets deployed). A child process because the
 * page tests run under jsdom, where the server's own dependencies (node-sdk, fetch, TextEncoder…) do not belong; the
 * stand-in talks to it with node:http.
 *
 * Identity travels as CloudBase does it: the page sends nothing identifying; the stand-in plays WeChat's bridge, which
 * knows who the user is — it signs in once per openid (`POST /api/dev/login {openid}`) and calls
 * `POST /api/<name>` with `Authorization: Bearer <token>`, and the runtime puts the openid into the function's context.
 * Like WeChat, it also adds `userInfo: {appId, openId}` beside the page's data in the event (the function must accept it
 * and must not trust it: identity is the context's).
 */
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { startRuntimeProcess } from '../../scripts/lib/runtime-process';

const repoRoot = path.resolve(__dirname, '..', '..');

export interface LocalRuntime {
  url: string;
  pid: number;
  functions: string[];
  /** stdout + stderr so far */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `local-cloud/main.ts` with a fresh seeded database and the built functions; resolves once it listens. */
export async function startLocalRuntime(options: { functionsDir?: string; timeoutMs?: number } = {}): Promise<LocalRuntime> {
  const functionsDir = path.resolve(options.functionsDir ?? path.join(repoRoot, 'dist', 'cloudfunctions'));
  if (!fs.existsSync(functionsDir)) {
    throw new Error(`no built cloud functions in ${functionsDir}: run \`npm run build:functions\` first`);
  }
  const rt = await startRuntimeProcess({ env: { FUNCTIONS_DIR: functionsDir, H5_DIR: path.join(os.tmpdir(), 'redsail-no-h5'), DEMO_WEEK: '0' }, timeoutMs: options.timeoutMs ?? 20_000 });
  return {
    url: rt.url,
    pid: rt.child.pid!,
    functions: rt.functions,
    output: () => rt.output(),
    stop: async () => {
      await rt.stop();
      rt.removeData();
    },
  };
}

interface HttpResult {
  status: number;
  body: unknown;
}

/** POST JSON with node:http (no fetch under jsdom); one connection per request, nothing left open. */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const payload = JSON.stringify(body ?? {});
    const req = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (s: string) => (text += s));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : null });
          } catch {
            reject(new Error(`HTTP ${res.statusCode ?? 0} from ${url}: not JSON: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout waiting for ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** A port nothing listens on (bound, then released): connecting to it is refused, as with an unreachable runtime. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface CallRecord {
  name: string;
  data: unknown;
  openid: string | null;
  outcome: 'ok' | 'fail';
  /** the function's return value as the page received it (`res.result`) */
  result?: unknown;
  errMsg?: string;
}

interface CallFunctionOptions {
  name: string;
  data?: unknown;
  success?: (res: CallFunctionResult) => void;
  fail?: (err: CloudError) => void;
  complete?: (res: CallFunctionResult | CloudError) => void;
}

interface CallFunctionResult {
  result: unknown;
  errMsg: string;
  requestID: string;
}

/** What wx.cloud rejects with: an Error carrying errCode/errMsg. */
export class CloudError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(errMsg);
    this.name = 'CloudError';
  }
}

export interface WxCloudStandIn {
  init(options?: unknown): void;
  callFunction(options: CallFunctionOptions): Promise<CallFunctionResult> | void;
}

export interface CloudBridge {
  /** assign to `wx.cloud` before the app bundle loads (Taro captures `Taro.cloud = wx.cloud` at start-up) */
  wxCloud: WxCloudStandIn;
  calls: CallRecord[];
  initOptions: unknown[];
  /** who WeChat says the user is; null = a caller without identity */
  setOpenid(openid: string | null): void;
  /** from now on calls go to a port nobody listens on (connection refused) */
  goOffline(): Promise<void>;
  goOnline(): void;
}

/** The AppID the local runtime plays (local-cloud/server.ts), which WeChat puts into `userInfo.appId`. */
export const LOCAL_APPID = 'wx-local-red-sail';

/** The event WeChat delivers for `wx.cloud.callFunction({data})`: the page's data plus the injected `userInfo`. */
export function platformEvent(data: unknown, openid: string | null, appId = LOCAL_APPID): Record<string, unknown> {
  const own = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  return { ...own, userInfo: openid ? { appId, openId: openid } : { appId } };
}

const isEnvelope = (v: unknown): v is { ok: boolean } => typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';

export function createCloudBridge(runtime: { url: string }, options: { openid: string | null }): CloudBridge {
  let openid = options.openid;
  let baseUrl = runtime.url;
  const tokens = new Map<string, string>();
  const calls: CallRecord[] = [];
  const initOptions: unknown[] = [];
  let seq = 0;

  async function tokenFor(id: string): Promise<string> {
    const cached = tokens.get(id);
    if (cached) return cached;
    const res = await postJson(`${baseUrl}/api/dev/login`, { openid: id });
    const token = (res.body as { data?: { token?: string } } | null)?.data?.token;
    if (res.status !== 200 || !token) throw new CloudError(-601034, `cloud.callFunction:fail sign-in as ${id} failed: HTTP ${res.status}`);
    tokens.set(id, token);
    return token;
  }

  async function invoke(name: string, data: unknown, caller: string | null): Promise<CallFunctionResult> {
    try {
      const headers: Record<string, string> = caller ? { authorization: `Bearer ${await tokenFor(caller)}` } : {};
      const res = await postJson(`${baseUrl}/api/${encodeURIComponent(name)}`, platformEvent(data, caller), headers);
      const body = res.body as { ok?: boolean; error?: { code?: string; message?: string } } | null;
      if (res.status === 404 && body?.error?.message?.startsWith('no function')) {
        throw new CloudError(-501000, `cloud.callFunction:fail -501000 FunctionName parameter could not be found: ${name}`);
      }
      if (!isEnvelope(body)) throw new CloudError(-504002, `cloud.callFunction:fail -504002 functions execute fail: HTTP ${res.status}`);
      // The function ran and returned `body` (success or a coded error): the platform call itself succeeded.
      return { result: body, errMsg: 'cloud.callFunction:ok', requestID: `local-${++seq}` };
    } catch (e) {
      if (e instanceof CloudError) throw e;
      throw new CloudError(-1, `cloud.callFunction:fail ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  const wxCloud: WxCloudStandIn = {
    init(o?: unknown) {
      initOptions.push(o);
    },
    callFunction(o: CallFunctionOptions) {
      const caller = openid;
      const record: CallRecord = { name: o.name, data: o.data, openid: caller, outcome: 'fail' };
      calls.push(record);
      const promise = invoke(o.name, o.data, caller).then(
        (res) => {
          record.outcome = 'ok';
          record.result = res.result;
          return res;
        },
        (e: CloudError) => {
          record.errMsg = e.errMsg;
          throw e;
        },
      );
      if (o.success || o.fail || o.complete) {
        promise.then(
          (res) => {
            o.success?.(res);
            o.complete?.(res);
          },
          (e: CloudError) => {
            o.fail?.(e);
            o.complete?.(e);
          },
        );
        return undefined;
      }
      return promise;
    },
  };

  return {
    wxCloud,
    calls,
    initOptions,
    setOpenid: (id) => {
      openid = id;
    },
    goOffline: async () => {
      baseUrl = `http://127.0.0.1:${await closedPort()}`;
    },
    goOnline: () => {
      baseUrl = runtime.url;
    },
  };
}
