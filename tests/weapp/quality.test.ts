/**
 * WeChat's own checkers over the BUILT weapp (dist/weapp; `npm test` builds it first, or run `npm run build:weapp`):
 * wcc/wcsc compile every file, miniprogram-ci's checkCodeQuality has no failing rule, and the main package stays
 * within its budget. See scripts/check-weapp.ts and scripts/weapp-size.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { QUALITY_HINTS, assertWeappBuilt, compileWeapp, runCodeQuality, type QualityReport } from '../../scripts/check-weapp';
import { MAIN_PACKAGE_BUDGET_KB, measureWeapp } from '../../scripts/weapp-size';

const dir = path.resolve(process.env.WEAPP_DIR ?? path.join(__dirname, '..', '..', 'dist', 'weapp'));

beforeAll(() => {
  // Fails every test below with: no weapp build in …: run `npm run build:weapp` first
  assertWeappBuilt(dir);
});

test('WeChat wcc/wcsc compile every .wxml, .wxs and .wxss of the build', () => {
  const report = compileWeapp(dir);
  expect(report.wxml.length).toBeGreaterThan(0);
  expect(report.wxss.length).toBeGreaterThan(0);
  expect(report.issues.map((i) => `[${i.tool}] ${i.file}: ${i.message}`)).toEqual([]);
});

describe('miniprogram-ci checkCodeQuality (offline)', () => {
  let quality: QualityReport;
  beforeAll(async () => {
    quality = await runCodeQuality(dir, { timeoutMs: 60_000 });
  }, 70_000);

  test('ran its rules without checker errors', () => {
    expect(quality.rules.map((r) => r.name)).toEqual(expect.arrayContaining(['PACKAGE_SIZE_LIMIT', 'JS_COMPRESS_OPEN', 'LAZYCODE_LOADING_OPEN']));
    expect(quality.checkerErrors).toEqual([]);
  });

  test('has no failing rule', () => {
    expect(quality.failed.map((r) => `${r.name}: ${r.text ?? ''}${QUALITY_HINTS[r.name] ? ` (${QUALITY_HINTS[r.name]})` : ''}`)).toEqual([]);
  });

  test('agrees that the main package is under its 1.5 MB limit', () => {
    const rule = quality.rules.find((r) => r.name === 'PACKAGE_SIZE_LIMIT');
    expect(rule?.success).toBe(true);
    expect((rule?.detail as Record<string, number>).__APP__).toBeLessThan(MAIN_PACKAGE_BUDGET_KB * 1024);
  });
});

test(`main package ≤ ${MAIN_PACKAGE_BUDGET_KB} KB`, () => {
  const report = measureWeapp(dir);
  expect(report.floor.missing).toEqual([]);
  expect(report.main.bytes).toBeGreaterThan(report.floor.bytes);
  expect(report.main.kb).toBeLessThanOrEqual(MAIN_PACKAGE_BUDGET_KB);
});

test('the main package carries no validation library (zod stays in the functions: the app imports types/*-rules.ts)', () => {
  // Subpackage folders are packages/<name>/; everything else at the top is the main package.
  const mainJs = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js') && !f.startsWith('packages'));
  expect(mainJs.length).toBeGreaterThan(0);
  const withZod = mainJs.filter((f) => /ZodError|\$ZodType/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
  expect(withZod).toEqual([]);
});
