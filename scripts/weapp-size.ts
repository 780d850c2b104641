/**
 * `npm run size` — sizes of the weapp build (dist/weapp), as WeChat counts packages:
 *
 *   main package     every file in dist/weapp that is not under a subpackage root listed in app.json
 *                    (`subPackages` / `subpackages`), i.e. what every user downloads before the first page shows;
 *   subpackages      each root's files;
 *   framework floor  the files Taro emits for any app, whatever its pages: runtime.js, taro.js, vendors.js,
 *                    base.wxml, comp.*, utils.wxs. (React itself ships inside app.js and is not in the floor.)
 *
 * Goal: main package ≤ 600 KB (WeChat's own hard limit is 2 MB; its code-quality check warns above 1.5 MB).
 * Sizes are raw bytes on disk, KB = 1024 bytes. Exit code 1 when the goal is missed.
 *
 *   tsx scripts/weapp-size.ts [--json] [--dir dist/weapp] [--budget-kb 600]
 */
import fs from 'node:fs';
import path from 'node:path';

export const MAIN_PACKAGE_BUDGET_KB = 600;
export const DEFAULT_WEAPP_DIR = path.resolve(__dirname, '..', 'dist', 'weapp');

/** Files (relative to the build root) that Taro emits for any app; `comp.*` is expanded against the build. */
export const FRAMEWORK_FLOOR_FILES = ['runtime.js', 'taro.js', 'vendors.js', 'base.wxml', 'comp.*', 'utils.wxs'];

export interface FileSize {
  file: string;
  bytes: number;
}

export interface PackageSize {
  root: string;
  bytes: number;
  kb: number;
  files: number;
}

export interface WeappSizeReport {
  dir: string;
  main: PackageSize;
  subpackages: PackageSize[];
  total: { bytes: number; kb: number; files: number };
  floor: { bytes: number; kb: number; files: FileSize[]; missing: string[] };
  /** main package bytes / framework floor bytes */
  ratio: number;
  budgetKb: number;
  pass: boolean;
}

const kb = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10;

function walk(dir: string, base = dir, out: FileSize[] = []): FileSize[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, base, out);
    else if (entry.isFile()) out.push({ file: path.relative(base, full).split(path.sep).join('/'), bytes: fs.statSync(full).size });
  }
  return out;
}

export class MissingBuildError extends Error {}

/** Throws MissingBuildError (with the command to run) when there is no build at `dir`. */
export function assertWeappBuilt(dir: string): void {
  if (!fs.existsSync(path.join(dir, 'app.json')) || !fs.existsSync(path.join(dir, 'app.js'))) {
    throw new MissingBuildError(`no weapp build in ${dir} (app.json/app.js missing): run \`npm run build:weapp\` first`);
  }
}

export function subpackageRoots(dir: string): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as {
    subPackages?: Array<{ root: string }>;
    subpackages?: Array<{ root: string }>;
  };
  const list = [...(app.subPackages ?? []), ...(app.subpackages ?? [])];
  return list.map((p) => p.root.replace(/^\.?\/+/, '').replace(/\/*$/, '/'));
}

export function measureWeapp(dir: string = DEFAULT_WEAPP_DIR, budgetKb: number = MAIN_PACKAGE_BUDGET_KB): WeappSizeReport {
  assertWeappBuilt(dir);
  const files = walk(dir);
  const roots = subpackageRoots(dir);
  const subs = new Map<string, PackageSize>(roots.map((r) => [r, { root: r, bytes: 0, kb: 0, files: 0 }]));
  const main: PackageSize = { root: '/', bytes: 0, kb: 0, files: 0 };
  for (const f of files) {
    const owner = roots.find((r) => f.file.startsWith(r));
    const pkg = owner ? subs.get(owner)! : main;
    pkg.bytes += f.bytes;
    pkg.files += 1;
  }
  for (const p of [main, ...subs.values()]) p.kb = kb(p.bytes);

  const floorFiles: FileSize[] = [];
  const missing: string[] = [];
  for (const pattern of FRAMEWORK_FLOOR_FILES) {
    const matches = pattern.endsWith('.*')
      ? files.filter((f) => !f.file.includes('/') && f.file.startsWith(pattern.slice(0, -1)))
      : files.filter((f) => f.file === pattern);
    if (matches.length === 0) missing.push(pattern);
    floorFiles.push(...matches);
  }
  const floorBytes = floorFiles.reduce((s, f) => s + f.bytes, 0);
  const totalBytes = files.reduce((s, f) => s + f.bytes, 0);
  return {
    dir,
    main,
    subpackages: [...subs.values()],
    total: { bytes: totalBytes, kb: kb(totalBytes), files: files.length },
    floor: { bytes: floorBytes, kb: kb(floorBytes), files: floorFiles, missing },
    ratio: floorBytes > 0 ? Math.round((main.bytes / floorBytes) * 100) / 100 : Number.POSITIVE_INFINITY,
    budgetKb,
    pass: main.bytes <= budgetKb * 1024,
  };
}

export function formatReport(r: WeappSizeReport): string {
  const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(1, n - [...s].length));
  const num = (n: number): string => n.toFixed(1).padStart(8);
  const lines = [
    `weapp build: ${path.relative(process.cwd(), r.dir) || r.dir}`,
    `  ${pad('main package', 28)}${num(r.main.kb)} KB  (${r.main.files} files)`,
    ...r.subpackages.map((s) => `  ${pad(`subpackage ${s.root}`, 28)}${num(s.kb)} KB  (${s.files} files)`),
    `  ${pad('total', 28)}${num(r.total.kb)} KB  (${r.total.files} files)`,
    `  ${pad('framework floor', 28)}${num(r.floor.kb)} KB  (${r.floor.files.map((f) => f.file).join(', ')})`,
    ...(r.floor.missing.length ? [`  (floor files not in this build: ${r.floor.missing.join(', ')})`] : []),
    `  ${pad('main package / floor', 28)}${r.ratio.toFixed(2).padStart(8)} ×`,
    `main package ${r.main.kb.toFixed(1)} KB ≤ ${r.budgetKb} KB: ${r.pass ? 'PASS' : 'FAIL'}`,
  ];
  return lines.join('\n');
}

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const dirArg = argv.indexOf('--dir');
  const budgetArg = argv.indexOf('--budget-kb');
  const dirValue = dirArg >= 0 ? argv[dirArg + 1] : undefined;
  const dir = dirValue ? path.resolve(dirValue) : DEFAULT_WEAPP_DIR;
  const budget = budgetArg >= 0 && argv[budgetArg + 1] ? Number(argv[budgetArg + 1]) : MAIN_PACKAGE_BUDGET_KB;
  try {
    const report = measureWeapp(dir, budget);
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return report.pass ? 0 : 1;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (json) process.stdout.write(`${JSON.stringify({ error: message })}\n`);
    else process.stderr.write(`${message}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
