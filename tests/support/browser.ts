/**
 * Real-browser support for the e2e tests and scripts/screenshots.ts:
 *   startRuntime()  the local runtime (`local-cloud/main.ts`) as a child process on a free port with a fresh DATA_DIR,
 *                   serving the built H5 app (dist/h5) and the built functions (dist/cloudfunctions);
 *   launchPhone()   headless Chromium (/usr/bin/chromium) at phone size 390×844, touch, DPR 2.
 * Neither skips: a missing browser or build is an error with a message saying what to do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startRuntimeProcess } from '../../scripts/lib/runtime-process';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PHONE = { width: 390, height: 844 } as const;

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

/** Fails with a plain instruction when the builds the runtime serves are missing. */
export function assertBuilt(): { functionsDir: string; h5Dir: string } {
  const functionsDir = path.join(ROOT, 'dist', 'cloudfunctions');
  const h5Dir = path.join(ROOT, 'dist', 'h5');
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
 * Starts the local runtime with a fresh temporary DATA_DIR (seeded with the demo data). The H5 build is served from a
 * snapshot copy, so a rebuild of dist/h5 by someone else during a run cannot pull pages from under it.
 */
export async function startRuntime(): Promise<Runtime> {
  const built = assertBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-e2e-data-'));
  const h5Dir = path.join(dataDir, 'h5');
  fs.cpSync(built.h5Dir, h5Dir, { recursive: true });
  try {
    const rt = await startRuntimeProcess({ dataDir, env: { FUNCTIONS_DIR: built.functionsDir, H5_DIR: h5Dir } });
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

/** Headless Chromium at phone size in a fresh profile. Throws (never skips) when the browser is not installed. */
export async function launchPhone(options: { deviceScaleFactor?: number } = {}): Promise<Phone> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (as root), or set CHROMIUM_PATH`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: PHONE,
    screen: PHONE,
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
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
