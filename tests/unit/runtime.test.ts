import { FakeClock } from '../../cloudfunctions/_shared/clock';
import type { Database } from '../../cloudfunctions/_shared/db';
import { DomainError } from '../../cloudfunctions/_shared/errors';
import { setLogSink, type CallLog } from '../../cloudfunctions/_shared/log';
import { createFunction, type Handlers } from '../../cloudfunctions/_shared/runtime';
import type { Me, VenueSummary } from '../../types';
import { contextFor } from '../support/local-cloud';

const noDb = (): Database => {
  throw new Error('these tests must not touch the database');
};
const deps = { clock: new FakeClock(Date.UTC(2026, 11, 1)), db: noDb };

const venue = (over: Partial<VenueSummary> = {}): VenueSummary => ({
  id: 'v1', name: '排练室', level: 'district', type: 'rehearsal', capacity: 30, facilities: [], address: '创益园',
  streetId: null, streetName: null, communityId: null, communityName: null, photo: null, opens: '08:30', closes: '21:00',
  needsApproval: false, ...over,
});

let logs: CallLog[];
beforeEach(() => {
  logs = [];
  setLogSink((l) => logs.push(l));
});
afterAll(() => setLogSink(null));

describe('createFunction (the function runtime)', () => {
  const calls: unknown[] = [];
  const venueMain = createFunction(
    'venue',
    (): Handlers<'venue'> => ({
      list: async (input) => {
        calls.push(input);
        if (input.type === 'hall') throw new DomainError('VENUE.NOT_FOUND', 'no hall');
        if (input.type === 'reading') throw new Error('db exploded: secret detail');
        if (input.type === 'training') return { venues: [{ ...venue(), managerOpenids: ['x'] } as VenueSummary] };
        if (input.type === 'meeting') return { venues: [{ id: 1 }] } as unknown as { venues: VenueSummary[] };
        return { venues: [venue()] };
      },
    }),
    deps,
  );

  beforeEach(() => {
    calls.length = 0;
  });

  it('refuses a call without an identity in the context and never runs the handler', async () => {
    expect(await venueMain({ action: 'list' }, {})).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    expect(await venueMain({ action: 'list' }, undefined)).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    expect(calls).toHaveLength(0);
  });

  it('answers an unknown action, including prototype names, with INPUT.UNKNOWN_ACTION', async () => {
    for (const action of ['drop', 'constructor', '__proto__', 'toString']) {
      expect(await venueMain({ action }, contextFor('u1'))).toMatchObject({ ok: false, error: { code: 'INPUT.UNKNOWN_ACTION' } });
    }
  });

  it('answers a malformed event or input with INPUT.INVALID and field paths, never running the handler', async () => {
    for (const event of [null, 7, 'list', [], { action: '' }, { action: 'list', requestId: 'short' }, { action: 'list', mystery: 1 }]) {
      expect(await venueMain(event, contextFor('u1'))).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    }
    const res = await venueMain({ action: 'list', data: { minCapacity: 'many' } }, contextFor('u1'));
    expect(res).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { minCapacity: expect.any(String) } } });
    expect(calls).toHaveLength(0);
  });

  it('passes parsed input and turns domain errors into their code', async () => {
    expect(await venueMain({ action: 'list', data: { type: 'hall' } }, contextFor('u1'))).toEqual({
      ok: false,
      error: { code: 'VENUE.NOT_FOUND', message: 'no hall' },
    });
    expect(calls).toEqual([{ type: 'hall' }]);
  });

  it('hides unexpected failures behind INTERNAL but logs them', async () => {
    const res = await venueMain({ action: 'list', data: { type: 'reading' } }, contextFor('u1'));
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
    expect(JSON.stringify(res)).not.toContain('secret detail');
    expect(logs.at(-1)).toMatchObject({ ok: false, code: 'INTERNAL', status: 500, error: expect.stringContaining('db exploded') });
  });

  it('strips fields the contract does not declare and refuses output that breaks it', async () => {
    const ok = await venueMain({ action: 'list', data: { type: 'training' } }, contextFor('u1'));
    expect(JSON.stringify(ok)).not.toContain('managerOpenids');
    expect(await venueMain({ action: 'list', data: { type: 'meeting' } }, contextFor('u1'))).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('logs exactly one line per call, with a hashed caller and the client requestId', async () => {
    await venueMain({ action: 'list', requestId: 'req-12345678' }, contextFor('resident-openid-1'));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ fn: 'venue', action: 'list', requestId: 'req-12345678', ok: true });
    expect(logs[0]?.caller).toMatch(/^[0-9a-f]{10}$/);
    expect(JSON.stringify(logs[0])).not.toContain('resident-openid-1');
  });

  it('keeps each concurrent invocation’s identity apart', async () => {
    const userMain = createFunction(
      'user',
      (): Handlers<'user'> => ({
        me: async (_input, ctx) => {
          await new Promise((r) => setTimeout(r, Math.random() * 20));
          const me: Me = { openid: ctx.caller.openid, profile: { nickname: 'x', phoneMasked: null, streetId: null, communityId: null }, roles: [], createdAt: '2026-12-01T00:00:00.000Z' };
          return me;
        },
      }),
      deps,
    );
    const ids = Array.from({ length: 60 }, (_, i) => `user-${i}`);
    const results = await Promise.all(ids.map((id) => userMain({ action: 'me' }, contextFor(id))));
    results.forEach((r, i) => expect(r).toMatchObject({ ok: true, data: { openid: ids[i] } }));
  });
});
