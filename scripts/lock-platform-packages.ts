/**
 * `npm run lock:platforms`: makes package-lock.json carry Taro's native binding for every platform, so `npm ci` works
 * on Linux, macOS and Windows alike.
 *
 * `@tarojs/binding` (used by `taro create` / `taro init`) has one optional dependency per platform. Each entry in the
 * lockfile names its `os` / `cpu` (and `libc`), so `npm ci` skips the ones that do not fit the machine before fetching
 * anything, and fetches (from the registry, checked against the registry's integrity) the one that fits. The registry
 * this project is developed against has only the Linux x64 binding at 4.2.1, so `npm install` here leaves the others
 * out of the lockfile; this script puts them back. Run it after `npm install` / `npm update` changes the lockfile
 * (tests/unit/portability.test.ts fails when an entry is missing). `--check` only reports.
 */
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(__dirname, '..');
export const LOCKFILE = path.join(root, 'package-lock.json');

interface Platform {
  os: string[];
  cpu: string[];
  libc?: string[];
}

/** @tarojs/binding's optional dependencies and where each one runs (napi-rs triples of the published packages). */
export const TARO_BINDINGS: Record<string, Platform> = {
  '@tarojs/binding-darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  '@tarojs/binding-darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  '@tarojs/binding-linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  '@tarojs/binding-linux-x64-gnu': { os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
  '@tarojs/binding-win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};

export interface LockEntry {
  name?: string;
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
  [k: string]: unknown;
}

export interface Lockfile {
  packages: Record<string, LockEntry>;
  [k: string]: unknown;
}

/** What is wrong with the lockfile's platform entries (empty when every platform's binding is there as itself). */
export function platformProblems(lock: Lockfile): string[] {
  const binding = lock.packages['node_modules/@tarojs/binding'];
  if (!binding) return ['@tarojs/binding is not in the lockfile'];
  const problems: string[] = [];
  for (const [name, version] of Object.entries(binding.optionalDependencies ?? {})) {
    const entry = lock.packages[`node_modules/${name}`];
    const platform = TARO_BINDINGS[name];
    if (!platform) problems.push(`${name}: not a platform this script knows (add it to TARO_BINDINGS)`);
    else if (!entry) problems.push(`${name}: missing (npm ci on ${platform.os.join('/')} ${platform.cpu.join('/')} would not install it)`);
    else if (entry.name && entry.name !== name) problems.push(`${name}: aliased to ${entry.name}`);
    else if (entry.version !== version) problems.push(`${name}: ${entry.version ?? 'no version'}, @tarojs/binding wants ${version}`);
    else if (!entry.optional) problems.push(`${name}: not marked optional`);
    else if (JSON.stringify(entry.os) !== JSON.stringify(platform.os) || JSON.stringify(entry.cpu) !== JSON.stringify(platform.cpu)) {
      problems.push(`${name}: os/cpu ${JSON.stringify(entry.os)}/${JSON.stringify(entry.cpu)} instead of ${JSON.stringify(platform.os)}/${JSON.stringify(platform.cpu)}`);
    }
  }
  return problems;
}

/** Adds (or repairs) an entry per platform binding; entries already right, with their integrity, are kept as they are. */
export function addPlatformEntries(lock: Lockfile): Lockfile {
  const binding = lock.packages['node_modules/@tarojs/binding'];
  if (!binding) throw new Error('@tarojs/binding is not in package-lock.json: run npm install first');
  const packages = { ...lock.packages };
  for (const [name, version] of Object.entries(binding.optionalDependencies ?? {})) {
    const platform = TARO_BINDINGS[name];
    if (!platform) throw new Error(`${name}: unknown platform package; add its os/cpu to TARO_BINDINGS`);
    const key = `node_modules/${name}`;
    const existing = packages[key];
    if (existing && !existing.name && existing.version === version && existing.optional) continue;
    packages[key] = {
      version,
      cpu: platform.cpu,
      ...(binding.dev ? { dev: true } : {}),
      ...(platform.libc ? { libc: platform.libc } : {}),
      license: 'MIT',
      optional: true,
      os: platform.os,
      engines: { node: '>= 18' },
    };
  }
  // npm orders the paths with an English locale comparison (the root entry, '', comes first).
  const sorted = Object.entries(packages).sort(([a], [b]) => a.localeCompare(b, 'en'));
  return { ...lock, packages: Object.fromEntries(sorted) };
}

function main(): void {
  const lock = JSON.parse(fs.readFileSync(LOCKFILE, 'utf8')) as Lockfile;
  const before = platformProblems(lock);
  if (process.argv.includes('--check')) {
    process.stdout.write(before.length ? `${before.join('\n')}\n` : 'package-lock.json carries every platform binding\n');
    process.exitCode = before.length ? 1 : 0;
    return;
  }
  const fixed = addPlatformEntries(lock);
  const after = platformProblems(fixed);
  if (after.length) throw new Error(after.join('\n'));
  fs.writeFileSync(LOCKFILE, `${JSON.stringify(fixed, null, 2)}\n`);
  process.stdout.write(before.length ? `fixed:\n${before.join('\n')}\n` : 'package-lock.json already carries every platform binding\n');
}

if (require.main === module) main();
