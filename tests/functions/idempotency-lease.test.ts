/**
 * Recovery of idempotency claims: a call that claimed a requestId and then crashed (or was killed) must not block
 * every retry of it for the 48 h the record is kept. A running claim is its call's for a lease longer than any function
 * timeout; after it, one retry takes the claim over (atomically: of many concurrent retries exactly one runs) and the
 * first call, should it still finish, cannot overwrite or give back a claim it no longer holds.
 *
 * The "crash" is a call whose handler never returns (the process died mid-call): its claim is left running.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

import { FakeClock } from '../../cloudfunctions/_shared/clock';
import { Collections } from '../../cloudfunctions/_shared/collections';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction, IDEMPOTENCY_KEEP_MS, IDEMPOTENCY_LEASE_MS, type Handlers, type Main } from '../../cloudfunctions/_shared/runtime';
import type { Envelope } from '../../types';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

const SECOND = 1000;
let cloud: TestCloud;
let clock: FakeClock;
let user: Main;
/** Each run of the action: its number, and how it ends (left to the test). */
let runs: Array<{ n: number; finish: (outcome: 'answer' | 'fail') => void }>;
/** How the next runs end by themselves; 'hang' leaves them to the test (a crashed or slow call). */
let mode: 'answer' | 'hang';

beforeEach(async () => {
  clock = new FakeClock(Date.UTC(2026, 11, 1, 0, 0));
  runs = [];
  mode = 'answer';
  const handlers: Handlers<'user'> = {
    me: async () => {
      throw new Error('not used');
    },
    ping: async () => ({ pong: true as const, at: '' }),
    setPreferences: async (input) => ({ elderMode: input.elderMode }),
    setProfile: async () => ({ nickname: '', phoneMasked: null, streetId: null, communityId: null, elderMode: null }),
    messages: async () => ({ messages: [], unread: 0 }),
    // The action under test: a runtime-idempotent mutation whose answer says which run produced it.
    readMessages: () =>
      new Promise((resolve, reject) => {
        const n = runs.length + 1;
        const finish = (outcome: 'answer' | 'fail') => (outcome === 'answer' ? resolve({ updated: n }) : reject(new Error(`run ${n} failed`)));
        runs.push({ n, finish });
        if (mode === 'answer') finish('answer');
      }),
    exportMyData: async () => {
      throw new Error('not used');
    },
    deleteAccount: async () => {
      throw new Error('not used');
    },
  };
  user = createFunction('user', () => handlers, { clock, db: database });
  cloud = await startTestCloud({ seed: false, now: () => clock.now() });
});
afterEach(() => cloud.stop());

const read = (requestId: string, who = 'lease-user'): Promise<Envelope<unknown>> => cloud.invoke(user, who, { action: 'readMessages', requestId, data: {} });
/** Lets a hanging call reach its handler (claim taken, handler entered). */
async function untilRuns(n: number): Promise<void> {
  for (let i = 0; i < 400 && runs.length < n; i++) await new Promise((r) => setTimeout(r, 5));
  expect(runs).toHaveLength(n);
}

describe('idempotency claims left running', () => {
  it('last longer than any function may run (every timeout in cloudbaserc.json, and its 60 s maximum)', () => {
    const rc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cloudbaserc.json'), 'utf8')) as { functions: Array<{ timeout?: number }> };
    const longest = Math.max(...rc.functions.map((f) => f.timeout ?? 5));
    expect(IDEMPOTENCY_LEASE_MS).toBeGreaterThan(longest * SECOND);
    expect(IDEMPOTENCY_LEASE_MS).toBeGreaterThan(60 * SECOND);
    expect(IDEMPOTENCY_LEASE_MS).toBeLessThan(IDEMPOTENCY_KEEP_MS);
  });

  it('a slow but living first call is not run twice: a retry within the lease waits, then answers CONFLICT', async () => {
    mode = 'hang';
    const first = read('req-slow-0001');
    await untilRuns(1);
    clock.advance(60 * SECOND); // the longest timeout cloudbaserc allows
    expect(await read('req-slow-0001')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(runs).toHaveLength(1);
    runs[0]!.finish('answer');
    expect(await first).toEqual({ ok: true, data: { updated: 1 } });
    expect(await read('req-slow-0001')).toEqual({ ok: true, data: { updated: 1 } });
    expect(runs).toHaveLength(1);
  }, 15_000);

  it('a claim left by a crashed call is taken over after the lease, and the retry’s answer is kept', async () => {
    mode = 'hang';
    void read('req-crash-001'); // the process dies inside the handler: nothing ever completes or releases the claim
    await untilRuns(1);
    clock.advance(IDEMPOTENCY_LEASE_MS + SECOND);
    mode = 'answer';
    expect(await read('req-crash-001')).toEqual({ ok: true, data: { updated: 2 } });
    // Replays now get the retry's answer, without running again.
    clock.advance(IDEMPOTENCY_LEASE_MS * 2);
    expect(await read('req-crash-001')).toEqual({ ok: true, data: { updated: 2 } });
    expect(runs).toHaveLength(2);
  });

  it('of many concurrent retries after the lease, exactly one runs and all get its answer', async () => {
    mode = 'hang';
    void read('req-crowd-001');
    await untilRuns(1);
    clock.advance(IDEMPOTENCY_LEASE_MS + SECOND);
    mode = 'answer';
    const answers = await Promise.all(Array.from({ length: 12 }, () => read('req-crowd-001')));
    expect(runs).toHaveLength(2);
    expect(answers).toEqual(Array.from({ length: 12 }, () => ({ ok: true, data: { updated: 2 } })));
  });

  it.each(['answer', 'fail'] as const)('a first call that outlives its lease and then ends (%s) does not clobber the claim taken over', async (ending) => {
    mode = 'hang';
    const first = read('req-late-0001');
    await untilRuns(1);
    clock.advance(IDEMPOTENCY_LEASE_MS + SECOND);
    mode = 'answer';
    expect(await read('req-late-0001')).toEqual({ ok: true, data: { updated: 2 } });
    runs[0]!.finish(ending);
    await first;
    // The retry's stored answer stands: no overwrite with run 1's answer, no release that would let a replay run again.
    expect(await read('req-late-0001')).toEqual({ ok: true, data: { updated: 2 } });
    expect(runs).toHaveLength(2);
  });

  it('a retry before the lease ends never takes the claim, and another input is still refused', async () => {
    mode = 'hang';
    void read('req-early-001');
    await untilRuns(1);
    clock.advance(IDEMPOTENCY_LEASE_MS - SECOND);
    expect(await cloud.invoke(user, 'lease-user', { action: 'readMessages', requestId: 'req-early-001', data: { ids: ['n_other'] } })).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY.KEY_REUSED' },
    });
    clock.advance(2 * SECOND);
    mode = 'answer';
    expect(await cloud.invoke(user, 'lease-user', { action: 'readMessages', requestId: 'req-early-001', data: { ids: ['n_other'] } })).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY.KEY_REUSED' },
    });
    expect(await read('req-early-001')).toEqual({ ok: true, data: { updated: 2 } });
  });

  it('takes over a running claim written before leases existed, after a lease from its creation', async () => {
    const key = 'lease-user:user.readMessages:req-legacy-01';
    const inputHash = createHash('sha256').update(JSON.stringify({})).digest('hex');
    const createdAt = new Date(clock.now());
    await database().collection(Collections.idempotencyKeys).add({ _id: key, inputHash, state: 'running', response: null, createdAt, expiresAt: new Date(clock.now() + IDEMPOTENCY_KEEP_MS) });
    clock.advance(IDEMPOTENCY_LEASE_MS + SECOND);
    expect(await read('req-legacy-01')).toEqual({ ok: true, data: { updated: 1 } });
    expect(await read('req-legacy-01')).toEqual({ ok: true, data: { updated: 1 } });
  });
});
