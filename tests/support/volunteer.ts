/**
 * A world for the station and volunteer slices: a fresh seeded local database, and the real station, volunteer and
 * user functions — two instances of each (each its own `main` with its own deps, so its own memory), calls alternating
 * between them — sharing one fake clock (Beijing `now`).
 */
import { FakeClock } from '../../cloudfunctions/_shared/clock';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { handlers as adminHandlers, timers as adminTimers } from '../../cloudfunctions/admin/index';
import { handlers as orgHandlers } from '../../cloudfunctions/org/index';
import { handlers as activityHandlers, pushes as activityPushes, timers as activityTimers } from '../../cloudfunctions/activity/index';
import { handlers as courseHandlers, timers as courseTimers } from '../../cloudfunctions/course/index';
import { handlers as pointsHandlers } from '../../cloudfunctions/points/index';
import { handlers as stationHandlers } from '../../cloudfunctions/station/index';
import { handlers as userHandlers, timers as userTimers } from '../../cloudfunctions/user/index';
import { handlers as venueHandlers, timers as venueTimers } from '../../cloudfunctions/venue/index';
import { handlers as volunteerHandlers, timers as volunteerTimers } from '../../cloudfunctions/volunteer/index';
import { beijingInstant } from '../../types/beijing-time';
import type { Envelope } from '../../types';
import { rid } from './booking';
import { startTestCloud, type TestCloud } from './local-cloud';

export { at, HOUR, MIN, rid } from './booking';

type Fn = 'station' | 'volunteer' | 'user' | 'points' | 'course' | 'venue' | 'activity' | 'org' | 'admin';
export type SliceCall = (fn: Fn, openid: string | null, action: string, data?: unknown, requestId?: string) => Promise<Envelope<unknown>>;

export interface VolunteerWorld {
  cloud: TestCloud;
  clock: FakeClock;
  instances: Record<Fn, Main[]>;
  /** Calls `<fn>.<action>` as `openid`, alternating instances; mutating calls get a fresh requestId unless given. */
  call: SliceCall;
  ok<T>(fn: Fn, openid: string, action: string, data?: unknown, requestId?: string): Promise<T>;
  /** Calls on one chosen instance of each function. */
  on(instance: number): { call: SliceCall; ok<T>(fn: Fn, openid: string, action: string, data?: unknown, requestId?: string): Promise<T> };
  /** The volunteer function's timer, as CloudBase starts it. */
  tick(): Promise<unknown>;
  /** The venue function's timer (`venue.tick`: releases no-shows, reminders, expiries), as CloudBase starts it. */
  venueTick(): Promise<unknown>;
  /** The admin function's timer `rollup` (folds recorded events into the dashboard's rollups), as CloudBase starts it. */
  rollup(): Promise<unknown>;
  /** Registers `openid` as a volunteer (real name 测试志愿者, a phone) through volunteer.register. */
  registerVolunteer(openid: string, realName?: string, phone?: string): Promise<void>;
  notifications(openid: string): Array<{ kind: string; title: string; body: string; shiftId?: string | null; stationId?: string | null }>;
  doc<T>(coll: string, id: string): T | null;
  count(coll: string, query: object): number;
  stop(): Promise<void>;
}

export async function volunteerWorld(now: { date: string; clock: string }, options: { instances?: number } = {}): Promise<VolunteerWorld> {
  const clock = new FakeClock(beijingInstant(now.date, now.clock));
  const n = Math.max(1, options.instances ?? 2);
  const make = (name: Fn): Main[] =>
    Array.from({ length: n }, () => {
      const deps = { clock, db: database };
      if (name === 'station') return createFunction('station', stationHandlers, deps);
      if (name === 'user') return createFunction('user', userHandlers, deps, userTimers);
      if (name === 'course') return createFunction('course', courseHandlers, deps, courseTimers);
      if (name === 'activity') return createFunction('activity', activityHandlers, deps, activityTimers, activityPushes);
      if (name === 'points') return createFunction('points', pointsHandlers, deps);
      if (name === 'org') return createFunction('org', orgHandlers, deps);
      if (name === 'admin') return createFunction('admin', adminHandlers, deps, adminTimers);
      if (name === 'venue') return createFunction('venue', venueHandlers, deps, venueTimers);
      return createFunction('volunteer', volunteerHandlers, deps, volunteerTimers);
    });
  const instances: Record<Fn, Main[]> = { station: make('station'), volunteer: make('volunteer'), user: make('user'), points: make('points'), course: make('course'), venue: make('venue'), activity: make('activity'), org: make('org'), admin: make('admin') };
  const turns: Record<string, number> = {};
  const spread =
    (fn: Fn): Main =>
    (event, context) =>
      (instances[fn][(turns[`http:${fn}`] = (turns[`http:${fn}`] ?? 0) + 1) % n] as Main)(event, context);
  const cloud = await startTestCloud({ now: () => clock.now(), functions: { station: spread('station'), volunteer: spread('volunteer'), user: spread('user'), points: spread('points'), course: spread('course'), venue: spread('venue'), activity: spread('activity'), org: spread('org'), admin: spread('admin') } });
  const callWith =
    (pick: (fn: Fn) => Main): SliceCall =>
    (fn, openid, action, data = {}, requestId) =>
      cloud.invoke(pick(fn), openid, { action, data, requestId: requestId ?? rid() });
  const okOf =
    (c: SliceCall) =>
    async <T>(fn: Fn, openid: string, action: string, data: unknown = {}, requestId?: string): Promise<T> => {
      const res = await c(fn, openid, action, data, requestId);
      if (!res.ok) throw new Error(`${fn}.${action} failed: ${res.error.code} ${res.error.message} ${JSON.stringify(res.error.fields ?? {})}`);
      return res.data as T;
    };
  const call = callWith((fn) => instances[fn][(turns[fn] = (turns[fn] ?? 0) + 1) % n] as Main);
  const ok = okOf(call);
  const handle = (body: Record<string, unknown>) => cloud.db.handle(body) as unknown as { data: { list?: string[]; total?: number } };
  return {
    cloud,
    clock,
    instances,
    call,
    ok,
    on: (i) => {
      const c = callWith((fn) => instances[fn][i % n] as Main);
      return { call: c, ok: okOf(c) };
    },
    tick: async () => {
      const main = instances.volunteer[0] as Main;
      const res = await main({ Type: 'Timer', TriggerName: 'tick', Time: new Date(clock.now()).toISOString() }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) });
      if (!res.ok) throw new Error(`tick failed: ${res.error.code}`);
      return res.data;
    },
    venueTick: async () => {
      const main = instances.venue[0] as Main;
      const res = await main({ Type: 'Timer', TriggerName: 'tick', Time: new Date(clock.now()).toISOString() }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) });
      if (!res.ok) throw new Error(`tick failed: ${res.error.code}`);
      return res.data;
    },
    rollup: async () => {
      const main = instances.admin[0] as Main;
      const res = await main({ Type: 'Timer', TriggerName: 'rollup', Time: new Date(clock.now()).toISOString() }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) });
      if (!res.ok) throw new Error(`rollup failed: ${res.error.code}`);
      return res.data;
    },
    registerVolunteer: async (openid, realName = '测试志愿者', phone = '13800000000') => {
      await ok('volunteer', openid, 'register', { realName, phone });
    },
    notifications: (openid) =>
      (handle({ action: 'database.getDocument', collectionName: 'notifications', query: JSON.stringify({ openid }), order: '{"createdAt":1}', limit: 1000 }).data.list ?? []).map(
        (s) => JSON.parse(s) as { kind: string; title: string; body: string; shiftId?: string | null; stationId?: string | null },
      ),
    doc: <T>(coll: string, id: string): T | null => {
      const entry = cloud.db.store.get(coll, id);
      return entry ? (entry.doc as unknown as T) : null;
    },
    count: (coll, query) => handle({ action: 'database.calculateDocument', collectionName: coll, query: JSON.stringify(query) }).data.total ?? 0,
    stop: () => cloud.stop(),
  };
}
