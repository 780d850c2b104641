/**
 * The order in which the e2e tests and screenshot scripts look for a browser (scripts/lib/find-browser.ts):
 * CHROMIUM_PATH, then an installed Chrome/Chromium/Edge in the usual places of each OS, then the npm-package Chromium.
 * Files stand in for browsers here; tests/e2e/browser-fallback.test.ts launches the packaged one for real.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findBrowser, installedCandidates, untar, type Browser } from '../../scripts/lib/find-browser';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-find-browser-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content = '\x7fELF fake browser'): string => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content, { mode: 0o755 });
  return p;
};
const packagedStandIn = (): { packaged: () => Promise<Browser>; calls: () => number } => {
  let calls = 0;
  return {
    packaged: () => {
      calls += 1;
      return Promise.resolve({ executablePath: path.join(dir, 'unpacked', 'chromium'), source: 'package', env: { FONTCONFIG_FILE: 'x' } });
    },
    calls: () => calls,
  };
};

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH first, even when a browser is installed', async () => {
    const chosen = file('my-chromium');
    const installed = file('usr/bin/chromium');
    const p = packagedStandIn();
    const b = await findBrowser({ env: { CHROMIUM_PATH: chosen }, candidates: [installed], packaged: p.packaged });
    expect(b).toEqual({ executablePath: chosen, source: 'CHROMIUM_PATH', env: {} });
    expect(p.calls()).toBe(0);
  });

  it('refuses a CHROMIUM_PATH where there is no browser instead of quietly taking another one', async () => {
    const missing = path.join(dir, 'nothing-here');
    await expect(findBrowser({ env: { CHROMIUM_PATH: missing }, candidates: [file('chrome')], packaged: packagedStandIn().packaged })).rejects.toThrow(
      `CHROMIUM_PATH is ${missing}`,
    );
  });

  it('without CHROMIUM_PATH takes the first installed browser in the list', async () => {
    const edge = file('edge');
    const chrome = file('chrome');
    const b = await findBrowser({ env: {}, candidates: [path.join(dir, 'absent'), edge, chrome], packaged: packagedStandIn().packaged });
    expect(b).toEqual({ executablePath: edge, source: 'installed', env: {} });
  });

  it('skips a launcher that only starts the snap package (its sandbox cannot open our profile)', async () => {
    const snap = file('chromium-browser', '#!/bin/sh\nexec /snap/bin/chromium "$@"\n');
    const real = file('google-chrome');
    const b = await findBrowser({ env: {}, candidates: [snap, real], packaged: packagedStandIn().packaged });
    expect(b.executablePath).toBe(real);
  });

  it('falls back to the npm-package browser when nothing is installed', async () => {
    const p = packagedStandIn();
    const b = await findBrowser({ env: {}, candidates: [path.join(dir, 'absent-1'), path.join(dir, 'absent-2')], packaged: p.packaged });
    expect(b.source).toBe('package');
    expect(p.calls()).toBe(1);
  });

  it('RED_SAIL_BROWSER=packaged skips installed browsers, to try on any machine what a bare one does', async () => {
    const p = packagedStandIn();
    const b = await findBrowser({ env: { RED_SAIL_BROWSER: 'packaged' }, candidates: [file('chromium')], packaged: p.packaged });
    expect(b.source).toBe('package');
    expect(p.calls()).toBe(1);
  });
});

describe('installedCandidates', () => {
  it('Windows: Chrome, Chromium and Edge under the per-user and machine-wide program folders, as Windows paths', () => {
    const list = installedCandidates('win32', {
      LOCALAPPDATA: 'C:\\Users\\wang\\AppData\\Local',
      PROGRAMFILES: 'C:\\Program Files',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
    });
    expect(list).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
    expect(list).toContain('C:\\Users\\wang\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
    expect(list).toContain('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(list.every((p) => !p.includes('/'))).toBe(true);
    expect(list.indexOf('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe')).toBeLessThan(
      list.indexOf('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'),
    );
  });

  it('macOS: the app bundles in /Applications and ~/Applications', () => {
    const list = installedCandidates('darwin', {}, '/Users/wang');
    expect(list[0]).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(list).toContain('/Users/wang/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(list).toContain('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
  });

  it('Linux: the distribution packages and Google/Microsoft installs', () => {
    const list = installedCandidates('linux', {}, '/home/wang');
    expect(list[0]).toBe('/usr/bin/chromium');
    expect(list).toEqual(expect.arrayContaining(['/usr/bin/google-chrome', '/opt/google/chrome/chrome', '/usr/bin/microsoft-edge']));
  });
});

describe('untar (unpacking the packaged browser)', () => {
  const entry = (name: string, body: string, type = '0'): Buffer => {
    const header = Buffer.alloc(512);
    header.write(name, 0, 'utf8');
    header.write('0000644\0', 100, 'utf8');
    header.write(`${Buffer.byteLength(body).toString(8).padStart(11, '0')}\0`, 124, 'utf8');
    header.write(type, 156, 'utf8');
    header.write('ustar\0', 257, 'utf8');
    const data = Buffer.alloc(Math.ceil(Buffer.byteLength(body) / 512) * 512);
    data.write(body, 0, 'utf8');
    return Buffer.concat([header, data]);
  };

  it('writes the files and folders of the archive', () => {
    const out = path.join(dir, 'out');
    untar(Buffer.concat([entry('lib/', '', '5'), entry('lib/libnss3.so', 'nss'), Buffer.alloc(1024)]), out);
    expect(fs.readFileSync(path.join(out, 'lib', 'libnss3.so'), 'utf8')).toBe('nss');
  });

  it('refuses an entry that would land outside the target folder', () => {
    const out = path.join(dir, 'out');
    expect(() => untar(Buffer.concat([entry('../escaped', 'x'), Buffer.alloc(1024)]), out)).toThrow('outside the target directory');
    expect(fs.existsSync(path.join(dir, 'escaped'))).toBe(false);
  });
});
