/**
 * 长辈版 remembered per person on the server (user.setPreferences → user.me): a person's choice comes back on any
 * device, only their own profile changes, bad input changes nothing, and a replay of the same request is one change.
 */
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { database } from '../../cloudfunctions/_shared/db';
import { handlers as userHandlers } from '../../cloudfunctions/user/index';
import type { Envelope, Me } from '../../types';
import { bookingWorld, type BookingWorld } from '../support/booking';

let w: BookingWorld;
let user: Main;
let n = 0;
const call = (openid: string, action: string, data: unknown, requestId = `prefs-request-${++n}`): Promise<Envelope<unknown>> =>
  w.cloud.invoke(user, openid, { action, data, requestId });
const me = async (openid: string): Promise<Me> => {
  const res = await w.cloud.invoke(user, openid, { action: 'me', data: {} });
  if (!res.ok) throw new Error(res.error.code);
  return res.data as Me;
};

beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' });
  user = createFunction('user', userHandlers, { clock: w.clock, db: database });
});
afterEach(() => w.stop());

describe('长辈版 preference', () => {
  it('is unknown (null) until chosen, then remembered on the profile and shown by me', async () => {
    expect((await me('demo-resident')).profile.elderMode).toBeNull();
    expect(await call('demo-resident', 'setPreferences', { elderMode: true })).toMatchObject({ ok: true, data: { elderMode: true } });
    expect((await me('demo-resident')).profile.elderMode).toBe(true);
    expect(w.doc('users', 'demo-resident')).toMatchObject({ elderMode: true, nickname: '王阿姨', phone: '13805351234' });
    expect(await call('demo-resident', 'setPreferences', { elderMode: false })).toMatchObject({ ok: true, data: { elderMode: false } });
    expect((await me('demo-resident')).profile.elderMode).toBe(false);
  });

  it('changes only the caller’s own profile, whatever the payload names', async () => {
    const before = JSON.stringify(w.doc('users', 'demo-resident-2'));
    expect(await call('demo-resident', 'setPreferences', { elderMode: true, openid: 'demo-resident-2' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(await call('demo-resident', 'setPreferences', { elderMode: true })).toMatchObject({ ok: true });
    expect(JSON.stringify(w.doc('users', 'demo-resident-2'))).toBe(before);
    expect((await me('demo-resident-2')).profile.elderMode).toBeNull();
  });

  it('refuses anything but a yes/no with a coded error and changes nothing', async () => {
    const before = JSON.stringify(w.doc('users', 'demo-resident'));
    for (const bad of [{}, { elderMode: 'yes' }, { elderMode: 1 }, { elderMode: null }]) {
      expect(await call('demo-resident', 'setPreferences', bad)).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    }
    expect(JSON.stringify(w.doc('users', 'demo-resident'))).toBe(before);
  });

  it('registers a new person who chooses before anything else, as a resident with the choice', async () => {
    expect(await call('newcomer-elder', 'setPreferences', { elderMode: true })).toMatchObject({ ok: true });
    const newcomer = await me('newcomer-elder');
    expect(newcomer.profile.elderMode).toBe(true);
    expect(newcomer.roles.map((r) => r.role)).toEqual(['resident']);
  });

  it('answers a replay of the same request with the first answer', async () => {
    expect(await call('demo-resident', 'setPreferences', { elderMode: true }, 'prefs-replay-0001')).toMatchObject({ ok: true, data: { elderMode: true } });
    await call('demo-resident', 'setPreferences', { elderMode: false });
    expect(await call('demo-resident', 'setPreferences', { elderMode: true }, 'prefs-replay-0001')).toMatchObject({ ok: true, data: { elderMode: true } });
    expect((await me('demo-resident')).profile.elderMode).toBe(false);
    expect(await call('demo-resident', 'setPreferences', { elderMode: false }, 'prefs-replay-0001')).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY.KEY_REUSED' } });
  });
});
