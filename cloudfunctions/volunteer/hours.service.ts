import { randomInt } from 'node:crypto';
import { beijingDate, toBeijingIso } from '../../types/beijing-time';
import { starProgress, type HoursEntry } from '../../types/volunteer';
import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { DomainError, forbidden } from '../_shared/errors';
import { ERASED_NAME, maskName } from '../_shared/privacy';
import { canManageStation, stationScope } from '../_shared/station-scope';
import type { HoursEntryDoc } from '../_shared/volunteer.docs';
import { SequenceTaken, type HoursRepository, type LedgerPerson, type StoredCertificate } from './hours.repository';
import { toHours } from './ledger';

/** Who issues the 志愿服务记录证明. */
export const CERTIFICATE_ISSUER = '芝罘区社会组织党委';
/** Certificate numbers: ZFHF-<Beijing issue date>-<8 of these>, about 40 bits drawn at random per certificate. */
export const CERTIFICATE_PREFIX = 'ZFHF';
const NUMBER_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const NUMBER_RANDOM_LENGTH = 8;
/** The leaderboard's length. */
export const LEADERBOARD_SIZE = 20;
export const ANONYMOUS_VOLUNTEER = '匿名志愿者';
/** What a volunteer's own ledger calls an entry they earned themselves (check-out). */
export const SELF = '本人';

/** 王小芳 → 王** (the surname only; 女士/先生 cannot be known). */
export const surnameOnly = (name: string): string => `${Array.from(name)[0] ?? ''}**`;

/** A random certificate number (not derived from anything: it cannot be guessed from the person or the date alone). */
export function newCertificateNumber(now: number): string {
  let tail = '';
  for (let i = 0; i < NUMBER_RANDOM_LENGTH; i++) tail += NUMBER_ALPHABET[randomInt(NUMBER_ALPHABET.length)] as string;
  return `${CERTIFICATE_PREFIX}-${beijingDate(now).replace(/-/g, '')}-${tail}`;
}

function toEntry(d: HoursEntryDoc): HoursEntry {
  return {
    id: d._id,
    hours: toHours(d.quarters),
    source: d.source,
    stationId: d.stationId,
    stationName: d.stationName,
    shiftId: d.shiftId ?? null,
    shiftTitle: d.shiftTitle ?? null,
    reason: d.reason ?? null,
    byName: d.source === 'checkout' ? SELF : d.byName,
    at: toBeijingIso(new Date(d.at).getTime()),
    correctsId: d.correctsId ?? null,
  };
}

/** A person's name as others may see it: masked real name, else masked nickname. */
function maskedNameOf(person: LedgerPerson | undefined): string {
  const name = person?.realName ?? person?.nickname;
  return name ? maskName(name) : ERASED_NAME;
}

/**
 * The hours ledger (append-only: entries are only ever added, by appendHours), totals for managers, the 志愿服务记录证明
 * and its public verification, and the monthly leaderboard.
 */
export class HoursService {
  constructor(
    private readonly repo: HoursRepository,
    private readonly clock: Clock,
  ) {}

  async ledger(caller: Caller): Promise<ActionOutput<'volunteer', 'ledger'>> {
    const [entries, byStation] = await Promise.all([this.repo.entriesOf(caller.openid), this.repo.byStationOf(caller.openid)]);
    const quarters = byStation.reduce((sum, s) => sum + s.quarters, 0);
    const totalHours = toHours(quarters);
    return {
      entries: entries.map(toEntry),
      totalHours,
      byStation: byStation
        .filter((s) => s.quarters !== 0)
        .sort((a, b) => b.quarters - a.quarters || a.stationId.localeCompare(b.stationId))
        .map((s) => ({ stationId: s.stationId, stationName: s.stationName, hours: toHours(s.quarters) })),
      stars: starProgress(totalHours),
    };
  }

  async grantHours(caller: Caller, input: ParsedInput<'volunteer', 'grantHours'>, requestId: string): Promise<ActionOutput<'volunteer', 'grantHours'>> {
    const quarters = Math.round(input.hours * 4);
    if (quarters < 0 && !input.correctsId) {
      throw new DomainError('INPUT.INVALID', 'a negative entry must correct an entry', { hours: '荣誉时长须为正数；要减少时长，请选择要更正的记录' });
    }
    const station = await this.repo.station(input.stationId);
    if (!station) throw new DomainError('STATION.NOT_FOUND', 'no such station');
    if (!(await canManageStation(caller, station))) throw forbidden();
    if (!(await this.repo.userExists(input.openid))) throw new DomainError('USER.NOT_FOUND', 'no such person');
    const now = this.clock.now();
    const [self] = [...(await this.repo.people([caller.openid])).values()];
    const byName = self?.realName ?? self?.nickname ?? '站点管理员';

    let corrected: HoursEntryDoc | null = null;
    if (input.correctsId) {
      corrected = await this.repo.entry(input.correctsId);
      if (!corrected || corrected.openid !== input.openid || corrected.stationId !== station._id) {
        throw new DomainError('HOURS.ENTRY_NOT_FOUND', 'no such entry of this person at this station');
      }
    }
    const hoursText = `${quarters > 0 ? '+' : ''}${toHours(quarters)}`;
    for (let attempt = 0; attempt < 20; attempt++) {
      let id: string | undefined;
      if (corrected) {
        // Corrections at a station take consecutive ids: two racing corrections cannot both pass the check below,
        // the database refuses the second id and it counts again.
        const seq = await this.repo.correctionsAt(station._id);
        id = `corr:${station._id}:${seq}`;
        if (quarters < 0 && (await this.repo.quartersAt(input.openid, station._id)) + quarters < 0) {
          throw new DomainError('HOURS.NEGATIVE_TOTAL', 'the correction would take the station total below zero');
        }
      }
      try {
        const doc = await this.repo.grant(
          {
            ...(id ? { _id: id } : {}),
            openid: input.openid,
            stationId: station._id,
            stationName: station.name,
            streetId: station.streetId,
            shiftId: corrected?.shiftId ?? null,
            shiftTitle: corrected?.shiftTitle ?? null,
            quarters,
            source: corrected ? 'correction' : 'honour',
            reason: input.reason,
            by: caller.openid,
            byName,
            serviceDate: corrected?.serviceDate ?? beijingDate(now),
            correctsId: corrected?._id ?? null,
          },
          corrected
            ? { kind: 'hours_credited', title: '志愿时长已更正', body: `${station.name}更正了您的服务时长（${hoursText}小时）：${input.reason}`, stationId: station._id }
            : { kind: 'hours_credited', title: '获得荣誉时长', body: `${station.name}为您记入荣誉时长${toHours(quarters)}小时：${input.reason}`, stationId: station._id },
          {
            actor: caller.openid,
            action: 'volunteer.grantHours',
            target: `user:${input.openid}`,
            summary: `${corrected ? `correction of a ${corrected.source} entry (${corrected.serviceDate})` : 'honour'} ${hoursText} h: ${input.reason}`,
            requestId,
            scope: { stationId: station._id, streetId: station.streetId },
          },
          now,
        );
        if (doc === 'erasing') throw new DomainError('USER.NOT_FOUND', 'the person is deleting their account');
        return toEntry(doc);
      } catch (e) {
        if (e instanceof SequenceTaken) continue;
        throw e;
      }
    }
    throw new DomainError('CONFLICT', 'too many corrections at once; try again');
  }

  async totals(caller: Caller, input: ParsedInput<'volunteer', 'totals'>): Promise<ActionOutput<'volunteer', 'totals'>> {
    if (input.openid && !input.stationId) throw new DomainError('INPUT.INVALID', 'openid needs stationId', { stationId: '请先选择站点' });
    let one = null;
    if (input.stationId) {
      one = await this.repo.station(input.stationId);
      if (!one) throw new DomainError('STATION.NOT_FOUND', 'no such station');
      if (!(await canManageStation(caller, one))) throw forbidden();
    }
    const stations = await this.repo.stationsIn(await stationScope(caller));
    if (one && !stations.some((s) => s._id === one._id)) stations.push(one);
    const [perStation, ranked] = await Promise.all([
      this.repo.stationTotals(stations.map((s) => s._id)),
      one ? this.repo.ranked({ stationId: one._id, positiveOnly: false, knownOnly: false, limit: 1000 }) : Promise.resolve([]),
    ]);
    const streets = new Map<string, { streetName: string; quarters: number }>();
    for (const s of stations) {
      const st = streets.get(s.streetId) ?? { streetName: s.streetName, quarters: 0 };
      st.quarters += perStation.get(s._id)?.quarters ?? 0;
      streets.set(s.streetId, st);
    }
    const volunteers = ranked.map((p) => ({ openid: p.openid, name: p.realName ?? p.nickname ?? ERASED_NAME, hours: toHours(p.quarters) }));
    return {
      stations: stations.map((s) => ({
        stationId: s._id,
        stationName: s.name,
        streetId: s.streetId,
        hours: toHours(perStation.get(s._id)?.quarters ?? 0),
        volunteers: perStation.get(s._id)?.volunteers ?? 0,
      })),
      streets: [...streets.entries()].map(([streetId, s]) => ({ streetId, streetName: s.streetName, hours: toHours(s.quarters) })),
      volunteers,
      ...(one && input.openid ? { entries: (await this.repo.entriesOf(input.openid, one._id)).map(toEntry) } : {}),
    };
  }

  async certificate(caller: Caller, input: ParsedInput<'volunteer', 'certificate'>): Promise<ActionOutput<'volunteer', 'certificate'>> {
    const byStation = await this.repo.byStationOf(caller.openid);
    const quarters = byStation.reduce((sum, s) => sum + s.quarters, 0);
    if (quarters <= 0) throw new DomainError('CERTIFICATE.NO_HOURS', 'no hours credited yet');
    const froms = byStation.map((s) => s.from).filter((d): d is string => d !== null).sort();
    const tos = byStation.map((s) => s.to).filter((d): d is string => d !== null).sort();
    const person = (await this.repo.people([caller.openid])).get(caller.openid);
    const realName = person?.realName ?? person?.nickname ?? '';
    const nameShown = input.nameShown ?? 'masked';
    const name = nameShown === 'full' ? realName : nameShown === 'surname' ? surnameOnly(realName) : maskName(realName);
    const now = this.clock.now();
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc: StoredCertificate = {
        _id: newCertificateNumber(now),
        openid: caller.openid,
        name,
        nameShown,
        verifyName: nameShown === 'surname' ? name : maskName(realName),
        quarters,
        periodFrom: froms[0] ?? beijingDate(now),
        periodTo: tos[tos.length - 1] ?? beijingDate(now),
        stations: byStation
          .filter((s) => s.quarters > 0)
          .sort((a, b) => b.quarters - a.quarters || a.stationId.localeCompare(b.stationId))
          .map((s) => s.stationName),
        issuedAt: new Date(now),
      };
      if (await this.repo.insertCertificate(doc)) {
        return {
          number: doc._id,
          name: doc.name,
          totalHours: toHours(doc.quarters),
          periodFrom: doc.periodFrom,
          periodTo: doc.periodTo,
          stations: doc.stations,
          issuedAt: toBeijingIso(now),
          issuer: CERTIFICATE_ISSUER,
        };
      }
    }
    throw new DomainError('CONFLICT', 'could not draw a free certificate number');
  }

  async verify(number: string): Promise<ActionOutput<'volunteer', 'verify'>> {
    const doc = await this.repo.certificate(number);
    if (!doc) throw new DomainError('CERTIFICATE.NOT_FOUND', 'no such certificate');
    return {
      number: doc._id,
      name: doc.verifyName,
      totalHours: toHours(doc.quarters),
      periodFrom: doc.periodFrom,
      periodTo: doc.periodTo,
      issuedAt: toBeijingIso(new Date(doc.issuedAt).getTime()),
    };
  }

  async leaderboard(caller: Caller, input: ParsedInput<'volunteer', 'leaderboard'>): Promise<ActionOutput<'volunteer', 'leaderboard'>> {
    const month = input.month ?? beijingDate(this.clock.now()).slice(0, 7);
    const streetId = input.streetId ?? null;
    const top = await this.repo.ranked({ month, streetId, positiveOnly: true, knownOnly: true, limit: LEADERBOARD_SIZE });
    const streetNames = await this.repo.streetNames([...new Set(top.map((p) => p.streetId).filter((s): s is string => !!s))]);
    let rank = 0;
    return {
      month,
      streetId,
      entries: top.map((r, i) => {
        if (i === 0 || (top[i - 1] as { quarters: number }).quarters !== r.quarters) rank = i + 1;
        const anonymous = !r.showOnLeaderboard;
        return {
          rank,
          name: anonymous ? ANONYMOUS_VOLUNTEER : maskedNameOf(r),
          hours: toHours(r.quarters),
          streetName: !anonymous && r.streetId ? (streetNames.get(r.streetId) ?? null) : null,
          me: r.openid === caller.openid,
        };
      }),
    };
  }
}
