import { appendAudit, type AuditEntry } from '../_shared/audit';
import { Collections } from '../_shared/collections';
import { type Database, dbErrorCode } from '../_shared/db';
import { DomainError } from '../_shared/errors';
import { enqueueNotification } from '../_shared/notifications';
import { getDoc, retryingTransaction } from '../_shared/tx';
import type { ShiftDoc, SignupDoc } from '../_shared/volunteer.docs';
import { appendHours } from './ledger';

/** `shift_signups/<shiftId>:<openid>`. */
export const signupIdOf = (shiftId: string, openid: string): string => `${shiftId}:${openid}`;
/** The one ledger entry a sign-up can earn (check-out or the manager's confirmation): the database refuses a second. */
export const serviceEntryIdOf = (signupId: string): string => `checkout:${signupId}`;

/** Checks a committed sign-up, throwing a DomainError to refuse (runs again inside the transaction). */
export type VerifySignup = (signup: SignupDoc | null) => asserts signup is SignupDoc;

/** What ends a service: the volunteer's check-out or the manager's confirmation of a forgotten one. */
export interface ServiceEnd {
  signupId: string;
  shift: ShiftDoc;
  /** Checks the committed sign-up (throws a DomainError to refuse); runs inside the transaction. */
  verify: VerifySignup;
  /** Quarter hours earned by the sign-up as read inside the transaction. */
  quarters(signup: SignupDoc): number;
  checkedOutAt: Date;
  distanceM: number | null;
  source: 'checkout' | 'confirmed';
  by: string;
  byName: string;
  message(hours: number): { title: string; body: string };
  audit?: AuditEntry;
  now: number;
}

/** Check-in and check-out on the sign-up documents, and the credit to the hours ledger they earn. */
export class AttendanceRepository {
  constructor(private readonly db: () => Database) {}

  shift(id: string): Promise<ShiftDoc | null> {
    return getDoc<ShiftDoc>(this.db(), Collections.shifts, id);
  }

  signup(shiftId: string, openid: string): Promise<SignupDoc | null> {
    return getDoc<SignupDoc>(this.db(), Collections.shiftSignups, signupIdOf(shiftId, openid));
  }

  /** The nickname on a user document (how a manager is named on the entries they make). */
  async nickname(openid: string): Promise<string | null> {
    const user = await getDoc<{ nickname?: string }>(this.db(), Collections.users, openid);
    return typeof user?.nickname === 'string' ? user.nickname : null;
  }

  /** Open shifts other than `exceptId` whose check-in window [start − `before`, end] contains `now`. */
  async runningShifts(now: number, before: number, exceptId: string): Promise<Array<Pick<ShiftDoc, '_id' | 'title'>>> {
    const db = this.db();
    const _ = db.command;
    const res = await db
      .collection(Collections.shifts)
      .where({ _id: _.neq(exceptId), state: 'open', start: _.lte(new Date(now + before)), end: _.gte(new Date(now)) })
      .field({ _id: true, title: true })
      .limit(1000)
      .get();
    return res.data as Array<Pick<ShiftDoc, '_id' | 'title'>>;
  }

  /** Records the check-in decision (time and distance, never the location) if `verify` accepts the committed sign-up. */
  async checkIn(signupId: string, verify: VerifySignup, at: Date, distanceM: number | null): Promise<void> {
    await retryingTransaction(this.db(), async (tx) => {
      const signup = await getDoc<SignupDoc>(tx, Collections.shiftSignups, signupId);
      verify(signup);
      await tx.collection(Collections.shiftSignups).doc(signupId).update({ checkedInAt: at, checkInDistanceM: distanceM, updatedAt: at });
    });
  }

  /**
   * Ends a service in one transaction: the sign-up's check-out, the credit to the hours ledger under the sign-up's
   * one entry id (a second credit is refused by the database), the hours_credited message and, for a manager's
   * confirmation, the audit entry. Returns the quarter hours credited.
   */
  async endService(o: ServiceEnd): Promise<number> {
    try {
      return await retryingTransaction(this.db(), async (tx) => {
        const signup = await getDoc<SignupDoc>(tx, Collections.shiftSignups, o.signupId);
        o.verify(signup);
        const quarters = o.quarters(signup);
        await tx.collection(Collections.shiftSignups).doc(o.signupId).update({
          checkedOutAt: o.checkedOutAt,
          checkOutDistanceM: o.distanceM,
          hours: quarters / 4,
          updatedAt: new Date(o.now),
        });
        if (quarters > 0) {
          await appendHours(
            tx,
            {
              _id: serviceEntryIdOf(o.signupId),
              openid: signup.openid,
              stationId: o.shift.stationId,
              stationName: o.shift.stationName,
              streetId: o.shift.streetId,
              shiftId: o.shift._id,
              shiftTitle: o.shift.title,
              quarters,
              source: o.source,
              reason: null,
              by: o.by,
              byName: o.byName,
              serviceDate: o.shift.date,
              correctsId: null,
            },
            o.now,
          );
          await enqueueNotification(tx, { openid: signup.openid, kind: 'hours_credited', ...o.message(quarters / 4), stationId: o.shift.stationId, shiftId: o.shift._id }, o.now);
        }
        if (o.audit) await appendAudit(tx, o.audit, o.now);
        return quarters;
      });
    } catch (e) {
      // The sign-up's one ledger entry exists already: this service was credited before.
      if (dbErrorCode(e) === 'DATABASE_DUPLICATE_WRITE') throw new DomainError('SHIFT.ALREADY_CHECKED_OUT', 'hours for this shift were credited already');
      throw e;
    }
  }
}
