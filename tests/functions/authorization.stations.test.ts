/**
 * Authorization of the station and volunteer slices, driven by the contract like authorization.test.ts: every action
 * of the `station` and `volunteer` functions × every role, through the real functions (two instances of each, calls
 * alternating, one database). Allowed → the call really succeeds and matches the output schema; not allowed →
 * AUTH.FORBIDDEN. Every action on someone's objects has a BOLA case against a victim who has data, with a control
 * showing that data to the victim or their manager. An action without a sample or a BOLA case fails the suite.
 */
import { contract, Roles, type ActionSpec, type Envelope, type ErrorCode, type Role } from '../../types';
import { demoUsers } from '../../local-cloud/seed';
import { matrixUser, matrixUserDocs, text } from '../support/authorization';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const DAY = '2026-12-01';
const MORNING = Date.parse('2026-12-01T08:00:00+08:00');
const SLICE_FUNCTIONS = ['station', 'volunteer'] as const;
type Fn = (typeof SLICE_FUNCTIONS)[number];

let w: VolunteerWorld;
let people = 0;
/** A fresh plain resident. */
export const someone = (): string => `st-someone-${++people}`;
const invoke = (fn: Fn, openid: string, action: string, data: unknown): Promise<Envelope<unknown>> => w.call(fn, openid, action, data);
export const must = async <T>(p: Promise<Envelope<unknown>>): Promise<T> => {
  const r = await p;
  if (!r.ok) throw new Error(`setup failed: ${r.error.code} ${r.error.message}`);
  return r.data as T;
};

/** A sample call's input for `role` calling as `caller` (setup may create what the call needs). */
type Sample = (role: Role, caller: string) => Promise<unknown>;
const samples: Record<string, Sample> = {
  'station.list': async () => ({}),
};
/** Allowed roles for which the sample's only possible answer is a domain refusal. */
const expectedRefusal: Partial<Record<string, ErrorCode>> = {};

/** BOLA: an attacker against a victim's objects (see authorization.test.ts). */
interface BolaCase {
  role: Role;
  run(): Promise<void>;
}
const bola: Record<string, BolaCase> = {};

/** Every full phone number in the demo data (matrix users have none of their own). */
const seededPhones = demoUsers.map((u) => u.phone);

const allActions = Object.entries(contract)
  .filter(([fn]) => (SLICE_FUNCTIONS as readonly string[]).includes(fn))
  .flatMap(([fn, actions]) => Object.entries(actions as Record<string, ActionSpec>).map(([action, spec]) => ({ fn: fn as Fn, action, spec, id: `${fn}.${action}` })));

beforeAll(async () => {
  w = await volunteerWorld({ date: DAY, clock: '08:00' }, { instances: 2 });
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: matrixUserDocs(Roles).map((u) => JSON.stringify(u)) });
});
afterAll(() => w.stop());
afterEach(() => w.clock.set(MORNING));

describe('authorization matrix: every station and volunteer action × every role', () => {
  it('has a sample call for every action of the slice', () => {
    expect(allActions.map((a) => a.id).filter((id) => !samples[id])).toEqual([]);
  });

  it.each(allActions.flatMap((a) => Roles.map((role) => ({ ...a, role }))).map((c) => [`${c.id} as ${c.role}`, c] as const))('%s', async (_name, c) => {
    const allowed = c.spec.access.roles === 'any' || c.spec.access.roles.includes(c.role);
    const caller = matrixUser(c.role);
    const data = await (samples[c.id] as Sample)(c.role, caller);
    const res = await invoke(c.fn, caller, c.action, data);
    if (c.spec.access.roles === 'any') for (const phone of seededPhones) expect(text(res)).not.toContain(phone);
    if (!allowed) expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    else if (expectedRefusal[c.id]) expect(res).toMatchObject({ ok: false, error: { code: expectedRefusal[c.id] } });
    else {
      expect(res.ok ? 'ok' : `${res.error.code} ${res.error.message}`).toBe('ok');
      expect(c.spec.output.safeParse(res.ok ? res.data : undefined).success).toBe(true);
    }
  });
});

describe('object-level authorization (BOLA)', () => {
  it('has a case for every action that takes or returns someone’s objects', () => {
    expect(allActions.filter((a) => a.spec.access.objects !== 'none' && !bola[a.id]).map((a) => a.id)).toEqual([]);
  });

  it.each(Object.keys(bola).length ? Object.keys(bola) : ['(none yet)'])('%s: another user gets a refusal or none of the victim’s data, and changes nothing', async (id) => {
    if (bola[id]) await (bola[id]).run();
  });
});
