/**
 * `npm test`: typecheck, lint, build (functions, weapp, H5 — skipped when fresh), then every jest project.
 * Time-sensitive suites (tests/**\/*.tz.test.ts) run again under a second server time zone.
 * Prints a closing "N passed, N failed" line.
 *
 * Flags: --no-lint, --no-build (use existing builds), --only=<jest project> (node|pages|e2e).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFunctions, ensureH5, ensureWeapp, root } from './lib/builds';
import { nodeBin } from './lib/node-bin';

const args = new Set(process.argv.slice(2));
const only = [...args].find((a) => a.startsWith('--only='))?.slice('--only='.length);

/** Runs an installed tool (e.g. jest) with this Node and no shell, so the same code works on Windows. */
function run(pkg: string, bin: string, cmdArgs: string[], env: NodeJS.ProcessEnv = {}): number {
  process.stdout.write(`\n$ ${bin} ${cmdArgs.join(' ')}${Object.keys(env).length ? `  (${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')})` : ''}\n`);
  const { command, args } = nodeBin(pkg, bin, cmdArgs);
  const res = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return res.status ?? 1;
}

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTotalTestSuites: number;
  numFailedTestSuites: number;
  numRuntimeErrorTestSuites: number;
}

function jest(label: string, jestArgs: string[], env: NodeJS.ProcessEnv): JestSummary & { status: number } {
  const out = path.join(os.tmpdir(), `redsail-jest-${process.pid}-${label}.json`);
  const status = run('jest', 'jest', [...jestArgs, '--json', `--outputFile=${out}`], env);
  const summary = fs.existsSync(out)
    ? (JSON.parse(fs.readFileSync(out, 'utf8')) as JestSummary)
    : { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTotalTestSuites: 0, numFailedTestSuites: 1, numRuntimeErrorTestSuites: 1 };
  fs.rmSync(out, { force: true });
  return { ...summary, status };
}

async function main(): Promise<number> {
  let failed = 0;
  if (!args.has('--no-lint')) {
    if (run('typescript', 'tsc', ['--noEmit', '-p', 'tsconfig.json']) !== 0) failed += 1;
    if (run('eslint', 'eslint', ['.', '--max-warnings=0']) !== 0) failed += 1;
  }
  if (!args.has('--no-build')) {
    await ensureFunctions();
    ensureWeapp();
    ensureH5();
  }
  const env = { RED_SAIL_LOG: 'off', TZ: 'UTC' };
  const projects = only ? ['--selectProjects', only] : [];
  // --forceExit: once every test has finished, a handle left open by a child runtime or browser must not keep the run
  // (and CI) waiting; seen once — jest idle for 15 min after 'Jest did not exit one second after the test run'.
  const runs = [jest('all', [...projects, '--ci', '--forceExit'], env)];
  if (!only || only === 'node') {
    runs.push(jest('tz', ['--selectProjects', 'node', '--ci', '--forceExit', '--testPathPatterns', '\\.tz\\.test\\.ts$', '--passWithNoTests'], { ...env, TZ: 'America/Los_Angeles' }));
  }
  const passed = runs.reduce((n, r) => n + r.numPassedTests, 0);
  const failedTests = runs.reduce((n, r) => n + r.numFailedTests + r.numRuntimeErrorTestSuites, 0) + failed;
  const skipped = runs.reduce((n, r) => n + r.numPendingTests, 0);
  const anyBad = runs.some((r) => r.status !== 0) || failed > 0;
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
