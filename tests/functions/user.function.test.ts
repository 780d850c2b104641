import { main } from '../../cloudfunctions/user/index';
import { databaseDigest } from '../support/digest';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.stop());

describe('user function (real SDK → local database)', () => {
  it('returns a seeded user’s profile and roles, with the phone masked', async () => {
    const res = await cloud.invoke(main, 'demo-venue-manager', { action: 'me' });
    expect(res).toMatchObject({
      ok: true,
      data: {
        openid: 'demo-venue-manager',
        profile: { nickname: '陈主任', phoneMasked: '133****9753' },
        roles: expect.arrayContaining([{ role: 'resident' }, expect.objectContaining({ role: 'venue_manager' })]),
      },
    });
    expect(JSON.stringify(res)).not.toContain('13305359753');
  });

  it('registers a new openid as a plain resident exactly once, however many first calls race', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => cloud.invoke(main, 'newcomer-7', { action: 'me' })));
    for (const r of results) expect(r).toMatchObject({ ok: true, data: { openid: 'newcomer-7', roles: [{ role: 'resident' }], profile: { phoneMasked: null } } });
    const count = cloud.db.handle({ action: 'database.calculateDocument', collectionName: 'users', query: '{"_id":"newcomer-7"}' });
    expect(count).toMatchObject({ data: { total: 1 } });
  });

  it('takes identity only from the invocation context, never from the payload', async () => {
    const res = await cloud.invoke(main, 'demo-resident', { action: 'me', data: { openid: 'demo-district-admin' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', fields: { openid: 'unknown field' } } });
    const anonymous = await cloud.invoke(main, null, { action: 'me' });
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'AUTH.UNAUTHENTICATED' } });
  });

  it('changes nothing when the input is bad', async () => {
    const before = databaseDigest(cloud.db);
    for (const event of [null, 'me', { action: 42 }, { action: 'me', data: [] }, { action: 'me', extra: 1 }, { action: 'me', data: { roles: ['district_admin'] } }]) {
      const res = await cloud.invoke(main, 'someone-new', event);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.code).toBe('INPUT.INVALID');
    }
    expect(databaseDigest(cloud.db)).toBe(before);
  });
});
