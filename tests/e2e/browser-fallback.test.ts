/**
 * A bare machine (no browser installed, CHROMIUM_PATH unset): the e2e tests and screenshot scripts fall back to the
 * Chromium shipped in the npm package @sparticuz/chromium. Here every system location is hidden (an empty candidate
 * list), the packaged browser is unpacked into a fresh folder, really launched, and renders a page with Chinese text
 * in the web font the tests serve (the packaged browser has no Chinese font of its own).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findBrowser, unpackPackagedChromium, type Browser } from '../../scripts/lib/find-browser';
import { CJK_FAMILY, launchPhone, ROOT, type Phone } from '../support/browser';

jest.setTimeout(120_000);

let cacheDir: string;
let server: http.Server;
let url: string;
let phone: Phone | undefined;

beforeAll(async () => {
  cacheDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-packaged-')), 'chromium');
  server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="zh-CN"><body style="margin:0">
      <p id="zh" style="font: 40px ${CJK_FAMILY}, sans-serif; display: inline-block; margin: 0">红帆预约</p></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await phone?.close();
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(path.dirname(cacheDir), { recursive: true, force: true });
});

it('with CHROMIUM_PATH unset and no browser installed, the npm-package Chromium is chosen, launches and renders Chinese text', async () => {
  const started = Date.now();
  const browser: Browser = await findBrowser({ env: {}, candidates: [], packaged: () => unpackPackagedChromium({ cacheDir }) });
  const unpackedMs = Date.now() - started;
  expect(browser.source).toBe('package');
  expect(browser.executablePath).toBe(path.join(cacheDir, 'chromium'));
  expect(fs.statSync(browser.executablePath).mode & 0o111).not.toBe(0);

  const launchStarted = Date.now();
  phone = await launchPhone({ browser });
  const launchedMs = Date.now() - launchStarted;
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@sparticuz', 'chromium', 'package.json'), 'utf8')) as { version: string }).version;
  expect(await phone.page.evaluate(() => navigator.userAgent)).toContain(`HeadlessChrome/${version.split('.')[0]}.`);

  await phone.page.goto(url);
  await phone.page.evaluate(() => document.fonts.ready.then(() => undefined));
  expect(await phone.page.textContent('#zh')).toBe('红帆预约');
  // The Chinese web font was fetched and used for these characters.
  const loaded = await phone.page.evaluate(
    (family) => {
      let n = 0;
      document.fonts.forEach((f) => {
        if (f.family.replace(/"/g, '') === family && f.status === 'loaded') n += 1;
      });
      return n;
    },
    CJK_FAMILY,
  );
  expect(loaded).toBeGreaterThan(0);
  // And it shows: the characters are drawn (dark pixels), not left blank.
  const inked = await phone.page.evaluate(async (family) => {
    await document.fonts.load(`40px "${family}"`, '红帆预约');
    const canvas = document.createElement('canvas');
    canvas.width = 200;
    canvas.height = 60;
    const ctx = canvas.getContext('2d');
    if (!ctx) return -1;
    ctx.font = `40px "${family}"`;
    ctx.fillText('红帆预约', 0, 45);
    const data = ctx.getImageData(0, 0, 200, 60).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 128) n += 1;
    return n;
  }, CJK_FAMILY);
  expect(inked).toBeGreaterThan(500);
  process.stdout.write(`packaged Chromium ${version}: unpacked in ${unpackedMs} ms, launched in ${launchedMs} ms\n`);
});
