/**
 * First use: a new resident gives a 称呼 and a phone (typed, or WeChat's phone-number code exchanged on the server —
 * locally by the runtime's stand-in), the phone is shown masked to them and in full to the responsible manager, and
 * venue.book refuses a booking nobody could be reached about (no phone on the form, none on the profile).
 */
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { database } from '../../cloudfunctions/_shared/db';
import { handlers as userHandlers } from '../../cloudfunctions/user/index';
import { devPhoneNumberForCode, installLocalRuntimeHooks } from '../../local-cloud/clock';
import type { Booking, Envelope, ManagedBooking, Me } from '../../types';
import { at, bookingWorld, rid, type BookingWorld } from '../support/booking';

let w: BookingWorld;
let user: Main;
let uninstall: () => void;
let n = 0;
const call = (openid: string, action: string, data: unknown, requestId = `profile-request-${++n}`): Promise<Envelope<unknown>> =>
  w.cloud.invoke(user, openid, { action, data, requestId });
const me = async (openid: string): Promise<Me> => {
  const res = await w.cloud.invoke(user, openid, { action: 'me', data: {} });
  if (!res.ok) throw new Error(res.error.code);
  return res.data as Me;
};
const book = (openid: string, extra: Record<string, unknown> = {}) =>
  w.call(openid, 'book', { venueId: 'cyy-meeting-1', starts: [at('2026-12-02', '09:30')], purpose: '邻里议事', attendees: 4, ...extra }, rid());

beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' });
  user = createFunction('user', userHandlers, { clock: w.clock, db: database });
  uninstall = installLocalRuntimeHooks({ phoneNumberForCode: devPhoneNumberForCode });
});
afterEach(async () => {
  uninstall();
  await w.stop();
});

describe('user.setProfile (称呼 and phone on first use)', () => {
  it('a new resident has no phone until they give one; a typed phone is stored and shown masked to them', async () => {
    expect((await me('newcomer-1')).profile).toMatchObject({ phoneMasked: null });
    expect(await call('newcomer-1', 'setProfile', { nickname: '  孙奶奶 ', phone: '139-0535-1111' })).toEqual({
      ok: true,
      data: { nickname: '孙奶奶', phoneMasked: '139****1111', streetId: null, communityId: null, elderMode: null },
    });
    expect(w.doc('users', 'newcomer-1')).toMatchObject({ nickname: '孙奶奶', phone: '13905351111' });
    expect((await me('newcomer-1')).profile).toMatchObject({ nickname: '孙奶奶', phoneMasked: '139****1111' });
  });

  it('exchanges WeChat’s phone-number code on the server (local stand-in) and never trusts a number from the client', async () => {
    expect(await call('newcomer-2', 'setProfile', { nickname: '钱叔叔', phoneCode: 'dev-13612345678' })).toMatchObject({ ok: true, data: { phoneMasked: '136****5678' } });
    expect(w.doc('users', 'newcomer-2')).toMatchObject({ nickname: '钱叔叔', phone: '13612345678' });
  });

  it('a code WeChat does not know, or bad input, is a coded error and changes nothing', async () => {
    await me('newcomer-3');
    const before = JSON.stringify(w.doc('users', 'newcomer-3'));
    expect(await call('newcomer-3', 'setProfile', { nickname: '周阿姨', phoneCode: 'expired-code' })).toMatchObject({ ok: false, error: { code: 'USER.PHONE_CODE_INVALID' } });
    for (const bad of [{}, { nickname: '' }, { nickname: 'a'.repeat(21) }, { nickname: '周\n阿姨' }, { phone: '12345' }, { phone: '13912345678', phoneCode: 'dev-13912345678' }, { phoneCode: '../x' }, { nickname: '周阿姨', openid: 'demo-resident' }]) {
      expect(await call('newcomer-3', 'setProfile', bad)).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    }
    expect(JSON.stringify(w.doc('users', 'newcomer-3'))).toBe(before);
  });

  it('without the local runtime’s stand-in a dev code is not a phone number (production asks WeChat)', async () => {
    uninstall();
    await me('newcomer-4');
    const res = await call('newcomer-4', 'setProfile', { phoneCode: 'dev-13612345678' });
    expect(res.ok).toBe(false);
    expect(w.doc('users', 'newcomer-4')).toMatchObject({ phone: null });
  });

  it('changes only the caller’s own profile', async () => {
    const before = JSON.stringify(w.doc('users', 'demo-resident'));
    expect(await call('newcomer-5', 'setProfile', { nickname: '冒名', phone: '13800000000', openid: 'demo-resident' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect((await call('newcomer-5', 'setProfile', { nickname: '本人', phone: '13800000000' })).ok).toBe(true);
    expect(JSON.stringify(w.doc('users', 'demo-resident'))).toBe(before);
  });
});

describe('venue.book needs a phone', () => {
  it('is refused (VENUE.PHONE_REQUIRED) when neither the form nor the profile has one, and books nothing', async () => {
    await me('newcomer-6');
    expect(await book('newcomer-6')).toMatchObject({ ok: false, error: { code: 'VENUE.PHONE_REQUIRED', fields: { phone: expect.any(String) } } });
    expect(w.count('bookings', { openid: 'newcomer-6' })).toBe(0);
    expect(w.count('slot_ledger', {})).toBe(0);
  });

  it('books with a phone on the form, or with the profile’s; the manager then sees the 称呼 and the number', async () => {
    expect(await book('newcomer-7', { phone: '13700001111' })).toMatchObject({ ok: true, data: { phoneMasked: '137****1111' } });
    expect((await call('newcomer-8', 'setProfile', { nickname: '吴大姐', phoneCode: 'dev-13522223333' })).ok).toBe(true);
    const b = await book('newcomer-8', { starts: [at('2026-12-02', '10:30')] });
    expect(b).toMatchObject({ ok: true });
    const schedule = await w.ok<{ bookings: ManagedBooking[] }>('demo-venue-manager', 'schedule', { venueId: 'cyy-meeting-1', date: '2026-12-02' });
    expect(schedule.bookings.find((x) => x.id === (b as { data: Booking }).data.id)).toMatchObject({ bookerName: '吴大姐', phone: '13522223333' });
  });
});
