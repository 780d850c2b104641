/**
 * Finding a Chromium for the H5 end-to-end tests and the screenshot scripts, on any machine, with no manual step:
 *   1. CHROMIUM_PATH, when set (an error if nothing is there: an explicit choice is never silently replaced);
 *   2. an installed Chrome, Chromium or Edge in the usual places on Linux, macOS and Windows (and one that
 *      `npx playwright install chromium` downloaded);
 *   3. otherwise the Chromium shipped inside the npm package @sparticuz/chromium (Linux x64), unpacked once into
 *      node_modules/.cache/red-sail-chromium/<version>/ with the libraries and fonts it needs.
 * RED_SAIL_BROWSER=packaged skips step 2 (to check on a machine that has a browser what a bare machine would do).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const ROOT = path.resolve(__dirname, '..', '..');

export interface Browser {
  executablePath: string;
  /** Where it came from, in the order searched. */
  source: 'CHROMIUM_PATH' | 'installed' | 'package';
  /** Environment the browser process needs on top of this one (the packaged Chromium's libraries and fonts). */
  env: Record<string, string>;
}

/** The usual install locations of Chrome, Chromium and Edge on `platform`, most specific first. */
export function installedCandidates(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string[] {
  if (platform === 'win32') {
    const bases = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.ProgramW6432].filter((b): b is string => !!b);
    const apps = [
      ['Google', 'Chrome', 'Application', 'chrome.exe'],
      ['Chromium', 'Application', 'chrome.exe'],
      ['Microsoft', 'Edge', 'Application', 'msedge.exe'],
    ];
    return [...new Set(apps.flatMap((app) => bases.map((base) => path.win32.join(base, ...app))))];
  }
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
    return apps.flatMap((app) => [path.posix.join('/Applications', app), path.posix.join(home, 'Applications', app)]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/opt/microsoft/msedge/msedge',
  ];
}

/** The Chromium that `npx playwright install chromium` puts in Playwright's cache, if there is one. */
function playwrightDownload(): string[] {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when needed
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    return [chromium.executablePath()];
  } catch {
    return [];
  }
}

/** A small launcher script that starts the snap package (Ubuntu's chromium-browser): its sandbox cannot see our profile dir. */
function isSnapWrapper(file: string): boolean {
  try {
    if (fs.realpathSync(file).startsWith('/snap/')) return true;
    const st = fs.statSync(file);
    return st.size < 16 * 1024 && fs.readFileSync(file, 'utf8').includes('/snap/');
  } catch {
    return false;
  }
}

export interface FindOptions {
  env?: NodeJS.ProcessEnv;
  /** Installed browsers to look for, in order (default: installedCandidates() and Playwright's download). */
  candidates?: string[];
  /** The npm-package browser (default: unpackPackagedChromium()). */
  packaged?: () => Promise<Browser>;
}

export async function findBrowser(options: FindOptions = {}): Promise<Browser> {
  const env = options.env ?? process.env;
  const explicit = env.CHROMIUM_PATH?.trim();
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`CHROMIUM_PATH is ${explicit}, but there is no browser there: fix it, or unset it to let the tests find one`);
    return { executablePath: explicit, source: 'CHROMIUM_PATH', env: {} };
  }
  if (env.RED_SAIL_BROWSER !== 'packaged') {
    const candidates = options.candidates ?? [...installedCandidates(), ...playwrightDownload()];
    const found = candidates.find((c) => fs.existsSync(c) && !isSnapWrapper(c));
    if (found) return { executablePath: found, source: 'installed', env: {} };
  }
  return (options.packaged ?? unpackPackagedChromium)();
}

export interface PackagedOptions {
  /** Where @sparticuz/chromium is installed (default: this project's node_modules). */
  packageDir?: string;
  /** Where to unpack it (default: node_modules/.cache/red-sail-chromium/<version>). */
  cacheDir?: string;
}

/**
 * The Chromium inside @sparticuz/chromium (a headless Chromium for Linux x64 built for serverless machines: it brings
 * its own NSS/NSPR/expat libraries and a Latin font, so it runs where only glibc is installed). Its files are
 * brotli-compressed; they are unpacked once, into a fresh directory that is renamed into place when complete, so
 * several test workers starting at once never run a half-written binary. (The package's own executablePath() unpacks
 * into the shared /tmp/chromium and trusts whatever is there; it is also an ES module, which jest cannot load.)
 */
export async function unpackPackagedChromium(options: PackagedOptions = {}): Promise<Browser> {
  const packageDir = options.packageDir ?? path.join(ROOT, 'node_modules', '@sparticuz', 'chromium');
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `No Chrome, Chromium or Edge found, and the browser shipped in @sparticuz/chromium runs only on Linux x64 (this is ${process.platform} ${process.arch}): ` +
        'install Google Chrome (or Edge), or run `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium-based browser',
    );
  }
  const manifest = path.join(packageDir, 'package.json');
  if (!fs.existsSync(manifest)) throw new Error(`No Chrome, Chromium or Edge found, and @sparticuz/chromium is not installed in ${packageDir}: run npm ci`);
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  const cacheDir = options.cacheDir ?? path.join(ROOT, 'node_modules', '.cache', 'red-sail-chromium', version);
  const browser: Browser = {
    executablePath: path.join(cacheDir, 'chromium'),
    source: 'package',
    env: {
      LD_LIBRARY_PATH: [path.join(cacheDir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(path.delimiter),
      FONTCONFIG_FILE: path.join(cacheDir, 'fonts.conf'),
    },
  };
  if (fs.existsSync(browser.executablePath)) return browser;

  const bin = path.join(packageDir, 'bin');
  fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
  const tmp = `${cacheDir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  fs.mkdirSync(tmp, { recursive: true });
  try {
    await pipeline(
      fs.createReadStream(path.join(bin, 'chromium.br')),
      zlib.createBrotliDecompress(),
      fs.createWriteStream(path.join(tmp, 'chromium'), { mode: 0o755 }),
    );
    untar(zlib.brotliDecompressSync(fs.readFileSync(path.join(bin, 'al2023.tar.br'))), tmp); // lib/: NSS, NSPR, expat
    untar(zlib.brotliDecompressSync(fs.readFileSync(path.join(bin, 'fonts.tar.br'))), tmp); // fonts/: Open Sans
    fs.writeFileSync(
      path.join(tmp, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        '<fontconfig>',
        `  <dir>${path.join(cacheDir, 'fonts')}</dir>`,
        `  <cachedir>${path.join(cacheDir, 'fontconfig-cache')}</cachedir>`,
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    try {
      fs.renameSync(tmp, cacheDir);
    } catch (e) {
      if (!fs.existsSync(browser.executablePath)) throw e; // another process finished first: use its copy
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return browser;
}

/** Extracts the regular files and directories of an (uncompressed) tar archive into `dest`. */
export function untar(archive: Buffer, dest: string): void {
  const root = path.resolve(dest);
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, end: number): string => header.toString('utf8', start, end).replace(/\0[\s\S]*$/, '');
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const type = field(156, 157) || '0';
    const prefix = field(257, 262) === 'ustar' ? field(345, 500) : '';
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const body = archive.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0[\s\S]*$/, '');
      continue;
    }
    if (type === 'x') {
      longName = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
      continue;
    }
    const target = path.resolve(root, ...name.split('/').filter(Boolean));
    if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`archive entry outside the target directory: ${name}`);
    if (type === '5') fs.mkdirSync(target, { recursive: true });
    else if (type === '0') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, body, { mode: parseInt(field(100, 108).trim() || '644', 8) & 0o777 });
    }
    // Links, devices and global headers are not in these archives and are skipped.
  }
}
