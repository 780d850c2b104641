import type { RoleGrant } from '../../types';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import { dbRegExp, escapeRegExp, type Database } from '../_shared/db';
import { cancelOpenShift } from '../_shared/shift-cancel';
import { getDoc, retryingTransaction } from '../_shared/tx';
import type { VenueDoc } from '../_shared/venue-ledger';
import type { ShiftDoc } from '../_shared/volunteer.docs';
import type { StationDoc } from '../station/station.repository';

export type { StationDoc } from '../station/station.repository';
export type { VenueDoc } from '../_shared/venue-ledger';

/** A station as administration stores it (the station function's document plus the retirement fields). */
export type AdminStationDoc = StationDoc & { adminChangedAt?: Date; retiredAt?: Date | null; retiredReason?: string | null };

/** A person as administration reads them. */
export interface PersonDoc {
  _id: string;
  nickname?: string;
  phone?: string | null;
  streetId?: string | null;
  communityId?: string | null;
  roles?: RoleGrant[];
}

export interface StreetDoc {
  _id: string;
  name: string;
}
export interface CommunityDoc {
  _id: string;
  streetId: string;
  name: string;
}

/** The places an administrator lists, in one of two collections. */
type PlaceKind = 'venues' | 'stations';
const MAX_PLACES = 500;
/** CloudBase answers at most 1000 documents per query. */
const PAGE = 1000;

/** Data access of venue, station and people administration (the only code here that touches `db.collection`). */
export class PlacesRepository {
  constructor(private readonly db: () => Database) {}

  venue(id: string): Promise<VenueDoc | null> {
    return getDoc<VenueDoc>(this.db(), Collections.venues, id);
  }

  station(id: string): Promise<AdminStationDoc | null> {
    return getDoc<AdminStationDoc>(this.db(), Collections.stations, id);
  }

  /** Venues or stations of one street (or all: null), retired ones too when asked, in catalogue order. */
  async places<T>(kind: PlaceKind, streetId: string | null, includeRetired: boolean): Promise<T[]> {
    const where: Record<string, unknown> = {};
    if (streetId !== null) where.streetId = streetId;
    if (!includeRetired) where.active = true;
    const res = await this.db().collection(Collections[kind]).where(where).orderBy('sort', 'asc').limit(MAX_PLACES).get();
    return res.data as T[];
  }

  /** The next catalogue position (after every existing place of the kind). */
  async nextSort(kind: PlaceKind): Promise<number> {
    const res = await this.db().collection(Collections[kind]).orderBy('sort', 'desc').field({ sort: true }).limit(1).get();
    const last = (res.data as Array<{ sort?: number }>)[0]?.sort;
    return typeof last === 'number' ? last + 1 : 0;
  }

  street(id: string): Promise<StreetDoc | null> {
    return getDoc<StreetDoc>(this.db(), Collections.streets, id);
  }

  community(id: string): Promise<CommunityDoc | null> {
    return getDoc<CommunityDoc>(this.db(), Collections.communities, id);
  }

  /** Names of streets and communities by id (two queries, whatever the number of ids). */
  async areaNames(streetIds: string[], communityIds: string[]): Promise<{ streets: Map<string, string>; communities: Map<string, string> }> {
    const db = this.db();
    const _ = db.command;
    const [streets, communities] = await Promise.all([
      streetIds.length ? db.collection(Collections.streets).where({ _id: _.in(streetIds) }).field({ name: true }).limit(PAGE).get() : Promise.resolve({ data: [] }),
      communityIds.length ? db.collection(Collections.communities).where({ _id: _.in(communityIds) }).field({ name: true }).limit(PAGE).get() : Promise.resolve({ data: [] }),
    ]);
    return {
      streets: new Map((streets.data as StreetDoc[]).map((s) => [s._id, s.name])),
      communities: new Map((communities.data as CommunityDoc[]).map((c) => [c._id, c.name])),
    };
  }

  /** People holding a manager grant naming any of these places (one query on the grants' scope). */
  async managersOf(kind: PlaceKind, ids: string[]): Promise<PersonDoc[]> {
    if (ids.length === 0) return [];
    const db = this.db();
    const path = kind === 'venues' ? 'roles.scope.venueIds' : 'roles.scope.stationIds';
    const res = await db.collection(Collections.users).where({ [path]: db.command.in(ids) }).field({ _id: true, nickname: true, phone: true, roles: true }).limit(PAGE).get();
    return res.data as PersonDoc[];
  }

  /** How many pending or confirmed bookings from `now` on each venue holds (one query, grouped). */
  async futureBookings(venueIds: string[], now: number): Promise<Map<string, number>> {
    if (venueIds.length === 0) return new Map();
    const db = this.db();
    const _ = db.command;
    return this.countBy(Collections.bookings, { venueId: _.in(venueIds), state: _.in(['pending', 'confirmed']), start: _.gt(new Date(now)) }, 'venueId');
  }

  /** How many shifts from `now` on (not cancelled) each station has. */
  async futureShifts(stationIds: string[], now: number): Promise<Map<string, number>> {
    if (stationIds.length === 0) return new Map();
    const _ = this.db().command;
    return this.countBy(Collections.shifts, { stationId: _.in(stationIds), state: 'open', start: _.gt(new Date(now)) }, 'stationId');
  }

  /** How many members each station has. */
  async members(stationIds: string[]): Promise<Map<string, number>> {
    if (stationIds.length === 0) return new Map();
    const _ = this.db().command;
    return this.countBy(Collections.stationMembers, { stationId: _.in(stationIds), state: 'member' }, 'stationId');
  }

  private async countBy(coll: string, match: Record<string, unknown>, key: string): Promise<Map<string, number>> {
    const res = (await this.db()
      .collection(coll)
      .aggregate()
      .match(match)
      .group({ _id: `$${key}`, n: this.db().command.aggregate.sum(1) })
      .limit(PAGE)
      .end()) as { data?: Array<{ _id: string; n: number }>; list?: Array<{ _id: string; n: number }> };
    return new Map((res.data ?? res.list ?? []).map((r) => [r._id, r.n]));
  }

  /** A venue's pending or confirmed bookings from `now` on (start and end only, to judge them against new hours). */
  async futureBookingTimes(venueId: string, now: number): Promise<Array<{ _id: string; start: Date; end: Date; source: string }>> {
    const _ = this.db().command;
    const res = await this.db()
      .collection(Collections.bookings)
      .where({ venueId, state: _.in(['pending', 'confirmed']), start: _.gt(new Date(now)) })
      .field({ _id: true, start: true, end: true, source: true })
      .limit(PAGE)
      .get();
    return res.data as Array<{ _id: string; start: Date; end: Date; source: string }>;
  }

  /**
   * Writes a venue or station (`before` null: a new one, refused if the id exists) with its audit entry, in one
   * transaction. `check` sees the document as committed when the transaction reads it (null for a new one) and may
   * throw (nothing is written).
   */
  async save<T extends { _id: string }>(kind: PlaceKind, doc: T, isNew: boolean, check: (current: T | null) => void, audit: (current: T | null) => AuditEntry, now: number): Promise<void> {
    await retryingTransaction(this.db(), async (tx) => {
      const current = await getDoc<T>(tx, Collections[kind], doc._id);
      if (isNew && current) throw new Error(`${kind} ${doc._id} exists`);
      check(current);
      const { _id, ...rest } = doc;
      if (isNew) await tx.collection(Collections[kind]).add(doc);
      else await tx.collection(Collections[kind]).doc(_id).update(rest);
      await appendAudit(tx, audit(current), now);
    });
  }

  /** Stations' future open shifts (retireStation). */
  async openShiftsFrom(stationId: string, now: number): Promise<ShiftDoc[]> {
    const _ = this.db().command;
    const res = await this.db().collection(Collections.shifts).where({ stationId, state: 'open', start: _.gt(new Date(now)) }).orderBy('start', 'asc').limit(PAGE).get();
    return res.data as ShiftDoc[];
  }

  /** Cancels an open shift of a retired station and tells everyone signed up (_shared/shift-cancel.ts). */
  cancelShift(shiftId: string, message: (shift: ShiftDoc) => { title: string; body: string }, now: number): Promise<boolean> {
    return cancelOpenShift(this.db(), shiftId, message, now);
  }

  /**
   * People matching a search: `phone` exact, or a phone ending / nickname part as a regular expression; only of one
   * street when `streetId` is given. At most `limit`.
   */
  async findPeople(match: { phone: string } | { phoneEnding: string } | { nickname: string }, streetId: string | null, limit: number): Promise<PersonDoc[]> {
    const db = this.db();
    const where: Record<string, unknown> = {};
    if ('phone' in match) where.phone = match.phone;
    else if ('phoneEnding' in match) where.phone = dbRegExp(db, `${escapeRegExp(match.phoneEnding)}$`);
    else where.nickname = dbRegExp(db, escapeRegExp(match.nickname), 'i');
    if (streetId !== null) where.streetId = streetId;
    const res = await db.collection(Collections.users).where(where).orderBy('_id', 'asc').field({ _id: true, nickname: true, phone: true, streetId: true, communityId: true, roles: true }).limit(limit).get();
    return res.data as PersonDoc[];
  }
}
