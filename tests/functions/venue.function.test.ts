import { FakeClock } from '../../cloudfunctions/_shared/clock';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { handlers as venueHandlers, main, timers as venueTimers } from '../../cloudfunctions/venue/index';
import { CATALOGUE_TTL_MS } from '../../cloudfunctions/venue/venue.repository';
import type { Envelope, VenueSummary } from '../../types';
import { databaseDigest } from '../support/digest';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.stop());

const list = async (data: unknown): Promise<VenueSummary[]> => {
  const res = await cloud.invoke(main, 'demo-resident', { action: 'list', data });
  if (!res.ok) throw new Error(`${res.error.code}: ${JSON.stringify(res.error.fields)}`);
  return (res.data as { venues: VenueSummary[] }).venues;
};

describe('venue.list (real SDK → local database)', () => {
  it('lists every active seeded venue, 创益园 first', async () => {
    const venues = await list({});
    expect(venues.length).toBeGreaterThanOrEqual(15);
    expect(venues[0]).toMatchObject({ name: '创益园多功能厅', level: 'district', capacity: 120, needsApproval: true });
    expect(venues.map((v) => v.level)).toEqual(expect.arrayContaining(['district', 'street', 'community']));
  });

  it('filters by level, street, community, type and capacity', async () => {
    expect((await list({ level: 'community' })).every((v) => v.level === 'community')).toBe(true);
    const xiangyang = await list({ streetId: 'xiangyang' });
    expect(xiangyang.map((v) => v.name).sort()).toEqual(['北大社区文体活动室', '向阳街道党群服务中心活动室'].sort());
    expect((await list({ communityId: 'beida' })).map((v) => v.id)).toEqual(['beida-room']);
    expect((await list({ type: 'rehearsal' })).map((v) => v.id).sort()).toEqual(['beida-room', 'cyy-rehearsal']);
    const big = await list({ minCapacity: 50 });
    expect(big.length).toBeGreaterThan(0);
    expect(big.every((v) => v.capacity >= 50)).toBe(true);
  });

  it('lists the 12 streets of Zhifu with their communities for the filters', async () => {
    const res = await cloud.invoke(main, 'demo-resident', { action: 'areas', data: {} });
    const streets = (res as { data: { streets: Array<{ name: string; communities: Array<{ name: string }> }> } }).data.streets;
    expect(streets.map((s) => s.name)).toEqual(['向阳街道', '东山街道', '毓璜顶街道', '通伸街道', '凤凰台街道', '奇山街道', '白石街道', '芝罘岛街道', '黄务街道', '只楚街道', '世回尧街道', '幸福街道']);
    expect(streets[0]?.communities.map((c) => c.name)).toContain('北大社区');
  });

  it('hides a venue taken out of service within the catalogue window, and at once in a new instance', async () => {
    const clock = new FakeClock(Date.now());
    const instance = createFunction('venue', venueHandlers, { clock, db: database }, venueTimers);
    const ids = async (fn: Main): Promise<string[]> => {
      const res = (await cloud.invoke(fn, 'demo-resident', { action: 'list', data: {} })) as Envelope<{ venues: VenueSummary[] }>;
      if (!res.ok) throw new Error(`venue.list failed: ${res.error.code}`);
      return res.data.venues.map((v) => v.id);
    };
    expect(await ids(instance)).toContain('fuxin-room');
    // Taken out of service in the console (no function involved).
    cloud.db.handle({ action: 'database.modifyDocument', collectionName: 'venues', query: '{"_id":"fuxin-room"}', data: '{"$set":{"active":false}}', merge: true });
    clock.advance(CATALOGUE_TTL_MS);
    expect(await ids(instance)).not.toContain('fuxin-room');
    expect(await ids(createFunction('venue', venueHandlers, { clock, db: database }, venueTimers))).not.toContain('fuxin-room');
    expect(await cloud.invoke(instance, 'demo-resident', { action: 'get', data: { venueId: 'fuxin-room' } })).toMatchObject({ ok: false, error: { code: 'VENUE.NOT_FOUND' } });
  });

  it('exposes no manager identities or internal fields', async () => {
    const venues = await list({});
    expect(venues.length).toBeGreaterThan(0);
    for (const v of venues) expect(v).not.toHaveProperty('managerOpenids');
    // 陈主任 manages every 创益园 room: no venue in the list names him.
    expect(JSON.stringify(venues)).not.toContain('demo-venue-manager');
  });

  it('answers operator-shaped and malformed filters with INPUT.INVALID and writes nothing', async () => {
    const before = databaseDigest(cloud.db);
    for (const data of [{ streetId: { $ne: null } }, { level: 'galaxy' }, { minCapacity: 1e12 }, { minCapacity: 2.5 }, { streetId: 'a/b' }, { type: '' }]) {
      const res = await cloud.invoke(main, 'demo-resident', { action: 'list', data });
      expect(res).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    }
    expect(databaseDigest(cloud.db)).toBe(before);
  });
});
