/**
 * admin.findPeople on two instances: by all 11 digits of a phone, its last 4, or part of the nickname; at most 20;
 * phone masked; a street admin finds only people of their street and sees of their roles only what they administer.
 */
import type { FoundPerson } from '../../types';
import { volunteerWorld, type VolunteerWorld } from '../support/volunteer';

const DISTRICT = 'demo-district-admin';
const STREET = 'demo-street-admin'; // 向阳街道

let w: VolunteerWorld;
beforeEach(async () => {
  w = await volunteerWorld({ date: '2026-12-01', clock: '08:00' });
});
afterEach(() => w.stop());

const find = async (as: string, q: string): Promise<FoundPerson[]> => (await w.ok<{ people: FoundPerson[] }>('admin', as, 'findPeople', { q })).people;
const ids = (people: FoundPerson[]): string[] => people.map((p) => p.openid).sort();

describe('findPeople', () => {
  it('finds by the whole phone, its last four digits, or part of the nickname, phone masked', async () => {
    const [aunt] = await find(DISTRICT, '13805351234');
    expect(aunt).toEqual({
      openid: 'demo-resident',
      nickname: '王阿姨',
      phoneMasked: '138****1234',
      streetId: 'xiangyang',
      streetName: '向阳街道',
      communityName: '北大社区',
      roles: [],
    });
    expect(ids(await find(DISTRICT, '1234'))).toEqual(['demo-resident']);
    expect(ids(await find(DISTRICT, '1380535123'))).toEqual([]);
    expect(ids(await find(DISTRICT, '阿姨'))).toEqual(['demo-resident']);
    expect(ids(await find(DISTRICT, '赵'))).toEqual(['demo-resident-2', 'demo-station-manager']);
    // Regular-expression characters are plain text.
    expect(await find(DISTRICT, '.*')).toEqual([]);
    expect(JSON.stringify(await find(DISTRICT, '赵'))).not.toMatch(/1390535|13205351122/);
  });

  it('answers at most 20', async () => {
    for (let i = 0; i < 25; i++) await w.ok('user', `many-${i}`, 'setProfile', { nickname: `测试居民${i}` });
    expect(await find(DISTRICT, '测试居民')).toHaveLength(20);
  });

  it('lets a street admin find only people of their street, with only the roles they administer', async () => {
    expect(ids(await find(STREET, '赵'))).toEqual(['demo-station-manager']);
    expect(await find(STREET, '13905356789')).toEqual([]); // 赵大爷 lives in 东山街道
    expect(await find(STREET, '主任')).toEqual([]); // 陈主任 has no street
    await w.ok('admin', DISTRICT, 'grantRole', { openid: 'demo-station-manager', grant: { role: 'venue_manager', scope: { venueIds: ['beida-room', 'cyy-hall'] } } });
    const [manager] = await find(STREET, '赵站长');
    expect(manager?.roles).toEqual([
      { role: 'station_manager', scope: { stationIds: ['st-beida'] } },
      { role: 'venue_manager', scope: { venueIds: ['beida-room'] } },
    ]);
    const [all] = await find(DISTRICT, '赵站长');
    expect(all?.roles).toEqual([
      { role: 'station_manager', scope: { stationIds: ['st-beida'] } },
      { role: 'venue_manager', scope: { venueIds: ['beida-room', 'cyy-hall'] } },
    ]);
    const [secretary] = await find(DISTRICT, '刘书记');
    expect(secretary?.roles.map((r) => r.role)).toEqual(['party_member', 'branch_secretary']);
  });

  it('is for administrators only', async () => {
    for (const who of ['demo-resident', 'demo-venue-manager', 'demo-station-manager']) {
      expect(await w.call('admin', who, 'findPeople', { q: '王' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    }
  });
});
