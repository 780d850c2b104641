import type { RoleGrant } from '../../types';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { DomainError } from '../_shared/errors';
import { erasureMarkerId, type ErasureMarker } from '../_shared/privacy';
import { getDoc, retryingTransaction } from '../_shared/tx';
import type { VolunteerDoc } from '../_shared/volunteer.docs';

/** The volunteer terms the register page shows; a registration records which version the person agreed to. */
export const VOLUNTEER_TERMS_VERSION = '2026-12';

/** What a brand-new user document starts with when registering is the person's first call (as user.me would). */
const NEW_USER_NICKNAME = '芝罘居民';

interface UserDoc {
  _id: string;
  roles?: RoleGrant[];
  streetId?: string | null;
}

/** Volunteer registrations (`volunteers/<openid>`), the volunteer role on the user document, and the person's record. */
export class VolunteerRepository {
  constructor(private readonly db: () => Database) {}

  find(openid: string): Promise<VolunteerDoc | null> {
    return getDoc<VolunteerDoc>(this.db(), Collections.volunteers, openid);
  }

  /**
   * Registers (or re-registers) `openid` in one transaction: the volunteers document (consent time and terms version
   * of the first registration kept; name and phone updated) and the `volunteer` role on the user document (added once,
   * other grants kept). Refused, writing nothing, while the account is being deleted. A person with no user document
   * yet gets one, as their first user.me would make it (a finished deletion's marker is forgotten, as user.me does).
   */
  async register(openid: string, person: { realName: string; phone: string }, now: number): Promise<VolunteerDoc> {
    const markerId = erasureMarkerId(openid);
    return retryingTransaction(this.db(), async (tx) => {
      const [marker, user, current] = await Promise.all([
        getDoc<ErasureMarker>(tx, Collections.bookingAccounts, markerId),
        getDoc<UserDoc>(tx, Collections.users, openid),
        getDoc<VolunteerDoc>(tx, Collections.volunteers, openid),
      ]);
      if (marker?.state === 'erasing' || (marker && user)) throw new DomainError('ACCOUNT.DELETING', 'the account is being deleted');
      const at = new Date(now);
      const doc: VolunteerDoc = {
        _id: openid,
        realName: person.realName,
        phone: person.phone,
        termsVersion: current?.termsVersion ?? VOLUNTEER_TERMS_VERSION,
        registeredAt: current ? new Date(current.registeredAt) : at,
        updatedAt: at,
        showOnLeaderboard: current?.showOnLeaderboard ?? true,
        streetId: current?.streetId ?? user?.streetId ?? null,
      };
      const { _id, ...fields } = doc;
      await tx.collection(Collections.volunteers).doc(_id).set(fields);
      if (!user) {
        if (marker) await tx.collection(Collections.bookingAccounts).doc(markerId).remove();
        await tx.collection(Collections.users).add({
          _id: openid,
          nickname: NEW_USER_NICKNAME,
          phone: null,
          streetId: null,
          communityId: null,
          roles: [{ role: 'resident' }, { role: 'volunteer' }],
          createdAt: at,
          updatedAt: at,
        });
      } else if (!(user.roles ?? []).some((g) => g.role === 'volunteer')) {
        await tx.collection(Collections.users).doc(openid).update({ roles: [...(user.roles ?? []), { role: 'volunteer' }], updatedAt: at });
      }
      return doc;
    });
  }

  /** Sets the leaderboard choice of a registered volunteer; false when there is no registration. */
  async setShowOnLeaderboard(openid: string, show: boolean, now: number): Promise<boolean> {
    const res = (await this.db().collection(Collections.volunteers).where({ _id: openid }).update({ showOnLeaderboard: show, updatedAt: new Date(now) })) as { updated?: number };
    if ((res.updated ?? 0) > 0) return true;
    return (await this.find(openid)) !== null;
  }

  /** The person's credited quarter hours: the sum over their hours ledger (credits, honour hours and corrections). */
  async creditedQuarters(openid: string): Promise<number> {
    const db = this.db();
    const $ = db.command.aggregate;
    const res = (await db.collection(Collections.hoursLedger).aggregate().match({ openid }).group({ _id: null, quarters: $.sum('$quarters') }).end()) as {
      data?: Array<{ quarters?: number }>;
    };
    return res.data?.[0]?.quarters ?? 0;
  }

  /** How many of the person's sign-ups were cancelled less than 2 hours before the start. */
  async lateCancellations(openid: string): Promise<number> {
    const res = (await this.db().collection(Collections.shiftSignups).where({ openid, lateCancel: true }).count()) as { total?: number };
    return res.total ?? 0;
  }
}
