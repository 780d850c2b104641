import { addDays, beijingDate, toBeijingIso } from '../../types/beijing-time';
import type { AvailabilityInput, AvailabilityOutput, DayAvailability, Quota, VenueDay, VenueDetail, VenueListInput, VenueListOutput, VenueSummary } from '../../types';
import type { Caller } from '../_shared/caller';
import { venueDayCode } from '../_shared/checkin-codes';
import type { Clock } from '../_shared/clock';
import { DomainError } from '../_shared/errors';
import { HOLDING_STATES, isBlackoutEntry, type BookingRepository } from './booking.repository';
import { MAX_ACTIVE_BOOKINGS } from './booking.service';
import { dayPartOf, isBlackout, lastBookableDate, slotsOn, slotState, upcomingBlackouts } from '../_shared/slot-grid';
import { canManage } from '../_shared/venue-managers';
import { activeVenue, managedVenues } from './venue-access';
import { toSummary, type VenueDoc, type VenueRepository } from './venue.repository';

export class VenueService {
  constructor(
    private readonly venues: VenueRepository,
    private readonly bookings: BookingRepository,
    private readonly clock: Clock,
  ) {}

  /** The catalogue is public to every signed-in user. */
  async list(_caller: Caller, filters: VenueListInput): Promise<VenueListOutput> {
    const docs = await this.venues.list(filters, true);
    return { venues: docs.map(toSummary) };
  }

  /** Streets and their communities (public reference data for the filters). */
  async areas(): Promise<{ streets: Array<{ id: string; name: string; communities: Array<{ id: string; name: string }> }> }> {
    const { streets, communities } = await this.venues.areas();
    return {
      streets: streets.map((st) => ({
        id: st._id,
        name: st.name,
        communities: communities.filter((c) => c.streetId === st._id).map((c) => ({ id: c._id, name: c.name })),
      })),
    };
  }

  async get(caller: Caller, venueId: string): Promise<{ venue: VenueDetail; organizations: Array<{ id: string; name: string }> }> {
    // The venue page reads its venue afresh (one document), so closed dates set in another instance show at once;
    // list and slot grid keep using this instance's copy (the grid takes closures from the ledger).
    const venue = await activeVenue({ get: (id) => this.venues.refresh(id) }, venueId);
    const now = this.clock.now();
    const organizations = (await this.bookings.organizationsOf(caller.openid)).map((o) => ({ id: o._id, name: o.name }));
    return {
      venue: {
        ...toSummary(venue),
        photos: venue.photos ?? [],
        slotMinutes: venue.slotMinutes,
        windowDays: venue.windowDays,
        maxConsecutive: venue.maxConsecutive,
        blackoutDates: upcomingBlackouts(venue, now),
        managedByMe: await canManage(caller, venue),
        today: beijingDate(now),
        lastBookableDate: lastBookableDate(venue, now),
      },
      organizations,
    };
  }

  /** Every slot of the day with its state for this caller, in Beijing time. */
  async slots(caller: Caller, venueId: string, date: string): Promise<VenueDay> {
    const venue = await activeVenue(this.venues, venueId, date);
    const now = this.clock.now();
    const [ledger, waiting] = await Promise.all([this.bookings.ledgerFor(venueId, date), this.bookings.waitingOn(venueId, date)]);
    const holders = new Map(ledger.filter((l) => !isBlackoutEntry(l)).map((l) => [l._id, l.openid]));
    // The ledger knows a date was closed even before this instance's copy of the venue does.
    const closedDay = isBlackout(venue, date) || ledger.some(isBlackoutEntry);
    const closed = closedDay || date > lastBookableDate(venue, now);
    const slots = slotsOn(venue, date).map((slot) => {
      const queue = waiting.filter((w) => w.slotKey === slot.key);
      return {
        start: toBeijingIso(slot.start),
        end: toBeijingIso(slot.end),
        state: slotState(slot, { now, closed, holder: holders.get(slot.key), caller: caller.openid }),
        waitlist: queue.length,
        waitlisted: queue.some((w) => w.openid === caller.openid),
      };
    });
    return { venueId, date, closedDay, slots };
  }

  /**
   * Free slots per date for one venue (its date strip) or every venue matching the list filters (the free-slot
   * search), optionally in one part of the day. The ledger of the whole set and range is read in one query (see
   * VenueRepository.ledgerWindow), so the answer is as fresh as the slot grid's in every instance; the catalogue copy
   * only says which slots a venue has, and a date the copy says is closed but the ledger does not is checked afresh.
   */
  async availability(_caller: Caller, input: AvailabilityInput): Promise<AvailabilityOutput> {
    const { venueId, from, days, part, ...filters } = input;
    const to = addDays(from, days - 1);
    let venues = venueId ? [await activeVenue(this.venues, venueId)] : await this.venues.list(filters);
    const now = this.clock.now();
    const today = beijingDate(now);
    const ledger = await this.venues.ledgerWindow(venues.map((v) => v._id), from, to);
    const held = new Set<string>();
    const closedInLedger = new Set<string>();
    for (const entry of ledger) {
      if (isBlackoutEntry(entry)) closedInLedger.add(`${entry.venueId}:${entry.date}`);
      else held.add(entry._id);
    }
    const dates = Array.from({ length: days }, (_, i) => addDays(from, i));
    // A closure this instance's copy knows of but the ledger does not (reopened elsewhere, or a reopening cut short):
    // read that venue afresh before saying it is closed, as the slot grid does.
    venues = await Promise.all(
      venues.map(async (v) =>
        dates.some((d) => isBlackout(v, d) && !closedInLedger.has(`${v._id}:${d}`)) ? ((await this.venues.refresh(v._id)) ?? v) : v,
      ),
    );
    return {
      from,
      to,
      part: part ?? null,
      venues: venues.map((venue) => ({
        venue: toSummary(venue),
        days: dates.map((date): DayAvailability => {
          const slots = slotsOn(venue, date).filter((s) => !part || dayPartOf(s.start) === part);
          const closed =
            closedInLedger.has(`${venue._id}:${date}`) || isBlackout(venue, date) || date < today || date > lastBookableDate(venue, now);
          const free = closed ? 0 : slots.filter((s) => s.start > now && !held.has(s.key)).length;
          return { date, free, total: slots.length, closed };
        }),
      })),
    };
  }

  /** The caller's remaining bookings, judged as `book` judges them (the same account document). */
  async quota(caller: Caller): Promise<Quota> {
    const account = await this.venues.bookingAccount(caller.openid);
    const now = this.clock.now();
    const used = Math.max(0, account?.active ?? 0);
    const until = account?.suspendedUntil && account.suspendedUntil.getTime() > now ? beijingDate(account.suspendedUntil.getTime()) : null;
    return { max: MAX_ACTIVE_BOOKINGS, used, remaining: until ? 0 : Math.max(0, MAX_ACTIVE_BOOKINGS - used), suspendedUntil: until };
  }

  async managed(caller: Caller): Promise<{ venues: VenueSummary[] }> {
    // A retired venue (admin.retireVenue) is no longer one to manage; its past bookings stay in the schedules.
    return { venues: (await managedVenues(caller, this.bookings)).filter((v) => v.active !== false).map(toSummary) };
  }

  async venueCode(caller: Caller, venueId: string): Promise<{ venueId: string; date: string; code: string }> {
    const venue = await this.managedVenue(caller, venueId);
    const date = beijingDate(this.clock.now());
    return { venueId: venue._id, date, code: venueDayCode(venue._id, date) };
  }

  /**
   * Closes or reopens a date. A date with bookings that still hold slots cannot be closed: the manager must settle
   * them with the people first (we never drop a booking silently). Closing holds every slot of the date in the slot
   * ledger in the same transaction as the venue change, so a booking racing the closure either lands first (and the
   * closure is refused) or is refused itself: never both.
   */
  async setBlackout(caller: Caller, venueId: string, date: string, closed: boolean, requestId: string): Promise<{ venueId: string; blackoutDates: string[] }> {
    const venue = await this.managedVenue(caller, venueId);
    const now = this.clock.now();
    if (date < beijingDate(now) || date > addDays(beijingDate(now), 365)) {
      throw new DomainError('INPUT.INVALID', 'date must be within the coming year', { date: '只能设置今天起一年内的日期' });
    }
    const audit = {
      actor: caller.openid,
      action: 'venue.setBlackout',
      target: `venue:${venueId}`,
      summary: `${date} ${closed ? 'closed' : 'reopened'}`,
      requestId,
      scope: { venueId, ...(venue.streetId ? { streetId: venue.streetId } : {}) },
    };
    if (closed) {
      const slots = slotsOn(venue, date);
      await this.bookings.transaction(now, async (tx) => {
        if ((await tx.holdForBlackout(venueId, date, slots)) === 'taken') {
          // Throwing rolls back the slots held so far.
          const holding = await this.bookings.bookingsAt([venueId], date, HOLDING_STATES);
          throw new DomainError('VENUE.BLACKOUT_HAS_BOOKINGS', `${holding.length} bookings on ${date}`, undefined, { count: String(Math.max(1, holding.length)) });
        }
        await this.venues.recordBlackout(tx.writer, venueId, date, true, audit, now);
      });
    } else {
      // Free the slots first: a crash in between leaves the date closed (the venue still says so) and a retry finishes.
      await this.bookings.releaseBlackout(venueId, date);
      await this.bookings.transaction(now, (tx) => this.venues.recordBlackout(tx.writer, venueId, date, false, audit, now));
    }
    const changed = await this.venues.refresh(venueId);
    return { venueId, blackoutDates: upcomingBlackouts(changed ?? venue, now) };
  }

  private async managedVenue(caller: Caller, venueId: string): Promise<VenueDoc> {
    const venue = await activeVenue(this.venues, venueId);
    if (!(await canManage(caller, venue))) throw new DomainError('AUTH.FORBIDDEN', 'not your venue');
    return venue;
  }
}
