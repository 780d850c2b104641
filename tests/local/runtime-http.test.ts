/**
 * The local runtime's HTTP interface (also the H5 transport): identity per invocation, status codes, sign-in.
 */
import { main as stationMain } from '../../cloudfunctions/station/index';
import { main as userMain } from '../../cloudfunctions/user/index';
import { main as venueMain } from '../../cloudfunctions/venue/index';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ functions: { user: userMain, venue: venueMain, station: stationMain } });
});
afterAll(() => cloud.stop());

const raw = (path: string, init: RequestInit = {}) => fetch(`${cloud.url}${path}`, init);

describe('local runtime HTTP interface', () => {
  it('gives every one of many concurrent callers their own identity and nobody else’s', async () => {
    const users = Array.from({ length: 40 }, (_, i) => `neighbour-${i}`);
    const calls = users.flatMap((openid) => Array.from({ length: 3 }, () => cloud.post('user', openid, { action: 'me' }).then((r) => ({ openid, r }))));
    const results = await Promise.all(calls);
    for (const { openid, r } of results) {
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ok: true, data: { openid } });
    }
    // Each new openid was registered exactly once despite racing first calls.
    const count = cloud.db.handle({ action: 'database.calculateDocument', collectionName: 'users', query: '{"_id":{"$regex":"^neighbour-"}}' });
    expect(count).toMatchObject({ data: { total: 40 } });
  });

  it('signs in locally and answers with the seeded profile, phone masked', async () => {
    const login = await raw('/api/dev/login', { method: 'POST', body: JSON.stringify({ openid: 'demo-resident' }) });
    expect(login.status).toBe(200);
    const { data } = (await login.json()) as { data: { token: string } };
    const me = await raw('/api/user', { method: 'POST', headers: { authorization: `Bearer ${data.token}` }, body: JSON.stringify({ action: 'me' }) });
    const body = (await me.json()) as { data: { profile: { nickname: string; phoneMasked: string } } };
    expect(body.data.profile).toMatchObject({ nickname: '王阿姨', phoneMasked: '138****1234' });
    expect(JSON.stringify(body)).not.toContain('13805351234');
  });

  it('rejects a sign-in with an unusable openid', async () => {
    const res = await raw('/api/dev/login', { method: 'POST', body: JSON.stringify({ openid: '{"$ne":null}' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });

  it('answers 401 without identity and for a forged token', async () => {
    expect((await cloud.post('venue', null, { action: 'list' })).status).toBe(401);
    const forged = await raw('/api/venue', { method: 'POST', headers: { authorization: 'Bearer ZGVtbw.forged' }, body: '{"action":"list"}' });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  it('maps bad input to 400 with field paths, unknown functions to 404, broken JSON to 400', async () => {
    const bad = await cloud.post('venue', 'demo-resident', { action: 'list', data: { minCapacity: -3, admin: true } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { minCapacity: expect.any(String), admin: 'unknown field' } } });
    expect((await cloud.post('venue', 'demo-resident', { action: 'drop' })).body).toMatchObject({ error: { code: 'INPUT.UNKNOWN_ACTION' } });
    expect((await cloud.post('nosuchfn', 'demo-resident', { action: 'x' })).status).toBe(404);
    const broken = await raw('/api/venue', { method: 'POST', body: '{"action":' });
    expect(broken.status).toBe(400);
  });

  it('refuses an oversized body with 413', async () => {
    const res = await raw('/api/venue', { method: 'POST', body: JSON.stringify({ action: 'list', data: { pad: 'x'.repeat(2 * 1024 * 1024) } }) }).catch(() => null);
    // The server may reset the connection after answering; either way nothing is processed.
    if (res) expect(res.status).toBe(413);
  });

  it('reports health once the database is open', async () => {
    const res = await raw('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });
});
