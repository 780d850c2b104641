import { accountErasing } from '../_shared/erasure';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import { type Database, dbErrorCode } from '../_shared/db';
import { enqueueNotification, type NotificationKind } from '../_shared/notifications';
import { getDoc, retryingTransaction, type Writer } from '../_shared/tx';
import type { CertificateDoc, HoursEntryDoc, VolunteerDoc } from '../_shared/volunteer.docs';
import { appendHours } from './ledger';

/** A station as the ledger needs it. */
export interface LedgerStation {
  _id: string;
  name: string;
  streetId: string;
  streetName: string;
}

/** A certificate as stored: what it shows, plus the name a verifier sees (never more than masked). */
export interface StoredCertificate extends CertificateDoc {
  nameShown: 'full' | 'surname' | 'masked';
  /** The name `verify` shows: the masked name, or the surname-only form when that was chosen. */
  verifyName: string;
}

/** A person as the ledger names them: registration (real name, street, leaderboard choice) and profile. */
export interface LedgerPerson {
  openid: string;
  realName: string | null;
  nickname: string | null;
  streetId: string | null;
  showOnLeaderboard: boolean;
}

/** Sum of quarters per group key (aggregation result). */
interface QuarterSum {
  quarters: number;
}

const MAX = 1000;
const BATCH = 500;

/** The id a person's ledger entry was refused under because another entry took it first (retry with a new sequence). */
export class SequenceTaken extends Error {
  constructor() {
    super('ledger sequence taken');
  }
}

/** Hours ledger, certificates and the people and stations they name. Only reads and appends: the ledger is never updated. */
export class HoursRepository {
  constructor(private readonly db: () => Database) {}

  private get $() {
    return this.db().command.aggregate;
  }

  async station(id: string): Promise<LedgerStation | null> {
    const doc = await getDoc<LedgerStation & { active?: boolean }>(this.db(), Collections.stations, id);
    return doc ? { _id: doc._id, name: doc.name, streetId: doc.streetId, streetName: doc.streetName } : null;
  }

  /** Stations in a management scope (all, by id, or by street), in their catalogue order. */
  async stationsIn(scope: { stationIds: string[]; streetIds: string[]; all: boolean }): Promise<LedgerStation[]> {
    const db = this.db();
    const _ = db.command;
    if (!scope.all && scope.stationIds.length === 0 && scope.streetIds.length === 0) return [];
    const where = scope.all ? {} : _.or([{ _id: _.in(scope.stationIds) }, { streetId: _.in(scope.streetIds) }]);
    const res = await db.collection(Collections.stations).where(where).orderBy('sort', 'asc').limit(MAX).get();
    return (res.data as LedgerStation[]).map((d) => ({ _id: d._id, name: d.name, streetId: d.streetId, streetName: d.streetName }));
  }

  async streetNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const db = this.db();
    const res = await db.collection(Collections.streets).where({ _id: db.command.in(ids) }).limit(MAX).get();
    return new Map((res.data as Array<{ _id: string; name: string }>).map((s) => [s._id, s.name]));
  }

  /** Whether the user document exists (a person the ledger may credit). */
  async userExists(openid: string): Promise<boolean> {
    return (await getDoc(this.db(), Collections.users, openid)) !== null;
  }

  /** Registration and profile of each openid (people without either are left out). */
  async people(openids: string[]): Promise<Map<string, LedgerPerson>> {
    const out = new Map<string, LedgerPerson>();
    const db = this.db();
    const _ = db.command;
    for (let i = 0; i < openids.length; i += BATCH) {
      const ids = openids.slice(i, i + BATCH);
      const [vols, users] = await Promise.all([
        db.collection(Collections.volunteers).where({ _id: _.in(ids) }).limit(MAX).get(),
        db.collection(Collections.users).where({ _id: _.in(ids) }).field({ nickname: true, streetId: true }).limit(MAX).get(),
      ]);
      const byId = new Map((vols.data as VolunteerDoc[]).map((v) => [v._id, v]));
      for (const u of users.data as Array<{ _id: string; nickname?: string; streetId?: string | null }>) {
        const v = byId.get(u._id);
        out.set(u._id, { openid: u._id, realName: v?.realName ?? null, nickname: u.nickname ?? null, streetId: v?.streetId ?? u.streetId ?? null, showOnLeaderboard: v?.showOnLeaderboard ?? true });
      }
      for (const v of byId.values()) {
        if (!out.has(v._id)) out.set(v._id, { openid: v._id, realName: v.realName, nickname: null, streetId: v.streetId ?? null, showOnLeaderboard: v.showOnLeaderboard ?? true });
      }
    }
    return out;
  }

  entry(id: string): Promise<HoursEntryDoc | null> {
    return getDoc<HoursEntryDoc>(this.db(), Collections.hoursLedger, id);
  }

  /** The person's entries, newest first (optionally at one station). */
  async entriesOf(openid: string, stationId?: string): Promise<HoursEntryDoc[]> {
    const res = await this.db()
      .collection(Collections.hoursLedger)
      .where(stationId ? { openid, stationId } : { openid })
      .orderBy('at', 'desc')
      .orderBy('_id', 'desc')
      .limit(MAX)
      .get();
    return res.data as HoursEntryDoc[];
  }

  /** The person's quarters per station, with the station's latest name and the first and last credited service dates. */
  async byStationOf(openid: string): Promise<Array<{ stationId: string; stationName: string; quarters: number; from: string | null; to: string | null }>> {
    const $ = this.$;
    const res = (await this.db()
      .collection(Collections.hoursLedger)
      .aggregate()
      .match({ openid })
      .sort({ at: 1 })
      .group({
        _id: '$stationId',
        quarters: $.sum('$quarters'),
        stationName: $.last('$stationName'),
        from: $.min($.cond([$.gt(['$quarters', 0]), '$serviceDate', null])),
        to: $.max($.cond([$.gt(['$quarters', 0]), '$serviceDate', null])),
      })
      .limit(MAX)
      .end()) as { data: Array<QuarterSum & { _id: string; stationName: string; from: string | null; to: string | null }> };
    return res.data.map((r) => ({ stationId: r._id, stationName: r.stationName, quarters: r.quarters, from: r.from ?? null, to: r.to ?? null }));
  }

  /** How many corrections the station's ledger holds (the next correction's sequence number). */
  async correctionsAt(stationId: string): Promise<number> {
    const res = (await this.db().collection(Collections.hoursLedger).where({ stationId, source: 'correction' }).count()) as { total?: number };
    return res.total ?? 0;
  }

  /** The person's quarters at one station. */
  async quartersAt(openid: string, stationId: string): Promise<number> {
    const $ = this.$;
    const res = (await this.db()
      .collection(Collections.hoursLedger)
      .aggregate()
      .match({ openid, stationId })
      .group({ _id: null, quarters: $.sum('$quarters') })
      .end()) as { data: QuarterSum[] };
    return res.data[0]?.quarters ?? 0;
  }

  /** Per station: net quarters, and how many people have a non-zero net there. One aggregation. */
  async stationTotals(stationIds: string[]): Promise<Map<string, { quarters: number; volunteers: number }>> {
    if (stationIds.length === 0) return new Map();
    const db = this.db();
    const $ = this.$;
    const res = (await db
      .collection(Collections.hoursLedger)
      .aggregate()
      .match({ stationId: db.command.in(stationIds) })
      .group({ _id: { stationId: '$stationId', openid: '$openid' }, quarters: $.sum('$quarters') })
      .group({ _id: '$_id.stationId', quarters: $.sum('$quarters'), volunteers: $.sum($.cond([$.eq(['$quarters', 0]), 0, 1])) })
      .limit(MAX)
      .end()) as { data: Array<QuarterSum & { _id: string; volunteers: number }> };
    return new Map(res.data.map((r) => [r._id, { quarters: r.quarters, volunteers: r.volunteers }]));
  }

  /**
   * People by net quarters (most first) with their registration and profile joined in one aggregation: of one station
   * (`stationId`), or credited in one Beijing month (`month`, optionally only people of `streetId`: their registration's
   * street, else their profile's). People who are neither registered nor have a profile (erased) are left out when
   * `knownOnly`.
   */
  async ranked(o: { stationId?: string; month?: string; streetId?: string | null; positiveOnly: boolean; knownOnly: boolean; limit: number }): Promise<Array<LedgerPerson & { quarters: number }>> {
    const db = this.db();
    const _ = db.command;
    const $ = this.$;
    const match: Record<string, unknown> = {};
    if (o.stationId) match.stationId = o.stationId;
    if (o.month) match.month = o.month;
    let agg = db
      .collection(Collections.hoursLedger)
      .aggregate()
      .match(match)
      .group({ _id: '$openid', quarters: $.sum('$quarters') })
      .match({ quarters: o.positiveOnly ? _.gt(0) : _.neq(0) })
      .lookup({ from: Collections.volunteers, localField: '_id', foreignField: '_id', as: 'v' })
      .lookup({ from: Collections.users, localField: '_id', foreignField: '_id', as: 'u' })
      .project({
        quarters: 1,
        realName: $.arrayElemAt(['$v.realName', 0]),
        nickname: $.arrayElemAt(['$u.nickname', 0]),
        showOnLeaderboard: $.arrayElemAt(['$v.showOnLeaderboard', 0]),
        streetId: $.ifNull([$.arrayElemAt(['$v.streetId', 0]), $.arrayElemAt(['$u.streetId', 0])]),
        known: $.add([$.size('$v'), $.size('$u')]),
      });
    if (o.knownOnly) agg = agg.match({ known: _.gt(0) });
    if (o.streetId) agg = agg.match({ streetId: o.streetId });
    const res = (await agg.sort({ quarters: -1, _id: 1 }).limit(o.limit).end()) as {
      data: Array<QuarterSum & { _id: string; realName?: string | null; nickname?: string | null; showOnLeaderboard?: boolean | null; streetId?: string | null }>;
    };
    return res.data.map((r) => ({
      openid: r._id,
      quarters: r.quarters,
      realName: r.realName ?? null,
      nickname: r.nickname ?? null,
      streetId: r.streetId ?? null,
      showOnLeaderboard: r.showOnLeaderboard ?? true,
    }));
  }

  /**
   * Appends one entry with its message and audit entry, in one transaction. A person whose account is being deleted is
   * refused ('erasing'), so no entry names them after the erasure. An entry `_id` another entry already holds answers
   * SequenceTaken (the caller recounts and retries).
   */
  async grant(
    entry: Parameters<typeof appendHours>[1],
    notice: { kind: NotificationKind; title: string; body: string; stationId: string },
    audit: AuditEntry,
    now: number,
  ): Promise<HoursEntryDoc | 'erasing'> {
    return retryingTransaction(this.db(), async (tx) => {
      if (await accountErasing(tx, entry.openid)) return 'erasing' as const;
      let doc: HoursEntryDoc;
      try {
        doc = await appendHours(tx, entry, now);
      } catch (e) {
        if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE') throw new SequenceTaken();
        throw e;
      }
      await enqueueNotification(tx, { openid: entry.openid, ...notice }, now);
      await appendAudit(tx, audit, now);
      return doc;
    });
  }

  /** Stores a certificate under its number; false when the number is taken (draw another). */
  async insertCertificate(doc: StoredCertificate): Promise<boolean> {
    try {
      await (this.db() as unknown as Writer).collection(Collections.certificates).add(doc);
      return true;
    } catch (e) {
      if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE') return false;
      throw e;
    }
  }

  certificate(number: string): Promise<StoredCertificate | null> {
    return getDoc<StoredCertificate>(this.db(), Collections.certificates, number);
  }
}
