/**
 * Real-browser support for the e2e tests and scripts/screenshots.ts:
 *   startRuntime()  the local runtime (`local-cloud/main.ts`) as a child process on a free port with a fresh DATA_DIR,
 *                   serving the built H5 app (dist/h5) and the built functions (dist/cloudfunctions);
 *   launchPhone()   headless Chromium at phone size 390×844, touch — the browser found by scripts/lib/find-browser.ts
 *                   (CHROMIUM_PATH, else an installed Chrome/Chromium/Edge, else the one shipped in an npm package).
 * Neither skips: a missing browser or build is an error with a message saying what to do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findBrowser, type Browser } from '../../scripts/lib/find-browser';
import { startRuntimeProcess } from '../../scripts/lib/runtime-process';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PHONE = { width: 390, height: 844 } as const;

let browser: Promise<Browser> | undefined;
/** The browser this process uses, found once (see scripts/lib/find-browser.ts for the order). */
export function phoneBrowser(): Promise<Browser> {
  browser ??= findBrowser();
  return browser;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Runtime {
  url: string;
  dataDir: string;
  /** Everything the runtime printed (stdout + stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Fails with a plain instruction when the builds the runtime serves are missing. They are read from dist/, or from
 * E2E_DIST_DIR (a copy of dist/ with cloudfunctions/ and h5/ — e.g. taken while nobody rebuilds, where several people
 * share one work tree).
 */
export function assertBuilt(): { functionsDir: string; h5Dir: string } {
  const dist = process.env.E2E_DIST_DIR ? path.resolve(process.env.E2E_DIST_DIR) : path.join(ROOT, 'dist');
  const functionsDir = path.join(dist, 'cloudfunctions');
  const h5Dir = path.join(dist, 'h5');
  const missing: string[] = [];
  const hasFunctions = fs.existsSync(functionsDir) && fs.readdirSync(functionsDir).some((n) => fs.existsSync(path.join(functionsDir, n, 'index.js')));
  if (!hasFunctions) missing.push(`built cloud functions (${path.relative(ROOT, functionsDir)}/<fn>/index.js)`);
  if (!fs.existsSync(path.join(h5Dir, 'index.html'))) missing.push(`built H5 app (${path.relative(ROOT, h5Dir)}/index.html)`);
  if (missing.length) {
    throw new Error(`e2e needs ${missing.join(' and ')}: run \`npm run build\` (or \`npm run build:functions && npm run build:h5\`) first`);
  }
  return { functionsDir, h5Dir };
}

/**
 * Starts the local runtime with a fresh temporary DATA_DIR (seeded with the demo data). The H5 build and the functions
 * are served from snapshot copies, so a rebuild of dist/h5 or dist/cloudfunctions by someone else during a run cannot
 * pull pages or functions from under it.
 */
export async function startRuntime(options: { timeoutMs?: number } = {}): Promise<Runtime> {
  const built = assertBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-e2e-data-'));
  const h5Dir = path.join(dataDir, 'h5');
  const functionsDir = path.join(dataDir, 'functions');
  fs.cpSync(built.h5Dir, h5Dir, { recursive: true });
  fs.cpSync(built.functionsDir, functionsDir, { recursive: true });
  try {
    const rt = await startRuntimeProcess({ dataDir, env: { FUNCTIONS_DIR: functionsDir, H5_DIR: h5Dir }, timeoutMs: options.timeoutMs });
    return {
      url: rt.url,
      dataDir,
      output: () => rt.output(),
      stop: async () => {
        await rt.stop();
        rt.removeData();
      },
    };
  } catch (e) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

export interface Phone {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface PhoneOptions {
  deviceScaleFactor?: number;
  /** CSS pixels (default 390×844). */
  size?: { width: number; height: number };
  /**
   * Serve a Chinese web font (Noto Sans SC, from @fontsource-variable/noto-sans-sc) as the app's 'Noto Sans CJK SC',
   * so Chinese renders the same on every machine. Default: only for the npm-package browser, which has no CJK font
   * (every character would be blank); the screenshot scripts always ask for it.
   */
  cjkFont?: boolean;
  /** Which browser (default: phoneBrowser()). */
  browser?: Browser;
}

/** Headless Chromium at phone size in a fresh profile. Throws (never skips) when no browser can be found. */
export async function launchPhone(options: PhoneOptions = {}): Promise<Phone> {
  const found = options.browser ?? (await phoneBrowser());
  const size = options.size ?? PHONE;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: found.executablePath,
    env: { ...process.env, ...found.env },
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: size,
    screen: size,
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  if (options.cjkFont ?? found.source === 'package') await serveCjkFont(context);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

const FONT_PATH = '/__red-sail-fonts/';
const FONT_DIR = path.join(ROOT, 'node_modules', '@fontsource-variable', 'noto-sans-sc');
/** The family the app's font stack names for Chinese (src/app.css); a web font of that name wins over any installed one. */
export const CJK_FAMILY = 'Noto Sans CJK SC';

/**
 * Adds Noto Sans SC to every page of `context`: @font-face rules (one per unicode range, so a page loads only the
 * ~40 KB pieces its characters need) injected before the app's own styles, their files answered from node_modules.
 */
async function serveCjkFont(context: BrowserContext): Promise<void> {
  const cssFile = path.join(FONT_DIR, 'index.css');
  if (!fs.existsSync(cssFile)) throw new Error(`${path.relative(ROOT, FONT_DIR)} is not installed: run npm ci`);
  const css = fs
    .readFileSync(cssFile, 'utf8')
    .replace(/font-family: '[^']*'/g, `font-family: '${CJK_FAMILY}'`)
    .replace(/url\(\.\/files\//g, `url(${FONT_PATH}`);
  await context.route(`**${FONT_PATH}*`, async (route) => {
    const name = path.posix.basename(new URL(route.request().url()).pathname);
    const file = path.join(FONT_DIR, 'files', name);
    if (!/^[\w.-]+\.woff2$/.test(name) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ status: 200, contentType: 'font/woff2', body: fs.readFileSync(file) });
  });
  await context.addInitScript((text: string) => {
    const add = (): void => {
      if (document.getElementById('red-sail-cjk-font')) return;
      const style = document.createElement('style');
      style.id = 'red-sail-cjk-font';
      style.textContent = text;
      (document.head ?? document.documentElement).prepend(style);
    };
    if (document.documentElement) add();
    else document.addEventListener('DOMContentLoaded', add);
  }, css);
}
