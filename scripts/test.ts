/**
 * `npm test`: typecheck, lint, build (functions, weapp, H5 — skipped when fresh), then every jest project.
 * Time-sensitive suites (tests/**\/*.tz.test.ts) run again under a second server time zone.
 * Prints a closing "N passed, N failed" line.
 *
 * Time (CI has 2 cores; each of these steps keeps about one busy): the weapp and H5 builds, typecheck and lint run two
 * at a time after the functions build; then two jest runs side by side, one worker each: the browser suites (e2e) and
 * everything else (node, pages). RED_SAIL_TEST_WORKERS instead runs one jest over every project with that many workers.
 *
 * Flags (any other argument is a jest test path pattern): --no-lint, --no-build (use existing builds), --only=<jest project> (node|pages|e2e; builds only what that
 * project reads: node and pages the weapp, e2e the H5 app).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureApp, ensureFunctions, root } from './lib/builds';
import { nodeBin } from './lib/node-bin';

const args = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
/** Other arguments are test path patterns for jest (e.g. `npm test -- --no-lint tests/e2e/admin`); then no second time zone run. */
const patterns = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);

/**
 * Runs an installed tool without blocking, for steps that run side by side: its output is kept and printed in one
 * piece when it ends (with how long it took), so two steps' lines never interleave.
 */
function runAside(pkg: string, bin: string, cmdArgs: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  const started = Date.now();
  const { command, args } = nodeBin(pkg, bin, cmdArgs);
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((resolve) => {
    child.on('error', (e) => {
      process.stdout.write(`\n$ ${bin} ${cmdArgs.join(' ')}\n${e.message}\n`);
      resolve(1);
    });
    child.on('close', (status) => {
      process.stdout.write(`\n$ ${bin} ${cmdArgs.join(' ')}  (${((Date.now() - started) / 1000).toFixed(1)} s)\n${out}`);
      resolve(status ?? 1);
    });
  });
}

/** Runs `tasks` in order, at most `width` at a time; answers their results in the same order. */
async function inPool<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, lane));
  return results;
}

const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTotalTestSuites: number;
  numFailedTestSuites: number;
  numRuntimeErrorTestSuites: number;
}

/**
 * Runs jest with a JSON summary. `aside`: output kept and printed in one piece when it ends (it runs beside another
 * jest whose output streams), so the two runs' lines never interleave.
 */
async function jest(label: string, jestArgs: string[], env: NodeJS.ProcessEnv, aside = false): Promise<JestSummary & { status: number }> {
  const out = path.join(os.tmpdir(), `redsail-jest-${process.pid}-${label}.json`);
  const cmd = [...jestArgs, '--json', `--outputFile=${out}`];
  const status = aside
    ? await runAside('jest', 'jest', cmd, env)
    : await new Promise<number>((resolve) => {
        process.stdout.write(`\n$ jest ${cmd.join(' ')}\n`);
        const { command, args: argv } = nodeBin('jest', 'jest', cmd);
        const child = spawn(command, argv, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
        child.on('error', () => resolve(1));
        child.on('close', (code) => resolve(code ?? 1));
      });
  const summary = fs.existsSync(out)
    ? (JSON.parse(fs.readFileSync(out, 'utf8')) as JestSummary)
    : { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTotalTestSuites: 0, numFailedTestSuites: 1, numRuntimeErrorTestSuites: 1 };
  fs.rmSync(out, { force: true });
  return { ...summary, status };
}

async function main(): Promise<number> {
  let failed = 0;
  const started = Date.now();
  const steps: Array<() => Promise<number>> = [];
  if (!args.has('--no-build')) {
    // The functions build is esbuild (seconds); the Taro builds take a minute or two each and are run side by side.
    await ensureFunctions();
    if (!only || only === 'node' || only === 'pages') steps.push(() => ensureApp('weapp').then(() => 0));
    if (!only || only === 'e2e') steps.push(() => ensureApp('h5').then(() => 0));
  }
  if (!args.has('--no-lint')) {
    steps.push(() => runAside('typescript', 'tsc', ['--noEmit', '-p', 'tsconfig.json']));
    steps.push(() => runAside('eslint', 'eslint', ['.', '--max-warnings=0']));
  }
  failed += (await inPool(steps, Math.max(2, cores - 1))).filter((status) => status !== 0).length;
  if (steps.length) process.stdout.write(`\nbuilds and checks: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  const env = { RED_SAIL_LOG: 'off', TZ: 'UTC' };
  const projects = only ? ['--selectProjects', only] : [];
  // --forceExit: once every test has finished, a handle left open by a child runtime or browser must not keep the run
  // (and CI) waiting; seen once — jest idle for 15 min after 'Jest did not exit one second after the test run'.
  const base = ['--ci', '--forceExit'];
  let runs: Array<JestSummary & { status: number }>;
  if (!only && !patterns.length && !process.env.RED_SAIL_TEST_WORKERS) {
    // The whole suite on two cores: two jest runs side by side, one worker each — the browser suites (e2e) in one,
    // everything else in the other — so two browser suites (each a local runtime and Chromium) never run at once: under
    // that load a sign-in navigation once took over 30 s. The e2e run's output is printed when it ends.
    runs = await Promise.all([
      jest('e2e', ['--selectProjects', 'e2e', ...base, '--maxWorkers=1'], env, true),
      jest('rest', ['--selectProjects', 'node', 'pages', ...base, '--maxWorkers=1'], env),
    ]);
  } else {
    const workers = process.env.RED_SAIL_TEST_WORKERS ?? String(Math.max(2, cores - 1));
    runs = [await jest('all', [...projects, ...base, `--maxWorkers=${workers}`, ...patterns], env)];
  }
  if ((!only || only === 'node') && !patterns.length) {
    runs.push(await jest('tz', ['--selectProjects', 'node', '--ci', '--forceExit', '--testPathPatterns', '\\.tz\\.test\\.ts$', '--passWithNoTests'], { ...env, TZ: 'America/Los_Angeles' }));
  }
  const passed = runs.reduce((n, r) => n + r.numPassedTests, 0);
  const failedTests = runs.reduce((n, r) => n + r.numFailedTests + r.numRuntimeErrorTestSuites, 0) + failed;
  const skipped = runs.reduce((n, r) => n + r.numPendingTests, 0);
  const anyBad = runs.some((r) => r.status !== 0) || failed > 0;
  process.stdout.write(`\nnpm test took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  process.stdout.write(`\ntests: ${passed} passed, ${failedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  return anyBad ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.stdout.write('\ntests: 0 passed, 1 failed\n');
    process.exit(1);
  },
);
