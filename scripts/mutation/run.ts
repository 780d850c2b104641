/**
 * `npm run test:mutation` — a mutation-testing run over the booking, runtime, authorization and activity code (not
 * part of `npm test`). Each mutant in scripts/mutation/mutants.ts is one realistic bug; it is applied in an isolated
 * copy of the repository (never in this work tree), the jest files covering its area (or the test files the mutant
 * names) run against it, and it is killed (a test failed, or the run timed out) or it survived. Prints a score per area and writes MUTATION.md (full runs).
 *
 *   --area=booking|runtime|roles|activity   only this area (comma-separated for several)
 *   --only=<id>[,<id>]             only these mutants (rerun one); a mutant naming its `tests` runs only those files
 *                                  (the baseline runs the union of the files the selected mutants use)
 *   --parallel=1|2                 mutants at a time (default 2; this machine has 2 cores shared with others)
 *   --from=worktree|HEAD           copy the work tree as it is (default; tracked and new files) or the last commit
 *   --check                        only check that every mutant's find-text occurs exactly once; run nothing
 *   --write                        write MUTATION.md after a partial (--area/--only) run too
 *   --keep                         keep the isolated copies (their paths are printed)
 *   --skip-test=<regex>            leave out tests whose full name matches (one broken by unrelated work in progress:
 *                                  the unmutated copy must pass without it); named in MUTATION.md
 *
 * Exit status: 0 when every mutant was applicable and the unmutated copy passed; 1 when a mutant is stale (its
 * find-text is missing or ambiguous: update mutants.ts) or invalid; 2 when the unmutated copy fails its tests.
 * Surviving mutants do not fail the run: they are reported (see SURVIVOR_NOTES for the verdict on each).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';
import { AREA_TESTS, MUTANTS, SURVIVOR_NOTES } from './mutants';
import { AREAS, editsOf, type Area, type Mutant } from './types';

const root = path.resolve(__dirname, '..', '..');

// ------------------------------------------------------------------ options

interface Options {
  areas: Area[];
  only: string[] | null;
  parallel: number;
  from: 'worktree' | 'HEAD';
  check: boolean;
  write: boolean;
  keep: boolean;
  skipTest: string | null;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const flag = (name: string): boolean => argv.includes(`--${name}`);
  const known = ['area', 'only', 'parallel', 'from', 'check', 'write', 'keep', 'skip-test'];
  for (const a of argv) {
    const name = a.replace(/^--/, '').split('=')[0] ?? '';
    if (!a.startsWith('--') || !known.includes(name)) throw new Error(`unknown option ${a} (known: ${known.map((k) => `--${k}`).join(' ')})`);
  }
  const areas = (value('area')?.split(',') ?? [...AREAS]) as Area[];
  for (const a of areas) if (!AREAS.includes(a)) throw new Error(`--area: ${a} is not one of ${AREAS.join(', ')}`);
  const only = value('only')?.split(',').filter(Boolean) ?? null;
  for (const id of only ?? []) if (!MUTANTS.some((m) => m.id === id)) throw new Error(`--only: no mutant ${id}`);
  const parallel = Number(value('parallel') ?? 2);
  if (![1, 2].includes(parallel)) throw new Error('--parallel must be 1 or 2 (2 shared cores)');
  const from = value('from') ?? 'worktree';
  if (from !== 'worktree' && from !== 'HEAD') throw new Error('--from must be worktree or HEAD');
  const skipTest = value('skip-test') ?? null;
  if (skipTest !== null) new RegExp(skipTest); // throws on a bad pattern
  return { areas, only, parallel, from, check: flag('check'), write: flag('write'), keep: flag('keep'), skipTest };
}

// ------------------------------------------------------------------ the isolated copies

/** Copies the repository's files (not node_modules, not builds) into a fresh directory and links node_modules. */
function makeCopy(from: Options['from'], index: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `red-sail-mutation-${index}-`));
  if (from === 'HEAD') {
    const tar = execFileSync('git', ['archive', '--format=tar', 'HEAD'], { cwd: root, maxBuffer: 512 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  } else {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\0')
      .filter(Boolean);
    for (const f of files) {
      const src = path.join(root, f);
      if (!fs.existsSync(src) || !fs.statSync(src).isFile()) continue; // deleted in the work tree
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.copyFileSync(src, path.join(dir, f));
    }
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function testFilesFor(dir: string, areas: Area[]): string[] {
  const all: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else all.push(p);
    }
  };
  walk('tests');
  return all.filter((f) => areas.some((a) => AREA_TESTS[a].some((re) => re.test(f)))).sort();
}

// ------------------------------------------------------------------ applying a mutant

type Applicability = { ok: true; files: Map<string, string> } | { ok: false; problem: string };

/** The mutated contents of each file the mutant touches, or why it cannot be applied (stale or invalid). */
function mutate(dir: string, m: Mutant): Applicability {
  const files = new Map<string, string>();
  for (const t of m.tests ?? []) if (!fs.existsSync(path.join(dir, t))) return { ok: false, problem: `stale: its test file ${t} does not exist` };
  if (m.tests && m.tests.length === 0) return { ok: false, problem: 'invalid: tests is empty' };
  for (const e of editsOf(m)) {
    const abs = path.join(dir, e.file);
    if (!fs.existsSync(abs)) return { ok: false, problem: `stale: ${e.file} does not exist` };
    const text = files.get(e.file) ?? fs.readFileSync(abs, 'utf8');
    const count = text.split(e.find).length - 1;
    if (count !== 1) return { ok: false, problem: `stale: find-text occurs ${count} times in ${e.file} (must be once): ${JSON.stringify(e.find.slice(0, 90))}` };
    if (e.find === e.replace) return { ok: false, problem: 'invalid: replace equals find' };
    files.set(e.file, text.replace(e.find, () => e.replace));
  }
  for (const [file, text] of files) {
    try {
      transformSync(text, { loader: 'ts', sourcefile: file });
    } catch (e) {
      return { ok: false, problem: `invalid: the mutated ${file} does not parse: ${(e as Error).message.split('\n')[0] ?? ''}` };
    }
  }
  return { ok: true, files };
}

// ------------------------------------------------------------------ running jest

interface JestOutcome {
  status: 'passed' | 'failed' | 'timeout' | 'error';
  ms: number;
  /** The first failing test (file › name), when failed. */
  failed?: string;
  detail?: string;
}

/**
 * Runs jest on `files` in `dir`. Outcome from the exit status and jest's own report on stderr (with --bail jest exits
 * at the first failing file without writing a --json report, so the report text is what there is).
 */
function runJest(dir: string, files: string[], timeoutMs: number, bail: boolean, skipTest: string | null): Promise<JestOutcome> {
  const args = [
    path.join(dir, 'node_modules', 'jest', 'bin', 'jest.js'),
    '--selectProjects', 'node',
    '--ci', '--silent', '--runInBand', '--forceExit',
    '--cacheDirectory', path.join(dir, '.jest-cache'),
    ...(bail ? ['--bail'] : []),
    ...(skipTest ? ['--testNamePattern', `^(?!.*(?:${skipTest}))`] : []),
    '--runTestsByPath', ...files,
  ];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: dir,
      detached: true, // its own process group, so a timeout stops jest and anything it started
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RED_SAIL_LOG: 'off', TZ: 'UTC', FUZZ_RUNS: process.env.FUZZ_RUNS ?? '30', CI: '1', FORCE_COLOR: '0' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 200_000) stderr += d.toString();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      if (timedOut) return resolve({ status: 'timeout', ms });
      if (code === 0) return resolve({ status: 'passed', ms });
      const text = stderr.replace(/\x1b\[[0-9;]*m/g, '');
      const suite = /^FAIL (?:node )?(\S+)/m.exec(text)?.[1];
      if (!suite) return resolve({ status: 'error', ms, detail: `jest exited ${code} without a failing test: ${text.slice(-1500)}` });
      const test = /^\s*● (.+)$/m.exec(text)?.[1]?.trim();
      resolve({ status: 'failed', ms, failed: `${suite} › ${test ?? '(the file failed to run)'}` });
    });
  });
}

// ------------------------------------------------------------------ the run

type Result =
  | { mutant: Mutant; status: 'killed' | 'timeout' | 'survived'; ms: number; by?: string }
  | { mutant: Mutant; status: 'stale' | 'invalid' | 'error'; problem: string };

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const mutants = MUTANTS.filter((m) => opts.areas.includes(m.area) && (!opts.only || opts.only.includes(m.id)));
  const dupes = MUTANTS.map((m) => m.id).filter((id, i, a) => a.indexOf(id) !== i);
  if (dupes.length > 0) throw new Error(`duplicate mutant ids: ${dupes.join(', ')}`);

  // Stale/invalid mutants are found against the source the run will copy.
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const copies: string[] = [makeCopy(opts.from, 0)];
  const first = copies[0] as string;
  const results: Result[] = [];
  const runnable: Array<{ mutant: Mutant; files: Map<string, string> }> = [];
  for (const m of mutants) {
    const a = mutate(first, m);
    if (a.ok) runnable.push({ mutant: m, files: a.files });
    else results.push({ mutant: m, status: a.problem.startsWith('stale') ? 'stale' : 'invalid', problem: a.problem });
  }
  for (const r of results) console.error(`MUTANT ${r.status.toUpperCase()}: ${r.mutant.id} — ${'problem' in r ? r.problem : ''}`);
  if (opts.check) {
    console.log(`${runnable.length} of ${mutants.length} mutants apply cleanly.`);
    cleanup(copies, opts.keep);
    process.exitCode = results.length > 0 ? 1 : 0;
    return;
  }

  // The unmutated copy must pass every test file the selected areas use; its time sets the per-mutant timeout.
  // A mutant naming its own `tests` runs only those; the others run every test file of their area.
  const areasRun = [...new Set(runnable.filter((r) => !r.mutant.tests).map((r) => r.mutant.area))];
  const testsByArea = new Map(areasRun.map((a) => [a, testFilesFor(first, [a])]));
  const testsOf = (m: Mutant): string[] => m.tests ?? testsByArea.get(m.area) ?? [];
  const union = [...new Set(runnable.flatMap((r) => testsOf(r.mutant)))].sort();
  for (const [a, files] of testsByArea) console.log(`${a}: ${files.length} test files — ${files.join(' ')}`);
  const ownTests = runnable.filter((r) => r.mutant.tests);
  if (ownTests.length > 0) console.log(`${ownTests.length} mutants name their own test files (${[...new Set(ownTests.flatMap((r) => r.mutant.tests ?? []))].join(' ')})`);
  console.log(`Baseline: the unmutated copy (${first}) runs ${union.length} test files…`);
  const baseline = await runJest(first, union, 15 * 60_000, false, opts.skipTest);
  if (baseline.status !== 'passed') {
    console.error(`ABORT: the unmutated code fails its tests (${baseline.status}): ${baseline.failed ?? baseline.detail ?? ''}`);
    cleanup(copies, opts.keep);
    process.exitCode = 2;
    return;
  }
  const timeoutMs = Math.max(120_000, 3 * baseline.ms);
  console.log(`Baseline passed in ${(baseline.ms / 1000).toFixed(1)} s; a mutant's run times out after ${(timeoutMs / 1000).toFixed(0)} s.\n`);

  for (let i = 1; i < Math.min(opts.parallel, runnable.length); i++) copies.push(makeCopy(opts.from, i));
  let next = 0;
  let done = 0;
  const started = Date.now();
  const worker = async (dir: string): Promise<void> => {
    for (;;) {
      const item = runnable[next++];
      if (!item) return;
      const { mutant, files } = item;
      const originals = new Map([...files.keys()].map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
      for (const [f, text] of files) fs.writeFileSync(path.join(dir, f), text);
      let r: Result;
      try {
        const o = await runJest(dir, testsOf(mutant), timeoutMs, true, opts.skipTest);
        r =
          o.status === 'passed' ? { mutant, status: 'survived', ms: o.ms }
          : o.status === 'failed' ? { mutant, status: 'killed', ms: o.ms, by: o.failed }
          : o.status === 'timeout' ? { mutant, status: 'timeout', ms: o.ms }
          : { mutant, status: 'error', problem: o.detail ?? 'jest did not report' };
      } finally {
        for (const [f, text] of originals) fs.writeFileSync(path.join(dir, f), text);
      }
      results.push(r);
      done += 1;
      const tail = r.status === 'killed' ? ` by ${r.by ?? '?'}` : r.status === 'survived' ? `  ← ${mutant.why}` : 'problem' in r ? ` ${r.problem}` : '';
      const secs = 'ms' in r ? `${(r.ms / 1000).toFixed(1)} s` : '';
      console.log(`[${done}/${runnable.length}] ${pad(r.status.toUpperCase(), 8)} ${pad(mutant.id, 40)} ${pad(secs, 8)}${tail}`);
    }
  };
  await Promise.all(copies.map((dir) => worker(dir)));
  const minutes = (Date.now() - started) / 60_000;

  const table = scoreTable(results, opts.areas);
  console.log(`\n${table}\n`);
  console.log(`${runnable.length} mutants in ${minutes.toFixed(1)} min, ${opts.parallel} at a time.`);
  const survivors = results.filter((r) => r.status === 'survived');
  for (const s of survivors) {
    const note = SURVIVOR_NOTES[s.mutant.id];
    console.log(`SURVIVED ${s.mutant.id}: ${s.mutant.why}${note ? `\n  ${note.kind}: ${note.note}` : '\n  (no verdict yet in SURVIVOR_NOTES)'}`);
  }
  const partial = opts.only !== null || opts.areas.length < AREAS.length;
  if (!partial || opts.write) {
    fs.writeFileSync(path.join(root, 'MUTATION.md'), report(results, table, { commit, minutes, baselineMs: baseline.ms, opts, testsByArea, partial }));
    console.log('Wrote MUTATION.md');
  }
  cleanup(copies, opts.keep);
  if (results.some((r) => r.status === 'stale' || r.status === 'invalid' || r.status === 'error')) process.exitCode = 1;
}

function cleanup(copies: string[], keep: boolean): void {
  for (const dir of copies) {
    if (keep) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

function scoreTable(results: Result[], areas: Area[]): string {
  const rows = ['| area | mutants | killed | timed out | survived | not run (stale/invalid/error) | score |', '|---|---:|---:|---:|---:|---:|---:|'];
  const line = (name: string, rs: Result[]): string => {
    const n = (s: Result['status']): number => rs.filter((r) => r.status === s).length;
    const scored = n('killed') + n('timeout') + n('survived');
    const score = scored === 0 ? '—' : `${((100 * (n('killed') + n('timeout'))) / scored).toFixed(0)}%`;
    return `| ${name} | ${scored} | ${n('killed')} | ${n('timeout')} | ${n('survived')} | ${n('stale') + n('invalid') + n('error')} | ${score} |`;
  };
  for (const a of areas) {
    const rs = results.filter((r) => r.mutant.area === a);
    if (rs.length > 0) rows.push(line(a, rs));
  }
  rows.push(line('**all**', results));
  return rows.join('\n');
}

function report(
  results: Result[],
  table: string,
  ctx: { commit: string; minutes: number; baselineMs: number; opts: Options; testsByArea: Map<Area, string[]>; partial: boolean },
): string {
  const { commit } = ctx;
  const code = (t: string): string => `\`\` ${t} \`\``;
  const order = (rs: Result[]): Result[] => [...rs].sort((a, b) => AREAS.indexOf(a.mutant.area) - AREAS.indexOf(b.mutant.area));
  const survivors = order(results.filter((r) => r.status === 'survived'));
  const notRun = order(results.filter((r) => r.status === 'stale' || r.status === 'invalid' || r.status === 'error'));
  const killed = order(results.filter((r) => r.status === 'killed' || r.status === 'timeout'));
  const lines = [
    '# Mutation testing',
    '',
    `Written by \`npm run test:mutation\` (scripts/mutation/) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, at commit ${commit}` +
      `${ctx.opts.from === 'worktree' ? ' plus the work tree\'s uncommitted changes' : ''}${ctx.partial ? ' — a partial run (--area/--only)' : ''}.`,
    '',
    'Each mutant is one realistic bug (a flipped comparison, an off-by-one, a dropped authorization or state check, a',
    'wrong key, a lost await…) written by hand in `scripts/mutation/mutants.ts`. It is applied in an isolated copy of the',
    'repository and the jest files covering its area run against it (`--bail`): **killed** when a test fails or the run',
    'times out, **survived** when every test passes. Score = killed / (killed + survived). The unmutated copy passed the',
    `same tests first (${(ctx.baselineMs / 1000).toFixed(0)} s); the run took ${ctx.minutes.toFixed(1)} min, ${ctx.opts.parallel} mutants at a time.`,
    '',
    ...(ctx.opts.skipTest ? [`Left out of this run (failing on the unmutated code, unrelated work in progress): tests matching \`${ctx.opts.skipTest}\`.`, ''] : []),
    table,
    '',
    '## Survivors',
    '',
    survivors.length === 0 ? 'None.' : '',
    ...survivors.flatMap((s) => {
      const note = SURVIVOR_NOTES[s.mutant.id];
      return [
        `### ${s.mutant.id} (${s.mutant.area})`,
        '',
        `- **Bug**: ${s.mutant.why}`,
        `- **Where**: ${editsOf(s.mutant).map((e) => `${code(e.file)}: ${code(e.find.split('\n')[0]?.trim() ?? '')} → ${code(e.replace.split('\n')[0]?.trim() || '(removed)')}`).join('; ')}`,
        `- **Verdict**: ${note ? `${note.kind} — ${note.note}` : 'not yet judged'}`,
        '',
      ];
    }),
    ...(notRun.length > 0
      ? ['## Not run (update scripts/mutation/mutants.ts)', '', ...notRun.map((r) => `- \`${r.mutant.id}\`: ${'problem' in r ? r.problem : ''}`), '']
      : []),
    '## Killed',
    '',
    '| mutant | area | bug | first failing test |',
    '|---|---|---|---|',
    ...killed.map((r) => `| \`${r.mutant.id}\` | ${r.mutant.area} | ${r.mutant.why.replace(/\|/g, '\\|')} | ${r.status === 'timeout' ? '(timed out)' : `${('by' in r ? (r.by ?? '') : '').replace(/\|/g, '\\|')}`} |`),
    '',
    '## Test files per area',
    '',
    ...[...ctx.testsByArea].map(([a, files]) => `- **${a}**: ${files.map((f) => `\`${f}\``).join(', ')}`),
    ...results
      .filter((r) => r.mutant.tests)
      .map((r) => `- \`${r.mutant.id}\` runs only: ${(r.mutant.tests ?? []).map((f) => `\`${f}\``).join(', ')}`),
    '',
    'Options: `--area=booking|runtime|roles|activity`, `--only=<id>`, `--parallel=1|2`, `--from=worktree|HEAD`, `--check` (find-texts only), `--keep`.',
    '',
  ];
  return lines.join('\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
