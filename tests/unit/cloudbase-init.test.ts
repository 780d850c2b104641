/**
 * `npm run cloudbase:init` against a fake CloudBase: every collection is created and gets its security rule from
 * database.rules.json, each rule is read back, and a rule that did not stick fails the command (exit code 1).
 */
import fs from 'node:fs';
import { Collections } from '../../cloudfunctions/_shared/collections';
import { loadRules, run, type CloudbaseAdmin, type CollectionRule } from '../../scripts/cloudbase-init';
import { RULES_FILE } from '../../scripts/security-rules';

const ENV = { TCB_ENV_ID: 'red-sail-prod', TCB_SECRET_ID: 'id', TCB_SECRET_KEY: 'key' };
const names = Object.values(Collections) as string[];
const fileRules = (JSON.parse(fs.readFileSync(RULES_FILE, 'utf8')) as { rules: Record<string, CollectionRule> }).rules;

/** A CloudBase env in memory. A code-created collection starts with the platform default (not a CUSTOM rule). */
class FakeCloudbase implements CloudbaseAdmin {
  readonly collections = new Map<string, { aclTag: string; rule: string | null }>();
  readonly calls: string[] = [];
  /** Collections whose rule changes are silently lost (e.g. a wrong env, or no permission to change them). */
  readonly ignored = new Set<string>();
  /** What the platform answers instead of the stored rule. */
  readonly answers = new Map<string, { aclTag: string; rule: string | null }>();

  constructor(existing: string[] = []) {
    for (const name of existing) this.collections.set(name, { aclTag: 'READONLY', rule: null });
  }

  async createCollection(name: string): Promise<'created' | 'exists'> {
    this.calls.push(`create ${name}`);
    if (this.collections.has(name)) return 'exists';
    this.collections.set(name, { aclTag: 'PRIVATE', rule: null });
    return 'created';
  }

  async setRule(name: string, rule: CollectionRule): Promise<void> {
    this.calls.push(`set ${name}`);
    if (!this.collections.has(name)) throw new Error(`DATABASE_COLLECTION_NOT_EXIST ${name}`);
    if (!this.ignored.has(name)) this.collections.set(name, { aclTag: 'CUSTOM', rule: JSON.stringify(rule) });
  }

  async readRule(name: string): Promise<{ aclTag: string; rule: string | null }> {
    this.calls.push(`read ${name}`);
    const held = this.answers.get(name) ?? this.collections.get(name);
    if (!held) throw new Error(`DATABASE_COLLECTION_NOT_EXIST ${name}`);
    return held;
  }
}

const runWith = async (cloud: FakeCloudbase, env: Record<string, string> = ENV, rules?: () => Record<string, CollectionRule>) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(env, { admin: async () => cloud, out: (l) => out.push(l), err: (l) => err.push(l), ...(rules ? { rules } : {}) });
  return { code, out, err: err.join('\n') };
};

describe('npm run cloudbase:init', () => {
  it('creates every collection and puts the rule of database.rules.json in force on each, read back', async () => {
    const cloud = new FakeCloudbase();
    expect((await runWith(cloud)).code).toBe(0);
    expect([...cloud.collections.keys()].sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(cloud.collections.get(name)).toEqual({ aclTag: 'CUSTOM', rule: JSON.stringify(fileRules[name]) });
      // Created, then ruled, then verified — in that order.
      const mine = cloud.calls.filter((c) => c.endsWith(` ${name}`));
      expect(mine).toEqual([`create ${name}`, `set ${name}`, `read ${name}`]);
    }
  });

  it('rules collections that already existed too', async () => {
    const cloud = new FakeCloudbase(['users', 'bookings']);
    const { code, out } = await runWith(cloud);
    expect(code).toBe(0);
    expect(cloud.collections.get('users')).toEqual({ aclTag: 'CUSTOM', rule: JSON.stringify(fileRules.users) });
    expect(out).toContain('exists  users');
  });

  it('fails loudly, naming the collection, when a rule does not stick — after trying every collection', async () => {
    const cloud = new FakeCloudbase();
    cloud.ignored.add('users');
    const { code, err } = await runWith(cloud);
    expect(code).toBe(1);
    expect(err).toContain('users: expected CUSTOM');
    expect(err).toContain('read back PRIVATE');
    expect(cloud.calls.filter((c) => c.startsWith('read ')).length).toBe(names.length);
  });

  it('fails when the rule read back differs from the file, even as a CUSTOM rule', async () => {
    const cloud = new FakeCloudbase();
    cloud.answers.set('bookings', { aclTag: 'CUSTOM', rule: JSON.stringify({ read: true, write: false }) });
    const { code, err } = await runWith(cloud);
    expect(code).toBe(1);
    expect(err).toMatch(/bookings: expected CUSTOM \{"read":false,"write":false\}, read back CUSTOM \{"read":true,"write":false\}/);
  });

  it('refuses a rules file without a rule for every collection, before touching the env', async () => {
    const { rules } = JSON.parse(fs.readFileSync(RULES_FILE, 'utf8')) as { rules: Record<string, CollectionRule> };
    delete rules.audit_log;
    expect(() => loadRules(JSON.stringify({ rules }))).toThrow(/audit_log/);
    const cloud = new FakeCloudbase();
    const { code, err } = await runWith(cloud, ENV, () => loadRules(JSON.stringify({ rules })));
    expect(code).toBe(1);
    expect(err).toContain('audit_log');
    expect(cloud.calls).toEqual([]);
  });

  it('needs the env id and the credentials', async () => {
    const cloud = new FakeCloudbase();
    expect((await runWith(cloud, { TCB_ENV_ID: 'red-sail-prod' })).code).toBe(1);
    expect((await runWith(cloud, { TCB_SECRET_ID: 'id', TCB_SECRET_KEY: 'key' })).code).toBe(1);
    expect(cloud.calls).toEqual([]);
  });
});
