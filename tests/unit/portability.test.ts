/**
 * Nothing assumes Linux: `npm ci` and the npm scripts work on Linux, macOS and Windows.
 *   - package.json aliases no package to another (Taro's platform bindings used to be replaced by is-number, which
 *     broke `taro create` on macOS and Windows);
 *   - package-lock.json carries Taro's binding for each platform with its os/cpu, so npm installs exactly the one that
 *     fits the machine and skips the others without fetching them;
 *   - npm scripts use nothing that cmd.exe (npm's shell on Windows) does not understand;
 *   - the scripts and test support start npm/npx-installed tools without a shell and build paths with `path`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { platformProblems, TARO_BINDINGS, type LockEntry, type Lockfile } from '../../scripts/lock-platform-packages';

const ROOT = path.resolve(__dirname, '..', '..');
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;

interface PackageJson {
  scripts: Record<string, string>;
  overrides?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const pkg = readJson<PackageJson>('package.json');
const lock = readJson<Lockfile>('package-lock.json');

/** npm's own rule for optional packages: an entry is installed when its os and cpu (and libc) allow the machine. */
function installsOn(entry: LockEntry, machine: { os: string; cpu: string; libc?: string }): boolean {
  const allows = (list: string[] | undefined, value: string | undefined): boolean => {
    if (!list || value === undefined) return true;
    if (list.includes(`!${value}`)) return false;
    return list.some((v) => !v.startsWith('!')) ? list.includes(value) : true;
  };
  return allows(entry.os, machine.os) && allows(entry.cpu, machine.cpu) && allows(entry.libc, machine.libc);
}

function* filesUnder(dir: string, ext: string): Generator<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(full, ext);
    else if (e.name.endsWith(ext)) yield full;
  }
}

describe('npm ci on Linux, macOS and Windows', () => {
  it('package.json replaces no package with another one (no npm: aliases in overrides or dependencies)', () => {
    const aliased = Object.entries({ ...(pkg.overrides ?? {}), ...(pkg.dependencies ?? {}), ...(pkg.devDependencies ?? {}) })
      .filter(([, spec]) => JSON.stringify(spec).includes('npm:'))
      .map(([name]) => name);
    expect(aliased).toEqual([]);
    expect(Object.keys(pkg.overrides ?? {}).filter((name) => name.startsWith('@tarojs/binding'))).toEqual([]);
  });

  it("the lockfile carries Taro's binding for every platform under its own name, optional, with its os and cpu", () => {
    expect(platformProblems(lock)).toEqual([]);
    const wanted = Object.keys(lock.packages['node_modules/@tarojs/binding']?.optionalDependencies ?? {});
    expect(wanted.sort()).toEqual(Object.keys(TARO_BINDINGS).sort());
  });

  it.each([
    { os: 'linux', cpu: 'x64', libc: 'glibc', expected: '@tarojs/binding-linux-x64-gnu' },
    { os: 'linux', cpu: 'arm64', libc: 'glibc', expected: '@tarojs/binding-linux-arm64-gnu' },
    { os: 'darwin', cpu: 'arm64', expected: '@tarojs/binding-darwin-arm64' },
    { os: 'darwin', cpu: 'x64', expected: '@tarojs/binding-darwin-x64' },
    { os: 'win32', cpu: 'x64', expected: '@tarojs/binding-win32-x64-msvc' },
  ])('on $os $cpu npm ci installs exactly $expected of the bindings and skips the rest', ({ expected, ...machine }) => {
    const bindings = Object.entries(lock.packages).filter(([key]) => key.startsWith('node_modules/@tarojs/binding-'));
    expect(bindings.length).toBeGreaterThanOrEqual(5);
    const installed = bindings.filter(([, entry]) => !entry.optional || installsOn(entry, machine)).map(([key]) => key.slice('node_modules/'.length));
    expect(installed).toEqual([expected]);
  });
});

describe('npm scripts and tooling run on Windows too', () => {
  it.each(Object.entries(pkg.scripts))('npm script %s uses no POSIX-only shell syntax', (_name, script) => {
    const posixOnly = [
      { what: 'VAR=value before a command', re: /(^|&&|\|\|)\s*[A-Za-z_][A-Za-z0-9_]*=\S*\s/ },
      { what: 'single quotes', re: /'/ },
      { what: '$VAR / ${VAR}', re: /\$[A-Za-z_{(]/ },
      { what: 'rm / cp / mv / mkdir -p', re: /(^|&&|\|\||;)\s*(rm|cp|mv|mkdir -p|cat|export)\s/ },
      { what: '; between commands', re: /;/ },
      { what: 'a glob', re: /(^|\s)[^\s"]*\*[^\s"]*/ },
    ];
    expect(posixOnly.filter((p) => p.re.test(script)).map((p) => p.what)).toEqual([]);
  });

  it('scripts/ and tests/support start npx/npm tools without a shell (npx and npm are .cmd files on Windows)', () => {
    const offenders: string[] = [];
    for (const dir of ['scripts', path.join('tests', 'support')]) {
      for (const file of filesUnder(path.join(ROOT, dir), '.ts')) {
        const text = fs.readFileSync(file, 'utf8');
        if (/\b(spawn|spawnSync|execFile|execFileSync)\(\s*['"`](npx|npm)['"`]/.test(text)) offenders.push(path.relative(ROOT, file));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('scripts/ and tests/support name no Linux-only path outside the browser search', () => {
    const offenders: string[] = [];
    for (const dir of ['scripts', path.join('tests', 'support')]) {
      for (const file of filesUnder(path.join(ROOT, dir), '.ts')) {
        if (path.basename(file) === 'find-browser.ts') continue; // the per-OS candidate list
        const text = fs.readFileSync(file, 'utf8');
        const m = /['"`](\/usr\/|\/tmp\/|\/opt\/|\/etc\/)[^'"`]*/.exec(text);
        if (m) offenders.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
