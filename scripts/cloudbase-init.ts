/**
 * Creates every collection the functions use in a CloudBase env (CloudBase refuses queries on missing collections).
 * Usage: TCB_ENV_ID=... TCB_SECRET_ID=... TCB_SECRET_KEY=... npm run cloudbase:init
 * Against the local runtime: TCB_ENV_ID=local TCB_URL=http://127.0.0.1:8080/admin npm run cloudbase:init
 */
import tcb from '@cloudbase/node-sdk';
import { Collections } from '../cloudfunctions/_shared/collections';

async function init(): Promise<void> {
  const env = process.env.TCB_ENV_ID;
  if (!env) throw new Error('set TCB_ENV_ID (and TCB_SECRET_ID/TCB_SECRET_KEY outside the cloud)');
  const db = tcb
    .init({
      env,
      secretId: process.env.TCB_SECRET_ID ?? 'local',
      secretKey: process.env.TCB_SECRET_KEY ?? 'local',
      ...(process.env.TCB_URL ? { serviceUrl: process.env.TCB_URL } : {}),
    })
    .database();
  for (const name of Object.values(Collections)) {
    try {
      await db.createCollection(name);
      process.stdout.write(`created ${name}\n`);
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (!/EXIST/.test(code)) throw e;
      process.stdout.write(`exists  ${name}\n`);
    }
  }
}

init().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : JSON.stringify(e)}\n`);
  process.exit(1);
});
