/**
 * Idempotency by requestId for every mutating action of the station and volunteer functions (as guards.test.ts does
 * for the others): 10 parallel replays on two instances → one effect and one response; a later replay on either
 * instance → the same response; privileged changes audited exactly once; the same requestId with other input →
 * IDEMPOTENCY.KEY_REUSED.
 */
import { contract, type ActionSpec, type Envelope } from '../../types';
import { rid, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
let people = 0;
export const someone = (): string => `gs-${++people}`;
export const must = async <T>(p: Promise<Envelope<unknown>>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(`setup failed: ${r.error.code} ${r.error.message}`);
  return r.data as T;
};

beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

type Fn = 'station' | 'volunteer';
/** A replay case: who calls with what, and a different input for the same requestId. */
interface Case {
  fn: Fn;
  openid: string;
  data: unknown;
  other: unknown;
}
const cases: Record<string, () => Promise<Case>> = {
  // 李师傅 (a volunteer) with hours from his station manager: each issue is a new number, a replay the same one.
  'volunteer.certificate': async () => {
    await must(w.call('volunteer', 'demo-station-manager', 'grantHours', { openid: 'demo-volunteer', stationId: 'st-beida', hours: 3, reason: '义务理发' }));
    return { fn: 'volunteer', openid: 'demo-volunteer', data: {}, other: { nameShown: 'full' } };
  },
  // One honour entry, one message and one audit entry, however many replays.
  'volunteer.grantHours': async () => ({
    fn: 'volunteer',
    openid: 'demo-station-manager',
    data: { openid: 'demo-volunteer', stationId: 'st-beida', hours: 2, reason: '表现突出' },
    other: { openid: 'demo-volunteer', stationId: 'st-beida', hours: 3, reason: '表现突出' },
  }),
};
/** What one effect means, per action (counted after the replays). */
const effects: Record<string, (w: VolunteerWorld) => void> = {
  'volunteer.certificate': (world) => expect(world.count('volunteer_certificates', { openid: 'demo-volunteer' })).toBe(1),
  'volunteer.grantHours': (world) => {
    expect(world.count('hours_ledger', { openid: 'demo-volunteer' })).toBe(1);
    expect(world.notifications('demo-volunteer').filter((m) => m.kind === 'hours_credited')).toHaveLength(1);
  },
};

const sliceMutations = Object.entries(contract)
  .filter(([fn]) => fn === 'station' || fn === 'volunteer')
  .flatMap(([fn, actions]) => Object.entries(actions as Record<string, ActionSpec>).filter(([, s]) => s.mutates).map(([a, s]) => ({ id: `${fn}.${a}`, spec: s })));
/** Audited: mutations reserved to managers and admins. */
const privileged = new Set(sliceMutations.filter((m) => m.spec.access.roles !== 'any' && !(m.spec.access.roles as readonly string[]).includes('volunteer')).map((m) => m.id));

describe('idempotency by requestId (stations and volunteers)', () => {
  it('has a case for every mutating action', () => {
    expect(sliceMutations.filter((m) => m.spec.idempotency !== 'native' && !cases[m.id]).map((m) => m.id)).toEqual([]);
  });

  it.each(Object.keys(cases).length ? Object.keys(cases) : ['(none yet)'])('%s: 10 parallel replays on two instances → one effect and one response; other input → KEY_REUSED', async (id) => {
    if (!cases[id]) return;
    const action = id.split('.')[1] as string;
    const c = await (cases[id])();
    const requestId = rid();
    const auditBefore = w.count('audit_log', {});
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => w.on(i).call(c.fn, c.openid, action, c.data, requestId)));
    expect(replies[0]).toMatchObject({ ok: true });
    for (const r of replies) expect(r).toEqual(replies[0]);
    for (const i of [0, 1]) expect(await w.on(i).call(c.fn, c.openid, action, c.data, requestId)).toEqual(replies[0]);
    const audited = privileged.has(id) ? 1 : 0;
    expect(w.count('audit_log', {}) - auditBefore).toBe(audited);
    expect(w.count('audit_log', { requestId })).toBe(audited);
    effects[id]?.(w);
    const reused = await w.on(1).call(c.fn, c.openid, action, c.other, requestId);
    expect(reused.ok ? 'ok' : reused.error.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });
});
