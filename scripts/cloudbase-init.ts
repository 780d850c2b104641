/**
 * Prepares a CloudBase env for the functions: creates every collection they use (CloudBase refuses queries on
 * missing collections) and applies database.rules.json to each — a collection created by code otherwise keeps the
 * platform's default permission — then reads each rule back and fails (exit code 1) unless it is exactly the one in
 * the file.
 *
 * Usage: TCB_ENV_ID=... TCB_SECRET_ID=... TCB_SECRET_KEY=... npm run cloudbase:init
 * Against the local runtime (collections only; it has no client access to guard):
 *   TCB_ENV_ID=local TCB_URL=http://127.0.0.1:8080/admin npm run cloudbase:init
 *
 * Rules go through CloudBase's management API (tcb 2018-06-08 ModifySafeRule / DescribeSafeRule) by
 * @cloudbase/manager-node's commonService, as a CUSTOM rule whose text is the collection's entry in the file.
 */
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Collections } from '../cloudfunctions/_shared/collections';
import { RULES_FILE } from './security-rules';

export type CollectionRule = Record<string, unknown>;

/** The CloudBase calls the script makes; injectable so its logic is tested without a cloud. */
export interface CloudbaseAdmin {
  /** Creates the collection unless it exists; says which. */
  createCollection(name: string): Promise<'created' | 'exists'>;
  /** Sets the collection's security rule (CUSTOM, the rule's JSON text). */
  setRule(name: string, rule: CollectionRule): Promise<void>;
  /** The collection's security rule as the platform holds it now. */
  readRule(name: string): Promise<{ aclTag: string; rule: string | null }>;
}

/** The rules of database.rules.json, by collection; every collection the functions use must have one. */
export function loadRules(text: string = fs.readFileSync(RULES_FILE, 'utf8')): Record<string, CollectionRule> {
  const { rules } = JSON.parse(text) as { rules?: Record<string, CollectionRule> };
  const missing = Object.values(Collections).filter((name) => !rules?.[name]);
  if (!rules || missing.length > 0) throw new Error(`database.rules.json has no rule for: ${missing.join(', ')} (run npm run rules)`);
  return rules;
}

/**
 * Creates every collection, applies its rule and reads it back. Throws, naming every collection whose rule did not
 * stick, after trying them all.
 */
export async function initCloudbase(admin: CloudbaseAdmin, rules: Record<string, CollectionRule>, log: (line: string) => void = () => undefined): Promise<void> {
  const wrong: string[] = [];
  for (const name of Object.values(Collections)) {
    const rule = rules[name];
    if (!rule) throw new Error(`no security rule for ${name}`);
    log(`${(await admin.createCollection(name)) === 'created' ? 'created' : 'exists '} ${name}`);
    await admin.setRule(name, rule);
    const back = await admin.readRule(name);
    let applied: unknown = null;
    try {
      applied = back.rule === null ? null : JSON.parse(back.rule);
    } catch {
      applied = back.rule;
    }
    if (back.aclTag !== 'CUSTOM' || !isDeepStrictEqual(applied, rule)) {
      wrong.push(`${name}: expected CUSTOM ${JSON.stringify(rule)}, read back ${back.aclTag} ${back.rule ?? '(no rule)'}`);
      log(`WRONG   ${name} rule`);
    } else log(`rule ok ${name}`);
  }
  if (wrong.length > 0) throw new Error(`security rules not in force:\n  ${wrong.join('\n  ')}`);
}

/** The real thing: CloudBase's management API through @cloudbase/manager-node (loaded only when used). */
export async function managerAdmin(env: { envId: string; secretId: string; secretKey: string }): Promise<CloudbaseAdmin> {
  const { default: CloudBase } = await import('@cloudbase/manager-node');
  const app = new CloudBase({ envId: env.envId, secretId: env.secretId, secretKey: env.secretKey });
  const tcb = app.commonService('tcb', '2018-06-08');
  return {
    createCollection: async (name) => ((await app.database.createCollectionIfNotExists(name)).IsCreated ? 'created' : 'exists'),
    setRule: async (name, rule) => {
      await tcb.call({ Action: 'ModifySafeRule', Param: { EnvId: env.envId, CollectionName: name, AclTag: 'CUSTOM', Rule: JSON.stringify(rule) } });
    },
    readRule: async (name) => {
      const res = (await tcb.call({ Action: 'DescribeSafeRule', Param: { EnvId: env.envId, CollectionName: name } })) as { AclTag?: string; Rule?: string };
      return { aclTag: res.AclTag ?? '', rule: res.Rule ?? null };
    },
  };
}

/** The local runtime: collections only (through the SDK's database endpoint); it has no client access to rule. */
async function initLocal(env: NodeJS.ProcessEnv, envId: string, url: string, log: (line: string) => void): Promise<void> {
  const { default: tcb } = await import('@cloudbase/node-sdk');
  const db = tcb.init({ env: envId, secretId: env.TCB_SECRET_ID ?? 'local', secretKey: env.TCB_SECRET_KEY ?? 'local', serviceUrl: url }).database();
  for (const name of Object.values(Collections)) {
    try {
      await db.createCollection(name);
      log(`created ${name}`);
    } catch (e) {
      if (!/EXIST/.test((e as { code?: string }).code ?? '')) throw e;
      log(`exists  ${name}`);
    }
  }
}

interface RunDeps {
  admin: typeof managerAdmin;
  rules: () => Record<string, CollectionRule>;
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaults: RunDeps = {
  admin: managerAdmin,
  rules: () => loadRules(),
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
};

/** The command: 0 when every collection exists with its rule in force, 1 (with the reason on stderr) otherwise. */
export async function run(env: NodeJS.ProcessEnv, deps: Partial<RunDeps> = {}): Promise<number> {
  const { admin, rules, out, err } = { ...defaults, ...deps };
  try {
    const envId = env.TCB_ENV_ID;
    if (!envId) throw new Error('set TCB_ENV_ID (and TCB_SECRET_ID/TCB_SECRET_KEY outside the cloud)');
    if (env.TCB_URL) {
      await initLocal(env, envId, env.TCB_URL, out);
      return 0;
    }
    const secretId = env.TCB_SECRET_ID;
    const secretKey = env.TCB_SECRET_KEY;
    if (!secretId || !secretKey) throw new Error('set TCB_SECRET_ID and TCB_SECRET_KEY');
    await initCloudbase(await admin({ envId, secretId, secretKey }), rules(), out);
    out('every collection exists and has its security rule from database.rules.json');
    return 0;
  } catch (e) {
    err(e instanceof Error ? e.message : JSON.stringify(e));
    return 1;
  }
}

if (require.main === module) {
  void run(process.env).then((code) => process.exit(code));
}
