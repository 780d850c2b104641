/**
 * The local runtime as `npm start` runs it (a child process): its database on its own thread and port, seeded on the
 * first start, counting the requests it answers (what the booking benchmark reports as database calls per booking).
 */
import fs from 'node:fs';
import path from 'node:path';
import { callApi, health, login, startRuntimeProcess, type RuntimeProcess } from '../../scripts/lib/runtime-process';

describe('the local runtime’s database thread', () => {
  let rt: RuntimeProcess | undefined;
  afterAll(async () => {
    await rt?.stop();
    rt?.removeData();
  });

  it('serves the seeded data through the functions and counts each database request once', async () => {
    if (!fs.existsSync(path.resolve(__dirname, '../../dist/cloudfunctions/venue/index.js'))) throw new Error('run `npm run build:functions` first');
    rt = await startRuntimeProcess();
    expect(rt.output()).toContain('demo data seeded');
    const token = await login(rt.url, 'thread-neighbour');
    const list = await callApi(rt.url, token, 'venue', { action: 'list', data: {} });
    expect((list.body as { data: { venues: unknown[] } }).data.venues.length).toBeGreaterThanOrEqual(15);
    await callApi(rt.url, token, 'user', { action: 'me' }); // registers the profile

    const before = await health(rt.url);
    expect(before).toMatchObject({ ok: true, openTransactions: 0 });
    expect(await callApi(rt.url, token, 'user', { action: 'me' })).toMatchObject({ status: 200 });
    expect((await health(rt.url)).dbCalls - before.dbCalls).toBe(1);
    expect(await callApi(rt.url, token, 'user', { action: 'ping' })).toMatchObject({ status: 200 });
    expect((await health(rt.url)).dbCalls - before.dbCalls).toBe(1);
  });

  it('keeps what it wrote across a restart on the same data, without seeding again', async () => {
    const dataDir = (rt as RuntimeProcess).dataDir;
    await rt?.stop();
    rt = await startRuntimeProcess({ dataDir });
    expect(rt.output()).not.toContain('demo data seeded');
    const token = await login(rt.url, 'thread-neighbour');
    const me = await callApi(rt.url, token, 'user', { action: 'me' });
    expect(me).toMatchObject({ status: 200, body: { data: { openid: 'thread-neighbour' } } });
    // One read and no insert: the profile made before the restart was found.
    expect((await health(rt.url)).dbCalls).toBe(1);
  });
});
