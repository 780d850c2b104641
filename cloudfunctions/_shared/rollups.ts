import type { Database } from './db';
import type { Writer } from './tx';

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

/** Writes one fact in the caller's transaction (the event's own). */
export function recordFact(_w: Writer, _fact: RollupFactInput, _now: number): Promise<void> {
  return Promise.reject(new Error('not built yet'));
}

/** Folds pending facts (oldest first, in batches) into the counters; each fact counts once. The timer `rollup`. */
export function foldFacts(_db: Database, _now: number): Promise<{ folded: number }> {
  return Promise.reject(new Error('not built yet'));
}

/** Recomputes every counter from the source collections (drops the old counters, facts and marks first). */
export function rebuildRollups(_db: Database, _now: number): Promise<{ docs: number }> {
  return Promise.reject(new Error('not built yet'));
}
