/**
 * Starting an npm-installed tool (jest, tsc, eslint, taro) from a script, the same way on Linux, macOS and Windows: the
 * tool's own JavaScript entry run by this Node, with no shell. (Spawning npx fails on Windows, where npx is
 * npx.cmd and Node refuses to start .cmd files without a shell.)
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** [node, [entry script, ...args]] for the executable `bin` of package `pkg` installed in this project. */
export function nodeBin(pkg: string, bin: string, args: string[] = [], root = ROOT): { command: string; args: string[] } {
  const dir = path.join(root, 'node_modules', ...pkg.split('/'));
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest)) throw new Error(`${pkg} is not installed in ${path.join(root, 'node_modules')}: run npm ci`);
  const declared = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }).bin;
  const entry = typeof declared === 'string' ? declared : declared?.[bin];
  if (!entry) throw new Error(`${pkg} has no executable called ${bin}`);
  return { command: process.execPath, args: [path.join(dir, ...entry.split('/')), ...args] };
}
