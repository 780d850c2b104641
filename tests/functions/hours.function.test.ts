/**
 * The hours ledger, certificates and leaderboard through the real volunteer function (two instances, one database):
 * honour hours and corrections (append-only: nothing is ever updated or removed), totals per volunteer, station and
 * street, star progress, the 志愿服务记录证明 and its public verification, the monthly leaderboard by street with
 * opt-out, who may do what, and what an account deletion leaves.
 */
import { beijingInstant, toBeijingIso } from '../../types/beijing-time';
import { contract } from '../../types';
import { volunteerHoursHistory } from '../../local-cloud/seed';
import { at, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const MANAGER = 'demo-station-manager'; // 赵站长, st-beida (xiangyang)
const STREET_ADMIN = 'demo-street-admin'; // 孙科长, xiangyang
const DISTRICT = 'demo-district-admin'; // 周部长

let w: VolunteerWorld;
let n = 0;

interface Entry {
  id: string;
  hours: number;
  source: string;
  stationId: string;
  stationName: string;
  byName: string;
  reason: string | null;
  correctsId: string | null;
  at: string;
}
interface Ledger {
  entries: Entry[];
  totalHours: number;
  byStation: Array<{ stationId: string; stationName: string; hours: number }>;
  stars: { level: number; nextAt: number | null; progress: number };
}
interface Certificate {
  number: string;
  name: string;
  totalHours: number;
  periodFrom: string;
  periodTo: string;
  stations: string[];
  issuedAt: string;
  issuer: string;
}
interface Board {
  month: string;
  streetId: string | null;
  entries: Array<{ rank: number; name: string; hours: number; streetName: string | null; me: boolean }>;
}
interface Totals {
  stations: Array<{ stationId: string; stationName: string; streetId: string; hours: number; volunteers: number }>;
  streets: Array<{ streetId: string; streetName: string; hours: number }>;
  volunteers: Array<{ openid: string; name: string; hours: number }>;
  entries?: Entry[];
}

const insert = (coll: string, docs: object[]): void => {
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: coll, data: docs.map((d) => JSON.stringify(d)) });
};

/**
 * A fresh person: a user document (a volunteer by role unless `resident`), and a volunteer registration with a real
 * name unless `registered` is false.
 */
function person(o: { nickname?: string; realName?: string; streetId?: string | null; volStreetId?: string | null; show?: boolean; resident?: boolean; registered?: boolean; phone?: string } = {}): string {
  const openid = `hours-${++n}`;
  const when = { $date: '2026-11-01T00:00:00Z' };
  insert('users', [
    {
      _id: openid,
      nickname: o.nickname ?? '测试居民',
      phone: o.phone ?? null,
      streetId: o.streetId ?? null,
      communityId: null,
      roles: [{ role: 'resident' }, ...(o.resident ? [] : [{ role: 'volunteer' }])],
      createdAt: when,
      updatedAt: when,
    },
  ]);
  if (!o.resident && o.registered !== false) {
    insert('volunteers', [
      {
        _id: openid,
        realName: o.realName ?? '王小芳',
        phone: o.phone ?? '13800000000',
        termsVersion: '2026-12',
        registeredAt: when,
        updatedAt: when,
        showOnLeaderboard: o.show ?? true,
        streetId: o.volStreetId === undefined ? (o.streetId ?? null) : o.volStreetId,
      },
    ]);
  }
  return openid;
}

const grant = (by: string, data: Record<string, unknown>) => w.call('volunteer', by, 'grantHours', { reason: '表现突出', ...data });
const honour = (openid: string, hours: number, stationId = 'st-beida', by = MANAGER): Promise<Entry> => w.ok<Entry>('volunteer', by, 'grantHours', { openid, stationId, hours, reason: '表现突出' });
const ledger = (openid: string): Promise<Ledger> => w.ok<Ledger>('volunteer', openid, 'ledger', {});
const ledgerDocs = (): Map<string, string> => {
  const res = w.cloud.db.handle({ action: 'database.getDocument', collectionName: 'hours_ledger', query: '{}', limit: 1000 }) as unknown as { data: { list: string[] } };
  return new Map(res.data.list.map((s) => [(JSON.parse(s) as { _id: string })._id, s]));
};
const setClock = (date: string, clock: string): void => w.clock.set(beijingInstant(date, clock));

beforeAll(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '10:00' }, { instances: 2 });
});
afterAll(() => w.stop());
/** Each test in its own minute of 1 December (grants are rate-limited per person and minute). */
let minute = 0;
beforeEach(() => w.clock.set(beijingInstant('2026-12-01', '10:00') + minute++ * 60_000));

describe('honour hours', () => {
  it('a station manager grants honour hours: the volunteer sees them on their ledger, gets a message, and the grant is audited once', async () => {
    const vol = person();
    const entry = await honour(vol, 2.5);
    expect(entry).toMatchObject({ hours: 2.5, source: 'honour', stationId: 'st-beida', stationName: '北大社区创益红帆站', byName: '赵站长', reason: '表现突出', correctsId: null, at: '2026-12-01T10:00:00+08:00' });
    const l = await ledger(vol);
    expect(l.entries).toEqual([entry]);
    expect(l.totalHours).toBe(2.5);
    expect(l.byStation).toEqual([{ stationId: 'st-beida', stationName: '北大社区创益红帆站', hours: 2.5 }]);
    expect(w.notifications(vol)).toEqual([expect.objectContaining({ kind: 'hours_credited', stationId: 'st-beida', body: expect.stringContaining('2.5小时') })]);
    expect(w.count('audit_log', { action: 'volunteer.grantHours', target: `user:${vol}`, actor: MANAGER, 'scope.stationId': 'st-beida', 'scope.streetId': 'xiangyang' })).toBe(1);
  });

  it('a negative entry without the entry it corrects is refused with a field message, and nothing is written', async () => {
    const vol = person();
    await honour(vol, 3);
    const before = w.count('hours_ledger', {});
    const res = await grant(MANAGER, { openid: vol, stationId: 'st-beida', hours: -1 });
    expect(res).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { hours: expect.stringMatching(/正数/) } } });
    expect(w.count('hours_ledger', {})).toBe(before);
    expect((await ledger(vol)).totalHours).toBe(3);
  });

  it('an unknown person is USER.NOT_FOUND and an unknown station STATION.NOT_FOUND; hours not in quarters are refused', async () => {
    const before = w.count('hours_ledger', {});
    expect(await grant(MANAGER, { openid: 'nobody-here', stationId: 'st-beida', hours: 1 })).toMatchObject({ ok: false, error: { code: 'USER.NOT_FOUND' } });
    expect(await grant(DISTRICT, { openid: person(), stationId: 'st-nowhere', hours: 1 })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_FOUND' } });
    expect(await grant(MANAGER, { openid: person(), stationId: 'st-beida', hours: 1.1 })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(w.count('hours_ledger', {})).toBe(before);
  });
});

describe('corrections: the ledger is append-only', () => {
  it('a correction is a new entry: the corrected entry is byte-identical afterwards and no earlier entry changes or goes', async () => {
    const vol = person();
    const first = await honour(vol, 4);
    const before = ledgerDocs();
    w.clock.advance(60_000);
    const fix = await w.ok<Entry>('volunteer', MANAGER, 'grantHours', { openid: vol, stationId: 'st-beida', hours: -1.5, reason: '重复登记', correctsId: first.id });
    expect(fix).toMatchObject({ hours: -1.5, source: 'correction', correctsId: first.id, reason: '重复登记', byName: '赵站长' });
    const after = ledgerDocs();
    for (const [id, stored] of before) expect(after.get(id)).toBe(stored);
    expect(after.size).toBe(before.size + 1);
    const l = await ledger(vol);
    expect(l.totalHours).toBe(2.5);
    expect(l.entries.map((e) => e.id)).toEqual([fix.id, first.id]);
    expect(w.notifications(vol).map((m) => m.title)).toEqual(['获得荣誉时长', '志愿时长已更正']);
  });

  it('a correction may add hours, and correct an entry of that person at that station only (HOURS.ENTRY_NOT_FOUND otherwise, nothing written)', async () => {
    const vol = person();
    const other = person();
    const mine = await honour(vol, 2);
    const theirs = await honour(other, 2);
    const elsewhere = await honour(vol, 2, 'st-haiyun', DISTRICT);
    const before = w.count('hours_ledger', {});
    expect(await grant(MANAGER, { openid: vol, stationId: 'st-beida', hours: -1, correctsId: theirs.id })).toMatchObject({ ok: false, error: { code: 'HOURS.ENTRY_NOT_FOUND' } });
    expect(await grant(MANAGER, { openid: vol, stationId: 'st-beida', hours: -1, correctsId: elsewhere.id })).toMatchObject({ ok: false, error: { code: 'HOURS.ENTRY_NOT_FOUND' } });
    expect(await grant(MANAGER, { openid: vol, stationId: 'st-beida', hours: -1, correctsId: 'h_nope' })).toMatchObject({ ok: false, error: { code: 'HOURS.ENTRY_NOT_FOUND' } });
    expect(w.count('hours_ledger', {})).toBe(before);
    const up = await w.ok<Entry>('volunteer', MANAGER, 'grantHours', { openid: vol, stationId: 'st-beida', hours: 0.75, reason: '少记了', correctsId: mine.id });
    expect(up).toMatchObject({ hours: 0.75, source: 'correction' });
    expect((await ledger(vol)).byStation).toEqual([
      { stationId: 'st-beida', stationName: '北大社区创益红帆站', hours: 2.75 },
      { stationId: 'st-haiyun', stationName: '海韵社区创益红帆站', hours: 2 },
    ]);
  });

  it('a correction cannot take the person’s total at the station below zero (HOURS.NEGATIVE_TOTAL), even two racing on two instances', async () => {
    const vol = person();
    const a = await honour(vol, 3);
    const b = await honour(vol, 1);
    await honour(vol, 10, 'st-haiyun', DISTRICT); // hours elsewhere do not count
    const before = w.count('hours_ledger', {});
    expect(await grant(MANAGER, { openid: vol, stationId: 'st-beida', hours: -4.25, correctsId: a.id })).toMatchObject({ ok: false, error: { code: 'HOURS.NEGATIVE_TOTAL' } });
    expect(w.count('hours_ledger', {})).toBe(before);
    const race = await Promise.all([
      w.on(0).call('volunteer', MANAGER, 'grantHours', { openid: vol, stationId: 'st-beida', hours: -3, reason: '核减', correctsId: a.id }),
      w.on(1).call('volunteer', DISTRICT, 'grantHours', { openid: vol, stationId: 'st-beida', hours: -3, reason: '核减', correctsId: b.id }),
    ]);
    expect(race.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['HOURS.NEGATIVE_TOTAL', 'ok']);
    const l = await ledger(vol);
    expect(l.byStation.find((s) => s.stationId === 'st-beida')?.hours).toBe(1);
    expect(w.count('hours_ledger', {})).toBe(before + 1);
  });
});

describe('who may grant and read', () => {
  it('a volunteer cannot grant hours; the manager of st-beida cannot grant at another station; nothing is written', async () => {
    const vol = person();
    const before = w.count('hours_ledger', {});
    expect(await grant(vol, { openid: vol, stationId: 'st-beida', hours: 5 })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await grant(MANAGER, { openid: vol, stationId: 'st-haiyun', hours: 5 })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await grant(STREET_ADMIN, { openid: vol, stationId: 'st-haiyun', hours: 5 })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(w.count('hours_ledger', {})).toBe(before);
    expect(w.count('audit_log', { target: `user:${vol}` })).toBe(0);
    // The street admin of xiangyang may grant at st-beida.
    expect((await grant(STREET_ADMIN, { openid: vol, stationId: 'st-beida', hours: 1 })).ok).toBe(true);
  });

  it('a resident cannot read another volunteer’s ledger: ledger takes no id and answers only the caller’s own', async () => {
    const victim = person({ realName: '周秘密' });
    const entry = await honour(victim, 7);
    const resident = person({ resident: true });
    expect(await w.call('volunteer', resident, 'ledger', { openid: victim })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    const own = await ledger(resident);
    expect(own).toEqual({ entries: [], totalHours: 0, byStation: [], stars: { level: 0, nextAt: 100, progress: 0 } });
    expect(JSON.stringify(own)).not.toContain(entry.id);
  });
});

describe('star levels', () => {
  it('shows the level and the progress to the next at 0, 99.75, 100 and 1,500 hours', async () => {
    const vol = person();
    expect((await ledger(vol)).stars).toEqual({ level: 0, nextAt: 100, progress: 0 });
    await honour(vol, 99.75);
    expect((await ledger(vol)).stars).toEqual({ level: 0, nextAt: 100, progress: 0.9975 });
    await honour(vol, 0.25);
    expect(await ledger(vol)).toMatchObject({ totalHours: 100, stars: { level: 1, nextAt: 300, progress: 0 } });
    for (let i = 0; i < 14; i++) await honour(vol, 100);
    w.clock.advance(60_000);
    expect(await ledger(vol)).toMatchObject({ totalHours: 1500, stars: { level: 5, nextAt: null, progress: 1 } });
  });
});

describe('totals for managers', () => {
  it('per station (hours, distinct volunteers), per street of the scope, and one station’s volunteers by name', async () => {
    const before = await w.ok<Totals>('volunteer', DISTRICT, 'totals', {});
    const hoursAt = (t: Totals, id: string) => t.stations.find((s) => s.stationId === id);
    const streetOf = (t: Totals, id: string) => t.streets.find((s) => s.streetId === id)?.hours ?? 0;
    const a = person({ realName: '陈立新' });
    const b = person({ realName: '刘海燕' });
    await honour(a, 2);
    await honour(a, 1);
    await honour(b, 4);
    await honour(b, 5, 'st-haiyun', DISTRICT);
    const after = await w.ok<Totals>('volunteer', DISTRICT, 'totals', {});
    expect(after.stations).toHaveLength(6);
    expect((hoursAt(after, 'st-beida')?.hours ?? 0) - (hoursAt(before, 'st-beida')?.hours ?? 0)).toBe(7);
    expect((hoursAt(after, 'st-beida')?.volunteers ?? 0) - (hoursAt(before, 'st-beida')?.volunteers ?? 0)).toBe(2);
    expect((hoursAt(after, 'st-haiyun')?.hours ?? 0) - (hoursAt(before, 'st-haiyun')?.hours ?? 0)).toBe(5);
    expect(streetOf(after, 'xiangyang') - streetOf(before, 'xiangyang')).toBe(7);
    expect(streetOf(after, 'dongshan') - streetOf(before, 'dongshan')).toBe(5);
    expect(after.volunteers).toEqual([]);

    // The manager of st-beida: that station and its street only.
    const mgr = await w.ok<Totals>('volunteer', MANAGER, 'totals', { stationId: 'st-beida' });
    expect(mgr.stations.map((s) => s.stationId)).toEqual(['st-beida']);
    expect(mgr.streets.map((s) => s.streetId)).toEqual(['xiangyang']);
    expect(mgr.volunteers).toEqual(expect.arrayContaining([
      { openid: a, name: '陈立新', hours: 3 },
      { openid: b, name: '刘海燕', hours: 4 },
    ]));
    expect(JSON.stringify(mgr)).not.toContain('st-haiyun');
    // One volunteer's entries at the station (the correction picker).
    const picker = await w.ok<Totals>('volunteer', MANAGER, 'totals', { stationId: 'st-beida', openid: b });
    expect(picker.entries?.map((e) => e.hours)).toEqual([4]);
  });

  it('a manager asking for a station they do not manage is refused (AUTH.FORBIDDEN), with or without a volunteer', async () => {
    const vol = person({ realName: '马秘密' });
    await honour(vol, 5, 'st-haiyun', DISTRICT);
    for (const data of [{ stationId: 'st-haiyun' }, { stationId: 'st-haiyun', openid: vol }]) {
      expect(await w.call('volunteer', MANAGER, 'totals', data)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
      expect(await w.call('volunteer', STREET_ADMIN, 'totals', data)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
    const street = await w.ok<Totals>('volunteer', STREET_ADMIN, 'totals', {});
    expect(street.stations.map((s) => s.stationId)).toEqual(['st-beida']);
  });
});

describe('志愿服务记录证明', () => {
  it('no hours: CERTIFICATE.NO_HOURS and nothing stored', async () => {
    const vol = person();
    const before = w.count('volunteer_certificates', {});
    expect(await w.call('volunteer', vol, 'certificate', {})).toMatchObject({ ok: false, error: { code: 'CERTIFICATE.NO_HOURS' } });
    expect(w.count('volunteer_certificates', {})).toBe(before);
  });

  it('certifies the hours so far with a fresh unguessable number per issue, the name as chosen, the Beijing period and the stations', async () => {
    const vol = person({ realName: '王小芳' });
    // 07:00 in Beijing is the previous day in UTC: the period is in Beijing dates.
    setClock('2026-11-03', '07:00');
    await honour(vol, 3);
    setClock('2026-11-20', '09:00');
    await honour(vol, 2, 'st-haiyun', DISTRICT);
    setClock('2026-12-01', '10:00');
    const masked = await w.ok<Certificate>('volunteer', vol, 'certificate', {});
    expect(masked).toMatchObject({
      name: '王*芳',
      totalHours: 5,
      periodFrom: '2026-11-03',
      periodTo: '2026-11-20',
      stations: ['北大社区创益红帆站', '海韵社区创益红帆站'],
      issuedAt: '2026-12-01T10:00:00+08:00',
      issuer: '芝罘区社会组织党委',
    });
    expect(masked.number).toMatch(/^ZFHF-20261201-[A-Z0-9]{8}$/);
    expect(contract.volunteer.verify.input.safeParse({ number: masked.number }).success).toBe(true);
    const full = await w.ok<Certificate>('volunteer', vol, 'certificate', { nameShown: 'full' });
    const surname = await w.ok<Certificate>('volunteer', vol, 'certificate', { nameShown: 'surname' });
    expect([full.name, surname.name]).toEqual(['王小芳', '王**']);
    expect(new Set([masked.number, full.number, surname.number]).size).toBe(3);
    expect(w.count('volunteer_certificates', { openid: vol })).toBe(3);
  });

  it('anyone can verify a number: the masked name as issued, hours, period and issue time, nothing else; an unknown number is CERTIFICATE.NOT_FOUND', async () => {
    const vol = person({ realName: '赵德明', phone: '13912345678' });
    await honour(vol, 6);
    const full = await w.ok<Certificate>('volunteer', vol, 'certificate', { nameShown: 'full' });
    const surname = await w.ok<Certificate>('volunteer', vol, 'certificate', { nameShown: 'surname' });
    const stranger = person({ resident: true });
    const seen = await w.ok<Record<string, unknown>>('volunteer', stranger, 'verify', { number: full.number });
    expect(seen).toEqual({ number: full.number, name: '赵*明', totalHours: 6, periodFrom: '2026-12-01', periodTo: '2026-12-01', issuedAt: toBeijingIso(w.clock.now()) });
    const text = JSON.stringify(seen);
    for (const secret of [vol, '赵德明', '13912345678', '北大社区', 'st-beida']) expect(text).not.toContain(secret);
    expect(await w.ok<Record<string, unknown>>('volunteer', stranger, 'verify', { number: surname.number })).toMatchObject({ name: '赵**' });
    expect(await w.call('volunteer', stranger, 'verify', { number: 'ZFHF-20261201-AAAAAAAA' })).toMatchObject({ ok: false, error: { code: 'CERTIFICATE.NOT_FOUND' } });
  });
});

describe('leaderboard', () => {
  it('ranks by quarters credited in a Beijing month (default this month), masked names, 匿名志愿者 for those who opted out, `me` on the caller’s row', async () => {
    // A month of its own, so other tests' hours do not mix in.
    setClock('2027-03-31', '23:30'); // still March in Beijing
    const top = person({ realName: '孙大伟', streetId: 'qishan' });
    const hidden = person({ realName: '钱隐名', streetId: 'qishan', show: false });
    const third = person({ nickname: '吴阿姨', streetId: 'xingfu', registered: false });
    await honour(top, 9, 'st-suocheng', DISTRICT);
    await honour(hidden, 4, 'st-suocheng', DISTRICT);
    await honour(third, 4, 'st-fuxin', DISTRICT);
    setClock('2027-04-01', '00:30'); // Beijing April (still March 31 in UTC)
    await honour(hidden, 20, 'st-suocheng', DISTRICT);
    setClock('2027-03-15', '12:00');
    const march = await w.ok<Board>('volunteer', top, 'leaderboard', {});
    expect(march).toMatchObject({ month: '2027-03', streetId: null });
    expect(march.entries[0]).toEqual({ rank: 1, name: '孙*伟', hours: 9, streetName: '奇山街道', me: true });
    // Equal hours share a rank; the one who opted out is still ranked, without name or street.
    expect(march.entries.slice(1).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [
        { rank: 2, name: '匿名志愿者', hours: 4, streetName: null, me: false },
        { rank: 2, name: '吴*姨', hours: 4, streetName: '幸福街道', me: false },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(JSON.stringify(march)).not.toMatch(/孙大伟|钱隐名|钱\*名|吴阿姨/);
    const april = await w.ok<Board>('volunteer', third, 'leaderboard', { month: '2027-04' });
    expect(april.entries).toEqual([{ rank: 1, name: '匿名志愿者', hours: 20, streetName: null, me: false }]);
  });

  it('by street: the volunteer’s street (registration, else profile), not the station’s', async () => {
    setClock('2027-05-10', '10:00');
    const registered = person({ realName: '郑一', streetId: 'dongshan', volStreetId: 'zhifudao' });
    const profileOnly = person({ nickname: '冯二', streetId: 'zhifudao', registered: false });
    const elsewhere = person({ realName: '陈三', streetId: 'dongshan' });
    await honour(registered, 2, 'st-beida', DISTRICT);
    await honour(profileOnly, 3, 'st-beida', DISTRICT);
    await honour(elsewhere, 5, 'st-zhifudao', DISTRICT);
    const board = await w.ok<Board>('volunteer', registered, 'leaderboard', { streetId: 'zhifudao' });
    expect(board).toMatchObject({ month: '2027-05', streetId: 'zhifudao' });
    expect(board.entries.map((e) => [e.rank, e.name, e.hours, e.me])).toEqual([
      [1, '冯*', 3, false],
      [2, '郑*', 2, true],
    ]);
    const district = await w.ok<Board>('volunteer', registered, 'leaderboard', { month: '2027-05' });
    expect(district.entries.map((e) => e.hours)).toEqual([5, 3, 2]);
  });
  it('someone who deleted their account is not on the board (their hours still count for the station)', async () => {
    setClock('2027-06-10', '10:00');
    const gone = person({ realName: '许已走', streetId: 'qishan' });
    const stays = person({ realName: '何还在', streetId: 'qishan' });
    await honour(gone, 8, 'st-suocheng', DISTRICT);
    await honour(stays, 2, 'st-suocheng', DISTRICT);
    const before = await w.ok<Board>('volunteer', stays, 'leaderboard', {});
    expect(before.entries.map((e) => e.name)).toEqual(['许*走', '何*在']);
    w.clock.advance(60_000);
    await w.ok('user', gone, 'deleteAccount', { confirm: '注销' });
    for (const data of [{}, { streetId: 'qishan' }]) {
      expect((await w.ok<Board>('volunteer', stays, 'leaderboard', data)).entries).toEqual([{ rank: 1, name: '何*在', hours: 2, streetName: '奇山街道', me: true }]);
    }
  });
});

describe('personal data', () => {
  it('the export holds the person’s ledger entries and certificates; deletion removes the certificates and unlinks the entries, station totals unchanged', async () => {
    const vol = person({ realName: '褚留痕', phone: '13612345678' });
    const entry = await honour(vol, 6);
    const cert = await w.ok<Certificate>('volunteer', vol, 'certificate', { nameShown: 'full' });
    const exported = await w.ok<{ hoursLedger: Array<{ _id: string; quarters: number }>; certificates: Array<{ _id: string; name: string }> }>('user', vol, 'exportMyData', {});
    expect(exported.hoursLedger).toEqual([expect.objectContaining({ _id: entry.id, quarters: 24 })]);
    expect(exported.certificates).toEqual([expect.objectContaining({ _id: cert.number, name: '褚留痕' })]);

    const totalsBefore = await w.ok<Totals>('volunteer', DISTRICT, 'totals', { stationId: 'st-beida' });
    w.clock.advance(60_000);
    await w.ok('user', vol, 'deleteAccount', { confirm: '注销' });
    expect(await w.call('volunteer', person({ resident: true }), 'verify', { number: cert.number })).toMatchObject({ ok: false, error: { code: 'CERTIFICATE.NOT_FOUND' } });
    expect(w.count('volunteer_certificates', { openid: vol })).toBe(0);
    expect(w.count('hours_ledger', { openid: vol })).toBe(0);
    const kept = w.doc<{ openid: string; quarters: number; byName: string; stationId: string }>('hours_ledger', entry.id);
    expect(kept).toMatchObject({ quarters: 24, byName: '赵站长', stationId: 'st-beida' });
    expect(kept?.openid).toMatch(/^deleted:/);
    const totalsAfter = await w.ok<Totals>('volunteer', DISTRICT, 'totals', { stationId: 'st-beida' });
    expect(totalsAfter.stations).toEqual(totalsBefore.stations);
    expect(totalsAfter.streets).toEqual(totalsBefore.streets);
    expect(JSON.stringify(totalsAfter.volunteers)).not.toMatch(new RegExp(`${vol}"|褚留痕`));
    expect(totalsAfter.volunteers).toContainEqual({ openid: kept?.openid, name: '已注销用户', hours: 6 });
  });
  it('after deletion no ledger entry, correction or stored answer names the person, even a check-out credit (whose id came from the sign-up)', async () => {
    setClock('2026-12-03', '08:00');
    const vol = `hours-flow-${++n}`;
    await w.ok('user', vol, 'me', {});
    await w.registerVolunteer(vol, '吕留名', '13822223333');
    const shift = await w.ok<{ id: string }>('volunteer', MANAGER, 'createShift', { stationId: 'st-beida', title: '助老陪诊', start: at('2026-12-03', '09:00'), end: at('2026-12-03', '11:00'), capacity: 5, place: '北大社区党群服务中心一楼' });
    await w.ok('volunteer', vol, 'signUp', { shiftId: shift.id });
    setClock('2026-12-03', '08:50');
    await w.ok('volunteer', vol, 'checkIn', { shiftId: shift.id, code: (await w.ok<{ code: string }>('volunteer', MANAGER, 'shiftCode', { shiftId: shift.id })).code });
    setClock('2026-12-03', '11:05');
    await w.ok('volunteer', vol, 'checkOut', { shiftId: shift.id, code: (await w.ok<{ code: string }>('volunteer', MANAGER, 'shiftCode', { shiftId: shift.id })).code });
    const credit = (await ledger(vol)).entries[0] as Entry;
    expect(credit).toMatchObject({ source: 'checkout', hours: 2, byName: '本人' });
    const fix = await w.ok<Entry>('volunteer', MANAGER, 'grantHours', { openid: vol, stationId: 'st-beida', hours: -0.5, reason: '提前离开', correctsId: credit.id });
    const totalsBefore = await w.ok<Totals>('volunteer', DISTRICT, 'totals', { stationId: 'st-beida' });
    w.clock.advance(60_000);
    await w.ok('user', vol, 'deleteAccount', { confirm: '注销' });
    const everything = [...ledgerDocs().values()].join('\n');
    expect(everything).not.toContain(vol);
    const rekeyed = w.doc<{ openid: string; quarters: number; source: string }>('hours_ledger', (JSON.parse(ledgerDocs().get(fix.id) as string) as { correctsId: string }).correctsId);
    expect(rekeyed).toMatchObject({ quarters: 8, source: 'checkout', openid: expect.stringMatching(/^deleted:/) });
    const answers = w.cloud.db.handle({ action: 'database.getDocument', collectionName: 'idempotency_keys', query: '{}', limit: 1000 }) as unknown as { data: { list: string[] } };
    expect(answers.data.list.join('\n')).not.toContain(vol);
    const totalsAfter = await w.ok<Totals>('volunteer', DISTRICT, 'totals', { stationId: 'st-beida' });
    expect(totalsAfter.stations).toEqual(totalsBefore.stations);
  });
});

describe('demo history (local-cloud seed)', () => {
  it('李师傅 has about 115 h (一星, with progress to 二星) and this month’s leaderboard is not empty', async () => {
    setClock('2027-09-17', '10:00'); // a month of its own
    const now = w.clock.now();
    const docs = volunteerHoursHistory(new Date(now));
    w.cloud.db.store.commit(docs.map(({ coll, doc }) => ({ coll, id: doc._id, doc })));
    const li = await ledger('demo-volunteer');
    expect(li.totalHours).toBeGreaterThanOrEqual(110);
    expect(li.totalHours).toBeLessThan(130);
    expect(li.stars).toMatchObject({ level: 1, nextAt: 300 });
    expect(li.stars.progress).toBeGreaterThan(0);
    expect(li.entries).toContainEqual(expect.objectContaining({ source: 'honour', byName: '赵站长' }));
    expect(li.entries.filter((e) => e.source === 'checkout').every((e) => e.byName === '本人')).toBe(true);
    const board = await w.ok<Board>('volunteer', 'demo-resident', 'leaderboard', {});
    expect(board.entries.length).toBeGreaterThanOrEqual(3);
    expect(board.entries[0]).toMatchObject({ rank: 1, name: '李*傅' });
    expect(board.entries.find((e) => e.me)).toMatchObject({ name: '王*姨' });
    // The credits agree with the sign-ups they came from.
    const signup = docs.find((d) => d.coll === 'shift_signups')?.doc as { _id: string; hours: number };
    expect(w.doc<{ quarters: number }>('hours_ledger', `checkout:${signup._id}`)?.quarters).toBe(signup.hours * 4);
  });
});
