import { randomBytes } from 'node:crypto';
import { beijingClock, clockMinutes, toBeijingIso } from '../../types/beijing-time';
import type { ActionOutput, AdminVenue, ParsedInput, PersonRef, VenueAdminInput } from '../../types';
import { requireAdmin, assertInScope, readStreet, type AdminScope } from '../_shared/admin-scope';
import type { AuditEntry } from '../_shared/audit';
import type { Caller } from '../_shared/caller';
import { assertPostable, contentChecker } from '../_shared/content-security';
import { DomainError } from '../_shared/errors';
import { fileStore } from '../_shared/files';
import { acceptImage } from '../_shared/images';
import { maskPhone } from '../_shared/privacy';
import type { RuntimeDeps } from '../_shared/runtime';
import { isEventBooking, type BookingSource, type VenueDoc } from '../_shared/venue-ledger';
import type { BookingService } from '../venue/booking.service';
import { toSummary } from '../venue/venue.repository';
import type { PersonDoc, PlacesRepository } from './places.repository';
import { checkArea, type Area } from './areas';

/** The venue fields administration writes (and shows in the log's before/after). */
const ADMIN_FIELDS = ['name', 'level', 'type', 'capacity', 'facilities', 'address', 'streetId', 'communityId', 'opens', 'closes', 'slotMinutes', 'windowDays', 'maxConsecutive', 'needsApproval', 'photos', 'active'] as const;
const snapshot = (v: VenueDoc): Record<string, unknown> => Object.fromEntries(ADMIN_FIELDS.map((k) => [k, v[k] ?? null]));

/** A person in an administrator's list: nickname and masked phone. */
export const personRef = (p: PersonDoc): PersonRef => ({ openid: p._id, nickname: p.nickname ?? null, phoneMasked: maskPhone(p.phone ?? null) });

const withoutPhoto = <T extends { photo: unknown }>({ photo: _first, ...rest }: T): Omit<T, 'photo'> => rest;
const iso = (d: Date | string | null | undefined): string | null => (d ? toBeijingIso(new Date(d).getTime()) : null);

/**
 * Venue administration (admin.venues, saveVenue, retireVenue): in the caller's scope (_shared/admin-scope.ts), the
 * venue documents the venue function reads (VenueDoc), the booking engine's own steps for retiring a venue's bookings.
 */
export class VenuesService {
  constructor(
    private readonly deps: RuntimeDeps,
    private readonly repo: PlacesRepository,
    private readonly bookings: Pick<BookingService, 'cancelAllAtRetiredVenue'>,
  ) {}

  async venues(caller: Caller, input: ParsedInput<'admin', 'venues'>): Promise<ActionOutput<'admin', 'venues'>> {
    const scope = await requireAdmin(caller);
    const streetId = readStreet(scope, input.streetId);
    const docs = await this.repo.places<VenueDoc>('venues', streetId, input.includeRetired === true);
    return { venues: await this.views(docs) };
  }

  async saveVenue(caller: Caller, input: ParsedInput<'admin', 'saveVenue'>, requestId: string): Promise<ActionOutput<'admin', 'saveVenue'>> {
    const scope = await requireAdmin(caller);
    const v = input.venue;
    const existing = input.venueId !== undefined ? await this.existing(scope, input.venueId) : null;
    // Where it is (and moves to) must be the caller's: checked before anything about the area is looked up.
    assertInScope(scope, v.level === 'district' ? null : v.streetId, 'venue');
    const area = await this.area(v);
    checkHours(v);
    await assertPostable(contentChecker(this.deps), caller.openid, 3, [
      { field: 'venue.name', text: v.name },
      { field: 'venue.address', text: v.address },
      ...v.facilities.map((text, i) => ({ field: `venue.facilities.${i}`, text })),
    ]);
    const id = existing?._id ?? `v_${randomBytes(8).toString('hex')}`;
    const photos = await this.photos(caller, id, v.photos, existing?.photos ?? []);
    const now = this.deps.clock.now();
    const doc: VenueDoc = {
      _id: id,
      name: v.name,
      level: v.level,
      type: v.type,
      capacity: v.capacity,
      facilities: v.facilities,
      address: v.address,
      streetId: area.streetId,
      streetName: area.streetName,
      communityId: area.communityId,
      communityName: area.communityName,
      photos,
      opens: v.opens,
      closes: v.closes,
      slotMinutes: v.slotMinutes,
      windowDays: v.windowDays,
      maxConsecutive: v.maxConsecutive,
      needsApproval: v.needsApproval,
      blackoutDates: existing?.blackoutDates ?? [],
      active: true,
      sort: existing?.sort ?? (await this.repo.nextSort('venues')),
      adminChangedAt: new Date(now),
      adminRevision: randomBytes(8).toString('hex'),
    };
    const scopeOf = (streetId: string | null): Record<string, string> => ({ venueId: id, ...(streetId ? { streetId } : {}) });
    await this.repo.save<VenueDoc>(
      'venues',
      doc,
      existing === null,
      (current) => {
        if (current && !current.active) throw new DomainError('VENUE.RETIRED', 'the venue is retired');
      },
      (current): AuditEntry => ({
        actor: caller.openid,
        action: 'admin.saveVenue',
        target: `venue:${id}`,
        summary: current ? `edited ${doc.name}` : `created ${doc.name}`,
        requestId,
        // The street it lies in now (a district admin's move between streets is read by the new street's admin).
        scope: scopeOf(doc.streetId),
        before: current ? snapshot(current) : null,
        after: snapshot(doc),
      }),
      now,
    );
    const outsideHours = existing ? await this.outsideHours(id, doc, now) : 0;
    const [view] = await this.views([doc]);
    return { venue: view as AdminVenue, outsideHours };
  }

  async retireVenue(caller: Caller, input: ParsedInput<'admin', 'retireVenue'>, requestId: string): Promise<ActionOutput<'admin', 'retireVenue'>> {
    const scope = await requireAdmin(caller);
    const venue = await this.existing(scope, input.venueId);
    const now = this.deps.clock.now();
    const future = await this.repo.futureBookingTimes(venue._id, now);
    const events = future.filter((b) => isEventBooking({ source: b.source as BookingSource }));
    // Bookings of organisation events (course sessions, activities) go with their event: never cancelled from here.
    if (events.length > 0 || (future.length > 0 && input.cancelBookings !== true)) {
      throw new DomainError('VENUE.HAS_BOOKINGS', `${future.length} future bookings`, undefined, { count: String(future.length), events: String(events.length) });
    }
    const retired: VenueDoc = { ...venue, active: false, retiredAt: new Date(now), retiredReason: input.reason, adminChangedAt: new Date(now), adminRevision: randomBytes(8).toString('hex') };
    await this.repo.save<VenueDoc>(
      'venues',
      retired,
      false,
      (current) => {
        if (!current) throw new DomainError('VENUE.NOT_FOUND', 'no such venue');
        if (!current.active) throw new DomainError('VENUE.RETIRED', 'the venue is retired');
      },
      (current): AuditEntry => ({
        actor: caller.openid,
        action: 'admin.retireVenue',
        target: `venue:${venue._id}`,
        summary: `retired ${venue.name}: ${input.reason}`,
        requestId,
        scope: { venueId: venue._id, ...(venue.streetId ? { streetId: venue.streetId } : {}) },
        before: current ? snapshot(current) : null,
        after: { ...snapshot(retired), retiredReason: input.reason },
      }),
      now,
    );
    // After the venue is out of service: every booking still holding it is cancelled (with cancelBookings, those
    // counted above; without, any that slipped in since) — a booking racing this commit cancels itself (createBooking).
    const cancelledBookings = await this.bookings.cancelAllAtRetiredVenue(venue._id, input.reason);
    return { venueId: venue._id, cancelledBookings };
  }

  /** A venue the caller may change: VENUE.NOT_FOUND, AUTH.FORBIDDEN outside their scope, VENUE.RETIRED. */
  private async existing(scope: AdminScope, venueId: string): Promise<VenueDoc> {
    const venue = await this.repo.venue(venueId);
    if (!venue) throw new DomainError('VENUE.NOT_FOUND', 'no such venue');
    assertInScope(scope, venue.streetId, 'venue');
    if (!venue.active) throw new DomainError('VENUE.RETIRED', 'the venue is retired');
    return venue;
  }

  /** District venues have no street; street venues a street; community venues a community of that street. */
  private area(v: VenueAdminInput): Promise<Area> {
    if (v.level === 'district') {
      if (v.streetId !== null) throw areaError('venue.streetId', '创益园的场地不属于街道');
      if (v.communityId !== null) throw areaError('venue.communityId', '创益园的场地不属于社区');
      return Promise.resolve({ streetId: null, streetName: null, communityId: null, communityName: null });
    }
    if (v.level === 'community' && v.communityId === null) throw areaError('venue.communityId', '请选择社区');
    if (v.level === 'street' && v.communityId !== null) throw areaError('venue.communityId', '街道的场地不属于社区');
    return checkArea(this.repo, v.streetId, v.communityId, 'venue');
  }

  /** Photos: the venue's own stay; anything else is an upload of the caller's, accepted like an activity cover. */
  private async photos(caller: Caller, venueId: string, wanted: string[], own: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const p of wanted) {
      if (own.includes(p)) out.push(p);
      else {
        const accepted = await acceptImage(this.deps, { openid: caller.openid, fileId: p, usedBy: `venue:${venueId}` });
        out.push(fileStore(this.deps).url(accepted.fileId));
      }
    }
    return [...new Set(out)];
  }

  /** Future pending or confirmed bookings whose time lies outside the venue's (new) opening hours. */
  private async outsideHours(venueId: string, v: Pick<VenueDoc, 'opens' | 'closes'>, now: number): Promise<number> {
    const opens = clockMinutes(v.opens);
    const closes = clockMinutes(v.closes);
    const bookings = await this.repo.futureBookingTimes(venueId, now);
    return bookings.filter((b) => {
      const start = clockMinutes(beijingClock(new Date(b.start).getTime()));
      const endClock = beijingClock(new Date(b.end).getTime());
      const end = endClock === '00:00' ? 24 * 60 : clockMinutes(endClock);
      return start < opens || end > closes;
    }).length;
  }

  /** Administrator views: managers (one query) and future bookings (one query) for all the venues. */
  private async views(docs: VenueDoc[]): Promise<AdminVenue[]> {
    const ids = docs.map((d) => d._id);
    const [managers, future] = await Promise.all([this.repo.managersOf('venues', ids), this.repo.futureBookings(ids, this.deps.clock.now())]);
    return docs.map((d) => ({
      // The resident's summary of the venue (one mapping of the stored venue), all its photos instead of the first.
      ...withoutPhoto(toSummary(d)),
      slotMinutes: d.slotMinutes === 30 ? 30 : 60,
      windowDays: d.windowDays,
      maxConsecutive: d.maxConsecutive,
      needsApproval: d.needsApproval === true,
      photos: d.photos ?? [],
      active: d.active !== false,
      retiredAt: iso(d.retiredAt),
      retiredReason: d.retiredReason ?? null,
      managers: managers.filter((m) => (m.roles ?? []).some((g) => g.role === 'venue_manager' && (g.scope?.venueIds ?? []).includes(d._id))).map(personRef),
      futureBookings: future.get(d._id) ?? 0,
    }));
  }
}

const areaError = (field: string, words: string): DomainError => new DomainError('ADMIN.AREA_UNKNOWN', words, { [field]: words }, { field });

/**
 * Opening hours: opens before closes, with room for at least one slot (ADMIN.BAD_HOURS). The slot grid offers the
 * slots that fit (_shared/slot-grid.ts), so a day that is not a whole number of slots (08:30–21:00 in hours, as the
 * seeded venues are) simply ends with the last whole slot.
 */
function checkHours(v: Pick<VenueAdminInput, 'opens' | 'closes' | 'slotMinutes'>): void {
  const length = clockMinutes(v.closes) - clockMinutes(v.opens);
  if (length <= 0) throw new DomainError('ADMIN.BAD_HOURS', 'opens must be before closes', { 'venue.closes': '结束时间要晚于开始时间' });
  if (length < v.slotMinutes) {
    throw new DomainError('ADMIN.BAD_HOURS', `shorter than one ${v.slotMinutes}-minute slot`, { 'venue.closes': `开放时间至少要有${v.slotMinutes}分钟` }, { slotMinutes: String(v.slotMinutes) });
  }
}
