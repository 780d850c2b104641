/**
 * What a requestId's stored answer holds when a call goes wrong: an internal failure is not kept (the client's retry
 * runs again), and a first call that lost its claim to a retry (its lease ran out) cannot store its answer over the
 * retry's, even when it finishes while the retry is still running.
 */
import { FakeClock } from '../../cloudfunctions/_shared/clock';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction, IDEMPOTENCY_LEASE_MS, type Handlers, type Main } from '../../cloudfunctions/_shared/runtime';
import type { Envelope } from '../../types';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

let cloud: TestCloud;
let clock: FakeClock;
let user: Main;
/** Each run of the action under test (user.readMessages): its number, and how it ends (left to the test). */
let runs: Array<{ n: number; finish: (outcome: 'answer' | 'fail') => void }>;
let mode: 'answer' | 'fail' | 'hang';

beforeEach(async () => {
  clock = new FakeClock(Date.UTC(2026, 11, 1, 0, 0));
  runs = [];
  mode = 'answer';
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  const handlers: Handlers<'user'> = {
    me: unused,
    ping: async () => ({ pong: true as const, at: '' }),
    setPreferences: async (input) => ({ elderMode: input.elderMode }),
    setProfile: async () => ({ nickname: '', phoneMasked: null, streetId: null, communityId: null, elderMode: null }),
    messages: async () => ({ messages: [], unread: 0 }),
    readMessages: () =>
      new Promise((resolve, reject) => {
        const n = runs.length + 1;
        const finish = (outcome: 'answer' | 'fail') => (outcome === 'answer' ? resolve({ updated: n }) : reject(new Error(`run ${n} failed unexpectedly`)));
        runs.push({ n, finish });
        if (mode !== 'hang') finish(mode);
      }),
    exportMyData: unused,
    deleteAccount: unused,
  };
  user = createFunction('user', () => handlers, { clock, db: database });
  cloud = await startTestCloud({ seed: false, now: () => clock.now() });
});
afterEach(() => cloud.stop());

const read = (requestId: string): Promise<Envelope<unknown>> => cloud.invoke(user, 'recovery-user', { action: 'readMessages', requestId, data: {} });
async function untilRuns(n: number): Promise<void> {
  for (let i = 0; i < 400 && runs.length < n; i++) await new Promise((r) => setTimeout(r, 5));
  expect(runs).toHaveLength(n);
}

describe('idempotency after something went wrong', () => {
  it('does not keep an internal failure as the answer: the retry with the same requestId runs and succeeds', async () => {
    mode = 'fail';
    expect(await read('req-internal-1')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    mode = 'answer';
    expect(await read('req-internal-1')).toEqual({ ok: true, data: { updated: 2 } });
    expect(await read('req-internal-1')).toEqual({ ok: true, data: { updated: 2 } });
    expect(runs).toHaveLength(2);
  });

  it('keeps the retry’s answer when the first call, past its lease, finishes while the retry is still running', async () => {
    mode = 'hang';
    const first = read('req-overlap-01');
    await untilRuns(1);
    clock.advance(IDEMPOTENCY_LEASE_MS + 1000);
    const retry = read('req-overlap-01'); // takes the claim over and runs (run 2), still running
    await untilRuns(2);
    runs[0]!.finish('answer');
    expect(await first).toEqual({ ok: true, data: { updated: 1 } });
    runs[1]!.finish('answer');
    expect(await retry).toEqual({ ok: true, data: { updated: 2 } });
    // A third request with the requestId replays the answer of the call that held the claim: the retry's.
    expect(await read('req-overlap-01')).toEqual({ ok: true, data: { updated: 2 } });
    expect(runs).toHaveLength(2);
  });
});
