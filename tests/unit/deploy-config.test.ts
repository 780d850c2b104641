import fs from 'node:fs';
import path from 'node:path';
import { contract } from '../../types';
import { Collections } from '../../cloudfunctions/_shared/collections';
import { renderRules, RULES_FILE } from '../../scripts/security-rules';

const root = path.resolve(__dirname, '..', '..');

describe('deploy configuration', () => {
  it('declares every cloud function of the contract in cloudbaserc.json, and nothing else', () => {
    const rc = JSON.parse(fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8')) as { functions: Array<{ name: string; handler: string }> };
    expect(rc.functions.map((f) => f.name).sort()).toEqual(Object.keys(contract).sort());
    for (const f of rc.functions) expect(f.handler).toBe('index.main');
  });

  it('gives the server secret to every function that derives codes or deletion markers from it (user and venue)', () => {
    // Without it in production, a new person's first `user.me` (which looks for a deletion marker) would fail.
    const rc = JSON.parse(fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8')) as { functions: Array<{ name: string; envVariables?: Record<string, string> }> };
    for (const name of ['user', 'venue']) {
      expect(rc.functions.find((f) => f.name === name)?.envVariables?.CHECKIN_SECRET).toBe('{{env.CHECKIN_SECRET}}');
    }
  });

  it('runs every timer trigger of cloudbaserc.json on a timer its function defines (course tick included)', () => {
    const rc = JSON.parse(fs.readFileSync(path.join(root, 'cloudbaserc.json'), 'utf8')) as { functions: Array<{ name: string; triggers?: Array<{ name: string; type: string }> }> };
    const triggers = rc.functions.flatMap((f) => (f.triggers ?? []).filter((t) => t.type === 'timer').map((t) => `${f.name}.${t.name}`));
    expect(triggers).toContain('course.tick');
    for (const id of triggers) {
      const [fn, name] = id.split('.') as [string, string];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(root, 'cloudfunctions', fn, 'index')) as { timers?: (deps: unknown) => Record<string, unknown> };
      expect(typeof mod.timers?.({ db: () => null, clock: { now: () => 0 } })[name]).toBe('function');
    }
  });

  it('has a source folder with an index.ts for every function of the contract', () => {
    for (const fn of Object.keys(contract)) expect(fs.existsSync(path.join(root, 'cloudfunctions', fn, 'index.ts'))).toBe(true);
  });

  it('points WeChat DevTools at the built mini-program and functions', () => {
    const pc = JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8')) as Record<string, string>;
    expect(pc.miniprogramRoot).toBe('dist/weapp/');
    expect(pc.cloudfunctionRoot).toBe('dist/cloudfunctions/');
  });

  it('ships a security rule for every collection, denying all direct client access', () => {
    expect(fs.readFileSync(RULES_FILE, 'utf8')).toBe(renderRules());
    const { rules } = JSON.parse(fs.readFileSync(RULES_FILE, 'utf8')) as { rules: Record<string, { read: boolean; write: boolean }> };
    expect(Object.keys(rules).sort()).toEqual(Object.values(Collections).sort());
    for (const rule of Object.values(rules)) expect(rule).toEqual({ read: false, write: false });
  });
});
