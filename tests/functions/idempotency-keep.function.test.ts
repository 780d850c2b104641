/**
 * A request's stored answer is kept for 48 hours: a replay within them (after the minute timer's clean-up) gets the
 * first answer and changes nothing; after them, the same requestId is a new request.
 *
 * "Now" is Tuesday 2026-12-01 08:00 Beijing.
 */
import { Collections } from '../../cloudfunctions/_shared/collections';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { handlers as userHandlers } from '../../cloudfunctions/user/index';
import type { Envelope } from '../../types';
import { bookingWorld, HOUR, type BookingWorld } from '../support/booking';

const WHO = 'keep-user';
let w: BookingWorld;
let users: Main[];
let turn = 0;
const setElderMode = (elderMode: boolean, requestId: string): Promise<Envelope<unknown>> =>
  w.cloud.invoke(users[turn++ % users.length] as Main, WHO, { action: 'setPreferences', data: { elderMode }, requestId });
const stored = () => w.doc<{ elderMode?: boolean }>(Collections.users, WHO)?.elderMode;

beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
  users = [0, 1].map(() => createFunction('user', userHandlers, { clock: w.clock, db: database }));
});
afterEach(() => w.stop());

describe('how long a request’s answer is kept', () => {
  it('replays the first answer for 48 hours without running again, and treats the requestId as new after them', async () => {
    expect(await setElderMode(true, 'keep-req-0001')).toEqual({ ok: true, data: { elderMode: true } });
    expect(await setElderMode(false, 'keep-req-0002')).toEqual({ ok: true, data: { elderMode: false } });

    w.clock.advance(47 * HOUR);
    await w.tick();
    expect(await setElderMode(true, 'keep-req-0001')).toEqual({ ok: true, data: { elderMode: true } });
    expect(stored()).toBe(false); // replayed, not run again

    w.clock.advance(2 * HOUR);
    await w.tick();
    expect(await setElderMode(true, 'keep-req-0001')).toEqual({ ok: true, data: { elderMode: true } });
    expect(stored()).toBe(true); // a new request after 48 hours
  });
});
