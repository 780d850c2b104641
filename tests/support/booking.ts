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

/** Calls `venue.<action>` as `openid`; requestId defaults to a fresh one for mutating calls. */
export type VenueCall = (openid: string | null, action: string, data?: unknown, requestId?: string) => Promise<Envelope<unknown>>;

export interface BookingWorld {
  cloud: TestCloud;
  clock: FakeClock;
  /** The first function instance (the only one unless `instances` > 1). */
  venue: Main;
  /**
   * Every `venue` function instance: each a separately created `main` with its own deps, so its own in-memory state
   * (slot lock, "recently taken" memory, catalogue copy), all sharing one database — as CloudBase runs many.
   */
  instances: Main[];
  /** Calls `venue.<action>`, spread round-robin over the instances. */
  call: VenueCall;
  ok<T>(openid: string, action: string, data?: unknown, requestId?: string): Promise<T>;
  /** Calls on one chosen instance (index modulo the number of instances). */
  on(instance: number): { main: Main; call: VenueCall; ok<T>(openid: string, action: string, data?: unknown, requestId?: string): Promise<T> };
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
export async function bookingWorld(now: { date: string; clock: string }, options: { instances?: number } = {}): Promise<BookingWorld> {
  const clock = new FakeClock(beijingInstant(now.date, now.clock));
  // One deps object per instance: the venue function keeps its per-instance services per deps object.
  const instances = Array.from({ length: Math.max(1, options.instances ?? 1) }, () => createFunction('venue', venueHandlers, { clock, db: database }, venueTimers));
  const venue = instances[0] as Main;
  let turn = 0;
  let httpTurn = 0;
  const next = (): Main => instances[turn++ % instances.length] as Main;
  // Over HTTP too, calls are spread over the instances.
  const spread: Main = (event, context) => (instances[httpTurn++ % instances.length] as Main)(event, context);
  const cloud = await startTestCloud({ now: () => clock.now(), functions: { venue: spread } });
  const callOn =
    (pick: () => Main): VenueCall =>
    (openid, action, data = {}, requestId) =>
      cloud.invoke(pick(), openid, { action, data, requestId: requestId ?? rid() });
  const okOf =
    (c: VenueCall) =>
    async <T>(openid: string, action: string, data: unknown = {}, requestId?: string): Promise<T> => {
      const res = await c(openid, action, data, requestId);
      if (!res.ok) throw new Error(`venue.${action} failed: ${res.error.code} ${res.error.message} ${JSON.stringify(res.error.fields ?? {})}`);
      return res.data as T;
    };
  const call = callOn(next);
  const handle = (body: Record<string, unknown>) => cloud.db.handle(body) as unknown as { data: { list?: string[]; total?: number } };
  return {
    cloud,
    clock,
    venue,
    instances,
    call,
    ok: okOf(call),
    on: (i) => {
      const main = instances[i % instances.length] as Main;
      const c = callOn(() => main);
      return { main, call: c, ok: okOf(c) };
    },
    tick: async () => {
      // As CloudBase starts a timer trigger: TCB_SOURCE wx_trigger and no user in the context.
      const res = await venue({ Type: 'Timer', TriggerName: 'tick', Time: new Date(clock.now()).toISOString() }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) });
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
