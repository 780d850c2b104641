/**
 * What the platform adds to an invocation, through the real venue function (real SDK → local database):
 * - wx.cloud.callFunction events carry `userInfo: {appId, openId}` (and `tcbContext`): accepted, never trusted;
 * - timer triggers run only when the platform says the trigger started the call (TCB_SOURCE wx_trigger, no user),
 *   whatever the event looks like;
 * - dates and instants the calendar does not have, or years the app cannot hold, are refused at the contract.
 */
import { at, bookingWorld, HOUR, MIN, rid, type BookingWorld } from '../support/booking';
import { contextFor } from '../support/local-cloud';
import type { Booking } from '../../types';

let w: BookingWorld;
beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' });
});
afterEach(() => w.stop());

/** The context CloudBase gives a client call: the user's openid, the app, and the call's source. */
const clientContext = (openid: string | null) => {
  const env = JSON.parse(contextFor(openid).environment) as Record<string, string>;
  return { environment: JSON.stringify({ ...env, TCB_SOURCE: 'wx_client' }) };
};
/** The context CloudBase gives a timer trigger: no user, TCB_SOURCE wx_trigger. */
const triggerContext = (source = 'wx_trigger') => ({ environment: JSON.stringify({ TCB_SOURCE: source }) });

const tickEvent = () => ({ Type: 'Timer', TriggerName: 'tick', Time: new Date(w.clock.now()).toISOString() });

describe('platform-injected event fields', () => {
  it('accepts the userInfo WeChat injects but acts as the user of the context, never the one userInfo names', async () => {
    const event = {
      action: 'book',
      requestId: 'req-userinfo-1',
      data: { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: '冒名预约', attendees: 2, phone: '13800000000' },
      userInfo: { appId: 'wx-test', openId: 'victim-openid' },
      tcbContext: {},
    };
    const res = await w.venue(event, clientContext('attacker-openid'));
    expect(res).toMatchObject({ ok: true });
    const mine = (who: string) => w.ok<{ bookings: Booking[] }>(who, 'mine', {});
    expect((await mine('attacker-openid')).bookings.map((b) => b.purpose)).toEqual(['冒名预约']);
    expect((await mine('victim-openid')).bookings).toEqual([]);
  });

  it('accepts userInfo on a read, and still refuses a call whose context has no user', async () => {
    const withUserInfo = { action: 'mine', data: {}, userInfo: { appId: 'wx-test', openId: 'demo-resident' } };
    expect(await w.venue(withUserInfo, clientContext('demo-resident'))).toMatchObject({ ok: true, data: { bookings: [] } });
    // userInfo alone is no identity.
    expect(await w.venue(withUserInfo, clientContext(null))).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  it('still refuses fields the platform does not add, and a userInfo of the wrong shape', async () => {
    for (const extra of [{ openid: 'victim' }, { WX_OPENID: 'victim' }, { userInfo: 'victim' }, { tcbContext: 'x' }]) {
      const res = await w.venue({ action: 'mine', data: {}, ...extra }, clientContext('demo-resident'));
      expect(res).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    }
  });
});

describe('timer triggers', () => {
  /** A confirmed booking at 09:30 today nobody checks in to: at 09:50 the tick releases it (15 min after the start). */
  async function noShow(): Promise<string> {
    const b = await w.ok<Booking>('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-01', '09:30')], purpose: '爽约测试', attendees: 2 });
    w.clock.advance(HOUR + 50 * MIN); // 09:50
    return b.id;
  }
  const stateOf = async (id: string) =>
    (await w.ok<{ bookings: Booking[] }>('demo-resident', 'mine', { when: 'upcoming' })).bookings.find((b) => b.id === id)?.state ??
    (await w.ok<{ bookings: Booking[] }>('demo-resident', 'mine', { when: 'past' })).bookings.find((b) => b.id === id)?.state;

  it('a timer event sent by a client (signed in or not, direct or over HTTP) runs nothing and gets a coded 4xx', async () => {
    const id = await noShow();
    for (const ctx of [clientContext('demo-resident'), clientContext(null), {}, undefined]) {
      const res = await w.venue(tickEvent(), ctx);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(['AUTH.FORBIDDEN', 'AUTH.UNAUTHENTICATED', 'INPUT.INVALID']).toContain(res.error.code);
    }
    for (const who of ['demo-resident', null]) {
      const http = await w.cloud.post('venue', who, tickEvent());
      expect(http.status).toBeGreaterThanOrEqual(400);
      expect(http.status).toBeLessThan(500);
    }
    expect(await stateOf(id)).toBe('confirmed');
    // The genuine trigger releases it.
    expect(await w.venue(tickEvent(), triggerContext())).toMatchObject({ ok: true, data: { released: 1 } });
    expect(await stateOf(id)).toBe('released');
  });

  it('a context naming the trigger but also a user is not the trigger', async () => {
    const id = await noShow();
    const forged = { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger', WX_OPENID: 'demo-resident' }) };
    expect(await w.venue(tickEvent(), forged)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await stateOf(id)).toBe('confirmed');
    expect(await w.venue(tickEvent(), triggerContext())).toMatchObject({ ok: true, data: { released: 1 } });
  });

  it('runs the timer when the platform names the trigger as a hop, and refuses a non-timer event from it', async () => {
    expect(await w.venue(tickEvent(), triggerContext('wx_trigger,scf'))).toMatchObject({ ok: true, data: { released: 0 } });
    expect(await w.venue({ ...tickEvent(), Message: '每分钟' }, triggerContext())).toMatchObject({ ok: true });
    expect(await w.venue({ ...tickEvent(), TriggerName: 'other' }, triggerContext())).toMatchObject({ ok: false, error: { code: 'INPUT.UNKNOWN_ACTION' } });
    expect(await w.venue({ action: 'mine', data: {} }, triggerContext())).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });
});

describe('dates and instants', () => {
  it('refuses an impossible date for the slot grid with INPUT.INVALID naming the field', async () => {
    for (const date of ['2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31']) {
      const res = await w.call('demo-resident', 'slots', { venueId: 'cyy-rehearsal', date });
      expect({ date, res }).toMatchObject({ date, res: { ok: false, error: { code: 'INPUT.INVALID', fields: { date: expect.any(String) } } } });
    }
  });

  it('refuses a booking start on a date the calendar does not have, or at a time the clock does not have', async () => {
    for (const start of ['2026-02-30T09:30:00+08:00', '2026-12-02T24:00:00+08:00', '2026-12-02T09:60:00+08:00', '2026-12-02T09:30:00+25:00']) {
      const res = await w.call('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [start], purpose: '日期不存在', attendees: 2 });
      expect(res).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { 'starts.0': expect.any(String) } } });
    }
  });

  it('refuses far-future and far-past instants with INPUT.INVALID, not a 500', async () => {
    for (const start of ['9999-12-31T23:59:59-14:00', '9999-12-31T23:59:59+14:00', '0001-01-01T00:00:00Z']) {
      const res = await w.cloud.post('venue', 'demo-resident', { action: 'book', requestId: rid(), data: { venueId: 'cyy-rehearsal', starts: [start], purpose: '遥远的将来', attendees: 2 } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { 'starts.0': expect.any(String) } } });
      const wait = await w.call('demo-resident', 'joinWaitlist', { venueId: 'cyy-rehearsal', start, purpose: '遥远的将来', attendees: 2 });
      expect(wait).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { start: expect.any(String) } } });
    }
    expect(w.count('bookings', {})).toBe(0);
  });

  it('still accepts a real instant in any offset', async () => {
    const res = await w.call('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: ['2026-12-02T01:30:00Z'], purpose: '正常预约', attendees: 2 });
    expect(res).toMatchObject({ ok: true, data: { start: '2026-12-02T09:30:00+08:00' } });
  });
});
