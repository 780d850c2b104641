import { FakeClock } from '../../cloudfunctions/_shared/clock';
import { database } from '../../cloudfunctions/_shared/db';
import { createFunction, type Main } from '../../cloudfunctions/_shared/runtime';
import { handlers as venueHandlers, timers as venueTimers } from '../../cloudfunctions/venue/index';
import { beijingInstant, toBeijingIso } from '../../types/beijing-time';
import type { Envelope } from '../../types';
import { startTestCloud, type TestCloud } from './local-cloud';

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** 'YYYY-MM-DD', 'HH:mm' in Beijing → ISO-8601 with +08:00 (what the app sends). */
export const at = (date: string, clock: string): string => toBeijingIso(beijingInstant(date, clock));

export interface BookingWorld {
  cloud: TestCloud;
  clock: FakeClock;
  venue: Main;
  /** Calls `venue.<action>` as `openid`; requestId defaults to a fresh one for mutating calls. */
  call(openid: string | null, action: string, data?: unknown, requestId?: string): Promise<Envelope<unknown>>;
  ok<T>(openid: string, action: string, data?: unknown, requestId?: string): Promise<T>;
  tick(): Promise<unknown>;
  notifications(openid: string): Array<{ kind: string; title: string; body: string; bookingId: string | null }>;
  doc<T>(coll: string, id: string): T | null;
  count(coll: string, query: object): number;
  stop(): Promise<void>;
}

let seq = 0;
export const rid = (): string => `req-${Date.now().toString(36)}-${(++seq).toString(36)}`;

/**
 * A fresh seeded local database, the real venue function (real SDK over HTTP), and one fake clock shared by the
 * function and the database's serverDate. `now` is a Beijing date and time.
 */
export async function bookingWorld(now: { date: string; clock: string }): Promise<BookingWorld> {
  const clock = new FakeClock(beijingInstant(now.date, now.clock));
  const deps = { clock, db: database };
  const venue = createFunction('venue', venueHandlers, deps, venueTimers);
  const cloud = await startTestCloud({ now: () => clock.now(), functions: { venue } });
  const call = (openid: string | null, action: string, data: unknown = {}, requestId?: string): Promise<Envelope<unknown>> =>
    cloud.invoke(venue, openid, { action, data, requestId: requestId ?? rid() });
  const handle = (body: Record<string, unknown>) => cloud.db.handle(body) as unknown as { data: { list?: string[]; total?: number } };
  return {
    cloud,
    clock,
    venue,
    call,
    ok: async <T>(openid: string, action: string, data: unknown = {}, requestId?: string): Promise<T> => {
      const res = await call(openid, action, data, requestId);
      if (!res.ok) throw new Error(`venue.${action} failed: ${res.error.code} ${res.error.message} ${JSON.stringify(res.error.fields ?? {})}`);
      return res.data as T;
    },
    tick: async () => {
      const res = await venue({ Type: 'Timer', TriggerName: 'tick', Time: new Date(clock.now()).toISOString() }, {});
      if (!res.ok) throw new Error(`tick failed: ${res.error.code}`);
      return res.data;
    },
    notifications: (openid) =>
      (handle({ action: 'database.getDocument', collectionName: 'notifications', query: JSON.stringify({ openid }), order: '{"createdAt":1}', limit: 1000 }).data.list ?? []).map(
        (s) => JSON.parse(s) as { kind: string; title: string; body: string; bookingId: string | null },
      ),
    doc: <T>(coll: string, id: string): T | null => {
      const entry = cloud.db.store.get(coll, id);
      return entry ? (entry.doc as unknown as T) : null;
    },
    count: (coll, query) => handle({ action: 'database.calculateDocument', collectionName: coll, query: JSON.stringify(query) }).data.total ?? 0,
    stop: () => cloud.stop(),
  };
}
