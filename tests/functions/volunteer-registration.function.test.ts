/**
 * Volunteer registration through the real volunteer and user functions (two instances each, one database):
 * registering is the consent and grants the volunteer role in the same transaction; the caller's record (me) is
 * masked; preferences; refusals write nothing.
 */
import { database } from '../../cloudfunctions/_shared/db';
import { PersonalDataRepository } from '../../cloudfunctions/user/personal-data.repository';
import { VOLUNTEER_TERMS_VERSION } from '../../cloudfunctions/volunteer/volunteer.repository';
import type { Me, MyData, RoleGrant, VolunteerProfile } from '../../types';
import { databaseDigest } from '../support/digest';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

let w: VolunteerWorld;
let n = 0;
const someone = (): string => `reg-${++n}`;

beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' }, { instances: 2 });
});
afterEach(() => w.stop());

const insert = (coll: string, docs: object[]): void => {
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: coll, data: docs.map((d) => JSON.stringify(d)) });
};
const roles = (openid: string): string[] => (w.doc<{ roles: RoleGrant[] }>('users', openid)?.roles ?? []).map((g) => g.role);
const digest = (): string => databaseDigest(w.cloud.db);

describe('volunteer.register', () => {
  it('registers a resident: the volunteers record with the consent time and terms version, the volunteer role, and a masked profile', async () => {
    const p = await w.ok<Me>('user', 'reg-wang', 'me');
    expect(p.roles.map((g) => g.role)).toEqual(['resident']);
    const profile = await w.ok<VolunteerProfile>('volunteer', 'reg-wang', 'register', { realName: '王小芳', phone: '13812345678' });
    expect(profile).toEqual({
      registered: true,
      realNameMasked: '王*芳',
      phoneMasked: '138****5678',
      registeredAt: '2026-12-01T08:00:00+08:00',
      totalHours: 0,
      stars: { level: 0, nextAt: 100, progress: 0 },
      showOnLeaderboard: true,
      lateCancellations: 0,
    });
    expect(w.doc('volunteers', 'reg-wang')).toMatchObject({ realName: '王小芳', phone: '13812345678', termsVersion: VOLUNTEER_TERMS_VERSION, showOnLeaderboard: true });
    expect(roles('reg-wang')).toEqual(['resident', 'volunteer']);
    // The role is in force at once, on either instance: a volunteer-only action now answers.
    for (const i of [0, 1]) expect(await w.on(i).call('volunteer', 'reg-wang', 'setPreferences', { showOnLeaderboard: true })).toMatchObject({ ok: true });
    // The full name and phone are never in an answer.
    expect(JSON.stringify(await w.ok('volunteer', 'reg-wang', 'me'))).not.toMatch(/王小芳|13812345678/);
  });

  it('masks two-character and compound names too', async () => {
    expect((await w.ok<VolunteerProfile>('volunteer', someone(), 'register', { realName: '李明', phone: '13800000001' })).realNameMasked).toBe('李*');
    expect((await w.ok<VolunteerProfile>('volunteer', someone(), 'register', { realName: '欧阳小芳', phone: '13800000002' })).realNameMasked).toBe('欧**芳');
  });

  it('registering again updates the name and phone, keeps the consent time, the leaderboard choice and a single volunteer grant; other grants stay', async () => {
    await w.ok('volunteer', 'demo-station-manager', 'register', { realName: '赵建国', phone: '13205351122' });
    await w.ok('volunteer', 'demo-station-manager', 'setPreferences', { showOnLeaderboard: false });
    w.clock.advance(3 * 24 * 3_600_000);
    const again = await w.ok<VolunteerProfile>('volunteer', 'demo-station-manager', 'register', { realName: '赵建华', phone: '13205359999' });
    expect(again).toMatchObject({ realNameMasked: '赵*华', phoneMasked: '132****9999', registeredAt: '2026-12-01T08:00:00+08:00', showOnLeaderboard: false });
    expect(w.doc('volunteers', 'demo-station-manager')).toMatchObject({ realName: '赵建华', phone: '13205359999' });
    expect(roles('demo-station-manager').filter((r) => r !== 'resident').sort()).toEqual(['station_manager', 'venue_manager', 'volunteer']);
    expect(roles('demo-station-manager').filter((r) => r === 'volunteer')).toHaveLength(1);
  });

  it('a first call from a new openid registers them as a resident and a volunteer; 我的 then shows both roles', async () => {
    const id = someone();
    await w.ok('volunteer', id, 'register', { realName: '孙桂兰', phone: '13900000003' });
    const me = await w.ok<Me>('user', id, 'me');
    expect(me.roles.map((g) => g.role)).toEqual(['resident', 'volunteer']);
  });

  it('two registrations at once on two instances end with one record and one volunteer grant', async () => {
    await w.ok('user', 'reg-race', 'me');
    const replies = await Promise.all([0, 1, 2, 3].map((i) => w.on(i).call('volunteer', 'reg-race', 'register', { realName: '周丽', phone: '13900000004' })));
    for (const r of replies) expect(r).toMatchObject({ ok: true });
    expect(roles('reg-race')).toEqual(['resident', 'volunteer']);
    expect(w.count('volunteers', { _id: 'reg-race' })).toBe(1);
  });

  it('is refused while the account is being deleted, and writes nothing', async () => {
    await w.ok('user', 'reg-leaving', 'me');
    await new PersonalDataRepository(database).beginErasure('reg-leaving', w.clock.now());
    const before = digest();
    expect(await w.call('volunteer', 'reg-leaving', 'register', { realName: '钱多多', phone: '13900000005' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT.DELETING' } });
    expect(digest()).toBe(before);
    expect(roles('reg-leaving')).toEqual(['resident']);
  });

  it('refuses a name that is not 2 to 15 Chinese characters, or a bad phone, with the field named, and writes nothing', async () => {
    const before = digest();
    expect(await w.call('volunteer', 'reg-bad', 'register', { realName: 'Wang', phone: '13800000000' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { realName: expect.any(String) } } });
    expect(await w.call('volunteer', 'reg-bad', 'register', { realName: '王芳', phone: '1234' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { phone: expect.any(String) } } });
    expect(digest()).toBe(before);
  });
});

describe('volunteer.me', () => {
  it('totals the person’s own hours ledger (corrections included) with star progress, and counts their late cancellations', async () => {
    await w.registerVolunteer('reg-hours');
    const entry = (id: string, openid: string, quarters: number) => ({ _id: id, openid, stationId: 'st-beida', quarters, source: 'honour' });
    // 120 h + 30.25 h − 0.25 h = 150 h: one star (100), halfway to two (300) … a quarter of the way.
    insert('hours_ledger', [entry('h1', 'reg-hours', 480), entry('h2', 'reg-hours', 121), entry('h3', 'reg-hours', -1), entry('h4', 'someone-else', 4000)]);
    const signup = (id: string, openid: string, lateCancel: boolean) => ({ _id: id, shiftId: id, openid, state: 'cancelled', lateCancel });
    insert('shift_signups', [signup('s1', 'reg-hours', true), signup('s2', 'reg-hours', false), signup('s3', 'reg-hours', true), signup('s4', 'someone-else', true)]);
    const me = await w.ok<VolunteerProfile>('volunteer', 'reg-hours', 'me');
    expect(me).toMatchObject({ totalHours: 150, stars: { level: 1, nextAt: 300, progress: 0.25 }, lateCancellations: 2 });
  });

  it('someone holding the volunteer role without a registration (an admin’s grant) is not registered; setting preferences asks them to register and writes nothing', async () => {
    insert('users', [{ _id: 'reg-granted', nickname: '老张', phone: null, streetId: null, communityId: null, roles: [{ role: 'resident' }, { role: 'volunteer' }] }]);
    expect(await w.ok<VolunteerProfile>('volunteer', 'reg-granted', 'me')).toMatchObject({ registered: false, realNameMasked: null, phoneMasked: null, registeredAt: null, totalHours: 0 });
    const before = digest();
    expect(await w.call('volunteer', 'reg-granted', 'setPreferences', { showOnLeaderboard: false })).toMatchObject({ ok: false, error: { code: 'VOLUNTEER.NOT_REGISTERED' } });
    expect(digest()).toBe(before);
  });

  it('a resident who never registered sees an empty record', async () => {
    expect(await w.ok<VolunteerProfile>('volunteer', someone(), 'me')).toMatchObject({ registered: false, totalHours: 0, lateCancellations: 0, showOnLeaderboard: true });
  });
});

describe('volunteer.setPreferences', () => {
  it('opts out of (and back into) the leaderboard by name', async () => {
    await w.registerVolunteer('reg-shy');
    expect(await w.ok<VolunteerProfile>('volunteer', 'reg-shy', 'setPreferences', { showOnLeaderboard: false })).toMatchObject({ showOnLeaderboard: false });
    expect(w.doc('volunteers', 'reg-shy')).toMatchObject({ showOnLeaderboard: false });
    expect(await w.ok<VolunteerProfile>('volunteer', 'reg-shy', 'me')).toMatchObject({ showOnLeaderboard: false });
    expect(await w.ok<VolunteerProfile>('volunteer', 'reg-shy', 'setPreferences', { showOnLeaderboard: true })).toMatchObject({ showOnLeaderboard: true });
  });
});

describe('personal data', () => {
  it('the registration is in my data export and is erased with my account', async () => {
    await w.ok('user', 'reg-pipl', 'me');
    await w.registerVolunteer('reg-pipl', '吴秀英', '13900000006');
    const data = await w.ok<MyData & { volunteer?: Record<string, unknown> | null }>('user', 'reg-pipl', 'exportMyData');
    expect(data.volunteer).toMatchObject({ realName: '吴秀英', phone: '13900000006', termsVersion: VOLUNTEER_TERMS_VERSION, registeredAt: '2026-12-01T08:00:00+08:00' });
    await w.ok('user', 'reg-pipl', 'deleteAccount', { confirm: '注销' });
    expect(w.doc('volunteers', 'reg-pipl')).toBeNull();
    expect(JSON.stringify([...w.cloud.db.store.entries('volunteers')].map((e) => e.doc))).not.toMatch(/吴秀英|13900000006/);
  });

  it('after a finished deletion, registering again starts afresh (a new consent time, the volunteer role, a user document)', async () => {
    await w.ok('user', 'reg-back', 'me');
    await w.registerVolunteer('reg-back', '吴秀英', '13900000007');
    await w.ok('user', 'reg-back', 'deleteAccount', { confirm: '注销' });
    w.clock.advance(24 * 3_600_000);
    expect(await w.ok<VolunteerProfile>('volunteer', 'reg-back', 'register', { realName: '吴秀英', phone: '13900000007' })).toMatchObject({
      registered: true,
      registeredAt: '2026-12-02T08:00:00+08:00',
      totalHours: 0,
    });
    expect(roles('reg-back')).toEqual(['resident', 'volunteer']);
    expect((await w.ok<Me>('user', 'reg-back', 'me')).roles.map((g) => g.role)).toEqual(['resident', 'volunteer']);
  });
});
