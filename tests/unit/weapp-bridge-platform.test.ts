/**
 * The weapp page tests' `wx.cloud.callFunction` stand-in delivers events as WeChat does — the page's data plus the
 * injected `userInfo: {appId, openId}` — and the function runtime accepts such an event while taking the caller from the
 * context, so the page tests exercise what a real mini-program sends.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { FakeClock } from '../../cloudfunctions/_shared/clock';
import type { Database } from '../../cloudfunctions/_shared/db';
import { setLogSink } from '../../cloudfunctions/_shared/log';
import { createFunction, type Handlers } from '../../cloudfunctions/_shared/runtime';
import { createCloudBridge, LOCAL_APPID } from '../support/weapp-cloud';

interface Received {
  path: string;
  body: Record<string, unknown>;
}

let server: http.Server;
let url: string;
let received: Received[];

beforeAll(async () => {
  setLogSink(() => undefined);
  server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      received.push({ path: req.url ?? '', body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url === '/api/dev/login' ? { ok: true, data: { token: `t-${String(body.openid)}` } } : { ok: true, data: {} }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  setLogSink(null);
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  received = [];
});

const apiCalls = () => received.filter((r) => r.path.startsWith('/api/') && r.path !== '/api/dev/login');

describe('the weapp bridge (wx.cloud stand-in)', () => {
  it('adds WeChat’s userInfo {appId, openId} beside the page’s data, and records the page’s data as sent', async () => {
    const bridge = createCloudBridge({ url }, { openid: 'demo-resident' });
    const data = { action: 'mine', data: { when: 'upcoming' } };
    await bridge.wxCloud.callFunction({ name: 'venue', data });
    expect(apiCalls()).toEqual([{ path: '/api/venue', body: { action: 'mine', data: { when: 'upcoming' }, userInfo: { appId: LOCAL_APPID, openId: 'demo-resident' } } }]);
    expect(bridge.calls[0]?.data).toEqual(data);
  });

  it('overrides a userInfo the page itself put in its data, as the platform’s is authoritative', async () => {
    const bridge = createCloudBridge({ url }, { openid: 'demo-resident' });
    await bridge.wxCloud.callFunction({ name: 'venue', data: { action: 'mine', userInfo: { openId: 'victim' } } });
    expect(apiCalls()[0]?.body.userInfo).toEqual({ appId: LOCAL_APPID, openId: 'demo-resident' });
  });

  it('sends only the appId for a caller without identity', async () => {
    const bridge = createCloudBridge({ url }, { openid: null });
    await bridge.wxCloud.callFunction({ name: 'station', data: { action: 'list' } });
    expect(apiCalls()[0]?.body).toEqual({ action: 'list', userInfo: { appId: LOCAL_APPID } });
  });

  it('sends events the function runtime accepts, acting as the context’s user', async () => {
    const bridge = createCloudBridge({ url }, { openid: 'demo-resident' });
    await bridge.wxCloud.callFunction({ name: 'station', data: { action: 'list', data: {} } });
    const event = apiCalls()[0]!.body;
    const seen: string[] = [];
    const noDb = (): Database => {
      throw new Error('not used');
    };
    const station = createFunction(
      'station',
      (): Handlers<'station'> => ({
        list: async (_input, ctx) => {
          seen.push(ctx.caller.openid);
          return { stations: [] };
        },
      }) as Partial<Handlers<'station'>> as Handlers<'station'>,
      { clock: new FakeClock(Date.UTC(2026, 11, 1)), db: noDb },
    );
    const context = { environment: JSON.stringify({ WX_OPENID: 'someone-else', WX_APPID: LOCAL_APPID, TCB_SOURCE: 'wx_client' }) };
    expect(await station(event, context)).toEqual({ ok: true, data: { stations: [] } });
    expect(seen).toEqual(['someone-else']);
  });
});
