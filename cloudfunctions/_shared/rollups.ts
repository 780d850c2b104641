import { BEIJING_OFFSET_MINUTES, beijingDate } from '../../types/beijing-time';
import { DISTRICT_LEVEL_STREET } from '../../types/org-rules';
import { Collections } from './collections';
import { type Database, dbErrorCode } from './db';
import { getDoc, retryingTransaction, type Writer } from './tx';
import type { BookingDoc, VenueDoc } from './venue-ledger';
import type { HoursEntryDoc } from './volunteer.docs';

/**
 * Rollups: what the dashboard reads, maintained as events happen — never a scan of bookings, check-ins or sign-ups on
 * a view.
 *
 * 1. Every counted event writes ONE small fact document (`rollup_facts`, random `_id`) in the event's own transaction
 *    (`recordFact`): a booking confirmed or cancelled, a no-show, hours credited, a course completed, an activity
 *    published or cancelled, a sign-up confirmed or cancelled, an attendance. No shared counter is touched on the hot
 *    path, so bookings never contend on a dashboard document, and a rolled-back event leaves no fact.
 * 2. The admin function's timer `rollup` (every minute) folds facts into monthly counters per street
 *    (`rollups/<YYYY-MM>:<streetId>`) and per organization (`rollups/<YYYY-MM>:org:<orgId>`) with `inc`, deleting the
 *    facts it folded in the same transaction (`foldFacts`): each fact counts exactly once. Distinct counts (active
 *    volunteers a month, party members covered a quarter) take a mark (`rollup_marks/<id>`) in that transaction: the
 *    database refuses a second mark, so a person counts once.
 * 3. `rebuildRollups` recomputes every counter from the source collections (deploy, demo seed, the generator) using
 *    the same per-document contributions (`contributions*` below) the events use, so both paths agree (tested).
 *
 * Months are Beijing calendar months of when the thing happens (the booking's slot, the shift, the activity), not of
 * when it was recorded. District-level places (the 创益园) count under DISTRICT_LEVEL_STREET.
 */

/** Additive measures of a street-month. */
export const RollupMeasures = [
  'venue.minutes',
  'venue.bookings',
  'venue.noShows',
  /** Confirmed bookings whose time has passed (the no-show rate's denominator): counted when checked in or released. */
  'venue.due',
  'volunteer.minutes',
  'course.completions',
  'activity.held',
  'activity.signups',
  'activity.attended',
] as const;
export type RollupMeasure = (typeof RollupMeasures)[number];

export interface RollupFactInput {
  /** Beijing month YYYY-MM the event counts in. */
  month: string;
  /** The street (DISTRICT_LEVEL_STREET for district-level places). */
  streetId: string;
  /** Deltas (negative to undo: a cancellation after confirmation). */
  inc: Partial<Record<RollupMeasure, number>>;
  /** venue.minutes also counts per venue and per Beijing hour of day (minutes falling in each hour). */
  venueId?: string;
  hourMinutes?: Record<string, number>;
  /** Distinct counts: 'volunteer.active' (per month) or 'coverage' (per quarter, per branch: `branchId`). */
  distinct?: { measure: 'volunteer.active'; openid: string } | { measure: 'coverage'; openid: string; branchId: string; quarter: string };
  /** Organization buckets: a booking made in an organization's name (orgId), hours of a volunteer (openid → their orgs). */
  orgId?: string;
  volunteerOpenid?: string;
}

export interface RollupFactDoc extends RollupFactInput {
  _id: string;
  at: Date;
}

/** A street-month of counters (`_id` = `<YYYY-MM>:<streetId>`). Missing fields are 0. */
export interface StreetRollupDoc {
  _id: string;
  kind: 'street';
  month: string;
  streetId: string;
  venue: { minutes: number; bookings: number; noShows: number; due: number };
  /** venueId → booked minutes. */
  venueMinutes: Record<string, number>;
  /** 'HH' (Beijing hour of day) → booked minutes. */
  hourMinutes: Record<string, number>;
  volunteer: { minutes: number; active: number };
  course: { completions: number };
  /** branchId → party members first covered (a completion) this quarter in this month. */
  coverage: Record<string, number>;
  activity: { held: number; signups: number; attended: number };
}

/** An organization-month (`_id` = `<YYYY-MM>:org:<orgId>`). */
export interface OrgRollupDoc {
  _id: string;
  kind: 'org';
  month: string;
  orgId: string;
  bookings: number;
  bookingMinutes: number;
  volunteerMinutes: number;
}

/** The fold's meta document (`rollups/meta`): when it last folded anything. */
export interface RollupMetaDoc {
  _id: 'meta';
  foldedAt: Date | null;
  rebuiltAt: Date | null;
}

export const streetRollupId = (month: string, streetId: string): string => `${month}:${streetId}`;
export const orgRollupId = (month: string, orgId: string): string => `${month}:org:${orgId}`;

/**
 * Street-months live in `rollups` (a bounded set: streets × months, what the dashboard queries), organization-months in
 * `org_rollups` (they grow with the register; read by id on an organization's page only), so the dashboard's queries
 * never wade through organization counters.
 */
const collectionOf = (doc: StreetRollupDoc | OrgRollupDoc): string => (doc.kind === 'org' ? Collections.orgRollups : Collections.rollups);

/** Writes one fact in the caller's transaction (the event's own). */
export async function recordFact(w: Writer, fact: RollupFactInput, now: number): Promise<void> {
  await w.collection(Collections.rollupFacts).add({ ...fact, at: new Date(now) });
}

// ------------------------------------------------------------------------------------------------ contributions

/** What a document adds to the counters as it stands: null when nothing. Events record after − before. */
type Contribution = RollupFactInput | null;

const streetOrDistrict = (streetId: string | null | undefined): string => streetId || DISTRICT_LEVEL_STREET;
const ms = (d: Date | string | number): number => new Date(d).getTime();
const HOUR_MS = 3_600_000;

/** Minutes of [start, end) falling in each Beijing hour of day ('HH'). */
export function minutesByHour(start: number, end: number): Record<string, number> {
  const out: Record<string, number> = {};
  const offset = BEIJING_OFFSET_MINUTES * 60_000;
  for (let t = start; t < end; ) {
    const next = Math.min(end, (Math.floor((t + offset) / HOUR_MS) + 1) * HOUR_MS - offset);
    const hour = String(Math.floor((t + offset) / HOUR_MS) % 24).padStart(2, '0');
    out[hour] = (out[hour] ?? 0) + Math.round((next - t) / 60_000);
    t = next;
  }
  return out;
}

/** The fields of a booking the counters depend on. */
export type BookingFacts = Pick<BookingDoc, 'venueId' | 'date' | 'start' | 'end' | 'state' | 'checkedInAt' | 'orgId'>;

/**
 * A booking counts once confirmed (also when later checked in, completed or released as a no-show): one booking, its
 * minutes per venue and per hour of day; a due booking once checked in (or completed after a check-in); a no-show (and
 * due) once released. Pending, rejected, expired and cancelled bookings count nothing (a cancellation undoes).
 */
export function bookingContribution(b: BookingFacts, venueStreetId: string | null): Contribution {
  if (b.state !== 'confirmed' && b.state !== 'checked_in' && b.state !== 'completed' && b.state !== 'released') return null;
  const start = ms(b.start);
  const end = ms(b.end);
  const minutes = Math.round((end - start) / 60_000);
  const inc: RollupFactInput['inc'] = { 'venue.bookings': 1, 'venue.minutes': minutes };
  if (b.state === 'checked_in' || (b.state === 'completed' && b.checkedInAt)) inc['venue.due'] = 1;
  if (b.state === 'released') Object.assign(inc, { 'venue.noShows': 1, 'venue.due': 1 });
  return {
    month: b.date.slice(0, 7),
    streetId: streetOrDistrict(venueStreetId),
    inc,
    venueId: b.venueId,
    hourMinutes: minutesByHour(start, end),
    ...(b.orgId ? { orgId: b.orgId } : {}),
  };
}

/** An hours-ledger entry (credit or correction): its minutes, in the month of the service, and the volunteer active. */
export function hoursContribution(e: Pick<HoursEntryDoc, 'openid' | 'streetId' | 'quarters' | 'serviceDate' | 'month'>): Contribution {
  if (!e.quarters) return null;
  return {
    month: (e.serviceDate || e.month).slice(0, 7),
    streetId: streetOrDistrict(e.streetId),
    inc: { 'volunteer.minutes': e.quarters * 15 },
    ...(e.quarters > 0 ? { distinct: { measure: 'volunteer.active' as const, openid: e.openid } } : {}),
    volunteerOpenid: e.openid,
  };
}

/** The Beijing quarter ('2026-Q4') of a Beijing date. */
export const quarterOfDate = (date: string): string => `${date.slice(0, 4)}-Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`;

/** A course completion, in the person's street; a party member covered once a quarter in their branch. */
export function completionContribution(c: { openid: string; date: string; branchId: string | null }, userStreetId: string | null | undefined): Contribution {
  return {
    month: c.date.slice(0, 7),
    streetId: streetOrDistrict(userStreetId),
    inc: { 'course.completions': 1 },
    ...(c.branchId ? { distinct: { measure: 'coverage' as const, openid: c.openid, branchId: c.branchId, quarter: quarterOfDate(c.date) } } : {}),
  };
}

/** The fields of an activity the counters depend on. */
export interface ActivityFacts {
  state: string;
  start: Date | string;
  streetId: string | null;
}

/** A published activity is held (in its start month and street); a draft or a cancelled one counts nothing. */
export function activityContribution(a: ActivityFacts | null): Contribution {
  if (!a || a.state !== 'published') return null;
  return { month: beijingDate(ms(a.start)).slice(0, 7), streetId: streetOrDistrict(a.streetId), inc: { 'activity.held': 1 } };
}

/** A confirmed sign-up (and its attendance once checked in), in the activity's start month and street. */
export function signupContribution(s: { state: string; checkedInAt?: Date | string | null } | null, a: Pick<ActivityFacts, 'start' | 'streetId'>): Contribution {
  if (!s || s.state !== 'confirmed') return null;
  return {
    month: beijingDate(ms(a.start)).slice(0, 7),
    streetId: streetOrDistrict(a.streetId),
    inc: s.checkedInAt ? { 'activity.signups': 1, 'activity.attended': 1 } : { 'activity.signups': 1 },
  };
}

const bucketOf = (c: RollupFactInput): string => JSON.stringify([c.month, c.streetId, c.venueId ?? null, c.orgId ?? null, c.volunteerOpenid ?? null]);

function scaled(c: RollupFactInput, sign: 1 | -1): RollupFactInput {
  const inc = Object.fromEntries(Object.entries(c.inc).map(([k, v]) => [k, sign * v]));
  const out: RollupFactInput = { ...c, inc };
  if (c.hourMinutes) out.hourMinutes = Object.fromEntries(Object.entries(c.hourMinutes).map(([k, v]) => [k, sign * v]));
  if (sign < 0) delete out.distinct;
  return out;
}

/** The facts that take the counters from `before`'s contribution to `after`'s (none when they are the same). */
export function changeFacts(before: Contribution, after: Contribution): RollupFactInput[] {
  if (!before) return after ? [after] : [];
  if (!after) return [scaled(before, -1)];
  if (bucketOf(before) !== bucketOf(after) || before.distinct || after.distinct) return [scaled(before, -1), after];
  const inc: RollupFactInput['inc'] = {};
  for (const k of new Set([...Object.keys(before.inc), ...Object.keys(after.inc)]) as Set<RollupMeasure>) {
    const d = (after.inc[k] ?? 0) - (before.inc[k] ?? 0);
    if (d) inc[k] = d;
  }
  const hourMinutes: Record<string, number> = {};
  for (const h of new Set([...Object.keys(before.hourMinutes ?? {}), ...Object.keys(after.hourMinutes ?? {})])) {
    const d = (after.hourMinutes?.[h] ?? 0) - (before.hourMinutes?.[h] ?? 0);
    if (d) hourMinutes[h] = d;
  }
  if (Object.keys(inc).length === 0 && Object.keys(hourMinutes).length === 0) return [];
  const fact: RollupFactInput = { ...after, inc };
  if (Object.keys(hourMinutes).length) fact.hourMinutes = hourMinutes;
  else delete fact.hourMinutes;
  return [fact];
}

/** Records what a change of a document changes in the counters (nothing, one fact, or an undo and a redo). */
export async function recordChange(w: Writer, before: Contribution, after: Contribution, now: number): Promise<void> {
  for (const fact of changeFacts(before, after)) await recordFact(w, fact, now);
}

/**
 * The hook of every booking write (inside its transaction): what the change from `before` to `after` counts. The
 * venue's street is read (in the transaction) only when something counts.
 */
export async function recordBookingChange(w: Writer, before: BookingFacts | null, after: BookingFacts, now: number): Promise<void> {
  const probe = changeFacts(before && bookingContribution(before, null), bookingContribution(after, null));
  if (probe.length === 0) return;
  const venue = await getDoc<Pick<VenueDoc, 'streetId'>>(w, Collections.venues, after.venueId);
  const street = venue?.streetId ?? null;
  await recordChange(w, before && bookingContribution(before, street), bookingContribution(after, street), now);
}

// ------------------------------------------------------------------------------------------------ folding

/** A street-month with every counter at 0 (what the fold starts from; tests build their rollups on it). */
export const emptyStreet = (month: string, streetId: string): StreetRollupDoc => ({
  _id: streetRollupId(month, streetId),
  kind: 'street',
  month,
  streetId,
  venue: { minutes: 0, bookings: 0, noShows: 0, due: 0 },
  venueMinutes: {},
  hourMinutes: {},
  volunteer: { minutes: 0, active: 0 },
  course: { completions: 0 },
  coverage: {},
  activity: { held: 0, signups: 0, attended: 0 },
});

const emptyOrg = (month: string, orgId: string): OrgRollupDoc => ({ _id: orgRollupId(month, orgId), kind: 'org', month, orgId, bookings: 0, bookingMinutes: 0, volunteerMinutes: 0 });

/** The distinct-count mark of a fact (`<what>:<period>:<key>:<openid>`), if it has one. */
export function markIdOf(fact: RollupFactInput): string | null {
  const d = fact.distinct;
  if (!d) return null;
  if (d.measure === 'volunteer.active') return `volunteer.active:${fact.month}:${fact.streetId}:${d.openid}`;
  return `coverage:${d.quarter}:${d.branchId}:${d.openid}`;
}

/** Sums of facts by counter document (what a batch adds: the fold's increments, the rebuild's totals). */
class Sums {
  readonly streets = new Map<string, StreetRollupDoc>();
  readonly orgs = new Map<string, OrgRollupDoc>();

  /** Adds one fact; `newMark`: whether its distinct mark was new; `orgsOf`: the volunteer's organizations. */
  add(fact: RollupFactInput, newMark: boolean, volunteerOrgs: string[]): void {
    const id = streetRollupId(fact.month, fact.streetId);
    let s = this.streets.get(id);
    if (!s) this.streets.set(id, (s = emptyStreet(fact.month, fact.streetId)));
    const doc = s as unknown as Record<string, Record<string, number>>;
    for (const [measure, v] of Object.entries(fact.inc)) {
      const [group, field] = measure.split('.') as [string, string];
      const g = doc[group] as Record<string, number>;
      g[field] = (g[field] ?? 0) + (v);
    }
    const minutes = fact.inc['venue.minutes'] ?? 0;
    if (fact.venueId && minutes) s.venueMinutes[fact.venueId] = (s.venueMinutes[fact.venueId] ?? 0) + minutes;
    for (const [h, m] of Object.entries(fact.hourMinutes ?? {})) s.hourMinutes[h] = (s.hourMinutes[h] ?? 0) + m;
    if (newMark && fact.distinct?.measure === 'volunteer.active') s.volunteer.active += 1;
    if (newMark && fact.distinct?.measure === 'coverage') s.coverage[fact.distinct.branchId] = (s.coverage[fact.distinct.branchId] ?? 0) + 1;
    const org = (orgId: string): OrgRollupDoc => {
      const oid = orgRollupId(fact.month, orgId);
      let o = this.orgs.get(oid);
      if (!o) this.orgs.set(oid, (o = emptyOrg(fact.month, orgId)));
      return o;
    };
    if (fact.orgId && (fact.inc['venue.bookings'] || minutes)) {
      const o = org(fact.orgId);
      o.bookings += fact.inc['venue.bookings'] ?? 0;
      o.bookingMinutes += minutes;
    }
    const volunteerMinutes = fact.inc['volunteer.minutes'] ?? 0;
    if (volunteerMinutes) for (const orgId of volunteerOrgs) org(orgId).volunteerMinutes += volunteerMinutes;
  }
}

/** The `inc` update of a counter document by a sum (dot paths, non-zero numbers only). */
function incUpdate(db: Database, sum: StreetRollupDoc | OrgRollupDoc): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'number') {
      if (value) out[path] = db.command.inc(value);
    } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  const identity = new Set(['_id', 'kind', 'month', 'streetId', 'orgId']);
  const counters = Object.fromEntries(Object.entries(sum).filter(([k]) => !identity.has(k)));
  walk(counters, '');
  return out;
}

const FOLD_BATCH = 100;
const FOLD_BUDGET_MS = 5_000;
const META_ID = 'meta';

/** The organizations a person belongs to (`users.orgs`), as the transaction reads them. */
async function orgsOfUser(w: Writer, openid: string): Promise<string[]> {
  const user = await getDoc<{ orgs?: Array<{ orgId: string }> }>(w, Collections.users, openid);
  return (user?.orgs ?? []).map((o) => o.orgId);
}

/** Folds pending facts (oldest first, in batches) into the counters; each fact counts once. The timer `rollup`. */
export async function foldFacts(db: Database, now: number): Promise<{ folded: number }> {
  const started = performance.now();
  let folded = 0;
  while (performance.now() - started < FOLD_BUDGET_MS) {
    const res = await db.collection(Collections.rollupFacts).orderBy('at', 'asc').orderBy('_id', 'asc').limit(FOLD_BATCH).field({ _id: true }).get();
    const ids = (res.data as Array<{ _id: string }>).map((d) => d._id);
    if (ids.length === 0) break;
    const n = await retryingTransaction(db, async (tx) => {
      const sums = new Sums();
      const marks = new Set<string>();
      const orgs = new Map<string, string[]>();
      let n = 0;
      for (const id of ids) {
        // Read in the transaction: a fact another fold already took is gone (skipped); one it is taking conflicts.
        const fact = await getDoc<RollupFactDoc>(tx, Collections.rollupFacts, id);
        if (!fact) continue;
        await tx.collection(Collections.rollupFacts).doc(id).remove();
        n += 1;
        const markId = markIdOf(fact);
        let fresh = false;
        if (markId && !marks.has(markId)) {
          marks.add(markId);
          if (!(await getDoc(tx, Collections.rollupMarks, markId))) {
            await tx.collection(Collections.rollupMarks).doc(markId).set({ openid: fact.distinct?.openid ?? '', at: new Date(now) });
            fresh = true;
          }
        }
        let volunteerOrgs: string[] = [];
        if (fact.volunteerOpenid && fact.inc['volunteer.minutes']) {
          if (!orgs.has(fact.volunteerOpenid)) orgs.set(fact.volunteerOpenid, await orgsOfUser(tx, fact.volunteerOpenid));
          volunteerOrgs = orgs.get(fact.volunteerOpenid) ?? [];
        }
        sums.add(fact, fresh, volunteerOrgs);
      }
      if (n === 0) return 0;
      for (const sum of [...sums.streets.values(), ...sums.orgs.values()]) {
        const coll = collectionOf(sum);
        const existing = await getDoc(tx, coll, sum._id);
        const { _id, ...rest } = sum;
        if (existing) {
          const update = incUpdate(db, sum);
          if (Object.keys(update).length) await tx.collection(coll).doc(_id).update(update);
        } else await tx.collection(coll).doc(_id).set(rest);
      }
      const meta = await getDoc<RollupMetaDoc>(tx, Collections.rollups, META_ID);
      await tx.collection(Collections.rollups).doc(META_ID).set({ foldedAt: new Date(now), rebuiltAt: meta?.rebuiltAt ?? null });
      return n;
    }, { attempts: 3 }).catch((e: unknown) => {
      // Another instance is folding these facts (or the counters) right now: they are its; the next run takes the rest.
      if (dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') return null;
      throw e;
    });
    if (n === null) break;
    folded += n;
  }
  return { folded };
}

// ------------------------------------------------------------------------------------------------ rebuilding

const PAGE = 1000;
/** An aggregation's output is taken whole (its groups are few: months × places × kinds, or people × months). */
const ALL = 1_000_000;
const DAY_MS = 86_400_000;

/**
 * One aggregation over a whole collection, grouped by what a contribution depends on: one pass over the collection
 * (no paging through hundreds of thousands of documents), and its output is small.
 */
async function grouped<K>(db: Database, coll: string, match: object, key: Record<string, unknown>, sums: Record<string, unknown>): Promise<Array<{ _id: K } & Record<string, number>>> {
  const res = (await db.collection(coll).aggregate().match(match).group({ _id: key, ...sums }).limit(ALL).end()) as { data?: Array<{ _id: K } & Record<string, number>> };
  return res.data ?? [];
}

/** A contribution counted `n` times (its distinct mark, if any, is taken once). */
function times(c: RollupFactInput, n: number): RollupFactInput {
  if (n === 1) return c;
  const out: RollupFactInput = { ...c, inc: Object.fromEntries(Object.entries(c.inc).map(([k, v]) => [k, v * n])) };
  if (c.hourMinutes) out.hourMinutes = Object.fromEntries(Object.entries(c.hourMinutes).map(([k, v]) => [k, v * n]));
  return out;
}

/** Removes every document of a collection (in rounds: a platform may cap one removal). */
async function dropAll(db: Database, coll: string): Promise<void> {
  for (let round = 0; round < 10_000; round++) {
    const res = (await db.collection(coll).where({ _id: db.command.exists(true) }).remove()) as { deleted?: number };
    if (!res.deleted) return;
  }
}

/**
 * Recomputes every counter from the source collections (drops the old counters, facts and marks first), with the
 * contributions the events use: each source is read in one aggregation grouped by what its contribution depends on
 * (a booking: month, venue, organization, state, checked in, time of day, length), then every group counts its
 * contribution times its size. Distinct marks are taken in month order, as the fold takes them.
 */
export async function rebuildRollups(db: Database, now: number): Promise<{ docs: number }> {
  for (const coll of [Collections.rollupFacts, Collections.rollupMarks, Collections.rollups, Collections.orgRollups]) await dropAll(db, coll);
  const $ = db.command.aggregate;
  const sums = new Sums();
  const marks = new Map<string, string>();
  const take = (c: Contribution, n = 1, orgs: string[] = []): void => {
    if (!c) return;
    const markId = markIdOf(c);
    const fresh = markId !== null && !marks.has(markId);
    if (markId && fresh) marks.set(markId, c.distinct?.openid ?? '');
    sums.add(times(c, n), fresh, orgs);
  };

  const venueStreets = new Map<string, string | null>();
  for (const v of (await db.collection(Collections.venues).field({ _id: true, streetId: true }).limit(PAGE).get()).data as Array<Pick<VenueDoc, '_id' | 'streetId'>>) {
    venueStreets.set(v._id, v.streetId ?? null);
  }
  const users = new Map<string, { streetId: string | null; orgs: string[] }>();
  const userRows = (await db
    .collection(Collections.users)
    .aggregate()
    .project({ streetId: true, orgs: '$orgs.orgId' })
    .limit(ALL)
    .end()) as { data?: Array<{ _id: string; streetId?: string | null; orgs?: string[] }> };
  for (const u of userRows.data ?? []) users.set(u._id, { streetId: u.streetId ?? null, orgs: Array.isArray(u.orgs) ? u.orgs : [] });

  // Bookings: a representative booking of each group (its time of day and length; its month) counts n times.
  type BookingKey = { month: string; venueId: string; orgId: string | null; state: BookingDoc['state']; checked: boolean; tod: number; dur: number };
  const bookingGroups = await grouped<BookingKey>(
    db,
    Collections.bookings,
    { state: db.command.in(['confirmed', 'checked_in', 'completed', 'released']) },
    {
      month: $.substr(['$date', 0, 7]),
      venueId: '$venueId',
      orgId: '$orgId',
      state: '$state',
      checked: $.gt(['$checkedInAt', new Date(0)]),
      tod: $.mod([$.subtract(['$start', new Date(0)]), DAY_MS]),
      dur: $.subtract(['$end', '$start']),
    },
    { n: $.sum(1) },
  );
  for (const { _id: k, n } of bookingGroups) {
    const start = new Date(k.tod);
    const b: BookingFacts = { venueId: k.venueId, date: `${k.month}-01`, start, end: new Date(k.tod + k.dur), state: k.state, checkedInAt: k.checked ? start : null, orgId: k.orgId ?? null };
    take(bookingContribution(b, venueStreets.get(k.venueId) ?? null), n);
  }

  // Hours: per person, street and month — the minutes summed, active when any entry credited hours.
  type HoursKey = { month: string; streetId: string; openid: string };
  const hoursGroups = await grouped<HoursKey>(
    db,
    Collections.hoursLedger,
    {},
    { month: $.substr(['$serviceDate', 0, 7]), streetId: '$streetId', openid: '$openid' },
    { quarters: $.sum('$quarters'), credits: $.sum($.cond([$.gt(['$quarters', 0]), 1, 0])) },
  );
  for (const { _id: k, quarters, credits } of hoursGroups.sort((a, b) => a._id.month.localeCompare(b._id.month))) {
    const c = hoursContribution({ openid: k.openid, streetId: k.streetId, quarters: (credits as number) > 0 ? 1 : -1, serviceDate: `${k.month}-01`, month: k.month });
    if (c) take({ ...c, inc: { 'volunteer.minutes': (quarters as number) * 15 } }, 1, users.get(k.openid)?.orgs ?? []);
  }

  // Completions: per person, month and branch (a person is covered in the first month of the quarter they completed in).
  type CompletionKey = { month: string; openid: string; branchId: string | null };
  const completionGroups = await grouped<CompletionKey>(db, Collections.courseCompletions, {}, { month: $.substr(['$date', 0, 7]), openid: '$openid', branchId: '$branchId' }, { n: $.sum(1) });
  for (const { _id: k, n } of completionGroups.sort((a, b) => a._id.month.localeCompare(b._id.month))) {
    take(completionContribution({ openid: k.openid, date: `${k.month}-01`, branchId: k.branchId ?? null }, users.get(k.openid)?.streetId), n);
  }

  // Activities (few), then their confirmed sign-ups per activity (and attendance).
  const activities = new Map<string, Pick<ActivityFacts, 'start' | 'streetId'>>();
  const activityRows = (await db.collection(Collections.activities).aggregate().project({ state: true, start: true, streetId: true }).limit(ALL).end()) as { data?: Array<ActivityFacts & { _id: string }> };
  for (const a of activityRows.data ?? []) {
    activities.set(a._id, { start: a.start, streetId: a.streetId ?? null });
    take(activityContribution(a));
  }
  const signupGroups = await grouped<{ activityId: string; checked: boolean }>(
    db,
    Collections.activitySignups,
    { state: 'confirmed' },
    { activityId: '$activityId', checked: $.gt(['$checkedInAt', new Date(0)]) },
    { n: $.sum(1) },
  );
  for (const { _id: k, n } of signupGroups) {
    const a = activities.get(k.activityId);
    if (a) take(signupContribution({ state: 'confirmed', checkedInAt: k.checked ? new Date(0) : null }, a), n);
  }

  const docs = [...sums.streets.values(), ...sums.orgs.values()];
  for (const doc of docs) {
    const { _id, ...rest } = doc;
    await db.collection(collectionOf(doc)).doc(_id).set(rest);
  }
  const markDocs = [...marks].map(([_id, openid]) => ({ _id, openid, at: new Date(now) }));
  for (let i = 0; i < markDocs.length; i += 500) await db.collection(Collections.rollupMarks).add(markDocs.slice(i, i + 500));
  await db.collection(Collections.rollups).doc(META_ID).set({ foldedAt: null, rebuiltAt: new Date(now) });
  return { docs: docs.length };
}

// ------------------------------------------------------------------------------------------------ erasure

/**
 * Account erasure: the person's distinct-count marks (their ids and `openid` name them) are put under the pseudonym —
 * the counts stay, and a pending fact of theirs (also put under the pseudonym) still counts them once — and their
 * pending facts lose their openid the same way.
 */
export async function eraseRollupMarks(db: Database, openid: string, pseudonym: string): Promise<number> {
  let moved = 0;
  for (;;) {
    const res = await db.collection(Collections.rollupMarks).where({ openid }).limit(PAGE).get();
    const docs = res.data as Array<{ _id: string; openid: string; at: Date }>;
    if (docs.length === 0) break;
    for (const m of docs) {
      const _id = `${m._id.slice(0, m._id.length - openid.length)}${pseudonym}`;
      await db.collection(Collections.rollupMarks).doc(_id).set({ openid: pseudonym, at: m.at });
      await db.collection(Collections.rollupMarks).doc(m._id).remove();
      moved += 1;
    }
  }
  await db.collection(Collections.rollupFacts).where({ 'distinct.openid': openid }).update({ 'distinct.openid': pseudonym });
  await db.collection(Collections.rollupFacts).where({ volunteerOpenid: openid }).update({ volunteerOpenid: pseudonym });
  return moved;
}
