/**
 * The station function through the real SDK on a fresh seeded database, two instances of each function, one clock:
 * the directory (by street or by distance), the station page, joining and leaving, the managers' tools (managed
 * stations, members with full or masked phones, decide, post) and what a person's data export and erasure do here.
 */
import type { MyData, StationDetail, StationMember, StationPost, StationSummary } from '../../types';
import { distanceMetres } from '../../cloudfunctions/_shared/geo';
import { ERASED_NAME } from '../../cloudfunctions/_shared/privacy';
import { HOUR, volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
const NOW = Date.parse('2026-12-01T08:00:00+08:00');
const DAY = 24 * HOUR;
let people = 0;
const someone = (): string => `sf-person-${++people}`;

/** 赵站长 manages st-beida (seed); this one manages st-haiyun only. */
const HAIYUN_MANAGER = 'sf-haiyun-manager';
/** Seeded at st-beida: 王阿姨 and 李师傅 members, 张老师 waiting. */
const BEIDA_APPLICANT = 'demo-party-member';

const insert = (coll: string, docs: object[]): void => {
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: coll, data: docs.map((d) => JSON.stringify(d)) });
};
const date = (ms: number) => ({ $date: new Date(ms).toISOString() });
const snapshot = (coll: string, id: string): string => JSON.stringify(w.doc(coll, id));

interface Membership {
  state: string;
  appliedAt: Date;
  decidedBy: string | null;
}

beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
  insert('users', [
    {
      _id: HAIYUN_MANAGER,
      nickname: '钱站长',
      phone: '13000000001',
      streetId: 'dongshan',
      communityId: 'haiyun',
      roles: [{ role: 'resident' }, { role: 'station_manager', scope: { stationIds: ['st-haiyun'] } }],
      createdAt: date(NOW - 30 * DAY),
      updatedAt: date(NOW - 30 * DAY),
    },
  ]);
});
afterEach(() => w.stop());

const list = async (openid: string, data: object = {}): Promise<StationSummary[]> => (await w.ok<{ stations: StationSummary[] }>('station', openid, 'list', data)).stations;

describe('station.list: the directory', () => {
  it('lists active stations with their location, member count and my own state, in the district’s street order', async () => {
    insert('stations', [{ _id: 'st-closed', name: '已撤销的站', streetId: 'xiangyang', streetName: '向阳街道', communityId: null, communityName: null, address: '某处', services: [], hours: '', location: null, active: false, sort: 0 }]);
    const stations = await list('demo-resident');
    // Street order (向阳, 东山, 毓璜顶, 奇山, 芝罘岛, 幸福), not the order the stations were entered in.
    expect(stations.map((s) => s.id)).toEqual(['st-beida', 'st-haiyun', 'st-yudong', 'st-suocheng', 'st-zhifudao', 'st-fuxin']);
    const beida = stations[0] as StationSummary;
    expect(beida).toMatchObject({ name: '北大社区创益红帆站', streetName: '向阳街道', communityName: '北大社区', memberCount: 2, myState: 'member', distanceM: null });
    expect(beida.location).toEqual({ latitude: expect.any(Number), longitude: expect.any(Number) });
    expect(beida.address).toContain('芝罘区');
    for (const s of stations) {
      expect(s.location?.latitude).toBeGreaterThan(37.52);
      expect(s.location?.latitude).toBeLessThan(37.57);
      expect(s.location?.longitude).toBeGreaterThan(121.35);
      expect(s.location?.longitude).toBeLessThan(121.44);
    }
    expect(stations.find((s) => s.id === 'st-haiyun')).toMatchObject({ memberCount: 2, myState: 'none' });
    // 张老师 is waiting at st-beida: he sees his application; a waiting application is not a member.
    expect((await list(BEIDA_APPLICANT)).find((s) => s.id === 'st-beida')).toMatchObject({ myState: 'pending', memberCount: 2 });
  });

  it('counts members in the database, past the 1,000 documents one query returns', async () => {
    insert(
      'station_members',
      Array.from({ length: 1100 }, (_, i) => ({ _id: `st-zhifudao:crowd-${i}`, stationId: 'st-zhifudao', streetId: 'zhifudao', openid: `crowd-${i}`, state: 'member', appliedAt: date(NOW - DAY), decidedAt: date(NOW - DAY), decidedBy: null, leftAt: null, updatedAt: date(NOW - DAY) })),
    );
    expect((await list('demo-resident')).find((s) => s.id === 'st-zhifudao')?.memberCount).toBe(1100);
    expect((await list('demo-resident')).find((s) => s.id === 'st-beida')?.memberCount).toBe(2);
  });

  it('lists one street’s stations', async () => {
    expect((await list('demo-resident', { streetId: 'dongshan' })).map((s) => s.id)).toEqual(['st-haiyun']);
    expect(await list('demo-resident', { streetId: 'nowhere' })).toEqual([]);
  });

  it('sorts by distance from where I am when I share it, with the distance in metres, and stores nothing of it', async () => {
    const fuxin = (await list('demo-resident')).find((s) => s.id === 'st-fuxin') as StationSummary;
    const near = { latitude: (fuxin.location?.latitude ?? 0) + 0.003, longitude: fuxin.location?.longitude ?? 0 };
    const stations = await list('demo-resident', { near });
    expect(stations[0]?.id).toBe('st-fuxin');
    expect(stations[0]?.distanceM).toBeGreaterThan(300);
    expect(stations[0]?.distanceM).toBeLessThan(360);
    const distances = stations.map((s) => s.distanceM as number);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    for (const s of stations) expect(s.distanceM).toBe(distanceMetres(near, s.location as { latitude: number; longitude: number }));
    // From the other end of the district, the order turns around.
    const east = await list('demo-resident', { near: { latitude: 37.5392, longitude: 121.43 } });
    expect(east[0]?.id).toBe('st-haiyun');
    expect(east.map((s) => s.id)).not.toEqual(stations.map((s) => s.id));
    // Where the caller was is not kept anywhere.
    const everything = w.cloud.db.store.collectionNames().flatMap((c) => [...w.cloud.db.store.entries(c)].map((e) => JSON.stringify(e.doc)));
    expect(everything.filter((d) => d.includes(String(near.latitude)))).toEqual([]);
  });

  it('refuses a location that is not a place', async () => {
    for (const near of [{ latitude: 91, longitude: 121 }, { latitude: 37.5 }, { latitude: '37.5', longitude: 121.4 }]) {
      expect(await w.call('station', 'demo-resident', 'list', { near })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    }
  });
});

describe('station.get: the station page', () => {
  const shift = (id: string, stationId: string, startMs: number, over: object = {}) => ({
    _id: id,
    stationId,
    stationName: stationId === 'st-beida' ? '北大社区创益红帆站' : '海韵社区创益红帆站',
    streetId: stationId === 'st-beida' ? 'xiangyang' : 'dongshan',
    title: `班次 ${id}`,
    description: '帮老人理发',
    start: date(startMs),
    end: date(startMs + 2 * HOUR),
    date: '2026-12-01',
    capacity: 4,
    place: '一楼',
    location: null,
    radiusM: null,
    skills: [],
    openTo: 'all',
    state: 'open',
    createdBy: 'demo-station-manager',
    createdAt: date(NOW - DAY),
    ...over,
  });

  it('shows the manager by name only, members, shifts of the next 30 days soonest first, and the newest 20 posts', async () => {
    insert('shifts', [
      shift('sh-later', 'st-beida', NOW + 10 * DAY),
      shift('sh-soon', 'st-beida', NOW + 2 * DAY),
      shift('sh-now', 'st-beida', NOW - HOUR), // under way: still upcoming until it ends
      shift('sh-past', 'st-beida', NOW - 3 * DAY),
      shift('sh-far', 'st-beida', NOW + 31 * DAY),
      shift('sh-cancelled', 'st-beida', NOW + 3 * DAY, { state: 'cancelled' }),
      shift('sh-other', 'st-haiyun', NOW + 2 * DAY),
    ]);
    insert('shift_seats', [{ _id: 'sh-soon:seat:1', shiftId: 'sh-soon', seat: 1, openid: 'demo-volunteer', at: date(NOW) }]);
    insert(
      'station_posts',
      Array.from({ length: 22 }, (_, i) => ({ _id: `sp-${i}`, stationId: 'st-beida', streetId: 'xiangyang', title: `通知${i}`, body: '内容', authorOpenid: 'demo-station-manager', authorName: '赵站长', createdAt: date(NOW - (i + 1) * HOUR) })),
    );
    const res = await w.call('station', 'demo-resident', 'get', { stationId: 'st-beida' });
    expect(res.ok).toBe(true);
    const d = (res as { data: StationDetail }).data;
    expect(d).toMatchObject({ id: 'st-beida', managerNames: ['赵站长'], memberCount: 2, myState: 'member', managedByMe: false, services: ['义务理发', '助老陪诊', '文艺演出'] });
    expect(d.shifts.map((s) => s.id)).toEqual(['sh-now', 'sh-soon', 'sh-later']);
    expect(d.shifts[1]).toMatchObject({ taken: 1, capacity: 4, myState: 'none' });
    // The newest 20 of the station's posts (these 22 and the demo's, which are dated by the machine's own clock).
    const stored = [...w.cloud.db.store.entries('station_posts')].map((e) => e.doc as unknown as { _id: string; stationId: string; createdAt: Date });
    const newest = stored.filter((p) => p.stationId === 'st-beida').sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
    expect(newest.length).toBeGreaterThan(20);
    expect(d.posts.map((p) => p.id)).toEqual(newest.slice(0, 20).map((p) => p._id));
    expect(d.posts.find((p) => p.id === 'sp-0')).toEqual({ id: 'sp-0', stationId: 'st-beida', title: '通知0', body: '内容', authorName: '赵站长', createdAt: '2026-12-01T07:00:00+08:00' });
    expect(d.posts.map((p) => p.id)).not.toContain('sp-21');
    // Names only: no manager's phone or openid.
    expect(JSON.stringify(d)).not.toContain('13205351122');
    expect(JSON.stringify(d)).not.toContain('demo-station-manager');
  });

  it('tells the station’s managers (and the admins above them) that they manage it, and nobody else', async () => {
    const managedByMe = async (openid: string) => (await w.ok<StationDetail>('station', openid, 'get', { stationId: 'st-beida' })).managedByMe;
    expect(await managedByMe('demo-station-manager')).toBe(true);
    expect(await managedByMe('demo-street-admin')).toBe(true);
    expect(await managedByMe('demo-district-admin')).toBe(true);
    expect(await managedByMe(HAIYUN_MANAGER)).toBe(false);
    expect(await managedByMe('demo-volunteer')).toBe(false);
    expect((await w.ok<StationDetail>('station', HAIYUN_MANAGER, 'get', { stationId: 'st-haiyun' })).managerNames).toEqual(['钱站长']);
  });

  it('says STATION.NOT_FOUND for an unknown or closed station', async () => {
    insert('stations', [{ _id: 'st-closed', name: '已撤销的站', streetId: 'xiangyang', streetName: '向阳街道', communityId: null, communityName: null, address: '某处', services: [], hours: '', location: null, active: false, sort: 0 }]);
    for (const stationId of ['st-nowhere', 'st-closed']) {
      expect(await w.call('station', 'demo-resident', 'get', { stationId })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_FOUND' } });
    }
  });
});

describe('station.join and station.leave', () => {
  it('applies to join; applying again while waiting changes nothing; the manager sees the application', async () => {
    const me = someone();
    expect(await w.ok('station', me, 'join', { stationId: 'st-haiyun' })).toEqual({ stationId: 'st-haiyun', state: 'pending' });
    const before = snapshot('station_members', `st-haiyun:${me}`);
    expect(w.doc<Membership>('station_members', `st-haiyun:${me}`)).toMatchObject({ state: 'pending', appliedAt: new Date(NOW) });
    w.clock.set(NOW + HOUR);
    expect(await w.on(1).ok('station', me, 'join', { stationId: 'st-haiyun' })).toEqual({ stationId: 'st-haiyun', state: 'pending' });
    expect(snapshot('station_members', `st-haiyun:${me}`)).toBe(before);
    expect((await list(me)).find((s) => s.id === 'st-haiyun')).toMatchObject({ myState: 'pending', memberCount: 2 });
    const { members } = await w.ok<{ members: StationMember[] }>('station', HAIYUN_MANAGER, 'members', { stationId: 'st-haiyun' });
    expect(members[0]).toMatchObject({ openid: me, state: 'pending' });
  });

  it('a member joining again stays a member; declined or left may apply again', async () => {
    const before = snapshot('station_members', 'st-beida:demo-resident');
    expect(await w.ok('station', 'demo-resident', 'join', { stationId: 'st-beida' })).toEqual({ stationId: 'st-beida', state: 'member' });
    expect(snapshot('station_members', 'st-beida:demo-resident')).toBe(before);

    const declined = someone();
    await w.ok('station', declined, 'join', { stationId: 'st-beida' });
    await w.ok('station', 'demo-station-manager', 'decide', { stationId: 'st-beida', openid: declined, approve: false });
    expect((await list(declined)).find((s) => s.id === 'st-beida')?.myState).toBe('declined');
    expect(await w.ok('station', declined, 'join', { stationId: 'st-beida' })).toEqual({ stationId: 'st-beida', state: 'pending' });

    expect(await w.ok('station', 'demo-volunteer', 'leave', { stationId: 'st-beida' })).toEqual({ stationId: 'st-beida', state: 'left' });
    expect((await list('demo-volunteer')).find((s) => s.id === 'st-beida')).toMatchObject({ myState: 'left', memberCount: 1 });
    expect(await w.ok('station', 'demo-volunteer', 'join', { stationId: 'st-beida' })).toEqual({ stationId: 'st-beida', state: 'pending' });
  });

  it('refuses to join an unknown or closed station, and writes nothing', async () => {
    const me = someone();
    expect(await w.call('station', me, 'join', { stationId: 'st-nowhere' })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_FOUND' } });
    expect(w.count('station_members', { openid: me })).toBe(0);
  });

  it('names only the caller: naming another person is INPUT.INVALID', async () => {
    expect(await w.call('station', someone(), 'join', { stationId: 'st-beida', openid: 'demo-resident-2' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(await w.call('station', someone(), 'leave', { stationId: 'st-beida', openid: 'demo-resident' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(w.count('station_members', { openid: 'demo-resident-2', stationId: 'st-beida' })).toBe(0);
    expect(w.doc<Membership>('station_members', 'st-beida:demo-resident')?.state).toBe('member');
  });

  it('refuses someone whose account is being deleted (ACCOUNT.DELETING), and after the deletion too', async () => {
    const me = someone();
    insert('booking_accounts', [{ _id: me, active: 0, suspendedUntil: null, updatedAt: date(NOW), erasing: true }]);
    expect(await w.call('station', me, 'join', { stationId: 'st-beida' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT.DELETING' } });
    expect(w.count('station_members', { openid: me })).toBe(0);

    const gone = someone();
    await w.ok('user', gone, 'me');
    await w.ok('user', gone, 'deleteAccount', { confirm: '注销' });
    expect(await w.call('station', gone, 'join', { stationId: 'st-beida' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT.DELETING' } });
    expect(w.count('station_members', { openid: gone })).toBe(0);
  });

  it('applications racing the person’s account deletion on two instances leave no membership behind', async () => {
    const stations = ['st-beida', 'st-haiyun', 'st-suocheng', 'st-yudong', 'st-fuxin', 'st-zhifudao'];
    for (let round = 0; round < 3; round++) {
      const me = someone();
      await w.ok('user', me, 'me');
      const joins = stations.map((stationId, i) => w.on(i).call('station', me, 'join', { stationId }));
      const [deleted, ...answers] = await Promise.all([w.on(round).call('user', me, 'deleteAccount', { confirm: '注销' }), ...joins]);
      expect(deleted).toMatchObject({ ok: true });
      for (const a of answers) expect(a.ok ? 'ok' : a.error.code).toMatch(/^(ok|ACCOUNT\.DELETING)$/);
      expect(w.count('station_members', { openid: me })).toBe(0);
      expect(await w.call('station', me, 'join', { stationId: 'st-beida' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT.DELETING' } });
    }
  });

  it('leaves or withdraws an application; leaving when not a member is STATION.NOT_MEMBER and changes nothing', async () => {
    const me = someone();
    expect(await w.call('station', me, 'leave', { stationId: 'st-beida' })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_MEMBER' } });
    expect(w.count('station_members', { openid: me })).toBe(0);
    await w.ok('station', me, 'join', { stationId: 'st-beida' });
    expect(await w.ok('station', me, 'leave', { stationId: 'st-beida' })).toEqual({ stationId: 'st-beida', state: 'left' });
    const left = snapshot('station_members', `st-beida:${me}`);
    expect(await w.call('station', me, 'leave', { stationId: 'st-beida' })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_MEMBER' } });
    expect(snapshot('station_members', `st-beida:${me}`)).toBe(left);
    // A withdrawn application is no longer waiting for the manager.
    const { members } = await w.ok<{ members: StationMember[] }>('station', 'demo-station-manager', 'members', { stationId: 'st-beida' });
    expect(members.map((m) => m.openid)).not.toContain(me);
    expect(await w.call('station', me, 'leave', { stationId: 'st-nowhere' })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_FOUND' } });
  });
});

describe('station.managed and station.members: the managers’ view', () => {
  it('lists the stations in my scope with their waiting applications', async () => {
    const managed = async (openid: string) => (await w.ok<{ stations: Array<StationSummary & { pending: number }> }>('station', openid, 'managed')).stations;
    expect((await managed('demo-station-manager')).map((s) => [s.id, s.pending, s.memberCount])).toEqual([['st-beida', 1, 2]]);
    expect((await managed(HAIYUN_MANAGER)).map((s) => [s.id, s.pending])).toEqual([['st-haiyun', 0]]);
    expect((await managed('demo-street-admin')).map((s) => s.id)).toEqual(['st-beida']);
    expect(await managed('demo-district-admin')).toHaveLength(6);
    expect(await w.call('station', 'demo-volunteer', 'managed', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
  });

  it('shows applicants first, then members, by name, with full phones for the station’s own manager and masked ones for admins above', async () => {
    // A registered volunteer is shown by their real name and the phone they gave when registering.
    insert('volunteers', [{ _id: 'demo-volunteer', realName: '李建国', phone: '13705350000', termsVersion: '1', registeredAt: date(NOW - DAY), updatedAt: date(NOW - DAY), showOnLeaderboard: true, streetId: 'xiangyang' }]);
    const own = (await w.ok<{ members: StationMember[] }>('station', 'demo-station-manager', 'members', { stationId: 'st-beida' })).members;
    expect(own.map((m) => [m.openid, m.state])).toEqual([
      [BEIDA_APPLICANT, 'pending'],
      ['demo-volunteer', 'member'],
      ['demo-resident', 'member'],
    ]);
    expect(own[0]).toMatchObject({ name: '张老师', phone: '13605351357', isVolunteer: false, decidedAt: null });
    expect(own[1]).toMatchObject({ name: '李建国', phone: '13705350000', isVolunteer: true });
    expect(own[2]).toMatchObject({ name: '王阿姨', phone: '13805351234', isVolunteer: false, decidedAt: expect.stringMatching(/\+08:00$/) });
    for (const admin of ['demo-street-admin', 'demo-district-admin']) {
      const masked = (await w.ok<{ members: StationMember[] }>('station', admin, 'members', { stationId: 'st-beida' })).members;
      expect(masked.map((m) => m.phone)).toEqual(['136****1357', '137****0000', '138****1234']);
      expect(masked.map((m) => m.name)).toEqual(['张老师', '李建国', '王阿姨']);
    }
  });

  it('refuses the manager of another station, a resident and an unknown station', async () => {
    const res = await w.call('station', HAIYUN_MANAGER, 'members', { stationId: 'st-beida' });
    expect(res).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(JSON.stringify(res)).not.toContain('13805351234');
    expect(await w.call('station', 'demo-street-admin', 'members', { stationId: 'st-haiyun' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await w.call('station', 'demo-resident', 'members', { stationId: 'st-beida' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await w.call('station', 'demo-station-manager', 'members', { stationId: 'st-nowhere' })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_FOUND' } });
  });
});

describe('station.decide', () => {
  it('approves in one go: membership, the applicant’s message and one audit entry', async () => {
    const auditBefore = w.count('audit_log', {});
    const res = await w.ok('station', 'demo-station-manager', 'decide', { stationId: 'st-beida', openid: BEIDA_APPLICANT, approve: true });
    expect(res).toEqual({ stationId: 'st-beida', openid: BEIDA_APPLICANT, state: 'member' });
    expect(w.doc<Membership>('station_members', `st-beida:${BEIDA_APPLICANT}`)).toMatchObject({ state: 'member', decidedBy: 'demo-station-manager' });
    expect(w.notifications(BEIDA_APPLICANT).filter((n) => n.kind.startsWith('station_'))).toEqual([expect.objectContaining({ kind: 'station_approved', stationId: 'st-beida', title: '加入申请已通过' })]);
    expect(w.count('audit_log', {}) - auditBefore).toBe(1);
    expect(w.count('audit_log', { action: 'station.decide', actor: 'demo-station-manager', target: `user:${BEIDA_APPLICANT}`, 'scope.stationId': 'st-beida', 'scope.streetId': 'xiangyang' })).toBe(1);
    expect((await list(BEIDA_APPLICANT)).find((s) => s.id === 'st-beida')).toMatchObject({ myState: 'member', memberCount: 3 });
  });

  it('decides only a waiting application: deciding twice is STATION.NOT_PENDING and changes nothing', async () => {
    await w.ok('station', 'demo-station-manager', 'decide', { stationId: 'st-beida', openid: BEIDA_APPLICANT, approve: false });
    expect(w.notifications(BEIDA_APPLICANT).map((n) => n.kind)).toEqual(['station_declined']);
    const before = snapshot('station_members', `st-beida:${BEIDA_APPLICANT}`);
    const audits = w.count('audit_log', {});
    for (const approve of [true, false]) {
      expect(await w.on(1).call('station', 'demo-station-manager', 'decide', { stationId: 'st-beida', openid: BEIDA_APPLICANT, approve })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_PENDING' } });
    }
    // A member, and someone who never applied, are not waiting either.
    expect(await w.call('station', 'demo-station-manager', 'decide', { stationId: 'st-beida', openid: 'demo-resident', approve: false })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_PENDING' } });
    expect(await w.call('station', 'demo-station-manager', 'decide', { stationId: 'st-beida', openid: someone(), approve: true })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_PENDING' } });
    expect(snapshot('station_members', `st-beida:${BEIDA_APPLICANT}`)).toBe(before);
    expect(w.doc<Membership>('station_members', 'st-beida:demo-resident')?.state).toBe('member');
    expect(w.notifications(BEIDA_APPLICANT)).toHaveLength(1);
    expect(w.count('audit_log', {})).toBe(audits);
  });

  it('two managers deciding the same application at once on two instances: one decision, one message, one audit entry', async () => {
    const auditBefore = w.count('audit_log', {});
    const [a, b] = await Promise.all([
      w.on(0).call('station', 'demo-station-manager', 'decide', { stationId: 'st-beida', openid: BEIDA_APPLICANT, approve: true }),
      w.on(1).call('station', 'demo-street-admin', 'decide', { stationId: 'st-beida', openid: BEIDA_APPLICANT, approve: false }),
    ]);
    expect([a, b].filter((r) => r.ok)).toHaveLength(1);
    expect([a, b].filter((r) => !r.ok)).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'STATION.NOT_PENDING' }) })]);
    expect(w.notifications(BEIDA_APPLICANT)).toHaveLength(1);
    expect(w.count('audit_log', {}) - auditBefore).toBe(1);
  });

  it('refuses to decide for an applicant whose account is being deleted (ACCOUNT.DELETING), and changes nothing', async () => {
    insert('booking_accounts', [{ _id: BEIDA_APPLICANT, active: 0, suspendedUntil: null, updatedAt: date(NOW), erasing: true }]);
    const before = snapshot('station_members', `st-beida:${BEIDA_APPLICANT}`);
    const audits = w.count('audit_log', {});
    expect(await w.call('station', 'demo-station-manager', 'decide', { stationId: 'st-beida', openid: BEIDA_APPLICANT, approve: true })).toMatchObject({ ok: false, error: { code: 'ACCOUNT.DELETING' } });
    expect(snapshot('station_members', `st-beida:${BEIDA_APPLICANT}`)).toBe(before);
    expect(w.notifications(BEIDA_APPLICANT)).toEqual([]);
    expect(w.count('audit_log', {})).toBe(audits);
  });

  it('the manager of another station cannot decide here, and nothing changes', async () => {
    const before = snapshot('station_members', `st-beida:${BEIDA_APPLICANT}`);
    expect(await w.call('station', HAIYUN_MANAGER, 'decide', { stationId: 'st-beida', openid: BEIDA_APPLICANT, approve: true })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await w.call('station', 'demo-volunteer', 'decide', { stationId: 'st-beida', openid: BEIDA_APPLICANT, approve: true })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(snapshot('station_members', `st-beida:${BEIDA_APPLICANT}`)).toBe(before);
    expect(w.notifications(BEIDA_APPLICANT)).toEqual([]);
  });
});

describe('station.post', () => {
  it('writes an announcement under the manager’s name, audited, shown on the station page newest first', async () => {
    const auditBefore = w.count('audit_log', {});
    const post = await w.ok<StationPost>('station', 'demo-station-manager', 'post', { stationId: 'st-beida', title: '  周四理发改到下午  ', body: '本周四的义务理发改到下午2点开始。' });
    expect(post).toMatchObject({ stationId: 'st-beida', title: '周四理发改到下午', authorName: '赵站长', createdAt: '2026-12-01T08:00:00+08:00' });
    expect(w.doc<{ authorOpenid: string }>('station_posts', post.id)).toMatchObject({ authorOpenid: 'demo-station-manager', body: '本周四的义务理发改到下午2点开始。' });
    expect(w.count('audit_log', {}) - auditBefore).toBe(1);
    expect(w.count('audit_log', { action: 'station.post', target: `station_post:${post.id}`, 'scope.stationId': 'st-beida' })).toBe(1);
    const page = await w.ok<StationDetail>('station', 'demo-resident-2', 'get', { stationId: 'st-beida' });
    expect(page.posts.find((p) => p.id === post.id)).toEqual(post);
    const times = page.posts.map((p) => Date.parse(p.createdAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('refuses the manager of another station and bad input, and stores nothing', async () => {
    const before = w.count('station_posts', {});
    expect(await w.call('station', HAIYUN_MANAGER, 'post', { stationId: 'st-beida', title: '冒名通知', body: '这不是我的站' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await w.call('station', 'demo-resident', 'post', { stationId: 'st-beida', title: '冒名通知', body: '我不是站长' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await w.call('station', 'demo-station-manager', 'post', { stationId: 'st-beida', title: '短', body: '内容正常' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { title: '标题至少2个字' } } });
    expect(await w.call('station', 'demo-station-manager', 'post', { stationId: 'st-beida', title: '标题', body: 'x'.repeat(1001) })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(await w.call('station', 'demo-station-manager', 'post', { stationId: 'st-nowhere', title: '标题', body: '内容正常' })).toMatchObject({ ok: false, error: { code: 'STATION.NOT_FOUND' } });
    expect(w.count('station_posts', {})).toBe(before);
    expect(w.count('audit_log', { action: 'station.post' })).toBe(0);
  });
});

describe('personal data', () => {
  it('exports my station memberships; erasure removes them and takes my name off the posts I wrote', async () => {
    const data = await w.ok<MyData>('user', 'demo-resident', 'exportMyData');
    expect(data.stationMemberships).toEqual([expect.objectContaining({ _id: 'st-beida:demo-resident', stationId: 'st-beida', state: 'member' })]);
    expect(JSON.stringify(data.stationMemberships)).not.toContain('demo-volunteer');

    const manager = 'sf-leaving-manager';
    insert('users', [{ _id: manager, nickname: '孙站长', phone: '13000000002', streetId: null, communityId: null, roles: [{ role: 'resident' }, { role: 'station_manager', scope: { stationIds: ['st-beida'] } }], createdAt: date(NOW), updatedAt: date(NOW) }]);
    const post = await w.ok<StationPost>('station', manager, 'post', { stationId: 'st-beida', title: '交接通知', body: '下周起由新站长负责。' });
    await w.ok('station', manager, 'join', { stationId: 'st-haiyun' });
    await w.ok('user', manager, 'deleteAccount', { confirm: '注销' });
    expect(w.count('station_members', { openid: manager })).toBe(0);
    const kept = (await w.ok<StationDetail>('station', 'demo-resident', 'get', { stationId: 'st-beida' })).posts.find((p) => p.id === post.id);
    expect(kept).toMatchObject({ title: '交接通知', authorName: ERASED_NAME });
    const everything = w.cloud.db.store
      .collectionNames()
      .filter((c) => !['rate_limits', 'idempotency_keys'].includes(c))
      .flatMap((c) => [...w.cloud.db.store.entries(c)].map((e) => `${c}: ${JSON.stringify(e.doc)}`));
    expect(everything.filter((d) => d.includes(manager) || d.includes('孙站长'))).toEqual([]);
  });
});
