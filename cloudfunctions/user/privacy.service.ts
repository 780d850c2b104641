import { toBeijingIso } from '../../types/beijing-time';
import type { MyData } from '../../types';
import type { Caller } from '../_shared/caller';
import { withResident } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import type { BookingService } from '../venue/booking.service';
import type { PersonalDataRepository } from './personal-data.repository';

type Doc = Record<string, unknown>;

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
    };
  }

  async deleteAccount(caller: Caller): Promise<{ deleted: true; cancelledBookings: number; anonymisedBookings: number }> {
    const cancelledBookings = await this.bookings.releaseAllFor(caller.openid);
    const anonymisedBookings = await this.data.erase(caller.openid);
    return { deleted: true, cancelledBookings, anonymisedBookings };
  }
}
