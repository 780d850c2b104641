/**
 * The local runtime runs several instances of each function, as CloudBase does (FUNCTION_INSTANCES, default 2): each
 * instance is its own module with its own in-memory state, and consecutive calls land on different instances.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRuntimeProcess, type RuntimeProcess } from '../../scripts/lib/runtime-process';

/** A built "function" that reports which instance answered and how many calls that instance has seen. */
const PROBE = `
const instance = Math.random().toString(36).slice(2);
let calls = 0;
exports.main = async () => ({ ok: true, data: { instance, calls: ++calls } });
`;

let functionsDir: string;
jest.setTimeout(30_000);

const running: RuntimeProcess[] = [];

beforeAll(() => {
  functionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-fn-'));
  fs.mkdirSync(path.join(functionsDir, 'probe'));
  fs.writeFileSync(path.join(functionsDir, 'probe', 'index.js'), PROBE);
});
afterAll(async () => {
  for (const rt of running) {
    await rt.stop();
    rt.removeData();
  }
  fs.rmSync(functionsDir, { recursive: true, force: true });
});

async function start(env: NodeJS.ProcessEnv = {}): Promise<RuntimeProcess> {
  const rt = await startRuntimeProcess({ env: { FUNCTIONS_DIR: functionsDir, H5_DIR: path.join(os.tmpdir(), 'redsail-no-h5'), ...env } });
  running.push(rt);
  return rt;
}

async function probe(rt: RuntimeProcess): Promise<{ instance: string; calls: number }> {
  const res = await fetch(`${rt.url}/api/probe`, { method: 'POST', body: '{}' });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { instance: string; calls: number } }).data;
}

describe('function instances', () => {
  it('runs two instances of each function by default, each with its own state, taking calls in turn', async () => {
    const rt = await start();
    const seen = [];
    for (let i = 0; i < 6; i += 1) seen.push(await probe(rt));
    const instances = [...new Set(seen.map((s) => s.instance))];
    expect(instances).toHaveLength(2);
    // Consecutive calls land on different instances, and each instance counts only its own calls.
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]?.instance).not.toBe(seen[i - 1]?.instance);
    expect(seen.map((s) => s.calls)).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('runs as many instances as FUNCTION_INSTANCES says', async () => {
    const rt = await start({ FUNCTION_INSTANCES: '3' });
    const seen = [];
    for (let i = 0; i < 6; i += 1) seen.push(await probe(rt));
    expect(new Set(seen.map((s) => s.instance)).size).toBe(3);
    expect(seen.map((s) => s.calls)).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it('refuses to start with an unusable FUNCTION_INSTANCES', async () => {
    await expect(start({ FUNCTION_INSTANCES: 'many' })).rejects.toThrow(/FUNCTION_INSTANCES/);
  });
});
