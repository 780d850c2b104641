import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devPhoneNumberForCode, installLocalRuntimeHooks } from '../../local-cloud/clock';
import { LocalDatabase } from '../../local-cloud/db/engine';
import { ensureCollections, seedIfEmpty } from '../../local-cloud/seed';
import { pointSdkAt, startLocalServer, type FunctionMain, type LocalServer } from '../../local-cloud/server';
import { localWeChat, type LocalWeChat } from '../../local-cloud/wechat';
import type { Envelope } from '../../types';

export interface TestCloud {
  url: string;
  db: LocalDatabase;
  server: LocalServer;
  /** Uploaded files (FILE_STORE_DIR): a fresh directory per cloud. */
  storageDir: string;
  /** The local WeChat stand-in (image check verdicts pushed after `mediaCheckDelayMs`, default 20 ms). */
  wechat: LocalWeChat;
  /** Invokes a function's main directly, as CloudBase would, with `openid` in the invocation context. */
  invoke(main: FunctionMain, openid: string | null, event: unknown): Promise<Envelope<unknown>>;
  /** POST /api/<fn> over HTTP as a signed-in local user. */
  post(fn: string, openid: string | null, body: unknown): Promise<{ status: number; body: Envelope<unknown> }>;
  stop(): Promise<void>;
}

export const contextFor = (openid: string | null): { environment: string } => ({
  environment: JSON.stringify(openid ? { WX_OPENID: openid, WX_APPID: 'wx-test' } : { WX_APPID: 'wx-test' }),
});

/**
 * A fresh local database (in memory) behind a real HTTP endpoint, with @cloudbase/node-sdk in this process pointed at
 * it through its documented configuration. `functions` are the functions' real `main`s, imported from source.
 */
export async function startTestCloud(
  options: { seed?: boolean; functions?: Record<string, FunctionMain>; now?: () => number; mediaCheckDelayMs?: number; blockList?: string } = {},
): Promise<TestCloud> {
  process.env.RED_SAIL_LOG = process.env.RED_SAIL_LOG ?? 'off';
  process.env.CHECKIN_SECRET = process.env.CHECKIN_SECRET ?? 'test-checkin-secret-0123456789abcdef';
  const db = new LocalDatabase({ file: ':memory:', now: options.now });
  if (options.seed === false) ensureCollections(db);
  // The catalogue and demo people only: function suites count bookings from an empty ledger.
  else seedIfEmpty(db, { lived: false });
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'red-sail-storage-'));
  const server = await startLocalServer({ db, functions: options.functions ?? {}, devLogin: true, storageDir });
  pointSdkAt(server.url);
  process.env.FILE_STORE_DIR = storageDir;
  const wechat = localWeChat({ storageDir, functions: () => options.functions ?? {}, delayMs: options.mediaCheckDelayMs ?? 20, ...(options.blockList ? { listFile: options.blockList } : {}) });
  // As the local runtime does: WeChat's phone-number exchange and image check are stand-ins here (no WeChat offline).
  const uninstallHooks = installLocalRuntimeHooks({ phoneNumberForCode: devPhoneNumberForCode, wxOpenApi: (api, data) => wechat.wxOpenApi(api, data) });
  return {
    url: server.url,
    db,
    server,
    storageDir,
    wechat,
    invoke: (main, openid, event) => main(event, contextFor(openid)),
    post: async (fn, openid, body) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (openid) headers.authorization = `Bearer ${server.signer.sign(openid)}`;
      const res = await fetch(`${server.url}/api/${fn}`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Envelope<unknown> };
    },
    stop: async () => {
      wechat.stop();
      uninstallHooks();
      await server.close();
      db.close();
      fs.rmSync(storageDir, { recursive: true, force: true });
    },
  };
}
