import { FakeClock } from '../../cloudfunctions/_shared/clock';
import type { Database } from '../../cloudfunctions/_shared/db';
import { DomainError } from '../../cloudfunctions/_shared/errors';
import { setLogSink, type CallLog } from '../../cloudfunctions/_shared/log';
import { createFunction, type Handlers } from '../../cloudfunctions/_shared/runtime';
import type { Me, StationSummary } from '../../types';
import { contextFor } from '../support/local-cloud';

const noDb = (): Database => {
  throw new Error('these tests must not touch the database');
};
const deps = { clock: new FakeClock(Date.UTC(2026, 11, 1)), db: noDb };

const station = (over: Partial<StationSummary> = {}): StationSummary => ({
  id: 's1', name: '北大社区创益红帆站', streetId: 'xiangyang', streetName: '向阳街道', communityName: '北大社区',
  address: '向阳街道', services: ['义务理发'], hours: '每周二', location: null, distanceM: null, memberCount: 0, myState: 'none', ...over,
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
    'station',
    (): Handlers<'station'> => ({
      list: async (input) => {
        calls.push(input);
        if (input.streetId === 'hall') throw new DomainError('VENUE.NOT_FOUND', 'no hall');
        if (input.streetId === 'reading') throw new Error('db exploded: secret detail');
        if (input.streetId === 'training') return { stations: [{ ...station(), managerOpenids: ['x'] } as StationSummary] };
        if (input.streetId === 'meeting') return { stations: [{ id: 1 }] } as unknown as { stations: StationSummary[] };
        return { stations: [station()] };
      },
    }) as Partial<Handlers<'station'>> as Handlers<'station'>,
    deps,
    () => ({ tick: async () => ({ ran: true }) }),
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
    const res = await venueMain({ action: 'list', data: { streetId: 42 } }, contextFor('u1'));
    expect(res).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { streetId: expect.any(String) } } });
    expect(calls).toHaveLength(0);
  });

  it('passes parsed input and turns domain errors into their code', async () => {
    expect(await venueMain({ action: 'list', data: { streetId: 'hall' } }, contextFor('u1'))).toEqual({
      ok: false,
      error: { code: 'VENUE.NOT_FOUND', message: 'no hall' },
    });
    expect(calls).toEqual([{ streetId: 'hall' }]);
  });

  it('hides unexpected failures behind INTERNAL but logs them', async () => {
    const res = await venueMain({ action: 'list', data: { streetId: 'reading' } }, contextFor('u1'));
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
    expect(JSON.stringify(res)).not.toContain('secret detail');
    expect(logs.at(-1)).toMatchObject({ ok: false, code: 'INTERNAL', status: 500, error: expect.stringContaining('db exploded') });
  });

  it('strips fields the contract does not declare and refuses output that breaks it', async () => {
    const ok = await venueMain({ action: 'list', data: { streetId: 'training' } }, contextFor('u1'));
    expect(JSON.stringify(ok)).not.toContain('managerOpenids');
    expect(await venueMain({ action: 'list', data: { streetId: 'meeting' } }, contextFor('u1'))).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('logs exactly one line per call, with a hashed caller and the client requestId', async () => {
    await venueMain({ action: 'list', requestId: 'req-12345678' }, contextFor('resident-openid-1'));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ fn: 'station', action: 'list', requestId: 'req-12345678', ok: true });
    expect(logs[0]?.caller).toMatch(/^[0-9a-f]{10}$/);
    expect(JSON.stringify(logs[0])).not.toContain('resident-openid-1');
  });

  /** What CloudBase writes into the context of a call: the source (TCB_SOURCE) and, for a user, the openid. */
  const sourced = (source: string | string[], openid?: string) => ({ environment: JSON.stringify({ TCB_SOURCE: source, ...(openid ? { WX_OPENID: openid } : {}) }) });
  const timerEvent = { Type: 'Timer', TriggerName: 'tick', Time: '2026-12-01T00:00:00Z' };

  it('runs a timer trigger when the platform says the trigger started the call', async () => {
    expect(await venueMain(timerEvent, sourced('wx_trigger'))).toEqual({ ok: true, data: { ran: true } });
    expect(await venueMain({ ...timerEvent, Message: 'hello' }, sourced('wx_trigger,scf'))).toEqual({ ok: true, data: { ran: true } });
    // The old runtime's `environ` context (k=v;…) splits comma-separated values into arrays.
    expect(await venueMain(timerEvent, { environ: 'TCB_SOURCE=wx_trigger,scf' })).toEqual({ ok: true, data: { ran: true } });
    expect(await venueMain({ ...timerEvent, TriggerName: 'other' }, sourced('wx_trigger'))).toMatchObject({ ok: false, error: { code: 'INPUT.UNKNOWN_ACTION' } });
    expect(await venueMain({ ...timerEvent, Message: 'x'.repeat(4097) }, sourced('wx_trigger'))).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  });

  it('never runs a timer for an event that only looks like one: anonymous, signed-in, or any other source', async () => {
    const forged = [{}, undefined, contextFor(null), contextFor('u1'), sourced('wx_client'), sourced('wx_client', 'u1'), sourced('wx_trigger', 'u1'), sourced('wx_http'), sourced('wx_triggerx'), sourced('scf')];
    for (const ctx of forged) {
      expect(await venueMain(timerEvent, ctx)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await venueMain({ Type: 'Timer', TriggerName: 'tick' }, ctx)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    expect(logs.filter((l) => l.ok)).toEqual([]);
    expect(logs.every((l) => l.action === 'timer:tick' && l.status === 403)).toBe(true);
  });

  it('accepts the userInfo and tcbContext the platform injects, acting as the context’s user, never userInfo’s', async () => {
    const seen: string[] = [];
    const whoMain = createFunction(
      'station',
      (): Handlers<'station'> => ({
        list: async (_input, ctx) => {
          seen.push(ctx.caller.openid);
          return { stations: [] };
        },
      }) as Partial<Handlers<'station'>> as Handlers<'station'>,
      deps,
    );
    const event = { action: 'list', data: {}, userInfo: { appId: 'wx-test', openId: 'victim' }, tcbContext: {} };
    expect(await whoMain(event, sourced('wx_client', 'attacker'))).toEqual({ ok: true, data: { stations: [] } });
    expect(seen).toEqual(['attacker']);
    // userInfo is no identity.
    expect(await whoMain(event, sourced('wx_client'))).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
    // Only what the platform adds is accepted: other fields, and a userInfo or tcbContext of another shape, are refused.
    for (const extra of [{ openid: 'victim' }, { userInfo: 'victim' }, { userInfo: { openId: 7 } }, { tcbContext: [] }, { WX_OPENID: 'victim' }]) {
      expect(await whoMain({ action: 'list', data: {}, ...extra }, sourced('wx_client', 'attacker'))).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    }
    expect(seen).toEqual(['attacker']);
  });

  it('keeps each concurrent invocation’s identity apart', async () => {
    const userMain = createFunction(
      'user',
      (): Handlers<'user'> => ({
        me: async (_input, ctx) => {
          await new Promise((r) => setTimeout(r, Math.random() * 20));
          const me: Me = { openid: ctx.caller.openid, profile: { nickname: 'x', phoneMasked: null, streetId: null, communityId: null, elderMode: null }, roles: [], createdAt: '2026-12-01T00:00:00.000Z' };
          return me;
        },
        ping: async () => ({ pong: true as const, at: '' }),
        setPreferences: async (input) => ({ elderMode: input.elderMode }),
        setProfile: async () => {
          throw new Error('not used');
        },
        messages: async () => ({ messages: [], unread: 0 }),
        readMessages: async () => ({ updated: 0 }),
        exportMyData: async () => {
          throw new Error('not used');
        },
        deleteAccount: async () => ({ deleted: true as const, cancelledBookings: 0, anonymisedBookings: 0 }),
      }),
      deps,
    );
    const ids = Array.from({ length: 60 }, (_, i) => `user-${i}`);
    const results = await Promise.all(ids.map((id) => userMain({ action: 'me' }, contextFor(id))));
    results.forEach((r, i) => expect(r).toMatchObject({ ok: true, data: { openid: ids[i] } }));
  });
});
