/**
 * Authorization of the station and volunteer slices, driven by the contract like authorization.test.ts: every action
 * of the `station` and `volunteer` functions × every role, through the real functions (two instances of each, calls
 * alternating, one database). Allowed → the call really succeeds and matches the output schema; not allowed →
 * AUTH.FORBIDDEN. Every action on someone's objects has a BOLA case against a victim who has data, with a control
 * showing that data to the victim or their manager. An action without a sample or a BOLA case fails the suite.
 */
import { contract, Roles, type ActionSpec, type Envelope, type ErrorCode, type Role } from '../../types';
import { demoUsers } from '../../local-cloud/seed';
import { codeStep, sessionStepCode, shiftStepCode, stepCode } from '../../cloudfunctions/_shared/checkin-codes';
import { answeredWithout, matrixGrants, matrixUser, matrixUserDocs, refused, shownTo, STATIONS_SUITE_FUNCTIONS, text } from '../support/authorization';
import { writeSession } from '../support/sessions';
import { writeActivity, writePlace, writeUser } from '../support/activities';
import { orgProfile, writeOrg } from '../support/orgs';
import ExcelJS from 'exceljs';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const DAY = '2026-12-01';
const MORNING = Date.parse('2026-12-01T08:00:00+08:00');
const SLICE_FUNCTIONS = STATIONS_SUITE_FUNCTIONS;
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
  ...stationSamples(),
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
  ...attendanceSamples(),
  ...shiftSamples(),
  ...pointsSamples(),
  ...courseSamples(),
  ...sessionSamples(),
  ...authoringSamples(),
  ...recordSamples(),
  ...scheduleSamples(),
  ...activityListingSamples(),
  ...activitySignupSamples(),
  ...activityLifecycleSamples(),
  ...orgSamples(),
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
  ...stationBola(),
  ...attendanceBola(),
  ...shiftBola(),
  ...pointsBola(),
  ...courseBola(),
  ...sessionBola(),
  ...authoringBola(),
  ...recordBola(),
  ...scheduleBola(),
  ...activityListingBola(),
  ...activitySignupBola(),
  ...activityLifecycleBola(),
  ...orgBola(),
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

// ---------------------------------------------------------------- registration, shift codes, check-in/out (H3)

/** Matrix users that volunteer.register made volunteers: their grants are put back after each test. */
const registeredMatrixUsers = new Set<string>();
afterEach(() => {
  for (const openid of registeredMatrixUsers) {
    const role = Roles.find((r) => openid === matrixUser(r, 1) || openid === matrixUser(r, 2)) as Role;
    w.cloud.db.handle({ action: 'database.modifyDocument', collectionName: 'users', query: JSON.stringify({ _id: openid }), data: JSON.stringify({ $set: { roles: [{ role: 'resident' }, ...matrixGrants[role]] } }) });
  }
  registeredMatrixUsers.clear();
});

let attSeq = 0;
const BEIDA_POINT = { latitude: 37.5445, longitude: 121.3921 };
const at0900 = '2026-12-01T09:00:00+08:00';
const at1100 = '2026-12-01T11:00:00+08:00';
const setClock = (hhmm: string): void => w.clock.set(Date.parse(`2026-12-01T${hhmm}:00+08:00`));
/** The code the manager's phone shows now. */
const currentCode = (shiftId: string): string => shiftStepCode(shiftId, codeStep(w.clock.now()));

/** Registers `openid` (volunteers record) straight in the database, unless registered. */
function ensureRegistered(openid: string, realName = '矩阵登记'): void {
  if (w.doc('volunteers', openid)) return;
  const when = { $date: '2026-11-01T00:00:00Z' };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'volunteers', data: [JSON.stringify({ _id: openid, realName, phone: '13822223333', termsVersion: '2026-12', registeredAt: when, updatedAt: when, showOnLeaderboard: true, streetId: null })] });
}
/** A fresh registered volunteer with a name and phone of their own. */
function attVolunteer(realName: string, phone: string): string {
  const openid = `att-matrix-${++attSeq}`;
  const when = { $date: '2026-11-01T00:00:00Z' };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: [JSON.stringify({ _id: openid, nickname: '矩阵志愿者', phone: null, streetId: null, communityId: null, roles: [{ role: 'resident' }, { role: 'volunteer' }], createdAt: when, updatedAt: when })] });
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'volunteers', data: [JSON.stringify({ _id: openid, realName, phone, termsVersion: '2026-12', registeredAt: when, updatedAt: when, showOnLeaderboard: true, streetId: null })] });
  return openid;
}
/** A geofenced shift today 09:00–11:00, created (at 08:00) through volunteer.createShift. */
async function attShift(stationId = 'st-beida', by = 'demo-station-manager'): Promise<string> {
  setClock('08:00');
  const s = await must<{ id: string }>(
    invoke('volunteer', by, 'createShift', { stationId, title: '矩阵班次', start: at0900, end: at1100, capacity: 10, place: '服务中心', location: BEIDA_POINT, radiusM: 200 }),
  );
  return s.id;
}
/** `openid` holds a place on a fresh shift; checked in at 09:00 when `checkedIn`. */
async function placed(openid: string, o: { checkedIn?: boolean; stationId?: string; by?: string } = {}): Promise<string> {
  const shiftId = await attShift(o.stationId, o.by);
  await must(invoke('volunteer', openid, 'signUp', { shiftId }));
  if (o.checkedIn) {
    setClock('09:00');
    await must(invoke('volunteer', openid, 'checkIn', { shiftId, code: currentCode(shiftId), location: BEIDA_POINT }));
  }
  return shiftId;
}
const signupDoc = (shiftId: string, openid: string): string => JSON.stringify(w.doc('shift_signups', `${shiftId}:${openid}`));

function attendanceSamples(): Record<string, Sample> {
  const idle = { shiftId: 'no-shift', code: '123456' };
  return {
    'volunteer.me': async () => ({}),
    'volunteer.register': async (_role, caller) => {
      registeredMatrixUsers.add(caller);
      return { realName: '矩阵登记', phone: '13822223333' };
    },
    'volunteer.setPreferences': async (role, caller) => {
      if (role === 'volunteer') ensureRegistered(caller);
      return { showOnLeaderboard: true };
    },
    'volunteer.shiftCode': async () => ({ shiftId: await attShift() }),
    'volunteer.checkIn': async (role, caller) => {
      if (role !== 'volunteer') return idle;
      const shiftId = await placed(caller);
      setClock('08:45');
      return { shiftId, code: currentCode(shiftId), location: BEIDA_POINT };
    },
    'volunteer.checkOut': async (role, caller) => {
      if (role !== 'volunteer') return idle;
      const shiftId = await placed(caller, { checkedIn: true });
      setClock('11:05');
      return { shiftId, code: currentCode(shiftId), location: BEIDA_POINT };
    },
    'volunteer.confirmCheckOut': async (role) => {
      if (!['station_manager', 'street_admin', 'district_admin'].includes(role)) return { shiftId: 'no-shift', openid: 'nobody' };
      const openid = attVolunteer('矩阵忘签', '13822224444');
      const shiftId = await placed(openid, { checkedIn: true });
      setClock('11:30');
      return { shiftId, openid };
    },
  };
}

function attendanceBola(): Record<string, BolaCase> {
  return {
    // me takes no id: another person gets only their own record.
    'volunteer.me': {
      role: 'volunteer',
      run: async () => {
        const victim = attVolunteer('冯受害', '13833334444');
        credit(victim, 10);
        shownTo(await invoke('volunteer', victim, 'me', {}), ['冯*害', '138****4444', '"totalHours":2.5']);
        const attacker = attVolunteer('冯攻击', '13833335555');
        refused(await invoke('volunteer', attacker, 'me', { openid: victim }), 'INPUT.INVALID');
        answeredWithout(await invoke('volunteer', attacker, 'me', {}), ['冯*害', '138****4444', '2.5']);
      },
    },
    // Registering only ever writes the caller's own record.
    'volunteer.register': {
      role: 'resident',
      run: async () => {
        const victim = attVolunteer('褚受害', '13833336666');
        const before = JSON.stringify(w.doc('volunteers', victim));
        const attacker = someone();
        refused(await invoke('volunteer', attacker, 'register', { openid: victim, realName: '褚攻击', phone: '13833337777' }), 'INPUT.INVALID');
        answeredWithout(await invoke('volunteer', attacker, 'register', { realName: '褚攻击', phone: '13833337777' }), ['褚*害', '138****6666']);
        expect(JSON.stringify(w.doc('volunteers', victim))).toBe(before);
        shownTo(await invoke('volunteer', victim, 'me', {}), ['褚*害']);
      },
    },
    'volunteer.setPreferences': {
      role: 'volunteer',
      run: async () => {
        const victim = attVolunteer('卫受害', '13833338888');
        const before = JSON.stringify(w.doc('volunteers', victim));
        const attacker = attVolunteer('卫攻击', '13833339999');
        refused(await invoke('volunteer', attacker, 'setPreferences', { openid: victim, showOnLeaderboard: false }), 'INPUT.INVALID');
        answeredWithout(await invoke('volunteer', attacker, 'setPreferences', { showOnLeaderboard: false }), ['卫*害']);
        expect(JSON.stringify(w.doc('volunteers', victim))).toBe(before);
      },
    },
    // The code of a shift at another station is not shown to st-beida's manager nor to another street's admin.
    'volunteer.shiftCode': {
      role: 'station_manager',
      run: async () => {
        const shiftId = await attShift('st-haiyun', 'demo-district-admin');
        const code = currentCode(shiftId);
        shownTo(await invoke('volunteer', 'demo-district-admin', 'shiftCode', { shiftId }), [code]);
        for (const attacker of [matrixUser('station_manager'), matrixUser('street_admin')]) {
          const res = await invoke('volunteer', attacker, 'shiftCode', { shiftId });
          refused(res, 'AUTH.FORBIDDEN');
          expect(text(res)).not.toContain(code);
        }
      },
    },
    // Nobody checks in (or out) for someone else: the input has no person, and the code alone holds no place.
    'volunteer.checkIn': {
      role: 'volunteer',
      run: async () => {
        const victim = attVolunteer('蒋签到', '13844445555');
        const shiftId = await placed(victim);
        setClock('09:00');
        const before = signupDoc(shiftId, victim);
        const attacker = attVolunteer('蒋冒签', '13844446666');
        refused(await invoke('volunteer', attacker, 'checkIn', { shiftId, code: currentCode(shiftId), location: BEIDA_POINT, openid: victim }), 'INPUT.INVALID');
        refused(await invoke('volunteer', attacker, 'checkIn', { shiftId, code: currentCode(shiftId), location: BEIDA_POINT }), 'SHIFT.NOT_SIGNED_UP');
        expect(signupDoc(shiftId, victim)).toBe(before);
        shownTo(await invoke('volunteer', victim, 'checkIn', { shiftId, code: currentCode(shiftId), location: BEIDA_POINT }), [shiftId]);
      },
    },
    'volunteer.checkOut': {
      role: 'volunteer',
      run: async () => {
        const victim = attVolunteer('沈签退', '13844447777');
        const shiftId = await placed(victim, { checkedIn: true });
        setClock('11:00');
        const before = { signup: signupDoc(shiftId, victim), ledger: w.count('hours_ledger', { openid: victim }) };
        const attacker = attVolunteer('沈冒签', '13844448888');
        refused(await invoke('volunteer', attacker, 'checkOut', { shiftId, code: currentCode(shiftId), location: BEIDA_POINT, openid: victim }), 'INPUT.INVALID');
        refused(await invoke('volunteer', attacker, 'checkOut', { shiftId, code: currentCode(shiftId), location: BEIDA_POINT }), 'SHIFT.NOT_SIGNED_UP');
        expect({ signup: signupDoc(shiftId, victim), ledger: w.count('hours_ledger', { openid: victim }) }).toEqual(before);
        shownTo(await invoke('volunteer', victim, 'checkOut', { shiftId, code: currentCode(shiftId), location: BEIDA_POINT }), ['"hours":2']);
      },
    },
    // st-beida's manager (and another street's admin) cannot credit hours at st-haiyun: nothing is written.
    'volunteer.confirmCheckOut': {
      role: 'station_manager',
      run: async () => {
        const victim = attVolunteer('杨忘签', '13844449999');
        const shiftId = await placed(victim, { checkedIn: true, stationId: 'st-haiyun', by: 'demo-district-admin' });
        setClock('12:00');
        const before = { signup: signupDoc(shiftId, victim), ledger: w.count('hours_ledger', { openid: victim }), audit: w.count('audit_log', { action: 'volunteer.confirmCheckOut' }) };
        for (const attacker of [matrixUser('station_manager'), matrixUser('street_admin')]) {
          refused(await invoke('volunteer', attacker, 'confirmCheckOut', { shiftId, openid: victim }), 'AUTH.FORBIDDEN');
        }
        expect({ signup: signupDoc(shiftId, victim), ledger: w.count('hours_ledger', { openid: victim }), audit: w.count('audit_log', { action: 'volunteer.confirmCheckOut' }) }).toEqual(before);
        shownTo(await invoke('volunteer', 'demo-district-admin', 'confirmCheckOut', { shiftId, openid: victim }), ['"hours":2']);
      },
    },
  };
}

// ---------------------------------------------------------------- stations: membership, members, decide, posts (H1)

/** Manages st-haiyun only: the attacker against st-beida's members, applications and page. */
const HAIYUN_MANAGER = 'st-manager-haiyun';
let haiyunManagerAdded = false;
function ensureHaiyunManager(): string {
  if (!haiyunManagerAdded) {
    haiyunManagerAdded = true;
    const when = { $date: '2026-11-01T00:00:00Z' };
    const doc = { _id: HAIYUN_MANAGER, nickname: '海韵站长', phone: null, streetId: 'dongshan', communityId: null, roles: [{ role: 'resident' }, { role: 'station_manager', scope: { stationIds: ['st-haiyun'] } }], createdAt: when, updatedAt: when };
    w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: [JSON.stringify(doc)] });
  }
  return HAIYUN_MANAGER;
}
let stPhones = 0;
/** A resident with a phone of their own who has applied to st-beida (and, if `member`, was let in by its manager). */
async function beidaApplicant(member = false): Promise<{ openid: string; phone: string }> {
  const openid = someone();
  const phone = `1390000${String(++stPhones).padStart(4, '0')}`;
  const when = { $date: '2026-11-01T00:00:00Z' };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: [JSON.stringify({ _id: openid, nickname: `申请人${stPhones}`, phone, streetId: 'xiangyang', communityId: 'beida', roles: [{ role: 'resident' }], createdAt: when, updatedAt: when })] });
  await must(invoke('station', openid, 'join', { stationId: 'st-beida' }));
  if (member) await must(invoke('station', matrixUser('station_manager'), 'decide', { stationId: 'st-beida', openid, approve: true }));
  return { openid, phone };
}
const memberDoc = (stationId: string, openid: string): string => JSON.stringify(w.doc('station_members', `${stationId}:${openid}`));

function stationSamples(): Record<string, Sample> {
  return {
    'station.get': async () => ({ stationId: 'st-beida' }),
    'station.join': async () => ({ stationId: 'st-haiyun' }),
    'station.leave': async (_role, caller) => {
      await must(invoke('station', caller, 'join', { stationId: 'st-suocheng' }));
      return { stationId: 'st-suocheng' };
    },
    'station.managed': async () => ({}),
    // Every allowed role reaches st-beida: its station manager, the 向阳街道 admin, the district admin.
    'station.members': async () => ({ stationId: 'st-beida' }),
    'station.decide': async () => ({ stationId: 'st-beida', openid: (await beidaApplicant()).openid, approve: true }),
    'station.post': async () => ({ stationId: 'st-beida', title: '矩阵通知', body: '矩阵抽样的通知内容' }),
  };
}

function stationBola(): Record<string, BolaCase> {
  return {
    // Join names only the caller: naming someone else is refused, and their (left) membership stays as it is.
    'station.join': {
      role: 'resident',
      run: async () => {
        const victim = await beidaApplicant();
        await must(invoke('station', victim.openid, 'leave', { stationId: 'st-beida' }));
        const before = memberDoc('st-beida', victim.openid);
        refused(await invoke('station', someone(), 'join', { stationId: 'st-beida', openid: victim.openid }), 'INPUT.INVALID');
        expect(memberDoc('st-beida', victim.openid)).toBe(before);
        // The control: the victim applying again does change it.
        await must(invoke('station', victim.openid, 'join', { stationId: 'st-beida' }));
        expect(memberDoc('st-beida', victim.openid)).not.toBe(before);
      },
    },
    'station.leave': {
      role: 'resident',
      run: async () => {
        const victim = await beidaApplicant(true);
        const before = memberDoc('st-beida', victim.openid);
        const attacker = someone();
        refused(await invoke('station', attacker, 'leave', { stationId: 'st-beida', openid: victim.openid }), 'INPUT.INVALID');
        refused(await invoke('station', attacker, 'leave', { stationId: 'st-beida' }), 'STATION.NOT_MEMBER');
        expect(memberDoc('st-beida', victim.openid)).toBe(before);
        await must(invoke('station', victim.openid, 'leave', { stationId: 'st-beida' }));
        expect(memberDoc('st-beida', victim.openid)).not.toBe(before);
      },
    },
    // The manager of st-haiyun: st-beida and its waiting applications are not in their list.
    'station.managed': {
      role: 'station_manager',
      run: async () => {
        await beidaApplicant();
        shownTo(await invoke('station', matrixUser('station_manager'), 'managed', {}), ['st-beida']);
        const res = await invoke('station', ensureHaiyunManager(), 'managed', {});
        answeredWithout(res, ['st-beida']);
        shownTo(res, ['st-haiyun']);
      },
    },
    'station.members': {
      role: 'station_manager',
      run: async () => {
        const victim = await beidaApplicant(true);
        shownTo(await invoke('station', matrixUser('station_manager'), 'members', { stationId: 'st-beida' }), [victim.openid, victim.phone]);
        const res = await invoke('station', ensureHaiyunManager(), 'members', { stationId: 'st-beida' });
        refused(res, 'AUTH.FORBIDDEN');
        for (const secret of [victim.openid, victim.phone]) expect(text(res)).not.toContain(secret);
      },
    },
    'station.decide': {
      role: 'station_manager',
      run: async () => {
        const victim = await beidaApplicant();
        const before = memberDoc('st-beida', victim.openid);
        for (const approve of [true, false]) refused(await invoke('station', ensureHaiyunManager(), 'decide', { stationId: 'st-beida', openid: victim.openid, approve }), 'AUTH.FORBIDDEN');
        expect(memberDoc('st-beida', victim.openid)).toBe(before);
        expect(w.notifications(victim.openid)).toEqual([]);
        await must(invoke('station', matrixUser('station_manager'), 'decide', { stationId: 'st-beida', openid: victim.openid, approve: true }));
        expect(memberDoc('st-beida', victim.openid)).not.toBe(before);
      },
    },
    'station.post': {
      role: 'station_manager',
      run: async () => {
        const posts = (): number => w.count('station_posts', { stationId: 'st-beida' });
        const before = posts();
        refused(await invoke('station', ensureHaiyunManager(), 'post', { stationId: 'st-beida', title: '冒名通知', body: '这不是我管的站' }), 'AUTH.FORBIDDEN');
        expect(posts()).toBe(before);
        await must(invoke('station', matrixUser('station_manager'), 'post', { stationId: 'st-beida', title: '站长通知', body: '这是我管的站' }));
        expect(posts()).toBe(before + 1);
      },
    },
  };
}

// ---------------------------------------------------------------- shifts: list, sign-up, cancel, create, roster (H2)

let shiftSeq = 0;
/** st-beida's managers take turns creating the setup shifts (each has a per-minute limit, and the clock stands still). */
const BEIDA_CREATORS = ['demo-station-manager', 'demo-street-admin', 'demo-district-admin'];
/** A fresh shift tomorrow 09:00–11:00 (st-beida unless told), created through volunteer.createShift. */
async function freshShift(stationId = 'st-beida', by?: string, capacity = 5): Promise<string> {
  const creator = by ?? BEIDA_CREATORS[shiftSeq % BEIDA_CREATORS.length] ?? 'demo-station-manager';
  const s = await must<{ id: string }>(
    invoke('volunteer', creator, 'createShift', { stationId, title: `矩阵服务${++shiftSeq}`, start: '2026-12-02T09:00:00+08:00', end: '2026-12-02T11:00:00+08:00', capacity, place: '服务中心' }),
  );
  return s.id;
}
/** A fresh registered volunteer with a name and phone of their own, holding a place on `shiftId`. */
async function shiftVictim(shiftId: string, realName: string, phone: string): Promise<string> {
  const openid = attVolunteer(realName, phone);
  await must(invoke('volunteer', openid, 'signUp', { shiftId }));
  return openid;
}

function shiftSamples(): Record<string, Sample> {
  const managers: Role[] = ['station_manager', 'street_admin', 'district_admin'];
  return {
    'volunteer.shifts': async () => ({}),
    'volunteer.myShifts': async () => ({ when: 'upcoming' }),
    'volunteer.signUp': async () => ({ shiftId: await freshShift() }),
    'volunteer.cancel': async (role, caller) => {
      if (role !== 'volunteer') return { shiftId: 'no-shift' };
      const shiftId = await freshShift();
      await must(invoke('volunteer', caller, 'signUp', { shiftId }));
      return { shiftId };
    },
    'volunteer.managedShifts': async () => ({}),
    // Every manager in the matrix manages st-beida (its station manager, the 向阳 street admin, the district admin).
    'volunteer.createShift': async () => ({ stationId: 'st-beida', title: '矩阵新建', start: '2026-12-02T14:00:00+08:00', end: '2026-12-02T16:00:00+08:00', capacity: 3, place: '服务中心' }),
    'volunteer.roster': async (role) => ({ shiftId: managers.includes(role) ? await freshShift() : 'no-shift' }),
  };
}

function shiftBola(): Record<string, BolaCase> {
  const shiftsDoc = (): number => w.count('shifts', {});
  return {
    // The list is the caller's own view: another volunteer sees the shift as free to take, never the victim's place.
    'volunteer.shifts': {
      role: 'volunteer',
      run: async () => {
        const shiftId = await freshShift();
        const victim = await shiftVictim(shiftId, '孔受害', '13855551111');
        shownTo(await invoke('volunteer', victim, 'shifts', {}), [`"id":"${shiftId}"`, '"myState":"confirmed"']);
        const attacker = attVolunteer('孔攻击', '13855552222');
        refused(await invoke('volunteer', attacker, 'shifts', { openid: victim }), 'INPUT.INVALID');
        const res = await invoke('volunteer', attacker, 'shifts', {});
        answeredWithout(res, [victim, '孔受害', '13855551111']);
        const seen = (res as { data: { shifts: Array<{ id: string; myState: string }> } }).data.shifts.find((x) => x.id === shiftId);
        expect(seen?.myState).toBe('none');
      },
    },
    'volunteer.myShifts': {
      role: 'volunteer',
      run: async () => {
        const shiftId = await freshShift();
        const victim = await shiftVictim(shiftId, '曹受害', '13855553333');
        shownTo(await invoke('volunteer', victim, 'myShifts', { when: 'upcoming' }), [shiftId]);
        const attacker = attVolunteer('曹攻击', '13855554444');
        refused(await invoke('volunteer', attacker, 'myShifts', { when: 'upcoming', openid: victim }), 'INPUT.INVALID');
        answeredWithout(await invoke('volunteer', attacker, 'myShifts', { when: 'upcoming' }), [shiftId, victim]);
      },
    },
    // Nobody takes (or keeps) a place in someone else's name: the input has no person.
    'volunteer.signUp': {
      role: 'volunteer',
      run: async () => {
        const shiftId = await freshShift('st-beida', undefined, 1);
        const victim = await shiftVictim(shiftId, '严受害', '13855555555');
        const before = signupDoc(shiftId, victim);
        const attacker = attVolunteer('严攻击', '13855556666');
        refused(await invoke('volunteer', attacker, 'signUp', { shiftId, openid: victim }), 'INPUT.INVALID');
        refused(await invoke('volunteer', attacker, 'signUp', { shiftId }), 'SHIFT.FULL');
        expect(signupDoc(shiftId, victim)).toBe(before);
        expect(w.count('shift_seats', { shiftId })).toBe(1);
        expect(w.doc<{ openid: string }>('shift_seats', `${shiftId}:seat:1`)?.openid).toBe(victim);
      },
    },
    // A volunteer cannot cancel someone else's place: nothing changes, the victim can.
    'volunteer.cancel': {
      role: 'volunteer',
      run: async () => {
        const shiftId = await freshShift();
        const victim = await shiftVictim(shiftId, '华受害', '13855557777');
        const before = signupDoc(shiftId, victim);
        const attacker = attVolunteer('华攻击', '13855558888');
        refused(await invoke('volunteer', attacker, 'cancel', { shiftId, openid: victim }), 'INPUT.INVALID');
        refused(await invoke('volunteer', attacker, 'cancel', { shiftId }), 'SHIFT.NOT_SIGNED_UP');
        expect(signupDoc(shiftId, victim)).toBe(before);
        expect(w.count('shift_seats', { shiftId })).toBe(1);
        shownTo(await invoke('volunteer', victim, 'cancel', { shiftId }), ['"state":"cancelled"']);
      },
    },
    // st-beida's manager and the 向阳 street admin do not see st-haiyun's shifts; the district admin does.
    'volunteer.managedShifts': {
      role: 'station_manager',
      run: async () => {
        const shiftId = await freshShift('st-haiyun', 'demo-district-admin');
        shownTo(await invoke('volunteer', 'demo-district-admin', 'managedShifts', { stationId: 'st-haiyun' }), [shiftId]);
        for (const attacker of [matrixUser('station_manager'), matrixUser('street_admin')]) {
          answeredWithout(await invoke('volunteer', attacker, 'managedShifts', {}), [shiftId]);
          answeredWithout(await invoke('volunteer', attacker, 'managedShifts', { stationId: 'st-haiyun' }), [shiftId]);
        }
      },
    },
    // The manager of st-beida cannot create a shift at st-haiyun: no shift, no audit entry.
    'volunteer.createShift': {
      role: 'station_manager',
      run: async () => {
        const input = { stationId: 'st-haiyun', title: '冒名班次', start: '2026-12-02T14:00:00+08:00', end: '2026-12-02T16:00:00+08:00', capacity: 3, place: '海韵' };
        const before = { shifts: shiftsDoc(), audit: w.count('audit_log', { action: 'volunteer.createShift' }) };
        for (const attacker of [matrixUser('station_manager'), matrixUser('street_admin')]) {
          refused(await invoke('volunteer', attacker, 'createShift', input), 'AUTH.FORBIDDEN');
        }
        expect({ shifts: shiftsDoc(), audit: w.count('audit_log', { action: 'volunteer.createShift' }) }).toEqual(before);
        shownTo(await invoke('volunteer', ensureHaiyunManager(), 'createShift', input), ['冒名班次']);
      },
    },
    // The roster of a st-haiyun shift (names, phones) is not shown to st-beida's manager nor the 向阳 street admin.
    'volunteer.roster': {
      role: 'station_manager',
      run: async () => {
        const shiftId = await freshShift('st-haiyun', 'demo-district-admin');
        await shiftVictim(shiftId, '金受害', '13855559999');
        shownTo(await invoke('volunteer', ensureHaiyunManager(), 'roster', { shiftId }), ['金受害', '13855559999']);
        for (const attacker of [matrixUser('station_manager'), matrixUser('street_admin')]) {
          const res = await invoke('volunteer', attacker, 'roster', { shiftId });
          refused(res, 'AUTH.FORBIDDEN');
          expect(text(res)).not.toContain('金受害');
          expect(text(res)).not.toContain('9999');
        }
      },
    },
  };
}

// ---------------------------------------------------------------- 红色积分 (points)

let pointsSeq = 0;
/** A person with a nickname (a party member of `branchId` if given) and one points entry straight in the ledger. */
function pointsHolder(nickname: string, points: number, branchId?: string): { openid: string; entryId: string } {
  const openid = someone();
  const when = { $date: '2026-11-01T00:00:00Z' };
  const roles = [{ role: 'resident' }, ...(branchId ? [{ role: 'party_member', scope: { branchId } }] : [])];
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: [JSON.stringify({ _id: openid, nickname, phone: null, streetId: null, communityId: null, roles, createdAt: when, updatedAt: when })] });
  const sourceId = `matrix-lesson-${++pointsSeq}`;
  const entryId = `${openid}|course_lesson|${sourceId}`;
  const entry = { _id: entryId, openid, points, requested: points, sourceType: 'course_lesson', sourceId, reason: `矩阵课程${pointsSeq}`, by: 'system', at: { $date: '2026-12-01T00:00:00Z' }, date: '2026-12-01', month: '2026-12' };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'points_ledger', data: [JSON.stringify(entry)] });
  return { openid, entryId };
}

function pointsSamples(): Record<string, Sample> {
  return {
    'points.mine': async () => ({}),
    'points.ranking': async () => ({ branchId: 'branch-shanheliang', month: '2026-12' }),
  };
}

function pointsBola(): Record<string, BolaCase> {
  return {
    // `mine` takes no id: another person gets only their own points.
    'points.mine': {
      role: 'resident',
      run: async () => {
        const victim = pointsHolder('欧阳受害', 17);
        shownTo(await invoke('points', victim.openid, 'mine', {}), [victim.entryId, '"total":17']);
        const attacker = pointsHolder('欧阳攻击', 3).openid;
        refused(await invoke('points', attacker, 'mine', { openid: victim.openid }), 'INPUT.INVALID');
        answeredWithout(await invoke('points', attacker, 'mine', {}), [victim.entryId, victim.openid, '17']);
      },
    },
    // Members and secretaries of 山河梁 do not see another branch's ranking; the district admin does (names masked).
    'points.ranking': {
      role: 'party_member',
      run: async () => {
        const victim = pointsHolder('司马受害', 23, 'branch-matrix-other');
        const seen = await invoke('points', 'demo-district-admin', 'ranking', { branchId: 'branch-matrix-other', month: '2026-12' });
        shownTo(seen, ['司**害', '"points":23']);
        answeredWithout(seen, ['司马受害', victim.openid]);
        for (const attacker of [matrixUser('party_member'), matrixUser('branch_secretary')]) {
          const res = await invoke('points', attacker, 'ranking', { branchId: 'branch-matrix-other', month: '2026-12' });
          refused(res, 'AUTH.FORBIDDEN');
          expect(text(res)).not.toContain('司');
          answeredWithout(await invoke('points', attacker, 'ranking', { month: '2026-12' }), ['司**害', victim.openid]);
        }
      },
    },
  };
}

// ---------------------------------------------------------------- courses: catalogue, online lessons and quiz (C2)

const OPEN_COURSE = 'course-shyk-basics';
/** The right answers to a drawn quiz, read from the bank in the database (the test's answer key). */
function rightAnswers(quiz: { questions: Array<{ id: string }> }): Array<{ questionId: string; choice: number }> {
  return quiz.questions.map((q) => ({ questionId: q.id, choice: (w.doc('course_questions', q.id) as { answer: number }).answer }));
}
/** `openid` draws a quiz of the open course (a residents' course) and answers it all right. */
async function drawnQuiz(openid: string): Promise<{ courseId: string; attemptId: string; answers: Array<{ questionId: string; choice: number }> }> {
  const quiz = await must<{ attemptId: string; questions: Array<{ id: string }> }>(w.call('course', openid, 'quiz', { courseId: OPEN_COURSE }));
  return { courseId: OPEN_COURSE, attemptId: quiz.attemptId, answers: rightAnswers(quiz) };
}

function courseSamples(): Record<string, Sample> {
  return {
    'course.list': async () => ({}),
    'course.get': async () => ({ courseId: 'course-dfsj-standard' }),
    'course.lesson': async () => ({ courseId: OPEN_COURSE }),
    'course.quiz': async () => ({ courseId: OPEN_COURSE }),
    'course.submitQuiz': async (_role, caller) => drawnQuiz(caller),
    'course.mine': async () => ({}),
  };
}

function courseBola(): Record<string, BolaCase> {
  return {
    // Another person's attempt: not found, the victim's attempt untouched, no completion or points for either.
    'course.submitQuiz': {
      role: 'resident',
      run: async () => {
        const victim = someone();
        const input = await drawnQuiz(victim);
        const attacker = someone();
        const before = JSON.stringify(w.doc('quiz_attempts', input.attemptId));
        refused(await invoke('course', attacker, 'submitQuiz', input), 'COURSE.ATTEMPT_NOT_FOUND');
        expect(JSON.stringify(w.doc('quiz_attempts', input.attemptId))).toBe(before);
        expect(w.count('course_completions', { openid: attacker }) + w.count('points_ledger', { openid: attacker })).toBe(0);
        shownTo(await invoke('course', victim, 'submitQuiz', input), [input.attemptId, '"passed":true']);
      },
    },
    // 我的课程 takes no id: another person sees only their own (empty) record.
    'course.mine': {
      role: 'resident',
      run: async () => {
        const victim = someone();
        await must(invoke('course', victim, 'submitQuiz', await drawnQuiz(victim)));
        shownTo(await invoke('course', victim, 'mine', {}), [OPEN_COURSE]);
        const attacker = someone();
        refused(await invoke('course', attacker, 'mine', { openid: victim }), 'INPUT.INVALID');
        answeredWithout(await invoke('course', attacker, 'mine', {}), [OPEN_COURSE]);
      },
    },
  };
}

// ---------------------------------------------------------------- courses: the course editor (D)

const AUTHOR = 'demo-district-admin';
/** A course as the editor writes it (a lesson and a bank of 3), unpublished unless asked. */
const authoredCourse = (title: string, published = false) => ({
  title,
  seriesId: 'series-zzsh',
  membersOnly: false,
  summary: '矩阵抽样用的课程简介。',
  goals: ['矩阵目标'],
  teacher: '矩阵老师',
  minutes: 15,
  points: 5,
  published,
  lesson: { blocks: [{ type: 'text', text: '矩阵课程内容' }], videoUrl: null },
  questions: [1, 2, 3].map((n) => ({ text: `矩阵第${n}题题目`, options: ['甲', '乙'], answer: 1, explanation: `矩阵解析${n}` })),
});

function authoringSamples(): Record<string, Sample> {
  return {
    'course.drafts': async () => ({}),
    'course.draft': async () => ({ courseId: OPEN_COURSE }),
    'course.save': async (role) => ({ course: authoredCourse(`矩阵新课${role}`) }),
  };
}

function authoringBola(): Record<string, BolaCase> {
  return {
    // The editor's list holds unpublished courses: refused to everyone but the district's authors.
    'course.drafts': {
      role: 'branch_secretary',
      run: async () => {
        const { courseId } = await must<{ courseId: string }>(invoke('course', AUTHOR, 'save', { course: authoredCourse('矩阵未发布') }));
        shownTo(await invoke('course', AUTHOR, 'drafts', {}), [courseId, '矩阵未发布']);
        for (const attacker of [matrixUser('branch_secretary'), matrixUser('street_admin'), someone()]) {
          refused(await invoke('course', attacker, 'drafts', {}), 'AUTH.FORBIDDEN');
          answeredWithout(await invoke('course', attacker, 'list', {}), [courseId, '矩阵未发布']);
        }
      },
    },
    // An unpublished draft with its answers: refused to everyone but the district's authors, and hidden from the catalogue.
    'course.draft': {
      role: 'branch_secretary',
      run: async () => {
        const { courseId } = await must<{ courseId: string }>(invoke('course', AUTHOR, 'save', { course: authoredCourse('矩阵草稿') }));
        shownTo(await invoke('course', AUTHOR, 'draft', { courseId }), ['矩阵解析1', '"answer":1']);
        for (const attacker of [matrixUser('branch_secretary'), matrixUser('party_member'), someone()]) {
          refused(await invoke('course', attacker, 'draft', { courseId }), 'AUTH.FORBIDDEN');
          refused(await invoke('course', attacker, 'get', { courseId }), 'COURSE.NOT_FOUND');
          answeredWithout(await invoke('course', attacker, 'list', {}), [courseId, '矩阵草稿']);
        }
      },
    },
    // Nobody but an author replaces a course or its bank; an author cannot pull another course's question into theirs.
    'course.save': {
      role: 'branch_secretary',
      run: async () => {
        const { courseId } = await must<{ courseId: string }>(invoke('course', AUTHOR, 'save', { course: authoredCourse('矩阵原课', true) }));
        const bank = () => JSON.stringify(w.count('course_questions', { courseId })) + JSON.stringify(w.doc('courses', courseId)) + JSON.stringify(w.doc('course_questions', `${OPEN_COURSE}-q1`));
        const before = bank();
        for (const attacker of [matrixUser('branch_secretary'), matrixUser('station_manager'), someone()]) {
          refused(await invoke('course', attacker, 'save', { courseId, course: authoredCourse('矩阵篡改') }), 'AUTH.FORBIDDEN');
        }
        const stolen = { ...authoredCourse('矩阵原课', true), questions: [{ id: `${OPEN_COURSE}-q1`, text: '借用别的课的题', options: ['甲', '乙'], answer: 0 }, ...authoredCourse('x').questions.slice(1)] };
        refused(await invoke('course', AUTHOR, 'save', { courseId, course: stolen }), 'INPUT.INVALID');
        expect(bank()).toBe(before);
        shownTo(await invoke('course', someone(), 'get', { courseId }), ['矩阵原课']);
      },
    },
  };
}

// ---------------------------------------------------------------- courses: seats, waitlist and attendance (B)

const sessionSignupDoc = (sessionId: string, openid: string): string => JSON.stringify(w.doc('session_signups', `${sessionId}:${openid}`));
/** A session today at 10:00 with `openid` enrolled, the clock at 09:50 (check-in open); answers the session and its code. */
async function checkInOpen(openid: string): Promise<{ sessionId: string; code: string }> {
  const sessionId = writeSession(w, { start: Date.parse('2026-12-01T10:00:00+08:00') });
  await must(invoke('course', openid, 'signUp', { sessionId }));
  w.clock.set(Date.parse('2026-12-01T09:50:00+08:00'));
  return { sessionId, code: sessionStepCode(sessionId, codeStep(w.clock.now())) };
}

function sessionSamples(): Record<string, Sample> {
  return {
    'course.sessions': async () => ({ courseId: OPEN_COURSE }),
    'course.signUp': async () => ({ sessionId: writeSession(w) }),
    'course.cancel': async (_role, caller) => {
      const sessionId = writeSession(w);
      await must(invoke('course', caller, 'signUp', { sessionId }));
      return { sessionId };
    },
    'course.checkIn': async (_role, caller) => checkInOpen(caller),
    'course.sessionCode': async () => ({ sessionId: writeSession(w) }),
  };
}

function sessionBola(): Record<string, BolaCase> {
  return {
    // Nobody takes (or keeps) a seat in someone else's name: the input has no person; the attacker only joins the waitlist.
    'course.signUp': {
      role: 'resident',
      run: async () => {
        const sessionId = writeSession(w, { capacity: 1 });
        const victim = someone();
        await must(invoke('course', victim, 'signUp', { sessionId }));
        const before = sessionSignupDoc(sessionId, victim);
        const attacker = someone();
        refused(await invoke('course', attacker, 'signUp', { sessionId, openid: victim }), 'INPUT.INVALID');
        const res = await invoke('course', attacker, 'signUp', { sessionId });
        shownTo(res, ['"state":"waitlisted"', '"position":1']);
        answeredWithout(res, [victim]);
        expect(sessionSignupDoc(sessionId, victim)).toBe(before);
        expect(w.doc<{ openid: string }>('session_places', `${sessionId}:seat:1`)?.openid).toBe(victim);
      },
    },
    // Nobody gives up someone else's seat: nothing changes; the victim can.
    'course.cancel': {
      role: 'resident',
      run: async () => {
        const sessionId = writeSession(w);
        const victim = someone();
        await must(invoke('course', victim, 'signUp', { sessionId }));
        const before = sessionSignupDoc(sessionId, victim);
        const attacker = someone();
        refused(await invoke('course', attacker, 'cancel', { sessionId, openid: victim }), 'INPUT.INVALID');
        refused(await invoke('course', attacker, 'cancel', { sessionId }), 'COURSE.NOT_SIGNED_UP');
        expect(sessionSignupDoc(sessionId, victim)).toBe(before);
        expect(w.count('session_places', { sessionId, kind: 'seat' })).toBe(1);
        shownTo(await invoke('course', victim, 'cancel', { sessionId }), ['"state":"cancelled"']);
      },
    },
    // The code alone holds no place: an attacker with the right code is not checked in, nor is the victim for them.
    'course.checkIn': {
      role: 'party_member',
      run: async () => {
        const victim = someone();
        const { sessionId, code } = await checkInOpen(victim);
        const before = sessionSignupDoc(sessionId, victim);
        const attacker = matrixUser('party_member');
        refused(await invoke('course', attacker, 'checkIn', { sessionId, code, openid: victim }), 'INPUT.INVALID');
        refused(await invoke('course', attacker, 'checkIn', { sessionId, code }), 'COURSE.NOT_SIGNED_UP');
        expect(sessionSignupDoc(sessionId, victim)).toBe(before);
        expect(w.count('course_completions', { sessionId })).toBe(0);
        shownTo(await invoke('course', victim, 'checkIn', { sessionId, code }), ['"points":']);
      },
    },
    // The organiser's code is the district's: no other manager or member sees it.
    'course.sessionCode': {
      role: 'branch_secretary',
      run: async () => {
        const sessionId = writeSession(w);
        const code = sessionStepCode(sessionId, codeStep(w.clock.now()));
        shownTo(await invoke('course', 'demo-district-admin', 'sessionCode', { sessionId }), [code]);
        for (const attacker of [matrixUser('branch_secretary'), matrixUser('station_manager'), matrixUser('street_admin'), matrixUser('party_member')]) {
          const res = await invoke('course', attacker, 'sessionCode', { sessionId });
          refused(res, 'AUTH.FORBIDDEN');
          expect(text(res)).not.toContain(code);
        }
      },
    },
  };
}

// ---------------------------------------------------------------- courses: scheduling sessions into venues (A)

let scheduleSeq = 0;
/** A fresh free hour of the 创益园排练室 (one per call), 2026-12-05 onwards. */
const freeRehearsalHour = (): string => {
  const n = scheduleSeq++;
  const day = 5 + Math.floor(n / 10);
  return `2026-12-${String(day).padStart(2, '0')}T${String(9 + (n % 10)).padStart(2, '0')}:30:00+08:00`;
};
const scheduleInput = (start = freeRehearsalHour()) => ({ courseId: OPEN_COURSE, capacity: 10, venueId: 'cyy-rehearsal', start });
/** A session the district admin scheduled into the 排练室, with `enrolled` holding seat 1. */
async function scheduledWith(enrolled: string): Promise<string> {
  const s = await must<{ id: string }>(invoke('course', 'demo-district-admin', 'schedule', scheduleInput()));
  const when = { $date: '2026-12-01T00:00:00Z' };
  const insert = (collectionName: string, doc: object) => w.cloud.db.handle({ action: 'database.insertDocument', collectionName, data: [JSON.stringify(doc)] });
  insert('session_places', { _id: `${s.id}:seat:1`, sessionId: s.id, kind: 'seat', n: 1, openid: enrolled, at: when });
  insert('session_signups', { _id: `${s.id}:${enrolled}`, sessionId: s.id, courseId: OPEN_COURSE, openid: enrolled, state: 'enrolled', seat: 1, ticket: null, checkedInAt: null, createdAt: when, updatedAt: when });
  return s.id;
}

function scheduleSamples(): Record<string, Sample> {
  return {
    'course.schedule': async () => scheduleInput(),
    'course.cancelSession': async () => ({ sessionId: writeSession(w), reason: '矩阵取消' }),
  };
}

function scheduleBola(): Record<string, BolaCase> {
  const sessionState = (id: string): string => JSON.stringify(w.doc('course_sessions', id)) + w.count('slot_ledger', { venueId: 'cyy-rehearsal' });
  return {
    // The venue's own manager and a street admin cannot put a course into a venue (nothing is booked); the district admin can.
    'course.schedule': {
      role: 'venue_manager',
      run: async () => {
        const start = freeRehearsalHour();
        const before = w.count('slot_ledger', { venueId: 'cyy-rehearsal' }) + w.count('course_sessions', {});
        for (const attacker of ['demo-venue-manager', matrixUser('venue_manager'), matrixUser('street_admin'), matrixUser('branch_secretary')]) {
          refused(await invoke('course', attacker, 'schedule', scheduleInput(start)), 'AUTH.FORBIDDEN');
        }
        expect(w.count('slot_ledger', { venueId: 'cyy-rehearsal' }) + w.count('course_sessions', {})).toBe(before);
        shownTo(await invoke('course', 'demo-district-admin', 'schedule', scheduleInput(start)), ['"state":"open"', start]);
      },
    },
    // Nobody but the district's authors cancels a session — not the venue's manager, a branch secretary or a person
    // enrolled in it: the session stays open, its slot held, nobody is told; the district admin can.
    'course.cancelSession': {
      role: 'branch_secretary',
      run: async () => {
        const victim = someone();
        const sessionId = await scheduledWith(victim);
        const before = sessionState(sessionId);
        for (const attacker of [matrixUser('branch_secretary'), 'demo-venue-manager', matrixUser('party_member'), victim]) {
          refused(await invoke('course', attacker, 'cancelSession', { sessionId, reason: '矩阵越权取消' }), 'AUTH.FORBIDDEN');
        }
        expect(sessionState(sessionId)).toBe(before);
        expect(w.count('notifications', { openid: victim })).toBe(0);
        shownTo(await invoke('course', 'demo-district-admin', 'cancelSession', { sessionId, reason: '讲师临时有事' }), ['"state":"cancelled"', '讲师临时有事']);
        expect(w.count('notifications', { openid: victim, kind: 'course_session_cancelled', sessionId })).toBe(1);
      },
    },
  };
}

// ---------------------------------------------------------------- courses: the branch's organization-life record (C)

let recordSeq = 0;
/** A party member of `branchId` (a seeded branch) with a name, and a course completed for the branch today if asked. */
function branchMember(branchId: string, nickname: string, completed: boolean): string {
  const openid = `rec-matrix-${++recordSeq}`;
  const when = { $date: '2026-11-01T00:00:00Z' };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'users', data: [JSON.stringify({ _id: openid, nickname, phone: null, streetId: null, communityId: null, roles: [{ role: 'resident' }, { role: 'party_member', scope: { branchId } }], createdAt: when, updatedAt: when })] });
  if (completed) {
    const completion = { _id: `${openid}:${OPEN_COURSE}`, openid, courseId: OPEN_COURSE, courseTitle: '三会一课是什么', via: 'offline', attemptId: null, sessionId: null, branchId, points: 10, at: { $date: '2026-11-30T02:00:00Z' }, date: '2026-11-30' };
    w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'course_completions', data: [JSON.stringify(completion)] });
  }
  return openid;
}
/** Every cell of an exported workbook, as text. */
async function exportedCells(res: Envelope<unknown>): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from((res as { data: { base64: string } }).data.base64, 'base64') as unknown as ArrayBuffer);
  return text(book.worksheets.map((s) => s.getSheetValues()));
}

function recordSamples(): Record<string, Sample> {
  return {
    'course.branchRecord': async () => ({ branchId: 'branch-shanheliang' }),
    'course.remind': async () => ({ branchId: 'branch-shanheliang' }),
    'course.exportRecord': async () => ({ branchId: 'branch-shanheliang' }),
  };
}

function recordBola(): Record<string, BolaCase> {
  const OTHER = 'branch-lianhe-2';
  return {
    // 山河梁's secretary does not see another branch's record (names, courses); the district admin does.
    'course.branchRecord': {
      role: 'branch_secretary',
      run: async () => {
        const victim = branchMember(OTHER, '上官受害', true);
        shownTo(await invoke('course', 'demo-district-admin', 'branchRecord', { branchId: OTHER, quarter: '2026-Q4' }), ['上官受害', victim]);
        const attacker = matrixUser('branch_secretary');
        const res = await invoke('course', attacker, 'branchRecord', { branchId: OTHER, quarter: '2026-Q4' });
        refused(res, 'AUTH.FORBIDDEN');
        expect(text(res)).not.toContain('上官');
        answeredWithout(await invoke('course', attacker, 'branchRecord', { quarter: '2026-Q4' }), ['上官受害', victim, OTHER]);
        for (const other of [matrixUser('party_member'), matrixUser('street_admin')]) refused(await invoke('course', other, 'branchRecord', { branchId: OTHER }), 'AUTH.FORBIDDEN');
      },
    },
    // Nor its export: refused, and their own branch's workbook holds none of it.
    'course.exportRecord': {
      role: 'branch_secretary',
      run: async () => {
        branchMember(OTHER, '欧阳导出', true);
        expect(await exportedCells(await invoke('course', 'demo-district-admin', 'exportRecord', { branchId: OTHER }))).toContain('欧阳导出');
        const attacker = matrixUser('branch_secretary');
        const res = await invoke('course', attacker, 'exportRecord', { branchId: OTHER });
        refused(res, 'AUTH.FORBIDDEN');
        expect(text(res)).not.toContain('base64');
        const own = await invoke('course', attacker, 'exportRecord', {});
        expect(own).toMatchObject({ ok: true });
        expect(await exportedCells(own)).not.toContain('欧阳导出');
      },
    },
    // Nor reminds its members: nothing is written or sent; the district admin can.
    'course.remind': {
      role: 'branch_secretary',
      run: async () => {
        const victim = branchMember(OTHER, '诸葛未学', false);
        const attacker = matrixUser('branch_secretary');
        refused(await invoke('course', attacker, 'remind', { branchId: OTHER }), 'AUTH.FORBIDDEN');
        shownTo(await invoke('course', attacker, 'remind', {}), ['"branchId":"branch-shanheliang"']);
        expect(w.count('course_reminders', { openid: victim }) + w.count('notifications', { openid: victim })).toBe(0);
        shownTo(await invoke('course', 'demo-district-admin', 'remind', { branchId: OTHER }), [`"branchId":"${OTHER}"`]);
        expect(w.count('course_reminders', { openid: victim, branchId: OTHER })).toBe(1);
      },
    },
  };
}

// ---------------------------------------------------------------- activities: reading, roster, code, export (D)

let activityPeople = 0;
/** A person with a name and a phone of their own (the roster shows them). */
const activityPerson = (nickname: string, phone: string | null = null, roles: object[] = []): string => writeUser(w, `act-matrix-${++activityPeople}`, { nickname, phone, roles });
const OTHER_BRANCH = { branchId: 'branch-lianhe-2', branchName: '芝罘区社会组织第二联合党支部' };

function activityListingSamples(): Record<string, Sample> {
  return {
    'activity.feed': async () => ({}),
    'activity.get': async () => ({ activityId: writeActivity(w) }),
    'activity.mine': async () => ({}),
    'activity.roster': async () => ({ activityId: writeActivity(w) }),
    'activity.checkInCode': async () => ({ activityId: writeActivity(w) }),
    'activity.exportRoster': async () => ({ activityId: writeActivity(w) }),
  };
}

function activityListingBola(): Record<string, BolaCase> {
  /** Another branch's activity with a victim holding a place (name and phone of their own). */
  const otherBranchActivity = (name: string, phone: string): { activityId: string; victim: string } => {
    const activityId = writeActivity(w, { ...OTHER_BRANCH, title: `${name}参加的活动` });
    const victim = activityPerson(name, phone);
    writePlace(w, activityId, victim, { seat: 1 });
    return { activityId, victim };
  };
  const outsiders = (): string[] => [matrixUser('resident'), matrixUser('volunteer'), matrixUser('station_manager'), activityPerson('别支部党员', null, [{ role: 'party_member', scope: { branchId: 'branch-lianhe-2' } }])];
  return {
    // A members-only activity is invisible to everyone outside its branch in the feed; its members see it.
    'activity.feed': {
      role: 'resident',
      run: async () => {
        // The soonest of all, so the feed's first 100 hold it whatever else the suite wrote.
        const activityId = writeActivity(w, { audience: 'members', title: '党员专属学习会', start: Date.parse('2026-12-01T08:30:00+08:00') });
        shownTo(await invoke('activity', matrixUser('party_member'), 'feed', {}), [activityId, '党员专属学习会']);
        for (const attacker of outsiders()) answeredWithout(await invoke('activity', attacker, 'feed', {}), [activityId, '党员专属学习会']);
      },
    },
    // And through its share link (get): not found, nothing of it said.
    'activity.get': {
      role: 'resident',
      run: async () => {
        const activityId = writeActivity(w, { audience: 'members', title: '党员专属分享会' });
        shownTo(await invoke('activity', matrixUser('party_member'), 'get', { activityId }), ['党员专属分享会']);
        for (const attacker of outsiders()) {
          const res = await invoke('activity', attacker, 'get', { activityId });
          refused(res, 'ACTIVITY.NOT_FOUND');
          expect(text(res)).not.toContain('党员专属');
        }
      },
    },
    // Only the caller's own places: naming someone else is not an input, and their activities are not in the answer.
    'activity.mine': {
      role: 'resident',
      run: async () => {
        const activityId = writeActivity(w, { title: '受害人报名的活动' });
        const victim = activityPerson('报名受害人');
        writePlace(w, activityId, victim, { seat: 1 });
        shownTo(await invoke('activity', victim, 'mine', {}), [activityId]);
        const attacker = matrixUser('resident');
        refused(await invoke('activity', attacker, 'mine', { openid: victim }), 'INPUT.INVALID');
        answeredWithout(await invoke('activity', attacker, 'mine', {}), [activityId, '受害人报名']);
      },
    },
    // 山河梁's secretary does not read another branch's roster (not found, no name, no phone); the district admin does, masked.
    'activity.roster': {
      role: 'branch_secretary',
      run: async () => {
        const { activityId, victim } = otherBranchActivity('公孙名单', '13822220001');
        shownTo(await invoke('activity', 'demo-district-admin', 'roster', { activityId }), ['公孙名单', '138****0001']);
        const res = await invoke('activity', matrixUser('branch_secretary'), 'roster', { activityId });
        refused(res, 'ACTIVITY.NOT_FOUND');
        for (const secret of ['公孙', '13822220001', '138****0001', victim]) expect(text(res)).not.toContain(secret);
        for (const other of [matrixUser('party_member'), matrixUser('venue_manager'), victim]) refused(await invoke('activity', other, 'roster', { activityId }), 'AUTH.FORBIDDEN');
      },
    },
    // Nor shows its check-in code.
    'activity.checkInCode': {
      role: 'branch_secretary',
      run: async () => {
        const { activityId } = otherBranchActivity('慕容签到', '13822220002');
        const { code } = await must<{ code: string }>(invoke('activity', 'demo-district-admin', 'checkInCode', { activityId }));
        const res = await invoke('activity', matrixUser('branch_secretary'), 'checkInCode', { activityId });
        refused(res, 'ACTIVITY.NOT_FOUND');
        expect(text(res)).not.toContain(code);
      },
    },
    // Nor exports it: refused without a workbook; the district admin's export has the name with the phone masked.
    'activity.exportRoster': {
      role: 'branch_secretary',
      run: async () => {
        const { activityId } = otherBranchActivity('东方导出', '13822220003');
        const cells = await exportedCells(await invoke('activity', 'demo-district-admin', 'exportRoster', { activityId }));
        expect(cells).toContain('东方导出');
        expect(cells).toContain('138****0003');
        expect(cells).not.toContain('13822220003');
        const res = await invoke('activity', matrixUser('branch_secretary'), 'exportRoster', { activityId });
        refused(res, 'ACTIVITY.NOT_FOUND');
        for (const secret of ['base64', '东方', '13822220003']) expect(text(res)).not.toContain(secret);
      },
    },
  };
}

// ---------------------------------------------------------------- activities: places, waitlist, attendance (B)

const activitySignupDoc = (activityId: string, openid: string): string => JSON.stringify(w.doc('activity_signups', `${activityId}:${openid}`));
/** An activity today 10:00–12:00 with `openid` holding seat 1, the clock at 09:50 (check-in open); answers it and its code. */
function activityCheckInOpen(openid: string): { activityId: string; code: string } {
  const activityId = writeActivity(w, { start: Date.parse('2026-12-01T10:00:00+08:00') });
  writePlace(w, activityId, openid, { seat: 1 });
  w.clock.set(Date.parse('2026-12-01T09:50:00+08:00'));
  return { activityId, code: stepCode('activity', activityId, codeStep(w.clock.now())) };
}

function activitySignupSamples(): Record<string, Sample> {
  return {
    'activity.signUp': async () => ({ activityId: writeActivity(w) }),
    'activity.cancel': async (_role, caller) => {
      const activityId = writeActivity(w);
      writePlace(w, activityId, caller, { seat: 1 });
      return { activityId };
    },
    'activity.checkIn': async (_role, caller) => activityCheckInOpen(caller),
  };
}

function activitySignupBola(): Record<string, BolaCase> {
  return {
    // Nobody takes (or keeps) a place in someone else's name; a members-only activity takes no one outside its branch.
    'activity.signUp': {
      role: 'resident',
      run: async () => {
        const activityId = writeActivity(w, { capacity: 1 });
        const victim = someone();
        await must(invoke('activity', victim, 'signUp', { activityId }));
        const before = activitySignupDoc(activityId, victim);
        const attacker = someone();
        refused(await invoke('activity', attacker, 'signUp', { activityId, openid: victim }), 'INPUT.INVALID');
        refused(await invoke('activity', attacker, 'signUp', { activityId }), 'ACTIVITY.FULL');
        const res = await invoke('activity', attacker, 'signUp', { activityId, wait: true });
        shownTo(res, ['"state":"waitlisted"', '"position":1']);
        answeredWithout(res, [victim]);
        expect(activitySignupDoc(activityId, victim)).toBe(before);
        expect(w.doc<{ openid: string }>('activity_places', `${activityId}:seat:1`)?.openid).toBe(victim);
        // Members only: a non-member (resident, or a member of another branch) is told it does not exist; a member signs up.
        const membersOnly = writeActivity(w, { audience: 'members', title: '党员专属活动' });
        for (const outsider of [matrixUser('resident'), activityPerson('别支部党员', null, [{ role: 'party_member', scope: { branchId: 'branch-lianhe-2' } }])]) {
          const out = await invoke('activity', outsider, 'signUp', { activityId: membersOnly, wait: true });
          refused(out, 'ACTIVITY.NOT_FOUND');
          expect(text(out)).not.toContain('党员专属活动');
        }
        expect(w.count('activity_signups', { activityId: membersOnly })).toBe(0);
        shownTo(await invoke('activity', matrixUser('party_member'), 'signUp', { activityId: membersOnly }), ['"state":"confirmed"']);
      },
    },
    // Nobody gives up someone else's place: nothing changes; the victim can.
    'activity.cancel': {
      role: 'resident',
      run: async () => {
        const activityId = writeActivity(w);
        const victim = someone();
        await must(invoke('activity', victim, 'signUp', { activityId }));
        const before = activitySignupDoc(activityId, victim);
        const attacker = someone();
        refused(await invoke('activity', attacker, 'cancel', { activityId, openid: victim }), 'INPUT.INVALID');
        refused(await invoke('activity', attacker, 'cancel', { activityId }), 'ACTIVITY.NOT_SIGNED_UP');
        expect(activitySignupDoc(activityId, victim)).toBe(before);
        expect(w.count('activity_places', { activityId, kind: 'seat' })).toBe(1);
        shownTo(await invoke('activity', victim, 'cancel', { activityId }), ['"state":"cancelled"']);
      },
    },
    // The code alone holds no place: an attacker with the right code is not checked in, nor is the victim for them.
    'activity.checkIn': {
      role: 'resident',
      run: async () => {
        const victim = someone();
        const { activityId, code } = activityCheckInOpen(victim);
        const before = activitySignupDoc(activityId, victim);
        const attacker = someone();
        refused(await invoke('activity', attacker, 'checkIn', { activityId, code, openid: victim }), 'INPUT.INVALID');
        refused(await invoke('activity', attacker, 'checkIn', { activityId, code }), 'ACTIVITY.NOT_SIGNED_UP');
        expect(activitySignupDoc(activityId, victim)).toBe(before);
        expect(w.count('points_ledger', { sourceId: activityId })).toBe(0);
        shownTo(await invoke('activity', victim, 'checkIn', { activityId, code }), ['"points":5']);
      },
    },
  };
}

// ---------------------------------------------------------------- activities: the organiser's side (A)

let lifecycleSeq = 0;
/** An activity as its organiser writes it: at an address (no venue slot to collide), 2026-12-0x afternoon. */
const lifecycleDraft = (title = '矩阵主题党日') => {
  const day = 3 + (lifecycleSeq++ % 8);
  return {
    title,
    type: 'theme_day',
    description: '矩阵测试用的主题党日活动介绍文字。',
    coverFileId: null,
    start: `2026-12-${String(day).padStart(2, '0')}T14:00:00+08:00`,
    end: `2026-12-${String(day).padStart(2, '0')}T16:00:00+08:00`,
    place: { kind: 'address', address: '北大社区党群服务中心' },
    capacity: 10,
    audience: 'public',
  };
};
/** A draft of 山河梁's branch made by its secretary 刘书记; answers its id. */
const lifecycleOwn = async (title?: string): Promise<string> => (await must<{ id: string }>(invoke('activity', 'demo-secretary', 'create', { activity: lifecycleDraft(title) }))).id;
/** The secretary of another branch (第二联合党支部): organises nothing of 山河梁's. */
const lifecycleOtherSecretary = (): string => writeUser(w, `act-matrix-sec2-${++lifecycleSeq}`, { nickname: '第二支部书记', roles: [{ role: 'branch_secretary', scope: { branchId: 'branch-lianhe-2' } }] });

function activityLifecycleSamples(): Record<string, Sample> {
  const branchOf = (role: Role): Record<string, string> => (role === 'district_admin' ? { branchId: 'branch-shanheliang' } : {});
  return {
    'activity.organized': async () => ({}),
    'activity.create': async (role) => ({ ...branchOf(role), activity: lifecycleDraft() }),
    'activity.update': async () => ({ activityId: await lifecycleOwn(), activity: lifecycleDraft('矩阵改过的活动') }),
    'activity.publish': async () => ({ activityId: await lifecycleOwn() }),
    'activity.cancelActivity': async () => ({ activityId: await lifecycleOwn(), reason: '矩阵取消' }),
  };
}

function activityLifecycleBola(): Record<string, BolaCase> {
  const activityState = (id: string): string => JSON.stringify(w.doc('activities', id));
  return {
    // Another branch's secretary does not see 山河梁's activities (drafts included); its own secretary does.
    'activity.organized': {
      role: 'branch_secretary',
      run: async () => {
        const id = await lifecycleOwn('山河梁内部筹备会');
        shownTo(await invoke('activity', 'demo-secretary', 'organized', {}), [id, '山河梁内部筹备会']);
        for (const attacker of [lifecycleOtherSecretary(), matrixUser('party_member')]) {
          const res = await invoke('activity', attacker, 'organized', {});
          if (res.ok) answeredWithout(res, [id, '山河梁内部筹备会']);
          else refused(res, 'AUTH.FORBIDDEN');
        }
      },
    },
    // Nobody posts in another branch's name: refused, nothing written; a resident cannot post at all.
    'activity.create': {
      role: 'branch_secretary',
      run: async () => {
        const before = w.count('activities', {}) + w.count('audit_log', { action: 'activity.create' });
        refused(await invoke('activity', lifecycleOtherSecretary(), 'create', { branchId: 'branch-shanheliang', activity: lifecycleDraft('冒名活动') }), 'ACTIVITY.BRANCH_NOT_FOUND');
        refused(await invoke('activity', matrixUser('branch_secretary'), 'create', { branchId: 'branch-lianhe-2', activity: lifecycleDraft('冒名活动') }), 'ACTIVITY.BRANCH_NOT_FOUND');
        refused(await invoke('activity', matrixUser('resident'), 'create', { activity: lifecycleDraft('冒名活动') }), 'AUTH.FORBIDDEN');
        expect(w.count('activities', {}) + w.count('audit_log', { action: 'activity.create' })).toBe(before);
        shownTo(await invoke('activity', 'demo-secretary', 'create', { activity: lifecycleDraft('本支部活动') }), ['"branchId":"branch-shanheliang"', '本支部活动']);
      },
    },
    // Another branch's secretary cannot edit 山河梁's activity: not found, nothing changed; its secretary can.
    'activity.update': {
      role: 'branch_secretary',
      run: async () => {
        const id = await lifecycleOwn();
        const before = activityState(id);
        for (const attacker of [lifecycleOtherSecretary(), matrixUser('resident')]) {
          refused(await invoke('activity', attacker, 'update', { activityId: id, activity: lifecycleDraft('被篡改的活动') }), 'ACTIVITY.NOT_FOUND', 'AUTH.FORBIDDEN');
        }
        expect(activityState(id)).toBe(before);
        shownTo(await invoke('activity', 'demo-secretary', 'update', { activityId: id, activity: lifecycleDraft('书记自己改的') }), ['书记自己改的']);
      },
    },
    // Nor publish it (nothing published, nothing held); a resident cannot publish at all.
    'activity.publish': {
      role: 'branch_secretary',
      run: async () => {
        const id = await lifecycleOwn();
        const before = activityState(id);
        refused(await invoke('activity', lifecycleOtherSecretary(), 'publish', { activityId: id }), 'ACTIVITY.NOT_FOUND');
        refused(await invoke('activity', matrixUser('resident'), 'publish', { activityId: id }), 'AUTH.FORBIDDEN');
        expect(activityState(id)).toBe(before);
        shownTo(await invoke('activity', 'demo-secretary', 'publish', { activityId: id }), ['"state":"published"']);
      },
    },
    // Nor cancel it: it stays published and nobody signed up is told; its secretary can.
    'activity.cancelActivity': {
      role: 'branch_secretary',
      run: async () => {
        const id = await lifecycleOwn();
        await must(invoke('activity', 'demo-secretary', 'publish', { activityId: id }));
        const victim = writeUser(w, `act-matrix-victim-${++lifecycleSeq}`, { nickname: '报名的人' });
        writePlace(w, id, victim, { seat: 1 });
        const before = activityState(id);
        for (const attacker of [lifecycleOtherSecretary(), matrixUser('resident'), victim]) {
          refused(await invoke('activity', attacker, 'cancelActivity', { activityId: id, reason: '冒名取消' }), 'ACTIVITY.NOT_FOUND', 'AUTH.FORBIDDEN');
        }
        expect(activityState(id)).toBe(before);
        expect(w.count('notifications', { openid: victim })).toBe(0);
        shownTo(await invoke('activity', 'demo-secretary', 'cancelActivity', { activityId: id, reason: '书记取消' }), ['"state":"cancelled"', '书记取消']);
        expect(w.count('notifications', { openid: victim, kind: 'activity_cancelled', activityId: id })).toBe(1);
      },
    },
  };
}

// ---------------------------------------------------------------- the register of organizations (A)

/** A person of the register's cases (a user document of their own). */
let orgPeople = 0;
const orgPerson = (nickname: string, phone: string | null = null): string => writeUser(w, `org-matrix-${++orgPeople}`, { nickname, phone });
const orgState = (id: string): string => JSON.stringify(w.doc('organizations', id));

function orgSamples(): Record<string, Sample> {
  return {
    'org.list': async () => ({}),
    'org.get': async () => ({ orgId: 'org-changxiang' }),
    'org.partyOrgs': async () => ({}),
    // A fresh organization: the caller's claim waits for the street (matrix users have no phone).
    'org.claim': async () => ({ orgId: writeOrg(w) }),
    // The caller leads a fresh xiangyang organization (the street admin's street): every role may edit its own.
    'org.update': async (_role, caller) => ({ orgId: writeOrg(w, { leader: caller }), profile: orgProfile({ name: '矩阵改过的组织' }) }),
    'org.verify': async () => ({ orgId: writeOrg(w) }),
    'org.create': async () => ({ profile: orgProfile() }),
    'org.merge': async () => ({ keepId: writeOrg(w), dropId: writeOrg(w) }),
    'org.savePartyOrg': async () => ({ name: '矩阵联合党支部', kind: 'joint', streetId: 'xiangyang', orgIds: [writeOrg(w), writeOrg(w)] }),
  };
}

function orgBola(): Record<string, BolaCase> {
  const dongshanAdmin = (): string => writeUser(w, `org-matrix-ds-admin-${++orgPeople}`, { nickname: '东山街道管理员', roles: [{ role: 'street_admin', scope: { streetId: 'dongshan' } }] });
  return {
    // Someone waits to lead an organization: another person's claim is refused, and nobody but the street sees who waits.
    'org.claim': {
      role: 'resident',
      run: async () => {
        const victim = orgPerson('等待认领的人', '13833330001');
        const orgId = writeOrg(w);
        shownTo(await invoke('org', victim, 'claim', { orgId }), ['"claim":"pending"']);
        const before = orgState(orgId);
        for (const attacker of [matrixUser('resident'), matrixUser('party_member'), matrixUser('station_manager')]) {
          refused(await invoke('org', attacker, 'claim', { orgId }), 'ORG.ALREADY_CLAIMED');
          answeredWithout(await invoke('org', attacker, 'get', { orgId }), [victim, '等待认领的人', '138****0001']);
        }
        expect(orgState(orgId)).toBe(before);
        shownTo(await invoke('org', 'demo-street-admin', 'get', { orgId }), [victim, '等待认领的人', '138****0001']);
      },
    },
    // Only its leader and the admins of its street edit an organization: others are refused, nothing changes.
    'org.update': {
      role: 'resident',
      run: async () => {
        const victim = orgPerson('组织负责人');
        const orgId = writeOrg(w, { leader: victim, streetId: 'dongshan' });
        const before = orgState(orgId);
        const attackerOwn = orgPerson('别的组织负责人');
        writeOrg(w, { leader: attackerOwn, streetId: 'dongshan' });
        for (const attacker of [matrixUser('resident'), attackerOwn, matrixUser('street_admin'), matrixUser('branch_secretary')]) {
          refused(await invoke('org', attacker, 'update', { orgId, profile: orgProfile({ streetId: 'dongshan', name: '被篡改的组织' }) }), 'AUTH.FORBIDDEN');
        }
        expect(orgState(orgId)).toBe(before);
        shownTo(await invoke('org', victim, 'update', { orgId, profile: orgProfile({ streetId: 'dongshan', name: '负责人自己改的' }) }), ['负责人自己改的']);
      },
    },
    // Another street's admin neither verifies an organization nor accepts its pending claim.
    'org.verify': {
      role: 'street_admin',
      run: async () => {
        const victim = orgPerson('东山认领人');
        const orgId = writeOrg(w, { streetId: 'dongshan', pending: victim });
        const before = orgState(orgId);
        refused(await invoke('org', matrixUser('street_admin'), 'verify', { orgId, claim: 'accept' }), 'AUTH.FORBIDDEN');
        refused(await invoke('org', matrixUser('street_admin'), 'verify', { orgId }), 'AUTH.FORBIDDEN');
        expect(orgState(orgId)).toBe(before);
        expect(w.doc<{ orgs?: unknown[] }>('users', victim)?.orgs ?? []).toEqual([]);
        shownTo(await invoke('org', dongshanAdmin(), 'verify', { orgId, claim: 'accept' }), ['"claim":"claimed"', '"verification":"verified"']);
      },
    },
    // A street admin registers nothing in another street.
    'org.create': {
      role: 'street_admin',
      run: async () => {
        const before = w.count('organizations', {});
        refused(await invoke('org', matrixUser('street_admin'), 'create', { profile: orgProfile({ streetId: 'dongshan', name: '冒名登记的组织' }) }), 'AUTH.FORBIDDEN');
        expect(w.count('organizations', {})).toBe(before);
        shownTo(await invoke('org', dongshanAdmin(), 'create', { profile: orgProfile({ streetId: 'dongshan', name: '东山自己登记的' }) }), ['东山自己登记的']);
      },
    },
    // Nor merges another street's organizations (or one of them into theirs): nobody's membership moves.
    'org.merge': {
      role: 'street_admin',
      run: async () => {
        const victim = orgPerson('东山组织负责人');
        const dropId = writeOrg(w, { streetId: 'dongshan', leader: victim });
        const keepId = writeOrg(w, { streetId: 'dongshan' });
        const mine = writeOrg(w);
        const before = orgState(dropId) + orgState(keepId) + JSON.stringify(w.doc('users', victim));
        refused(await invoke('org', matrixUser('street_admin'), 'merge', { keepId, dropId }), 'AUTH.FORBIDDEN');
        refused(await invoke('org', matrixUser('street_admin'), 'merge', { keepId: mine, dropId }), 'AUTH.FORBIDDEN');
        expect(orgState(dropId) + orgState(keepId) + JSON.stringify(w.doc('users', victim))).toBe(before);
        shownTo(await invoke('org', dongshanAdmin(), 'merge', { keepId, dropId }), ['"movedPeople":1']);
      },
    },
    // Nor edits another street's party organization, takes its organizations, or builds a district-level one.
    'org.savePartyOrg': {
      role: 'street_admin',
      run: async () => {
        const party = w.doc<{ name: string; orgIds: string[] }>('party_branches', 'po-dongshan-joint-1') as { name: string; orgIds: string[] };
        const before = JSON.stringify(w.doc('party_branches', 'po-dongshan-joint-1')) + orgState(party.orgIds[0] as string);
        const save = (data: object) => invoke('org', matrixUser('street_admin'), 'savePartyOrg', { name: '冒名的联合党支部', kind: 'joint', streetId: 'xiangyang', orgIds: [writeOrg(w)], ...data });
        refused(await save({ partyOrgId: 'po-dongshan-joint-1', streetId: 'dongshan', orgIds: party.orgIds }), 'AUTH.FORBIDDEN');
        refused(await save({ orgIds: [party.orgIds[0]] }), 'AUTH.FORBIDDEN');
        refused(await save({ streetId: null }), 'AUTH.FORBIDDEN');
        expect(JSON.stringify(w.doc('party_branches', 'po-dongshan-joint-1')) + orgState(party.orgIds[0] as string)).toBe(before);
        shownTo(await invoke('org', dongshanAdmin(), 'savePartyOrg', { partyOrgId: 'po-dongshan-joint-1', name: party.name, kind: 'joint', streetId: 'dongshan', orgIds: party.orgIds }), [party.name]);
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
