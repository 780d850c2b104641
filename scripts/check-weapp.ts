/**
 * `npm run check:weapp` — WeChat's own checkers over the weapp build, offline.
 *
 * 1. Compile: every .wxml (with every .wxs) through WeChat's `wcc` and every .wxss through `wcsc`, the Linux/macOS/
 *    Windows binaries shipped in miniprogram-compiler (what miniprogram-simulate and the old DevTools use). Each .wxml is
 *    compiled on its own (wcc stops at the first error, so this names every broken file) and once all together with the
 *    usingComponents table, as DevTools does; .wxss are compiled together (imports must resolve) and wcsc names every
 *    bad file. Also checked: `<import|include|wxs src>` targets, usingComponents targets and app.json pages exist
 *    (wcc does not look at those; DevTools fails on them).
 * 2. miniprogram-ci `checkCodeQuality` — the "代码质量" panel of DevTools — with a fake appid and a throwaway RSA key
 *    generated into a temp dir (neither is used offline). It runs in a child process: its code analyser starts a
 *    chokidar watcher that is never closed and would keep any host process alive.
 *    It returns `[{ name, success, text, docURL, detail }]`; a rule fails when `success === false`. Beware: when a rule's
 *    checker throws, miniprogram-ci logs the error and reports `success: true`; those logged errors are reported here
 *    as failures (`checkerErrors`).
 *
 *   tsx scripts/check-weapp.ts [--json] [--dir dist/weapp] [--no-quality]
 * Exit code 0 = all checks pass, 1 = a check failed, 2 = no build / checker could not run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..');
export const DEFAULT_WEAPP_DIR = path.join(repoRoot, 'dist', 'weapp');
export const FAKE_APPID = 'wx0000000000000000';

// ---------------------------------------------------------------------------------------------------------------------
// 1. wcc / wcsc

export interface CompileIssue {
  tool: 'wcc' | 'wcsc' | 'refs';
  /** path relative to the build root */
  file: string;
  message: string;
}

export interface CompileReport {
  dir: string;
  wxml: string[];
  wxs: string[];
  wxss: string[];
  issues: CompileIssue[];
  ms: number;
}

export class MissingBuildError extends Error {}

export function assertWeappBuilt(dir: string): void {
  if (!fs.existsSync(path.join(dir, 'app.json')) || !fs.existsSync(path.join(dir, 'app.js'))) {
    throw new MissingBuildError(`no weapp build in ${dir} (app.json/app.js missing): run \`npm run build:weapp\` first`);
  }
}

/** Path of a miniprogram-compiler binary, made executable (the npm tarball ships wcsc without the x bit). */
export function compilerBinary(name: 'wcc' | 'wcsc'): string {
  const pkgDir = path.dirname(require.resolve('miniprogram-compiler/package.json'));
  const platform = process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'windows' : 'linux';
  const bin = path.join(pkgDir, 'bin', platform, process.platform === 'win32' ? `${name}.exe` : name);
  if (!fs.existsSync(bin)) throw new Error(`miniprogram-compiler has no ${name} for ${process.platform} (${bin})`);
  if (process.platform !== 'win32') {
    try {
      fs.accessSync(bin, fs.constants.X_OK);
    } catch {
      fs.chmodSync(bin, 0o755);
    }
  }
  return bin;
}

function listFiles(dir: string, ext: string, base = dir, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, ext, base, out);
    else if (entry.isFile() && entry.name.endsWith(ext)) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

const usingComponentsOf = (dir: string, rel: string): Record<string, string> =>
  ((readJson(path.join(dir, rel.replace(/\.(wxml|wxss)$/, '.json')))?.usingComponents ?? {}) as Record<string, string>);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

function run(bin: string, args: string[], cwd: string): Run {
  const r = spawnSync(bin, args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

const clean = (s: string): string =>
  s
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !/^error file count: \d+$/.test(l))
    .join('\n');

/** wcc messages look like `pages/me/index.wxml:1:16: expect end-tag ...` or `utils.wxs:1:34:Expected variable`. */
function wccIssues(output: string, fallbackFile: string): CompileIssue[] {
  const text = clean(output);
  if (!text) return [{ tool: 'wcc', file: fallbackFile, message: 'wcc failed without a message' }];
  const m = /^(?:\.\/)?([^\s:]+\.(?:wxml|wxs)):(\d+:\d+:.*)$/s.exec(text);
  return [{ tool: 'wcc', file: m?.[1] ?? fallbackFile, message: m?.[2]?.trim() ?? text }];
}

/** wcsc messages look like `ERR: pages/me/index.wxss(2:3): unexpected ...`, one line per bad file. */
function wcscIssues(output: string): CompileIssue[] {
  const issues: CompileIssue[] = [];
  const rest: string[] = [];
  for (const raw of clean(output).split('\n')) {
    const line = raw.replace(/^ERR:\s*/, '');
    const m = /^(?:\.\/)?(\S+\.wxss)\((\d+:\d+)\):\s*(.*)$/.exec(line);
    const m2 = /^path `(.+)` not found from `(.+\.wxss)`\.?$/.exec(line);
    if (m?.[1]) issues.push({ tool: 'wcsc', file: m[1], message: `${m[2] ?? ''}: ${m[3] ?? ''}` });
    else if (m2?.[2]) issues.push({ tool: 'wcsc', file: m2[2], message: line });
    else if (line) rest.push(line);
  }
  if (rest.length) issues.push({ tool: 'wcsc', file: '(wcsc)', message: rest.join('\n') });
  return issues.length ? issues : [{ tool: 'wcsc', file: '(wcsc)', message: 'wcsc failed without a message' }];
}

/** Files that WeChat resolves at build time and wcc does not check. */
function referenceIssues(dir: string, wxml: string[]): CompileIssue[] {
  const issues: CompileIssue[] = [];
  const exists = (rel: string): boolean => fs.existsSync(path.join(dir, rel));
  const resolveFrom = (from: string, target: string): string =>
    target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(from), target));
  for (const file of wxml) {
    const src = fs.readFileSync(path.join(dir, file), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    for (const m of src.matchAll(/<(import|include|wxs)\b[^>]*?\bsrc\s*=\s*["']([^"'{}]+)["']/g)) {
      const [, tag = '', target = ''] = m;
      let rel = resolveFrom(file, target);
      if (tag !== 'wxs' && !rel.endsWith('.wxml')) rel += '.wxml';
      if (!exists(rel)) issues.push({ tool: 'refs', file, message: `<${tag} src="${target}">: ${rel} does not exist` });
    }
  }
  for (const json of listFiles(dir, '.json')) {
    const using = (readJson(path.join(dir, json))?.usingComponents ?? {}) as Record<string, string>;
    for (const [tag, target] of Object.entries(using)) {
      if (/^plugin(-private)?:\/\//.test(target)) continue;
      const rel = resolveFrom(json, target);
      const candidates = [rel, `${rel}/index`];
      if (!candidates.some((c) => exists(`${c}.json`) && (exists(`${c}.js`) || exists(`${c}.ts`)) && exists(`${c}.wxml`))) {
        issues.push({ tool: 'refs', file: json, message: `usingComponents "${tag}": "${target}" has no .json/.js/.wxml` });
      }
    }
  }
  const app = readJson(path.join(dir, 'app.json')) as { pages?: string[]; subPackages?: Array<{ root: string; pages: string[] }>; subpackages?: Array<{ root: string; pages: string[] }> } | null;
  if (!app) issues.push({ tool: 'refs', file: 'app.json', message: 'missing or not JSON' });
  else {
    const pages = [
      ...(app.pages ?? []),
      ...[...(app.subPackages ?? []), ...(app.subpackages ?? [])].flatMap((p) => p.pages.map((pg) => path.posix.join(p.root, pg))),
    ];
    for (const page of pages) {
      for (const ext of ['.js', '.wxml']) {
        if (!exists(page + ext)) issues.push({ tool: 'refs', file: 'app.json', message: `page ${page}: ${page}${ext} does not exist` });
      }
    }
  }
  return issues;
}

/** Compiles the whole build with wcc/wcsc; `issues` is empty when WeChat's compilers accept every file. */
export function compileWeapp(dir: string = DEFAULT_WEAPP_DIR): CompileReport {
  assertWeappBuilt(dir);
  const t0 = Date.now();
  const wxml = listFiles(dir, '.wxml');
  const wxs = listFiles(dir, '.wxs');
  const wxss = listFiles(dir, '.wxss');
  const issues: CompileIssue[] = [];
  const seen = new Set<string>();
  const add = (list: CompileIssue[]): void => {
    for (const i of list) {
      const key = `${i.tool}\0${i.file}\0${i.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        issues.push(i);
      }
    }
  };

  const wcc = compilerBinary('wcc');
  // each file on its own, with every .wxs it may use
  for (const file of wxml) {
    const r = run(wcc, ['-d', '-cc', '0', file, ...wxs, '-gn', '$gwx'], dir);
    if (r.error) throw r.error;
    if (r.status !== 0) add(wccIssues(r.stderr || r.stdout, file));
  }
  // all together, with the usingComponents table, as DevTools compiles a project
  const withComponents = wxml.filter((f) => Object.keys(usingComponentsOf(dir, f)).length > 0);
  const componentArgs = [
    String(withComponents.length),
    ...withComponents.flatMap((f) => {
      const names = Object.keys(usingComponentsOf(dir, f));
      return [f, String(names.length), ...names];
    }),
  ].join(' ');
  if (wxml.length) {
    const r = run(wcc, ['-d', '-cc', componentArgs, ...wxml, ...wxs, '-gn', '$gwx'], dir);
    if (r.error) throw r.error;
    if (r.status !== 0) add(wccIssues(r.stderr || r.stdout, '(all .wxml)'));
    else if (!r.stdout.includes('$gwx')) add([{ tool: 'wcc', file: '(all .wxml)', message: 'wcc produced no $gwx output' }]);
  }

  if (wxss.length) {
    // page/component stylesheets (those with a .json) first, then the rest, as miniprogram-compiler orders them
    const comp = wxss.filter((f) => fs.existsSync(path.join(dir, f.replace(/\.wxss$/, '.json'))));
    const other = wxss.filter((f) => !comp.includes(f));
    const r = run(compilerBinary('wcsc'), ['-db', '-pc', String(comp.length), ...comp, ...other], dir);
    if (r.error) throw r.error;
    if (r.status !== 0) add(wcscIssues(r.stderr || r.stdout));
  }

  add(referenceIssues(dir, wxml));
  return { dir, wxml, wxs, wxss, issues, ms: Date.now() - t0 };
}

// ---------------------------------------------------------------------------------------------------------------------
// 2. miniprogram-ci checkCodeQuality

export interface QualityRule {
  name: string;
  success: boolean;
  text?: string;
  docURL?: string;
  detail?: unknown;
}

export interface QualityReport {
  projectPath: string;
  rules: QualityRule[];
  /** errors miniprogram-ci logged while checking (a throwing rule is reported by it as success) */
  checkerErrors: string[];
  failed: QualityRule[];
  ok: boolean;
  ms: number;
}

/**
 * The project miniprogram-ci should open: the repo root when its project.config.json's miniprogramRoot is `dir` (what a
 * developer opens in DevTools, so its `setting` is the one that counts), else `dir` itself (Taro copies the config
 * there).
 */
export function qualityProjectPath(dir: string): string {
  const rootConfig = readJson(path.join(repoRoot, 'project.config.json')) as { miniprogramRoot?: string } | null;
  if (rootConfig?.miniprogramRoot && path.resolve(repoRoot, rootConfig.miniprogramRoot) === path.resolve(dir)) return repoRoot;
  return dir;
}

const CHILD = String.raw`
const fs = require('fs');
const { ciPath, localesPath, projectPath, keyPath, outPath, appid } = JSON.parse(process.env.CHECK_WEAPP_ARGS);
const errors = [];
console.error = (...args) => errors.push(args.map((a) => (a && a.stack) || String(a)).join(' '));
const write = (v) => { fs.writeFileSync(outPath, JSON.stringify(v)); process.exit(0); };
(async () => {
  const ci = require(ciPath);
  try { require(localesPath).default.setLocale('zh'); } catch (e) { /* English texts then */ }
  const project = new ci.Project({ appid, type: 'miniProgram', projectPath, privateKeyPath: keyPath, ignores: ['node_modules/**/*'] });
  const rules = await ci.checkCodeQuality(project);
  write({ rules, errors });
})().catch((e) => write({ fatal: String((e && e.stack) || e), errors }));
`;

/** Runs miniprogram-ci's checkCodeQuality offline on the build, in a child process (see the header). */
export async function runCodeQuality(dir: string = DEFAULT_WEAPP_DIR, options: { timeoutMs?: number } = {}): Promise<QualityReport> {
  assertWeappBuilt(dir);
  const t0 = Date.now();
  const projectPath = qualityProjectPath(dir);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'check-weapp-'));
  try {
    // A throwaway key: miniprogram-ci insists on one; nothing is signed or sent offline.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyPath = path.join(tmp, `private.${FAKE_APPID}.key`);
    fs.writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
    const outPath = path.join(tmp, 'result.json');
    const ciPath = require.resolve('miniprogram-ci');
    const args = {
      ciPath,
      localesPath: path.join(path.dirname(ciPath), 'utils', 'locales', 'locales.js'),
      projectPath,
      keyPath,
      outPath,
      appid: FAKE_APPID,
    };
    const log = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', CHILD], {
        cwd: projectPath,
        env: { ...process.env, CHECK_WEAPP_ARGS: JSON.stringify(args) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`checkCodeQuality did not finish in ${options.timeoutMs ?? 120_000} ms\n${output}`));
      }, options.timeoutMs ?? 120_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('exit', () => {
        clearTimeout(timer);
        resolve(output);
      });
    });
    if (!fs.existsSync(outPath)) throw new Error(`checkCodeQuality wrote no result:\n${log}`);
    const result = JSON.parse(fs.readFileSync(outPath, 'utf8')) as { rules?: QualityRule[]; errors: string[]; fatal?: string };
    if (result.fatal) throw new Error(`checkCodeQuality failed: ${result.fatal}`);
    const rules = (result.rules ?? []).map((r) => ({ name: r.name, success: r.success, text: r.text, docURL: r.docURL, detail: r.detail }));
    const failed = rules.filter((r) => r.success === false);
    return {
      projectPath,
      rules,
      checkerErrors: result.errors,
      failed,
      ok: rules.length > 0 && failed.length === 0 && result.errors.length === 0,
      ms: Date.now() - t0,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------------

export interface CheckReport {
  compile: CompileReport;
  quality: QualityReport | null;
  ok: boolean;
}

export async function checkWeapp(options: { dir?: string; quality?: boolean } = {}): Promise<CheckReport> {
  const dir = options.dir ?? DEFAULT_WEAPP_DIR;
  const compile = compileWeapp(dir);
  const quality = options.quality === false ? null : await runCodeQuality(dir);
  return { compile, quality, ok: compile.issues.length === 0 && (quality?.ok ?? true) };
}

/** What a rule actually looks at (read from miniprogram-ci 2.1.42's checkCodeQuality.js). */
export const QUALITY_HINTS: Record<string, string> = {
  JS_COMPRESS_OPEN: 'reads project.config.json setting.minified (DevTools/CI minify .js on upload); it does not look at the files',
  WXML_COMPRESS_OPEN: 'reads project.config.json setting.minifyWXML',
  WXSS_COMPRESS_OPEN: 'reads project.config.json setting.minifyWXSS',
  LAZYCODE_LOADING_OPEN: 'reads app.json lazyCodeLoading',
  CONTAINS_UNUSED_CODES: 'passes whenever setting.ignoreUploadUnusedFiles/ignoreDevUnusedFiles are not false',
};

function detailText(rule: QualityRule): string {
  if (rule.name === 'PACKAGE_SIZE_LIMIT' && rule.detail && typeof rule.detail === 'object') {
    return Object.entries(rule.detail as Record<string, number>)
      .map(([k, v]) => `${k === '__APP__' ? 'main' : k} ${(v / 1024).toFixed(1)} KB`)
      .join(', ');
  }
  if (Array.isArray(rule.detail) && rule.detail.length) return JSON.stringify(rule.detail);
  const files = (rule.detail as { files?: unknown[] } | undefined)?.files;
  if (Array.isArray(files) && files.length) return JSON.stringify(files);
  return '';
}

export function formatCheck(report: CheckReport): string {
  const c = report.compile;
  const lines = [
    `wcc:  ${c.wxml.length} .wxml + ${c.wxs.length} .wxs; wcsc: ${c.wxss.length} .wxss  (${c.ms} ms)`,
    ...(c.issues.length ? c.issues.map((i) => `  ✗ [${i.tool}] ${i.file}: ${i.message.replace(/\n/g, '\n      ')}`) : ['  ✓ all files compile']),
  ];
  const q = report.quality;
  if (q) {
    lines.push(`checkCodeQuality (miniprogram-ci, appid ${FAKE_APPID}, project ${path.relative(process.cwd(), q.projectPath) || '.'})  (${q.ms} ms)`);
    for (const r of q.rules) {
      const detail = detailText(r);
      const hint = !r.success && QUALITY_HINTS[r.name] ? `  — ${QUALITY_HINTS[r.name]}` : '';
      lines.push(`  ${r.success ? '✓' : '✗'} ${r.name.padEnd(30)} ${r.text ?? ''}${detail ? `  [${detail}]` : ''}${hint}`);
    }
    for (const e of q.checkerErrors) lines.push(`  ✗ checker error (miniprogram-ci counted the rule as passed): ${e.split('\n')[0]}`);
    if (!q.rules.length) lines.push('  ✗ checkCodeQuality returned no rules');
  }
  lines.push(report.ok ? 'check-weapp: PASS' : 'check-weapp: FAIL');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const dirArg = argv.indexOf('--dir');
  const dirValue = dirArg >= 0 ? argv[dirArg + 1] : undefined;
  const dir = dirValue ? path.resolve(dirValue) : DEFAULT_WEAPP_DIR;
  try {
    const report = await checkWeapp({ dir, quality: !argv.includes('--no-quality') });
    process.stdout.write(argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatCheck(report)}\n`);
    return report.ok ? 0 : 1;
  } catch (e) {
    process.stderr.write(`check-weapp: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
