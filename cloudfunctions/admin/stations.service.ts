import { randomBytes } from 'node:crypto';
import { toBeijingIso } from '../../types/beijing-time';
import type { ActionOutput, AdminStation, ParsedInput } from '../../types';
import { assertInScope, readStreet, requireAdmin, type AdminScope } from '../_shared/admin-scope';
import type { AuditEntry } from '../_shared/audit';
import type { Caller } from '../_shared/caller';
import { assertPostable, contentChecker } from '../_shared/content-security';
import { DomainError } from '../_shared/errors';
import { retiredShiftMessage } from '../_shared/shift-cancel';
import type { RuntimeDeps } from '../_shared/runtime';
import { checkArea } from './areas';
import type { AdminStationDoc, PlacesRepository } from './places.repository';
import { personRef } from './venues.service';

const ADMIN_FIELDS = ['name', 'streetId', 'communityId', 'address', 'services', 'hours', 'location', 'active'] as const;
const snapshot = (s: AdminStationDoc): Record<string, unknown> => Object.fromEntries(ADMIN_FIELDS.map((k) => [k, s[k] ?? null]));
const iso = (d: Date | string | null | undefined): string | null => (d ? toBeijingIso(new Date(d).getTime()) : null);

/** Red Sail station administration (admin.stations, saveStation, retireStation), in the caller's scope. */
export class StationsService {
  constructor(
    private readonly deps: RuntimeDeps,
    private readonly repo: PlacesRepository,
  ) {}

  async stations(caller: Caller, input: ParsedInput<'admin', 'stations'>): Promise<ActionOutput<'admin', 'stations'>> {
    const scope = await requireAdmin(caller);
    const streetId = readStreet(scope, input.streetId);
    const docs = await this.repo.places<AdminStationDoc>('stations', streetId, input.includeRetired === true);
    return { stations: await this.views(docs) };
  }

  async saveStation(caller: Caller, input: ParsedInput<'admin', 'saveStation'>, requestId: string): Promise<ActionOutput<'admin', 'saveStation'>> {
    const scope = await requireAdmin(caller);
    const s = input.station;
    const existing = input.stationId !== undefined ? await this.existing(scope, input.stationId) : null;
    assertInScope(scope, s.streetId, 'station');
    const area = await checkArea(this.repo, s.streetId, s.communityId, 'station');
    await assertPostable(contentChecker(this.deps), caller.openid, 3, [
      { field: 'station.name', text: s.name },
      { field: 'station.address', text: s.address },
      { field: 'station.hours', text: s.hours },
      ...s.services.map((text, i) => ({ field: `station.services.${i}`, text })),
    ]);
    const now = this.deps.clock.now();
    const id = existing?._id ?? `st_${randomBytes(8).toString('hex')}`;
    const doc: AdminStationDoc = {
      _id: id,
      name: s.name,
      streetId: s.streetId,
      streetName: area.streetName ?? '',
      communityId: area.communityId,
      communityName: area.communityName,
      address: s.address,
      services: s.services,
      hours: s.hours,
      location: s.location,
      active: true,
      sort: existing?.sort ?? (await this.repo.nextSort('stations')),
      adminChangedAt: new Date(now),
    };
    await this.repo.save<AdminStationDoc>(
      'stations',
      doc,
      existing === null,
      (current) => {
        if (current && !current.active) throw new DomainError('STATION.RETIRED', 'the station is retired');
      },
      (current): AuditEntry => ({
        actor: caller.openid,
        action: 'admin.saveStation',
        target: `station:${id}`,
        summary: current ? `edited ${doc.name}` : `created ${doc.name}`,
        requestId,
        scope: { stationId: id, streetId: doc.streetId },
        before: current ? snapshot(current) : null,
        after: snapshot(doc),
      }),
      now,
    );
    const [view] = await this.views([doc]);
    return { station: view as AdminStation };
  }

  async retireStation(caller: Caller, input: ParsedInput<'admin', 'retireStation'>, requestId: string): Promise<ActionOutput<'admin', 'retireStation'>> {
    const scope = await requireAdmin(caller);
    const station = await this.existing(scope, input.stationId);
    const now = this.deps.clock.now();
    const future = await this.repo.openShiftsFrom(station._id, now);
    if (future.length > 0 && input.cancelShifts !== true) {
      throw new DomainError('STATION.HAS_SHIFTS', `${future.length} future shifts`, undefined, { count: String(future.length) });
    }
    const retired: AdminStationDoc = { ...station, active: false, retiredAt: new Date(now), retiredReason: input.reason, adminChangedAt: new Date(now) };
    await this.repo.save<AdminStationDoc>(
      'stations',
      retired,
      false,
      (current) => {
        if (!current) throw new DomainError('STATION.NOT_FOUND', 'no such station');
        if (!current.active) throw new DomainError('STATION.RETIRED', 'the station is retired');
      },
      (current): AuditEntry => ({
        actor: caller.openid,
        action: 'admin.retireStation',
        target: `station:${station._id}`,
        summary: `retired ${station.name}: ${input.reason}`,
        requestId,
        scope: { stationId: station._id, streetId: station.streetId },
        before: current ? snapshot(current) : null,
        after: { ...snapshot(retired), retiredReason: input.reason },
      }),
      now,
    );
    // Once the station is out of service (no new shifts): its open future shifts are cancelled, everyone told.
    let cancelledShifts = 0;
    for (const shift of await this.repo.openShiftsFrom(station._id, now)) {
      if (await this.repo.cancelShift(shift._id, (s) => retiredShiftMessage(station.name, s, input.reason), this.deps.clock.now())) cancelledShifts += 1;
    }
    return { stationId: station._id, cancelledShifts };
  }

  /** A station the caller may change: STATION.NOT_FOUND, AUTH.FORBIDDEN outside their scope, STATION.RETIRED. */
  private async existing(scope: AdminScope, stationId: string): Promise<AdminStationDoc> {
    const station = await this.repo.station(stationId);
    if (!station) throw new DomainError('STATION.NOT_FOUND', 'no such station');
    assertInScope(scope, station.streetId, 'station');
    if (!station.active) throw new DomainError('STATION.RETIRED', 'the station is retired');
    return station;
  }

  private async views(docs: AdminStationDoc[]): Promise<AdminStation[]> {
    const ids = docs.map((d) => d._id);
    const now = this.deps.clock.now();
    const [managers, shifts, members] = await Promise.all([this.repo.managersOf('stations', ids), this.repo.futureShifts(ids, now), this.repo.members(ids)]);
    return docs.map((d) => ({
      id: d._id,
      name: d.name,
      streetId: d.streetId,
      streetName: d.streetName,
      communityId: d.communityId ?? null,
      communityName: d.communityName ?? null,
      address: d.address,
      services: d.services ?? [],
      hours: d.hours,
      location: d.location ?? null,
      active: d.active !== false,
      retiredAt: iso(d.retiredAt),
      retiredReason: d.retiredReason ?? null,
      managers: managers.filter((m) => (m.roles ?? []).some((g) => g.role === 'station_manager' && (g.scope?.stationIds ?? []).includes(d._id))).map(personRef),
      futureShifts: shifts.get(d._id) ?? 0,
      members: members.get(d._id) ?? 0,
    }));
  }
}
