import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildFunctions } from '../build-functions';
import { nodeBin } from './node-bin';

export const root = path.resolve(__dirname, '..', '..');

function newestMtime(paths: string[]): number {
  let newest = 0;
  const walk = (p: string): void => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (e !== 'node_modules') walk(path.join(p, e));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach((p) => walk(path.join(root, p)));
  return newest;
}

const appInputs = ['src', 'types', 'config', 'babel.config.js', 'package.json', 'project.config.json'];

/** A Taro build is stale when any input is newer than its marker file. */
function isStale(marker: string): boolean {
  const file = path.join(root, marker);
  if (!fs.existsSync(file)) return true;
  return newestMtime(appInputs) > fs.statSync(file).mtimeMs;
}

function taroBuild(type: 'weapp' | 'h5'): void {
  process.stdout.write(`building ${type}…\n`);
  const started = Date.now();
  const taro = nodeBin('@tarojs/cli', 'taro', ['build', '--type', type]);
  const res = spawnSync(taro.command, taro.args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
  });
  if (res.status !== 0 || /Failed to compile|ERROR in/.test(res.stdout)) {
    process.stderr.write(res.stdout + res.stderr);
    throw new Error(`taro build --type ${type} failed`);
  }
  process.stdout.write(`built ${type} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** Like taroBuild, without blocking this process (so two builds, or a build and a check, can run side by side). */
function taroBuildAsync(type: 'weapp' | 'h5'): Promise<void> {
  process.stdout.write(`building ${type}…\n`);
  const started = Date.now();
  const taro = nodeBin('@tarojs/cli', 'taro', ['build', '--type', type]);
  const child = spawn(taro.command, taro.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0 || /Failed to compile|ERROR in/.test(stdout)) {
        process.stderr.write(stdout + stderr);
        reject(new Error(`taro build --type ${type} failed`));
        return;
      }
      process.stdout.write(`built ${type} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      resolve();
    });
  });
}

/** Builds the weapp or the H5 app when stale, without blocking (scripts/test.ts runs both at once). */
export async function ensureApp(type: 'weapp' | 'h5'): Promise<void> {
  if (isStale(type === 'weapp' ? 'dist/weapp/app.json' : 'dist/h5/index.html')) await taroBuildAsync(type);
}

export function ensureWeapp(force = false): void {
  if (force || isStale('dist/weapp/app.json')) taroBuild('weapp');
}

export function ensureH5(force = false): void {
  if (force || isStale('dist/h5/index.html')) taroBuild('h5');
}

export async function ensureFunctions(): Promise<void> {
  await buildFunctions();
}
