import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { accountErasing } from '../_shared/erasure';
import { creditPoints, type PointsCredit, type PointsCreditResult } from '../_shared/points';
import { changeFacts, recordChange, signupContribution } from '../_shared/rollups';
import { getDoc, retryingTransaction, type Transaction } from '../_shared/tx';
import type { ActivityDoc, ActivitySignupDoc } from './activity.docs';

const MAX = 1000;

/** Typed single-document operations inside one sign-up transaction (places themselves: the place engine). */
export class SignupTx {
  constructor(
    /** The transaction itself (the place engine works on it directly). */
    readonly raw: Transaction,
    readonly now: number,
  ) {}

  activity(id: string): Promise<ActivityDoc | null> {
    return getDoc<ActivityDoc>(this.raw, Collections.activities, id);
  }

  signup(id: string): Promise<ActivitySignupDoc | null> {
    return getDoc<ActivitySignupDoc>(this.raw, Collections.activitySignups, id);
  }

  /** Whether the person's account is being (or has been) deleted (read in the transaction: it conflicts with the deletion). */
  erasing(openid: string): Promise<boolean> {
    return accountErasing(this.raw, openid);
  }

  async checkedIn(doc: ActivitySignupDoc): Promise<void> {
    await this.raw.collection(Collections.activitySignups).doc(doc._id).update({ checkedInAt: new Date(this.now), updatedAt: new Date(this.now) });
    const a = await this.activity(doc.activityId);
    if (a) await recordChange(this.raw, signupContribution(doc, a), signupContribution({ ...doc, checkedInAt: new Date(this.now) }, a), this.now);
  }

  credit(entry: PointsCredit): Promise<PointsCreditResult> {
    return creditPoints(this.raw, entry, this.now);
  }
}

/** The hook of every sign-up write of the place engine: a sign-up confirmed or cancelled counts in the dashboard's rollups. */
export async function recordSignupChange(tx: Transaction, before: ActivitySignupDoc | null, after: ActivitySignupDoc): Promise<void> {
  const probe = { start: new Date(0), streetId: null };
  if (changeFacts(signupContribution(before, probe), signupContribution(after, probe)).length === 0) return;
  const a = await getDoc<ActivityDoc>(tx, Collections.activities, after.activityId);
  if (a) await recordChange(tx, signupContribution(before, a), signupContribution(after, a), new Date(after.updatedAt).getTime());
}

/** Sign-ups' own database work beside the shared reads (activity.repository.ts) and the place engine's. */
export class SignupRepository {
  constructor(readonly db: () => Database) {}

  transaction<T>(now: number, work: (tx: SignupTx) => Promise<T>, options: { attempts?: number } = {}): Promise<T> {
    return retryingTransaction(this.db(), (tx) => work(new SignupTx(tx, now)), options);
  }

  /** Published activities still to start, soonest first (the place engine's timer looks for people waiting in them). */
  async upcomingPublishedIds(now: Date): Promise<string[]> {
    const db = this.db();
    const res = await db.collection(Collections.activities).where({ state: 'published', start: db.command.gt(now) }).orderBy('start', 'asc').field({ _id: true }).limit(MAX).get();
    return (res.data as Array<{ _id: string }>).map((a) => a._id);
  }
}
