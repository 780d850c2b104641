/**
 * The per-person rate limit of mutations, through the real functions on two instances: it holds for requests sent
 * without a requestId too, a refused request leaves its requestId free for a later retry, and reading never counts.
 *
 * "Now" is Tuesday 2026-12-01 08:00 Beijing. user.setPreferences allows 20 calls a minute.
 */
import { Collections } from '../../cloudfunctions/_shared/collections';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { handlers as userHandlers } from '../../cloudfunctions/user/index';
import { contract, type Envelope } from '../../types';
import { bookingWorld, MIN, type BookingWorld } from '../support/booking';

const LIMIT = contract.user.setPreferences.perMinute ?? 0;
let w: BookingWorld;
let users: Main[];
let turn = 0;
const user = (openid: string, action: string, data: unknown, requestId?: string): Promise<Envelope<unknown>> =>
  w.cloud.invoke(users[turn++ % users.length] as Main, openid, requestId === undefined ? { action, data } : { action, data, requestId });
const elderMode = (openid: string) => w.doc<{ elderMode?: boolean }>(Collections.users, openid)?.elderMode;

beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
  users = [0, 1].map(() => createFunction('user', userHandlers, { clock: w.clock, db: database }));
});
afterEach(() => w.stop());

describe('rate limits', () => {
  it('limits requests sent without a requestId too: the one over the limit answers 429 and changes nothing', async () => {
    expect(LIMIT).toBe(20);
    const who = 'rate-no-request-id';
    for (let i = 0; i < LIMIT; i++) expect(await user(who, 'setPreferences', { elderMode: i % 2 === 0 })).toMatchObject({ ok: true });
    expect(elderMode(who)).toBe(false);
    expect(await user(who, 'setPreferences', { elderMode: true })).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    expect(elderMode(who)).toBe(false);
    // The next minute it is allowed again.
    w.clock.advance(MIN);
    expect(await user(who, 'setPreferences', { elderMode: true })).toMatchObject({ ok: true, data: { elderMode: true } });
    expect(elderMode(who)).toBe(true);
  });

  it('leaves a refused request’s requestId free: its retry in the next minute runs', async () => {
    const who = 'rate-retry';
    for (let i = 0; i < LIMIT; i++) expect(await user(who, 'setPreferences', { elderMode: false }, `rate-retry-${i}`)).toMatchObject({ ok: true });
    expect(await user(who, 'setPreferences', { elderMode: true }, 'rate-retry-late')).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
    expect(elderMode(who)).toBe(false);
    w.clock.advance(MIN);
    expect(await user(who, 'setPreferences', { elderMode: true }, 'rate-retry-late')).toEqual({ ok: true, data: { elderMode: true } });
    expect(elderMode(who)).toBe(true);
  }, 20_000);

  it('never counts reads: browsing writes no rate-limit counter', async () => {
    const who = 'demo-resident';
    for (let i = 0; i < 3; i++) {
      expect((await w.call(who, 'list', {})).ok).toBe(true);
      expect((await user(who, 'me', {})).ok).toBe(true);
      expect((await user(who, 'messages', {})).ok).toBe(true);
    }
    expect(w.count(Collections.rateLimits, {})).toBe(0);
    // Control: a mutation does write one.
    expect((await user(who, 'setPreferences', { elderMode: true })).ok).toBe(true);
    expect(w.count(Collections.rateLimits, {})).toBe(1);
  });
});
