/**
 * The local runtime's HTTP interface (also the H5 transport): identity per invocation, status codes, sign-in.
 */
import { sign } from '@cloudbase/signature-nodejs';
import { main as stationMain } from '../../cloudfunctions/station/index';
import { main as userMain } from '../../cloudfunctions/user/index';
import { main as venueMain } from '../../cloudfunctions/venue/index';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({
    functions: {
      user: userMain,
      venue: venueMain,
      station: stationMain,
      // Answers with what it was called with.
      echo: async (event, context) => ({ ok: true, data: { event, context } }),
    },
  });
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
    const res = await raw('/api/venue', { method: 'POST', body: JSON.stringify({ action: 'list', data: { pad: 'x'.repeat(2 * 1024 * 1024) } }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });

  it('calls a function as wx.cloud.callFunction does: the client’s data plus the platform’s userInfo, the caller in the context', async () => {
    const body = { action: 'me', data: { a: 1 }, requestId: 'req-echo-1', userInfo: { appId: 'wx-forged', openId: 'demo-district-admin' } };
    const signedIn = await cloud.post('echo', 'demo-resident', body);
    const { event, context } = (signedIn.body as { data: { event: unknown; context: { environment: string } } }).data;
    expect(event).toEqual({ action: 'me', data: { a: 1 }, requestId: 'req-echo-1', userInfo: { appId: 'wx-local-red-sail', openId: 'demo-resident' } });
    expect(JSON.parse(context.environment)).toMatchObject({ WX_OPENID: 'demo-resident', WX_APPID: 'wx-local-red-sail', TCB_SOURCE: 'wx_client' });

    const anonymous = await cloud.post('echo', null, body);
    const called = (anonymous.body as { data: { event: { userInfo: unknown }; context: { environment: string } } }).data;
    expect(called.event.userInfo).toEqual({ appId: 'wx-local-red-sail' });
    const environment = JSON.parse(called.context.environment);
    expect(environment).toMatchObject({ WX_APPID: 'wx-local-red-sail', TCB_SOURCE: 'wx_client' });
    expect(environment).not.toHaveProperty('WX_OPENID');

    // A body that is not an object cannot be a callFunction event.
    for (const notAnObject of ['[1]', '"me"', '7', 'null']) {
      const res = await raw('/api/echo', { method: 'POST', body: notAnObject });
      expect([notAnObject, res.status]).toEqual([notAnObject, 400]);
    }
  });

  it('reports health once the database is open', async () => {
    const res = await raw('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });
});

describe('the database endpoint', () => {
  const insert = { action: 'database.insertDocument', envName: 'local', collectionName: 'users', data: '[{"_id":"intruder","roles":[{"role":"district_admin"}]}]' };
  const intruder = () => cloud.db.handle({ action: 'database.calculateDocument', collectionName: 'users', query: '{"_id":"intruder"}' });
  const target = () => `${cloud.url}/admin?env=local&seqId=test`;

  /** A request signed as @cloudbase/node-sdk signs it, with the given key. */
  function signed(params: Record<string, unknown>, secretKey: string): RequestInit {
    const headers = { host: new URL(cloud.url).host, 'content-type': 'application/json' };
    const { authorization, timestamp } = sign({ secretId: 'local', secretKey, method: 'post', url: target(), headers, params, withSignedParams: true, timestamp: Math.floor(Date.now() / 1000) - 1 });
    return { method: 'POST', headers: { 'content-type': 'application/json', authorization, 'x-timestamp': String(timestamp) }, body: JSON.stringify(params) };
  }

  it('refuses a request without a signature (401) and changes nothing', async () => {
    const res = await fetch(target(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(insert) });
    expect(res.status).toBe(401);
    expect(intruder()).toMatchObject({ data: { total: 0 } });
  });

  it('refuses a request signed with another key, or a signed request whose body was changed (403), and changes nothing', async () => {
    const wrongKey = await fetch(target(), signed(insert, 'guessed-key'));
    expect(wrongKey.status).toBe(403);
    const harmless = { action: 'database.getDocument', envName: 'local', collectionName: 'venues', queryType: 'WHERE', query: '{}' };
    const tampered = { ...signed(harmless, process.env.TENCENTCLOUD_SECRETKEY as string), body: JSON.stringify(insert) };
    expect((await fetch(target(), tampered)).status).toBe(403);
    const added = { ...signed(harmless, process.env.TENCENTCLOUD_SECRETKEY as string), body: JSON.stringify({ ...harmless, transactionId: 'x' }) };
    expect((await fetch(target(), added)).status).toBe(403);
    expect(intruder()).toMatchObject({ data: { total: 0 } });
  });

  it('answers a request signed with its key, as the SDK in this process signs it', async () => {
    const count = { action: 'database.calculateDocument', envName: 'local', collectionName: 'users', query: '{}' };
    const res = await fetch(target(), signed(count, process.env.TENCENTCLOUD_SECRETKEY as string));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { total: expect.any(Number) } });
  });
});
