/**
 * The demo activities (local-cloud/seed-activities.ts) in the lived-in week, seeded at a morning and a late evening:
 * published ones with sign-up open across several streets, some nearly full and one with a waitlist, one members-only
 * of branch-shanheliang, a draft of 刘书记's; those in catalogue venues hold their slots through a confirmed 'activity'
 * booking (the venue grid shows them taken) without taking any other booking's slot; places and sign-ups agree the way
 * the sign-up engine leaves them (seats 1…n within the capacity, tickets gap-free, one sign-up per place); the demo
 * accounts 王阿姨, 张老师 and 刘书记 hold no place, so the demo and the browser tests can sign them up.
 */
import { FakeClock } from '../../cloudfunctions/_shared/clock';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction } from '../../cloudfunctions/_shared/runtime';
import { handlers as activityHandlers } from '../../cloudfunctions/activity/index';
import { handlers as venueHandlers } from '../../cloudfunctions/venue/index';
import { seedIfEmpty } from '../../local-cloud/seed';
import type { ActivitySummary } from '../../types';
import { beijingClock, toBeijingIso } from '../../types/beijing-time';
import { startTestCloud } from '../support/local-cloud';
import { at, rid } from '../support/volunteer';

type D = Record<string, unknown> & { _id: string };
const ms = (v: unknown): number => new Date(v as string).getTime();

describe('demo activities (the lived-in week)', () => {
  it.each(['2026-12-01T09:05:00+08:00', '2026-12-05T22:50:00+08:00'])('seeded at %s', async (iso) => {
    const now = Date.parse(iso);
    const clock = new FakeClock(now);
    const venue = createFunction('venue', venueHandlers, { clock, db: database });
    const activity = createFunction('activity', activityHandlers, { clock, db: database });
    const cloud = await startTestCloud({ seed: false, now: () => clock.now(), functions: { venue, activity } });
    try {
      expect(seedIfEmpty(cloud.db, { now: new Date(now) })).toBe(true);
      const all = (c: string): D[] => [...cloud.db.store.entries(c)].map((e) => e.doc);
      const activities = all('activities');
      const places = all('activity_places');
      const signups = all('activity_signups');
      const published = activities.filter((a) => a.state === 'published');
      const taken = (id: string) => places.filter((p) => p.activityId === id && p.kind === 'seat').length;
      const waiting = (id: string) => places.filter((p) => p.activityId === id && p.kind === 'ticket' && p.state === 'waiting').length;

      // 6–8 published, upcoming, sign-up open, across at least three streets.
      expect(published.length).toBeGreaterThanOrEqual(6);
      expect(published.length).toBeLessThanOrEqual(8);
      for (const a of published) {
        expect(ms(a.start)).toBeGreaterThan(now);
        expect(ms(a.signUpDeadline)).toBeGreaterThan(now);
        expect(ms(a.end)).toBeGreaterThan(ms(a.start));
      }
      expect(new Set(published.map((a) => a.streetId ?? 'cyy')).size).toBeGreaterThanOrEqual(3);
      // One starts within half a day (check-in can be tried with a short wait or DEMO_CLOCK).
      expect(Math.min(...published.map((a) => ms(a.start))) - now).toBeLessThan(12 * 3_600_000);
      // Nearly full (one place left), full with people waiting, and members-only for branch-shanheliang.
      expect(published.some((a) => (a.capacity as number) - taken(a._id) === 1)).toBe(true);
      expect(published.some((a) => taken(a._id) === a.capacity && waiting(a._id) >= 1)).toBe(true);
      expect(published.filter((a) => a.audience === 'members').map((a) => a.branchId)).toContain('branch-shanheliang');
      // 刘书记's draft.
      expect(activities.filter((a) => a.state === 'draft')).toEqual([expect.objectContaining({ branchId: 'branch-shanheliang', createdBy: 'demo-secretary', bookingId: null, publishedAt: null })]);

      // Places as the sign-up engine leaves them.
      for (const a of activities) {
        const seats = places.filter((p) => p.activityId === a._id && p.kind === 'seat').map((p) => p.n as number).sort((x, y) => x - y);
        const tickets = places.filter((p) => p.activityId === a._id && p.kind === 'ticket').map((p) => p.n as number).sort((x, y) => x - y);
        expect(seats).toEqual(seats.map((_, i) => i + 1));
        expect(seats.length).toBeLessThanOrEqual(a.capacity as number);
        expect(tickets).toEqual(tickets.map((_, i) => i + 1));
        if (tickets.length > 0) expect(seats.length).toBe(a.capacity);
        for (const p of places.filter((x) => x.activityId === a._id)) {
          const s = cloud.db.store.get('activity_signups', `${a._id}:${p.openid as string}`)?.doc;
          expect(s).toMatchObject(p.kind === 'seat' ? { state: 'confirmed', seat: p.n, ticket: null } : { state: 'waitlisted', seat: null, ticket: p.n });
          expect(p._id).toBe(`${a._id}:${p.kind as string}:${p.n as number}`);
          // Everyone holding a place is a user (the roster names them).
          expect(cloud.db.store.get('users', p.openid as string)?.doc).toMatchObject({ nickname: expect.any(String) });
        }
      }
      expect(signups.length).toBe(places.length);
      for (const openid of ['demo-resident', 'demo-party-member', 'demo-secretary']) expect(signups.filter((s) => s.openid === openid)).toEqual([]);

      // Activities in catalogue venues hold their slots through a confirmed 'activity' booking; one is in 创益园.
      const inVenues = published.filter((a) => a.venueId);
      expect(inVenues.some((a) => String(a.venueId).startsWith('cyy-'))).toBe(true);
      for (const a of inVenues) {
        const booking = cloud.db.store.get('bookings', a.bookingId as string)?.doc as D;
        expect(booking).toMatchObject({ source: 'activity', state: 'confirmed', venueId: a.venueId, date: a.date });
        expect(ms(booking.start)).toBe(ms(a.start));
        expect(ms(booking.end)).toBe(ms(a.end));
        const r = await cloud.invoke(venue, 'demo-resident', { action: 'slots', data: { venueId: a.venueId, date: a.date }, requestId: rid() });
        if (!r.ok) throw new Error(r.error.code);
        const grid = (r.data as { slots: Array<{ start: string; state: string }> }).slots;
        for (let t = ms(a.start); t < ms(a.end); t += 3_600_000) expect(grid.find((g) => g.start === at(a.date as string, beijingClock(t)))?.state).toBe('taken');
      }
      // The feed as 王阿姨 (北大社区, 向阳街道) sees it: her community's first, then her street's, then the district's;
      // every published public one, with its places; not the members-only 主题党日, which 张老师 (a member) sees.
      const feed = async (openid: string): Promise<ActivitySummary[]> => {
        const res = await cloud.invoke(activity, openid, { action: 'feed', data: {}, requestId: rid() });
        if (!res.ok) throw new Error(res.error.code);
        return (res.data as { items: ActivitySummary[] }).items;
      };
      const hers = await feed('demo-resident');
      expect(hers.map((x) => x.id).sort()).toEqual(published.filter((a) => a.audience === 'public').map((a) => a._id).sort());
      expect(hers.map((x) => x.near)).toEqual(['community', 'street', ...hers.slice(2).map(() => 'district')]);
      expect(hers[0]).toMatchObject({ id: 'act_demo_haircut', capacity: 12, taken: 11, waiting: 0, mine: null });
      expect(hers.find((x) => x.id === 'act_demo_clinic')).toMatchObject({ capacity: 10, taken: 10, waiting: 2 });
      const members = published.filter((a) => a.audience === 'members').map((a) => a._id);
      expect((await feed('demo-party-member')).map((x) => x.id)).toEqual(expect.arrayContaining(members));
      // 赵大爷 sees the places he holds.
      expect((await feed('demo-resident-2')).find((x) => x.id === 'act_demo_training')?.mine).toMatchObject({ state: 'confirmed' });

      // The organiser's side works on them as on its own: 刘书记 sees her branch's draft and published ones, the roster,
      // and the venue's manager sees the room held for an 活动.
      const call = async <T>(fn: typeof activity, openid: string, action: string, data: unknown): Promise<T> => {
        const res = await cloud.invoke(fn, openid, { action, data, requestId: rid() });
        if (!res.ok) throw new Error(`${action}: ${res.error.code}`);
        return res.data as T;
      };
      const mineToOrganise = await call<{ items: ActivitySummary[] }>(activity, 'demo-secretary', 'organized', {});
      expect(mineToOrganise.items.map((x) => x.id).sort()).toEqual(activities.filter((a) => a.branchId === 'branch-shanheliang').map((a) => a._id).sort());
      const roster = await call<{ confirmed: Array<{ name: string }>; waitlisted: unknown[] }>(activity, 'demo-secretary', 'roster', { activityId: 'act_demo_haircut' });
      expect(roster.confirmed).toHaveLength(11);
      expect(roster.confirmed.map((x) => x.name)).toContain('李师傅');
      const themeDay = activities.find((a) => a._id === 'act_demo_theme_day') as D;
      const held = await call<{ bookings: Array<{ id: string; bookerName: string }> }>(venue, 'demo-venue-manager', 'schedule', { venueId: themeDay.venueId, date: themeDay.date });
      expect(held.bookings).toContainEqual(expect.objectContaining({ id: themeDay.bookingId, bookerName: '活动' }));
      // Moved an hour later with activity.update, the seeded booking is re-booked as the function's own would be.
      const startClock = beijingClock(ms(themeDay.start));
      const later = (v: unknown) => toBeijingIso(ms(v) + 3_600_000);
      await call(activity, 'demo-secretary', 'update', {
        activityId: themeDay._id,
        activity: { title: themeDay.title, type: themeDay.type, description: themeDay.description, coverFileId: null, start: later(themeDay.start), end: later(themeDay.end), place: { kind: 'venue', venueId: themeDay.venueId }, capacity: themeDay.capacity, audience: themeDay.audience, signUpDeadline: later(themeDay.signUpDeadline) },
      });
      expect(cloud.db.store.get('bookings', themeDay.bookingId as string)?.doc).toMatchObject({ state: 'cancelled' });
      const grid = await call<{ slots: Array<{ start: string; state: string }> }>(venue, 'demo-resident', 'slots', { venueId: themeDay.venueId, date: themeDay.date });
      expect(grid.slots.find((g) => g.start === at(themeDay.date as string, startClock))?.state).toBe('free');
      expect(grid.slots.find((g) => g.start === toBeijingIso(ms(themeDay.end)))?.state).toBe('taken');
      // Everyone holding a place is told.
      const told = all('notifications').filter((n) => n.activityId === themeDay._id && n.kind === 'activity_changed');
      expect(told.map((n) => n.openid).sort()).toEqual(places.filter((p) => p.activityId === themeDay._id).map((p) => p.openid).sort());

      // No seeded booking lost a slot to another: every holding booking's ledger entries name it.
      for (const b of all('bookings').filter((x) => ['pending', 'confirmed', 'checked_in'].includes(x.state as string))) {
        for (const key of b.slotKeys as string[]) expect([key, cloud.db.store.get('slot_ledger', key)?.doc.bookingId]).toEqual([key, b._id]);
      }
    } finally {
      await cloud.stop();
    }
  });
});
