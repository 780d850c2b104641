import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LocalFileStore } from '../cloudfunctions/_shared/files';
import { sha256Of } from '../cloudfunctions/_shared/images';
import type { FunctionMain } from './server';

/**
 * The local runtime plays WeChat for the image check (no WeChat offline), through the same call the functions make in
 * production (`/wxa/media_check_async` with media_url, media_type, version, scene, openid → trace_id):
 * - it fetches the picture at media_url (a `/storage/…` file of this runtime's store);
 * - its verdict comes from configuration: `blockedImages` in config/content-security.json (or CONTENT_SECURITY_WORDS),
 *   sha256 hashes of stored covers → `risky` (label 21000); anything else → `pass` (label 100);
 * - like WeChat, it answers only the trace_id and pushes the verdict later (MEDIA_CHECK_DELAY_MS, default 3 s) as the
 *   `wxa_media_check` event to the function 消息推送 names (MEDIA_CHECK_FUNCTION, default `activity`), as a platform
 *   call: no user in the context, TCB_SOURCE `wx_msgpush` (WeChat's own value for pushes is not known; see
 *   cloudfunctions/_shared/runtime.ts startedByPlatformPush).
 */
export const PUSH_CONTEXT_SOURCE = 'wx_msgpush';

export interface LocalWeChatOptions {
  storageDir: string;
  /** The functions a push may reach (read when the push is sent: the host may load them after installing this). */
  functions: () => Record<string, FunctionMain>;
  pushTo?: string;
  delayMs?: number;
  /** The file with `blockedImages` (read on every check, so an edit applies at once). */
  listFile?: string;
  appId?: string;
  onError?: (e: unknown) => void;
}

export interface LocalWeChat {
  wxOpenApi(apiName: string, requestData: Record<string, unknown>): Promise<unknown>;
  /** Resolves once every verdict already due has been pushed and applied. */
  settled(): Promise<void>;
  /** How long verdicts take from now on (tests hold them back, then flush). */
  delayMs: number;
  /** Pushes every verdict still waiting now, and resolves once all are applied. */
  flush(): Promise<void>;
  stop(): void;
}

export function blockedImagesFrom(file: string): Set<string> {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.resolve(file), 'utf8')) as { blockedImages?: unknown };
    const list = Array.isArray(parsed.blockedImages) ? parsed.blockedImages : [];
    return new Set(list.filter((h): h is string => typeof h === 'string').map((h) => h.toLowerCase()));
  } catch {
    return new Set();
  }
}

export function localWeChat(o: LocalWeChatOptions): LocalWeChat {
  const store = new LocalFileStore(o.storageDir);
  const pending = new Set<Promise<void>>();
  const timers = new Map<NodeJS.Timeout, { fire: () => void; drop: () => void }>();
  const listFile = o.listFile ?? process.env.CONTENT_SECURITY_WORDS ?? 'config/content-security.json';
  const pushTo = o.pushTo ?? 'activity';
  let stopped = false;

  const push = (event: Record<string, unknown>): void => {
    let release: () => void = () => undefined;
    const done = new Promise<void>((r) => (release = r));
    pending.add(done);
    const fire = (): void => {
      timers.delete(timer);
      const main = o.functions()[pushTo];
      const context = { environment: JSON.stringify({ TCB_SOURCE: PUSH_CONTEXT_SOURCE, WX_APPID: o.appId ?? 'wx-local-red-sail' }) };
      const run = stopped || !main ? Promise.resolve() : main(event, context).then((res) => {
        if (!res.ok) o.onError?.(new Error(`wxa_media_check push to ${pushTo}: ${res.error.code} ${res.error.message}`));
      });
      run
        .catch((e: unknown) => o.onError?.(e))
        .finally(() => {
          pending.delete(done);
          release();
        });
    };
    const timer = setTimeout(fire, self.delayMs);
    timer.unref();
    timers.set(timer, {
      fire,
      drop: () => {
        pending.delete(done);
        release();
      },
    });
  };

  const self: LocalWeChat = {
    delayMs: o.delayMs ?? 3_000,
    async wxOpenApi(apiName, data) {
      if (apiName !== '/wxa/media_check_async') throw new Error(`the local WeChat stand-in has no ${apiName}`);
      const url = data.media_url;
      const m = typeof url === 'string' ? /^\/storage\/(.+)$/.exec(url) : null;
      const fileId = m?.[1] ? `${LocalFileStore.SCHEME}${m[1]}` : null;
      if (data.media_type !== 2 || data.version !== 2 || typeof data.openid !== 'string' || !fileId || !LocalFileStore.pathOf(fileId)) {
        return { errcode: 40003, errmsg: 'invalid media_check_async request' };
      }
      const bytes = await store.read(fileId);
      const blocked = blockedImagesFrom(listFile).has(sha256Of(bytes));
      const traceId = `local-${Date.now().toString(36)}-${randomBytes(10).toString('hex')}`;
      push({
        ToUserName: 'gh_local',
        FromUserName: 'local-wechat',
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'event',
        Event: 'wxa_media_check',
        appid: o.appId ?? 'wx-local-red-sail',
        trace_id: traceId,
        version: 2,
        detail: [{ strategy: 'content_model', errcode: 0, suggest: blocked ? 'risky' : 'pass', label: blocked ? 21000 : 100 }],
        errcode: 0,
        errmsg: 'ok',
        result: { suggest: blocked ? 'risky' : 'pass', label: blocked ? 21000 : 100 },
      });
      return { errcode: 0, errmsg: 'ok', trace_id: traceId };
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    async flush() {
      for (const [t, { fire }] of [...timers]) {
        clearTimeout(t);
        fire();
      }
      await self.settled();
    },
    stop() {
      stopped = true;
      for (const [t, { drop }] of [...timers]) {
        clearTimeout(t);
        drop();
      }
      timers.clear();
    },
  };
  return self;
}
