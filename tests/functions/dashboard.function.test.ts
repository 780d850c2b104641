/**
 * The committee's dashboard (admin.dashboard, admin.exportTable) through the real admin function (two instances) over
 * one seeded local database: who sees which street, every figure computed from given rollup documents exactly, open
 * hours with blackouts, retirement and creation, empty ranges, range validation, the .xlsx read back equal to the
 * dashboard, and the view's reads — only rollups and small catalogues, the same number of calls whatever the year held.
 */
import ExcelJS from 'exceljs';
import type { Envelope } from '../../types';
import type { Dashboard, DashboardRow } from '../../types/dashboard';
import { DISTRICT_LEVEL_STREET } from '../../types/org-rules';
import { emptyStreet, type StreetRollupDoc } from '../../cloudfunctions/_shared/rollups';
import { streets } from '../../local-cloud/seed';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const NOW = { date: '2026-12-01', clock: '08:00' };
const DISTRICT = 'demo-district-admin';
const STREET = 'demo-street-admin'; // street_admin of xiangyang

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld(NOW, { instances: 2 });
});
afterEach(() => w.stop());

const code = (res: Envelope<unknown>): string => (res.ok ? 'ok' : res.error.code);
const dash = (openid: string, data: object): Promise<Dashboard> => w.ok<Dashboard>('admin', openid, 'dashboard', data);

type Doc = Record<string, unknown> & { _id: string };
const put = (coll: string, docs: Doc[]): void => {
  w.cloud.db.store.commit(docs.map((doc) => ({ coll, id: doc._id, doc })));
};
/** Removes every document of a collection (the tests bring their own catalogue where the figures depend on it). */
const clear = (coll: string): void => {
  const ids = [...w.cloud.db.store.entries(coll)].map((e) => e.doc._id);
  if (ids.length > 0) w.cloud.db.store.commit(ids.map((id) => ({ coll, id, doc: null })));
};

function rollup(month: string, streetId: string, p: Partial<Omit<StreetRollupDoc, '_id' | 'kind' | 'month' | 'streetId'>> = {}): Doc {
  const doc: StreetRollupDoc = { ...emptyStreet(month, streetId), ...p };
  return doc as unknown as Doc;
}

function venue(id: string, streetId: string | null, extra: Partial<Doc> = {}): Doc {
  return { _id: id, name: `测试场地${id}`, level: streetId ? 'street' : 'district', type: 'meeting', capacity: 10, facilities: [], address: '测试地址', streetId, streetName: null, communityId: null, communityName: null, photos: [], opens: '09:00', closes: '17:00', slotMinutes: 60, windowDays: 14, maxConsecutive: 3, needsApproval: false, blackoutDates: [], active: true, sort: 0, ...extra };
}

/** A small, fully known district: three venues, two rollup months in two streets and the 创益园, orgs, branches. */
function knownWorld(): void {
  clear('venues');
  clear('organizations');
  clear('party_branches');
  put('venues', [
    venue('v-xy', 'xiangyang', { name: '向阳测试厅', blackoutDates: ['2026-02-10', '2026-02-11', '2026-03-05'] }),
    venue('v-ds', 'dongshan', { name: '东山测试室', opens: '08:00', closes: '20:00' }),
    venue('v-cyy', null, { name: '创益园测试厅', opens: '08:30', closes: '21:00' }),
  ]);
  put('rollups', [
    rollup('2026-02', 'xiangyang', {
      venue: { minutes: 600, bookings: 8, noShows: 1, due: 5 },
      venueMinutes: { 'v-xy': 600 },
      hourMinutes: { '09': 240, '14': 360 },
      volunteer: { minutes: 185, active: 4 },
      course: { completions: 3 },
      coverage: { 'tb-xy': 2 },
      activity: { held: 2, signups: 30, attended: 21 },
    }),
    rollup('2026-03', 'xiangyang', { venue: { minutes: 120, bookings: 2, noShows: 0, due: 2 }, venueMinutes: { 'v-xy': 120 }, hourMinutes: { '09': 120 }, volunteer: { minutes: 60, active: 6 }, coverage: { 'tb-xy': 1, 'tb-ds': 1 } }),
    rollup('2026-02', 'dongshan', { venue: { minutes: 1200, bookings: 10, noShows: 3, due: 10 }, venueMinutes: { 'v-ds': 1200 }, hourMinutes: { '19': 1200 }, volunteer: { minutes: 30, active: 1 }, coverage: { 'tb-xy': 1 } }),
    rollup('2026-02', DISTRICT_LEVEL_STREET, { venue: { minutes: 90, bookings: 1, noShows: 0, due: 0 }, venueMinutes: { 'v-cyy': 90 }, hourMinutes: { '10': 90 }, activity: { held: 1, signups: 5, attended: 5 } }),
    // Outside the range: never counted.
    rollup('2026-05', 'xiangyang', { venue: { minutes: 9999, bookings: 99, noShows: 9, due: 9 }, venueMinutes: { 'v-xy': 9999 }, coverage: { 'tb-xy': 7 } }),
    { _id: 'meta', foldedAt: new Date('2026-03-31T16:00:00Z'), rebuiltAt: new Date('2026-03-01T00:00:00Z') },
  ]);
  put('party_branches', [
    { _id: 'tb-xy', name: '向阳测试联合党支部', kind: 'joint', streetId: 'xiangyang', orgIds: [], organizations: [], sort: 1 },
    { _id: 'tb-ds', name: '东山测试党支部', kind: 'own', streetId: 'dongshan', orgIds: [], organizations: [], sort: 2 },
  ]);
  const member = (id: string, branchId: string, streetId: string): Doc => ({ _id: id, nickname: id, phone: null, streetId, communityId: null, roles: [{ role: 'resident' }, { role: 'party_member', scope: { branchId } }], orgs: [], createdAt: new Date(), updatedAt: new Date() });
  put('users', [member('pm-1', 'tb-xy', 'xiangyang'), member('pm-2', 'tb-xy', 'xiangyang'), member('pm-3', 'tb-xy', 'dongshan'), member('pm-4', 'tb-xy', 'xiangyang'), member('pm-5', 'tb-ds', 'dongshan')]);
  const org = (id: string, streetId: string, kind: string, mode: string, sizeBand: string, mergedInto: string | null = null): Doc => ({ _id: id, name: `测试组织${id}`, kind, streetId, sizeBand, party: { mode, partyOrgId: null }, mergedInto });
  put('organizations', [
    org('o1', 'xiangyang', 'social_group', 'own', '30_99'),
    org('o2', 'xiangyang', 'community_group', 'joint', 'under_10'),
    org('o3', 'xiangyang', 'community_group', 'none', '100_plus'),
    org('o4', 'dongshan', 'foundation', 'none', '10_29'),
    org('o5', 'xiangyang', 'social_group', 'own', '30_99', 'o1'), // merged: not counted
  ]);
}

describe('who sees which street', () => {
  test('a street admin sees their street only; naming another is refused; residents and others are refused', async () => {
    const range = { from: '2026-01-01', to: '2026-12-31' };
    const own = await dash(STREET, range);
    expect(own.streetId).toBe('xiangyang');
    expect(own.streetName).toBe('向阳街道');
    expect(own.streets.map((s) => s.streetId)).toEqual(['xiangyang']);
    expect(await dash(STREET, { ...range, streetId: 'xiangyang' })).toEqual(own);
    expect(code(await w.call('admin', STREET, 'dashboard', { ...range, streetId: 'dongshan' }))).toBe('AUTH.FORBIDDEN');
    expect(code(await w.call('admin', STREET, 'dashboard', { ...range, streetId: DISTRICT_LEVEL_STREET }))).toBe('AUTH.FORBIDDEN');
    expect(code(await w.call('admin', STREET, 'exportTable', { ...range, table: 'months', streetId: 'dongshan' }))).toBe('AUTH.FORBIDDEN');
    for (const who of ['demo-resident', 'demo-venue-manager', 'demo-station-manager', 'demo-secretary']) {
      expect(code(await w.call('admin', who, 'dashboard', range))).toBe('AUTH.FORBIDDEN');
    }
  });

  test('a district admin sees every street in street order, 区级（创益园） first, or the one named', async () => {
    const all = await dash(DISTRICT, { from: '2026-01-01', to: '2026-12-31' });
    expect(all.streetId).toBeNull();
    expect(all.streets.map((s) => s.streetName)).toEqual(['区级（创益园）', ...streets.map((s) => s.name)]);
    const one = await dash(DISTRICT, { from: '2026-01-01', to: '2026-12-31', streetId: 'dongshan' });
    expect(one.streets.map((s) => s.streetId)).toEqual(['dongshan']);
    expect(one.streetName).toBe('东山街道');
  });

  test('a street admin sees only their street’s figures, venues, organizations and party organizations', async () => {
    knownWorld();
    const d = await dash(STREET, { from: '2026-02-01', to: '2026-03-31' });
    expect(d.figures.bookings).toBe(10);
    expect(d.venues.map((v) => v.venueId)).toEqual(['v-xy']);
    expect(d.hours).toEqual([
      { hour: 9, bookedHours: 6 },
      { hour: 14, bookedHours: 6 },
    ]);
    expect(d.figures.organizations).toBe(3);
    expect(d.branches.map((b) => b.branchId)).toEqual(['tb-xy']);
  });
});

describe('figures from the rollups', () => {
  test('every figure of the district view is computed exactly from the given documents', async () => {
    knownWorld();
    const d = await dash(DISTRICT, { from: '2026-02-14', to: '2026-03-02' });
    // Whole months Feb–Mar 2026. Open minutes: v-xy 8 h × (28 − 2 + 31 − 1) days; v-ds 12 h × 59; v-cyy 12.5 h × 59.
    const open = { xy: 480 * 56, ds: 720 * 59, cyy: 750 * 59 };
    expect(d.from).toBe('2026-02-14');
    expect(d.to).toBe('2026-03-02');
    expect(d.updatedAt).toBe('2026-04-01T00:00:00+08:00');
    expect(d.figures).toEqual({
      bookedHours: 33.5, // (600 + 120 + 1200 + 90) / 60
      openHours: Math.round((open.xy + open.ds + open.cyy) / 6) / 10,
      useRate: Math.round((2010 / (open.xy + open.ds + open.cyy)) * 10_000) / 10_000,
      bookings: 21,
      noShows: 4,
      noShowRate: Math.round((4 / 17) * 10_000) / 10_000,
      volunteerHours: 4.6, // 275 min
      activeVolunteers: 6, // busiest month: Feb 4 + 1 = 5, Mar 6 (never summed across months)
      completions: 3,
      activitiesHeld: 3,
      signups: 35,
      attendance: 26,
      organizations: 4,
      // This quarter (Q1 of `to`): tb-xy 2 + 1 + 1 = 4 of 4 members, tb-ds 1 of 1 (May is another quarter).
      branchCoverage: 1,
    });
    expect(d.months.map((m) => [m.month, m.bookedHours, m.openHours, m.bookings, m.activeVolunteers, m.noShowRate])).toEqual([
      ['2026-02', 31.5, Math.round((480 * 26 + 720 * 28 + 750 * 28) / 6) / 10, 19, 5, Math.round((4 / 15) * 10_000) / 10_000],
      ['2026-03', 2, Math.round((480 * 30 + 720 * 31 + 750 * 31) / 6) / 10, 2, 6, 0],
    ]);
    const xy = d.streets.find((s) => s.streetId === 'xiangyang');
    expect(xy).toMatchObject({ streetName: '向阳街道', bookedHours: 12, openHours: open.xy / 60, bookings: 10, noShows: 1, noShowRate: Math.round((1 / 7) * 10_000) / 10_000, activeVolunteers: 6, completions: 3, activitiesHeld: 2 });
    const cyy = d.streets[0];
    expect(cyy).toMatchObject({ streetId: DISTRICT_LEVEL_STREET, streetName: '区级（创益园）', bookedHours: 1.5, noShowRate: null, attendance: 5 });
    // A street without venues or events: zeros, and no rate where nothing was there to divide.
    expect(d.streets.find((s) => s.streetId === 'xingfu')).toMatchObject({ bookedHours: 0, openHours: 0, useRate: null, noShowRate: null, bookings: 0 });
    expect(d.venues).toEqual([
      { venueId: 'v-ds', name: '东山测试室', streetName: '东山街道', bookedHours: 20, useRate: Math.round((1200 / open.ds) * 10_000) / 10_000 },
      { venueId: 'v-xy', name: '向阳测试厅', streetName: '向阳街道', bookedHours: 12, useRate: Math.round((720 / open.xy) * 10_000) / 10_000 },
      { venueId: 'v-cyy', name: '创益园测试厅', streetName: '区级（创益园）', bookedHours: 1.5, useRate: Math.round((90 / open.cyy) * 10_000) / 10_000 },
    ]);
    expect(d.hours).toEqual([
      { hour: 9, bookedHours: 6 },
      { hour: 10, bookedHours: 1.5 },
      { hour: 14, bookedHours: 6 },
      { hour: 19, bookedHours: 20 },
    ]);
    expect(d.orgs).toEqual({
      byKind: [
        { kind: 'social_group', label: '社会团体', count: 1 },
        { kind: 'service_agency', label: '社会服务机构', count: 0 },
        { kind: 'foundation', label: '基金会', count: 1 },
        { kind: 'community_group', label: '社区社会组织', count: 2 },
      ],
      own: 1,
      joint: 1,
      none: 2,
      large: 2,
      largeCovered: 1,
    });
    expect(d.branches).toEqual([
      { branchId: 'tb-xy', name: '向阳测试联合党支部', members: 4, covered: 4, rate: 1 },
      { branchId: 'tb-ds', name: '东山测试党支部', members: 1, covered: 1, rate: 1 },
    ]);
  });

  test('branch coverage of a street counts its members wherever they live, this quarter only', async () => {
    knownWorld();
    // `to` in March: Q1 = Jan–Mar, also the months before `from`.
    const d = await dash(STREET, { from: '2026-03-01', to: '2026-03-31' });
    expect(d.branches).toEqual([{ branchId: 'tb-xy', name: '向阳测试联合党支部', members: 4, covered: 4, rate: 1 }]);
    expect(d.figures.branchCoverage).toBe(1);
    expect(d.figures.bookings).toBe(2); // March only
    // Q2 (May): 7 covered of 4 members is capped at the members.
    const q2 = await dash(STREET, { from: '2026-05-01', to: '2026-05-31' });
    expect(q2.branches[0]).toMatchObject({ members: 4, covered: 4, rate: 1 });
    const q4 = await dash(STREET, { from: '2026-10-01', to: '2026-12-31' });
    expect(q4.branches[0]).toMatchObject({ members: 4, covered: 0, rate: 0 });
  });

  test('open hours: (closes − opens) × days in service in the whole months, minus blackout dates', async () => {
    clear('venues');
    put('venues', [
      venue('a', 'xiangyang', { blackoutDates: ['2026-02-02', '2026-02-27', '2026-03-01'] }), // 8 h × 26 days in Feb
      venue('retired', 'xiangyang', { active: false, retiredAt: new Date('2026-02-14T16:00:00Z') }), // Beijing 02-15: 14 days
      venue('late', 'xiangyang', { createdAt: new Date('2026-02-19T16:30:00Z'), opens: '10:00', closes: '12:30' }), // from 02-20: 9 days × 2.5 h
      venue('gone', 'xiangyang', { active: false }), // inactive without a date: nothing
      venue('other', 'dongshan'),
    ]);
    const d = await dash(STREET, { from: '2026-02-01', to: '2026-02-28' });
    expect(d.figures.openHours).toBe(8 * 26 + 8 * 14 + 2.5 * 9);
    expect(d.months).toEqual([expect.objectContaining({ month: '2026-02', openHours: 8 * 26 + 8 * 14 + 2.5 * 9, useRate: 0 })]);
  });

  test('an empty range: every month shown, zeros, no rates, nothing updated yet', async () => {
    clear('rollups');
    const d = await dash(DISTRICT, { from: '2025-11-15', to: '2026-02-03' });
    expect(d.updatedAt).toBeNull();
    expect(d.months.map((m) => m.month)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    for (const m of d.months) expect(m).toMatchObject({ bookedHours: 0, bookings: 0, noShowRate: null, volunteerHours: 0, activeVolunteers: 0, completions: 0 });
    expect(d.figures.bookedHours).toBe(0);
    expect(d.figures.noShowRate).toBeNull();
    expect(d.venues).toEqual([]);
    expect(d.hours).toEqual([]);
  });

  test('ranges: from after to, more than 24 months, dates the calendar lacks, unknown fields → INPUT.INVALID', async () => {
    for (const data of [
      { from: '2026-03-01', to: '2026-02-28' },
      { from: '2024-01-01', to: '2026-01-01' }, // 25 months
      { from: '2026-02-30', to: '2026-03-31' },
      { from: '2026-01-01' },
      { from: '2026-01-01', to: '2026-01-31', extra: 1 },
    ]) {
      expect(code(await w.call('admin', DISTRICT, 'dashboard', data))).toBe('INPUT.INVALID');
      expect(code(await w.call('admin', DISTRICT, 'exportTable', { ...data, table: 'months' }))).toBe('INPUT.INVALID');
    }
    expect(code(await w.call('admin', DISTRICT, 'exportTable', { from: '2026-01-01', to: '2026-01-31', table: 'people' }))).toBe('INPUT.INVALID');
    expect(code(await w.call('admin', DISTRICT, 'dashboard', { from: '2024-02-01', to: '2026-01-31' }))).toBe('ok'); // exactly 24
  });
});

describe('the .xlsx tables', () => {
  const readBack = async (base64: string): Promise<unknown[][]> => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
    expect(book.worksheets).toHaveLength(1);
    return (book.worksheets[0] as ExcelJS.Worksheet).getSheetValues().slice(1).map((row) => (Array.isArray(row) ? row.slice(1) : []));
  };
  const pct = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
  const cells = (r: DashboardRow): unknown[] => [r.bookedHours, r.openHours, pct(r.useRate), r.bookings, r.noShows, pct(r.noShowRate), r.volunteerHours, r.activeVolunteers, r.completions, r.activitiesHeld, r.signups, r.attendance];

  test('each table says exactly what the dashboard says, with Chinese headers', async () => {
    knownWorld();
    const range = { from: '2026-01-01', to: '2026-12-31' };
    const d = await dash(DISTRICT, range);
    const x = async (table: string) => w.ok<{ filename: string; mimeType: string; base64: string; rows: number }>('admin', DISTRICT, 'exportTable', { ...range, table });

    const months = await x('months');
    expect(months.filename).toBe('红帆数据看板-按月统计-2026-01至2026-12.xlsx');
    expect(months.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(months.rows).toBe(12);
    const m = await readBack(months.base64);
    expect(m[0]?.[0]).toBe('红帆数据看板 · 按月统计（全区，2026-01至2026-12）');
    expect(m[1]).toEqual(['月份', '预约时长（小时）', '开放时长（小时）', '场地使用率', '预约次数', '爽约次数', '爽约率', '志愿服务时长（小时）', '活跃志愿者（人）', '完成课程（人次）', '举办活动（场）', '活动报名（人次）', '活动到场（人次）']);
    expect(m.slice(2, 14)).toEqual(d.months.map((r) => [r.month, ...cells(r)]));
    expect(m[14]).toEqual(['合计', ...cells(d.figures)]);

    const s = await readBack((await x('streets')).base64);
    expect(s.slice(2, 2 + d.streets.length)).toEqual(d.streets.map((r) => [r.streetName, ...cells(r)]));

    const v = await readBack((await x('venues')).base64);
    expect(v[1]).toEqual(['名次', '场地', '街道', '预约时长（小时）', '使用率']);
    expect(v.slice(2)).toEqual(d.venues.map((r, i) => [i + 1, r.name, r.streetName, r.bookedHours, pct(r.useRate)]));

    const h = await readBack((await x('hours')).base64);
    expect(h.slice(2)).toEqual(d.hours.map((r) => [`${String(r.hour).padStart(2, '0')}:00–${String(r.hour + 1).padStart(2, '0')}:00`, r.bookedHours]));

    const o = await readBack((await x('orgs')).base64);
    expect(o.slice(2)).toEqual([...d.orgs.byKind.map((k) => [k.label, k.count]), ['单独建立党组织', 1], ['联合建立党组织', 1], ['尚未建立党组织', 2], ['30人及以上的组织', 2], ['其中已建立党组织', 1], ['社会组织合计', 4]]);

    const b = await readBack((await x('branches')).base64);
    expect(b.slice(2)).toEqual([...d.branches.map((r) => [r.name, r.members, r.covered, pct(r.rate)]), ['合计', 5, 0, '0.0%']]);
  });

  test('a street admin’s table is their street’s, named so', async () => {
    knownWorld();
    const out = await w.ok<{ filename: string; base64: string }>('admin', STREET, 'exportTable', { table: 'streets', from: '2026-02-01', to: '2026-03-31' });
    expect(out.filename).toBe('红帆数据看板-按街道统计-向阳街道-2026-02至2026-03.xlsx');
    const rows = await readBack(out.base64);
    expect(rows.slice(2).map((r) => r[0])).toEqual(['向阳街道', '合计']);
  });
});

describe('flat cost: the view reads rollups and catalogues only', () => {
  /** Counts the database calls the SDK makes, by collection, while `work` runs. */
  async function callsDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
    const db = w.cloud.db;
    const original = db.handle.bind(db);
    const calls: Record<string, number> = {};
    db.handle = (body) => {
      const coll = typeof body.collectionName === 'string' ? body.collectionName : String(body.action);
      calls[coll] = (calls[coll] ?? 0) + 1;
      return original(body);
    };
    try {
      await work();
    } finally {
      db.handle = original;
    }
    return calls;
  }

  test('no booking, sign-up, ledger or completion is read, and 30,000 more of them cost no call', async () => {
    knownWorld();
    const view = () => w.on(0).ok('admin', DISTRICT, 'dashboard', { from: '2026-01-01', to: '2026-12-31' });
    await view(); // caches warm (roles)
    const before = await callsDuring(view);
    const allowed = ['rollups', 'venues', 'streets', 'party_branches', 'users', 'organizations', 'rate_limits', 'idempotency_keys'];
    expect(Object.keys(before).filter((c) => !allowed.includes(c))).toEqual([]);
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['rollups', 'venues', 'streets', 'party_branches', 'users', 'organizations']));

    const many = (coll: string, n: number, make: (i: number) => Record<string, unknown>): void => put(coll, Array.from({ length: n }, (_, i) => ({ _id: `${coll}-fake-${i}`, ...make(i) })));
    many('bookings', 10_000, (i) => ({ venueId: 'v-xy', openid: `p${i % 500}`, date: '2026-02-10', start: '09:00', state: 'completed' }));
    many('shift_signups', 5_000, (i) => ({ shiftId: `s${i % 50}`, openid: `p${i}`, state: 'confirmed' }));
    many('hours_ledger', 5_000, (i) => ({ openid: `p${i}`, stationId: 'st-beida', quarters: 4 }));
    many('course_completions', 5_000, (i) => ({ openid: `p${i}`, courseId: 'c1' }));
    many('activity_signups', 5_000, (i) => ({ activityId: `a${i % 40}`, openid: `p${i}`, state: 'confirmed' }));
    const after = await callsDuring(view);
    expect(after).toEqual(before);
    // And the answer did not move: the figures come from the rollups alone.
    expect(await view()).toEqual(await view());
  });

  test('a street view costs one call more than the district view (the quarter’s coverage across streets), no more', async () => {
    const district = await callsDuring(() => w.on(0).ok('admin', DISTRICT, 'dashboard', { from: '2026-01-01', to: '2026-12-31' }));
    const street = await callsDuring(() => w.on(0).ok('admin', STREET, 'dashboard', { from: '2026-01-01', to: '2026-12-31' }));
    const total = (c: Record<string, number>): number => Object.values(c).reduce((a, b) => a + b, 0);
    expect(street.rollups).toBe((district.rollups ?? 0) + 1);
    expect(total(district)).toBeLessThanOrEqual(10);
  });
});
