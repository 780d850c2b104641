import { toBeijingIso } from '../../types/beijing-time';
import type { MyData } from '../../types';
import type { Caller } from '../_shared/caller';
import { withResident } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import type { BookingService } from '../venue/booking.service';
import type { PersonalDataRepository } from './personal-data.repository';

type Doc = Record<string, unknown>;

/** How long a deletion waits for calls already under way to store their answers. */
const IN_FLIGHT_WAIT_MS = 3_000;

/** Dates become ISO strings in the export; internal bookkeeping fields are left out. */
function plain(doc: Doc, omit: string[] = []): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(doc)) {
    if (omit.includes(k)) continue;
    out[k] = v instanceof Date ? toBeijingIso(v.getTime()) : v;
  }
  return out;
}

/** PIPL rights: access (export) and deletion. */
export class PrivacyService {
  constructor(
    private readonly data: PersonalDataRepository,
    private readonly bookings: Pick<BookingService, 'releaseAllFor'>,
    private readonly clock: Clock,
  ) {}

  async exportMyData(caller: Caller): Promise<MyData> {
    const d = await this.data.gather(caller.openid);
    const hours = await this.data.volunteerHours(caller.openid);
    const user: Doc = d.user ?? {};
    return {
      exportedAt: toBeijingIso(this.clock.now()),
      openid: caller.openid,
      profile: {
        nickname: typeof user.nickname === 'string' ? user.nickname : '',
        phone: typeof user.phone === 'string' ? user.phone : null,
        streetId: typeof user.streetId === 'string' ? user.streetId : null,
        communityId: typeof user.communityId === 'string' ? user.communityId : null,
        createdAt: user.createdAt instanceof Date ? toBeijingIso(user.createdAt.getTime()) : null,
      },
      roles: withResident(await caller.roles()),
      bookings: d.bookings.map((b) => plain(b, ['inputHash', 'slotKeys'])),
      waitlist: d.waitlist.map((w) => plain(w)),
      messages: d.messages.map((m) => plain(m)),
      strikes: d.strikes.map((s) => plain(s)),
      bookingAccount: d.account ? plain(d.account) : null,
      hoursLedger: hours.hoursLedger.map((h) => plain(h)),
      certificates: hours.certificates.map((c) => plain(c)),
      pointsLedger: (await this.data.pointsEntries(caller.openid)).map((p) => plain(p)),
      ...(await this.data.courses(caller.openid).then((c) => ({ courseCompletions: c.completions.map((x) => plain(x)), quizAttempts: c.attempts.map((x) => plain(x)) }))),
      stationMemberships: (await this.data.stationMemberships(caller.openid)).map((m) => plain(m)),
      ...(await this.data.shiftPlaces(caller.openid).then((p) => ({ shiftSignups: p.signups.map((x) => plain(x)), shiftSeats: p.seats.map((x) => plain(x)) }))),
      volunteer: d.volunteer ? plain(d.volunteer) : null,
      ...(await this.data.activities(caller.openid).then((a) => ({
        activitySignups: a.signups.map((x) => plain(x)),
        activityPlaces: a.places.map((x) => plain(x)),
        activitiesOrganised: a.organised.map((x) => plain(x, ['version'])),
        images: a.images.map((x) => plain(x)),
      }))),
      ...(await this.data.sessionPlaces(caller.openid).then((p) => ({ sessionSignups: p.signups.map((x) => plain(x)), sessionPlaces: p.places.map((x) => plain(x)) }))),
      orgClaims: (await this.data.orgClaims(caller.openid)).map((o) => {
        const claim = o.claim as { state: 'pending' | 'claimed'; at: Date };
        return { orgId: o._id, name: typeof o.name === 'string' ? o.name : '', state: claim.state, at: toBeijingIso(new Date(claim.at).getTime()) };
      }),
    };
  }

  /**
   * PIPL deletion, safe against concurrent writes: (1) the deletion marker (with a random pseudonym) and the booking
   * account are marked first, so every write about the person is refused from then on (a booking transaction racing
   * the mark conflicts and, retried, is refused); (2) the profile goes; (3) calls already under way finish; (4) future
   * bookings are cancelled without strikes; (5) everything else is erased or put under the pseudonym. Running it
   * again (after an interruption) resumes with the same pseudonym.
   */
  async deleteAccount(caller: Caller, countAttempt: () => Promise<void> = () => Promise.resolve()): Promise<{ deleted: true; cancelledBookings: number; anonymisedBookings: number }> {
    await countAttempt();
    const openid = caller.openid;
    const pseudonym = await this.data.beginErasure(openid, this.clock.now());
    await this.data.markAccount(openid, this.clock.now());
    await this.data.removeProfile(openid);
    await this.data.settleInFlight(IN_FLIGHT_WAIT_MS);
    let cancelledBookings = 0;
    // A release that met a concurrent transaction (a timer run) skips that booking: go again until none holds.
    for (let round = 0; round < 5; round++) {
      cancelledBookings += await this.bookings.releaseAllFor(openid);
      if ((await this.data.holdingBookings(openid, this.clock.now())) === 0) break;
    }
    const anonymisedBookings = await this.data.eraseRecords(openid, pseudonym);
    await this.data.finishErasure(openid);
    // Calls of this person that were still finishing may have left a counter or a stored answer: sweep until quiet.
    for (let round = 0; round < 5 && (await this.data.sweepGuards(openid)) > 0; round++) await new Promise((r) => setTimeout(r, 50));
    return { deleted: true, cancelledBookings, anonymisedBookings };
  }
}
