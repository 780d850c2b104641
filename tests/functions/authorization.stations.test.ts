/**
 * Authorization of the station and volunteer slices, driven by the contract like authorization.test.ts: every action
 * of the `station` and `volunteer` functions × every role, through the real functions (two instances of each, calls
 * alternating, one database). Allowed → the call really succeeds and matches the output schema; not allowed →
 * AUTH.FORBIDDEN. Every action on someone's objects has a BOLA case against a victim who has data, with a control
 * showing that data to the victim or their manager. An action without a sample or a BOLA case fails the suite.
 */
import { contract, Roles, type ActionSpec, type Envelope, type ErrorCode, type Role } from '../../types';
import { demoUsers } from '../../local-cloud/seed';
import { answeredWithout, matrixUser, matrixUserDocs, refused, shownTo, text } from '../support/authorization';
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
  // Hours ledger, certificates, leaderboard: a volunteer certifies their own credited hours; managers grant at st-beida.
  'volunteer.ledger': async () => ({}),
  'volunteer.certificate': async (role, caller) => {
    if (role === 'volunteer') credit(caller);
    return {};
  },
  'volunteer.verify': async () => ({ number: (await issuedCertificate()).number }),
  'volunteer.leaderboard': async () => ({}),
  'volunteer.grantHours': async () => ({ openid: matrixUser('volunteer', 2), stationId: 'st-beida', hours: 1, reason: '矩阵抽样' }),
  'volunteer.totals': async () => ({ stationId: 'st-beida' }),
};
/** Allowed roles for which the sample's only possible answer is a domain refusal. */
const expectedRefusal: Partial<Record<string, ErrorCode>> = {};

/** BOLA: an attacker against a victim's objects (see authorization.test.ts). */
interface BolaCase {
  role: Role;
  run(): Promise<void>;
}
const bola: Record<string, BolaCase> = {
  ...hoursBola(),
};

/** Every full phone number in the demo data (matrix users have none of their own). */
const seededPhones = demoUsers.map((u) => u.phone);

// ---------------------------------------------------------------- hours ledger, certificates, leaderboard (H4)

let hoursSeq = 0;
/** Credits `quarters` to `openid` at st-beida straight into the ledger (as a check-out would); answers the entry id. */
function credit(openid: string, quarters = 8): string {
  const id = `matrix-h-${++hoursSeq}`;
  const entry = { _id: id, openid, stationId: 'st-beida', stationName: '北大社区创益红帆站', streetId: 'xiangyang', shiftId: null, shiftTitle: null, quarters, source: 'honour', reason: '矩阵', by: 'demo-station-manager', byName: '赵站长', at: { $date: '2026-12-01T00:00:00Z' }, month: '2026-12', serviceDate: '2026-12-01', correctsId: null };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'hours_ledger', data: [JSON.stringify(entry)] });
  return id;
}
/** A fresh registered volunteer (role and registration) with a real name of their own. */
function hoursVolunteer(realName: string, showOnLeaderboard = true): string {
  const openid = someone();
  const when = { $date: '2026-11-01T00:00:00Z' };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: [JSON.stringify({ _id: openid, nickname: '矩阵志愿者', phone: '13811112222', streetId: 'xiangyang', communityId: null, roles: [{ role: 'resident' }, { role: 'volunteer' }], createdAt: when, updatedAt: when })] });
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'volunteers', data: [JSON.stringify({ _id: openid, realName, phone: '13811112222', termsVersion: '2026-12', registeredAt: when, updatedAt: when, showOnLeaderboard, streetId: 'xiangyang' })] });
  return openid;
}
let certificateIssued: Promise<{ number: string }> | undefined;
/** One certificate issued through volunteer.certificate (for the verify samples). */
const issuedCertificate = (): Promise<{ number: string }> => {
  certificateIssued ??= (async () => {
    const owner = hoursVolunteer('卫证明');
    credit(owner);
    return must<{ number: string }>(invoke('volunteer', owner, 'certificate', {}));
  })();
  return certificateIssued;
};
const ledgerDoc = (id: string): string => JSON.stringify(w.doc('hours_ledger', id));

function hoursBola(): Record<string, BolaCase> {
  return {
    // The ledger takes no id: another person gets only their own (empty) ledger.
    'volunteer.ledger': {
      role: 'volunteer',
      run: async () => {
        const victim = hoursVolunteer('韩受害');
        const entryId = credit(victim, 9);
        shownTo(await invoke('volunteer', victim, 'ledger', {}), [entryId, '"totalHours":2.25']);
        const attacker = hoursVolunteer('韩攻击');
        refused(await invoke('volunteer', attacker, 'ledger', { openid: victim }), 'INPUT.INVALID');
        answeredWithout(await invoke('volunteer', attacker, 'ledger', {}), [entryId, '2.25']);
      },
    },
    // A certificate is only ever of the caller's own hours and name.
    'volunteer.certificate': {
      role: 'volunteer',
      run: async () => {
        const victim = hoursVolunteer('蒋受害');
        credit(victim, 37);
        shownTo(await invoke('volunteer', victim, 'certificate', { nameShown: 'full' }), ['蒋受害', '"totalHours":9.25']);
        const attacker = hoursVolunteer('蒋攻击');
        credit(attacker, 4);
        const before = w.count('volunteer_certificates', { openid: victim });
        refused(await invoke('volunteer', attacker, 'certificate', { openid: victim }), 'INPUT.INVALID');
        answeredWithout(await invoke('volunteer', attacker, 'certificate', { nameShown: 'full' }), ['蒋受害', '9.25']);
        expect(w.count('volunteer_certificates', { openid: victim })).toBe(before);
      },
    },
    // Anyone with the number sees the masked name, hours and period: never the full name, openid, phone or stations.
    'volunteer.verify': {
      role: 'resident',
      run: async () => {
        const victim = hoursVolunteer('沈全名');
        credit(victim, 12);
        const cert = await must<{ number: string }>(invoke('volunteer', victim, 'certificate', { nameShown: 'full' }));
        shownTo(await invoke('volunteer', victim, 'certificate', { nameShown: 'full' }), ['沈全名', '北大社区创益红帆站']);
        const seen = await invoke('volunteer', someone(), 'verify', { number: cert.number });
        answeredWithout(seen, ['沈全名', victim, '13811112222', '北大社区', 'st-beida']);
        shownTo(seen, ['沈*名', '"totalHours":3']);
      },
    },
    // Someone who opted out appears as 匿名志愿者: their (masked) name is on nobody's leaderboard.
    'volunteer.leaderboard': {
      role: 'resident',
      run: async () => {
        const victim = hoursVolunteer('杨隐身', false);
        credit(victim, 4000);
        const own = await invoke('volunteer', victim, 'leaderboard', {});
        shownTo(own, ['"name":"匿名志愿者","hours":1000', '"me":true']);
        answeredWithout(await invoke('volunteer', someone(), 'leaderboard', {}), ['杨隐身', '杨*身', victim, '"me":true']);
        answeredWithout(await invoke('volunteer', someone(), 'leaderboard', { streetId: 'xiangyang' }), ['杨*身', victim]);
      },
    },
    // The manager of st-beida cannot grant at, or correct an entry of, another station: nothing is written.
    'volunteer.grantHours': {
      role: 'station_manager',
      run: async () => {
        const victim = hoursVolunteer('朱外站');
        const elsewhere = await must<{ id: string }>(invoke('volunteer', 'demo-district-admin', 'grantHours', { openid: victim, stationId: 'st-haiyun', hours: 2, reason: '外站荣誉' }));
        const before = { entry: ledgerDoc(elsewhere.id), count: w.count('hours_ledger', { openid: victim }) };
        const attacker = matrixUser('station_manager');
        refused(await invoke('volunteer', attacker, 'grantHours', { openid: victim, stationId: 'st-haiyun', hours: 5, reason: '越权' }), 'AUTH.FORBIDDEN');
        refused(await invoke('volunteer', attacker, 'grantHours', { openid: victim, stationId: 'st-haiyun', hours: -2, reason: '越权', correctsId: elsewhere.id }), 'AUTH.FORBIDDEN');
        refused(await invoke('volunteer', attacker, 'grantHours', { openid: victim, stationId: 'st-beida', hours: -2, reason: '越权', correctsId: elsewhere.id }), 'HOURS.ENTRY_NOT_FOUND');
        expect({ entry: ledgerDoc(elsewhere.id), count: w.count('hours_ledger', { openid: victim }) }).toEqual(before);
      },
    },
    // Totals of another station (and a volunteer's entries there) are refused; the caller's own scope holds none of it.
    'volunteer.totals': {
      role: 'station_manager',
      run: async () => {
        const victim = hoursVolunteer('秦外站');
        const entry = await must<{ id: string }>(invoke('volunteer', 'demo-district-admin', 'grantHours', { openid: victim, stationId: 'st-haiyun', hours: 3, reason: '外站荣誉' }));
        shownTo(await invoke('volunteer', 'demo-district-admin', 'totals', { stationId: 'st-haiyun', openid: victim }), ['秦外站', entry.id]);
        const attacker = matrixUser('station_manager');
        refused(await invoke('volunteer', attacker, 'totals', { stationId: 'st-haiyun' }), 'AUTH.FORBIDDEN');
        refused(await invoke('volunteer', attacker, 'totals', { stationId: 'st-haiyun', openid: victim }), 'AUTH.FORBIDDEN');
        refused(await invoke('volunteer', matrixUser('street_admin'), 'totals', { stationId: 'st-haiyun', openid: victim }), 'AUTH.FORBIDDEN');
        answeredWithout(await invoke('volunteer', attacker, 'totals', {}), ['秦外站', victim, entry.id, 'st-haiyun']);
      },
    },
  };
}

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
