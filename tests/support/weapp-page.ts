/**
 * Pieces the weapp page suites share: a local runtime that can be restarted on the same data and port (to move its
 * clock with DEMO_CLOCK between steps), and stand-ins for WeChat's dialogs that record what the pages asked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRuntimeProcess, type RuntimeProcess } from '../../scripts/lib/runtime-process';
import { postJson } from './weapp-cloud';

const ROOT = path.resolve(__dirname, '..', '..');

export type WxOptions = Record<string, unknown> & { success?: (res: unknown) => void; fail?: (res: unknown) => void; complete?: (res: unknown) => void };
/** The simulator's `wx`: Taro looks its APIs up when called, so stand-ins put here answer the pages' Taro calls. */
export const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx;

/** Answers a wx call on the next tick, as WeChat does. */
export const answer = (o: WxOptions, res: Record<string, unknown>): void => {
  setTimeout(() => {
    o.success?.(res);
    o.complete?.(res);
  }, 0);
};
export const refuse = (o: WxOptions, errMsg: string): void => {
  setTimeout(() => {
    o.fail?.({ errMsg });
    o.complete?.({ errMsg });
  }, 0);
};

export interface ModalCall {
  title?: string;
  content?: string;
  confirmText?: string;
  confirmColor?: string;
}

/**
 * Stands in for wx.showModal: every dialog is recorded in `modals`; the next answers are taken from `answers`
 * (default: confirm).
 */
export function stubModals(modals: ModalCall[], answers: boolean[]): void {
  wx.showModal = (o: WxOptions) => {
    const call: ModalCall = { title: o.title as string, content: o.content as string, confirmText: o.confirmText as string };
    if (o.confirmColor !== undefined) call.confirmColor = o.confirmColor as string;
    modals.push(call);
    const confirm = answers.shift() ?? true;
    answer(o, { errMsg: 'showModal:ok', confirm, cancel: !confirm });
  };
}

/** What the page asked of wx's dialogs, toasts and navigation, for a page suite to assert on. */
export interface WxRecord {
  modals: ModalCall[];
  /** Answers for the next dialogs (default: confirm). */
  answers: boolean[];
  toasts: string[];
  /** `navigateTo:/packages/...` */
  navigations: string[];
  /** Stands in for showModal, showToast and the navigation APIs (call after bootWeapp). */
  install(): void;
  /** Forgets what was recorded (afterEach). */
  clear(): void;
}

export function wxRecord(navigationApis: readonly string[] = ['navigateTo', 'redirectTo', 'navigateBack']): WxRecord {
  const r: WxRecord = {
    modals: [],
    answers: [],
    toasts: [],
    navigations: [],
    install() {
      stubModals(r.modals, r.answers);
      wx.showToast = (o: WxOptions) => {
        r.toasts.push(o.title as string);
        answer(o, { errMsg: 'showToast:ok' });
      };
      for (const api of navigationApis) {
        wx[api] = (o: WxOptions) => {
          r.navigations.push(`${api}:${typeof o.url === 'string' ? o.url : ''}`);
          answer(o, { errMsg: `${api}:ok` });
        };
      }
    },
    clear() {
      r.modals.length = 0;
      r.answers.length = 0;
      r.toasts.length = 0;
      r.navigations.length = 0;
    },
  };
  return r;
}

/** A local runtime process on its own data directory; `restart` keeps the data and the port (and so the URL). */
export interface RestartableRuntime {
  /** What the cloud bridge and the HTTP helpers talk to: the same URL before and after a restart. */
  target: { url: string };
  start(env?: Record<string, string>): Promise<void>;
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export function restartableRuntime(prefix: string): RestartableRuntime {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const target = { url: '' };
  let rt: RuntimeProcess | undefined;
  const start = async (env: Record<string, string> = {}): Promise<void> => {
    const port = target.url ? new URL(target.url).port : '0';
    rt = await startRuntimeProcess({
      dataDir,
      env: { FUNCTIONS_DIR: path.join(ROOT, 'dist', 'cloudfunctions'), H5_DIR: path.join(os.tmpdir(), 'redsail-no-h5'), DEMO_WEEK: '0', PORT: port, ...env },
      timeoutMs: 30_000,
    });
    target.url = rt.url;
  };
  return {
    target,
    start,
    restart: async (env) => {
      await rt?.stop();
      await start(env);
    },
    stop: async () => {
      await rt?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The runtime's HTTP API as other people's phones use it (a manager reading the code, another volunteer signing up):
 * `api(openid, fn, action, data, mutates)` signs in once per person and returns the answer's data, or throws.
 */
export function runtimeApi(target: { url: string }, label: string) {
  const tokens = new Map<string, string>();
  let seq = 0;
  return async function api<T>(openid: string, fn: string, action: string, data: unknown, mutates = false): Promise<T> {
    let token = tokens.get(openid);
    if (!token) {
      const res = await postJson(`${target.url}/api/dev/login`, { openid });
      token = (res.body as { data: { token: string } }).data.token;
      tokens.set(openid, token);
    }
    const body = { action, data, ...(mutates ? { requestId: `${label}-${Date.now()}-${++seq}` } : {}) };
    const res = await postJson(`${target.url}/api/${fn}`, body, { authorization: `Bearer ${token}` });
    const envelope = res.body as { ok: boolean; data?: T; error?: { code: string } };
    if (!envelope.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(envelope.error)}`);
    return envelope.data as T;
  };
}

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- WeChat's event system, as the harness uses it for taps */
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void };
};
/** Typing into a rendered <input>: WeChat sends `input` events carrying the whole value. */
export function typeInto(el: Element | undefined, value: string): void {
  const t = (el as { __wxElement?: unknown } | undefined)?.__wxElement;
  if (!t) throw new Error('not a rendered mini-program node');
  exparser.Event.dispatchEvent(t, exparser.Event.create('input', { value, cursor: value.length }, { bubbles: false, composed: false }));
}
