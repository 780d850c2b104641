import { createHash } from 'node:crypto';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';

type Doc = Record<string, unknown> & { _id: string };

const MAX = 1000;

/**
 * Everything stored about one person, across collections: for export (PIPL access) and erasure (PIPL deletion).
 * Keep this list in step with Collections — the privacy test checks that nothing personal is left behind.
 */
export class PersonalDataRepository {
  constructor(private readonly db: () => Database) {}

  private async all(coll: string, where: Record<string, unknown>): Promise<Doc[]> {
    const res = await this.db().collection(coll).where(where).limit(MAX).get();
    return res.data as Doc[];
  }

  async gather(openid: string): Promise<{ user: Doc | null; bookings: Doc[]; waitlist: Doc[]; messages: Doc[]; strikes: Doc[]; account: Doc | null }> {
    const [users, bookings, waitlist, messages, strikes, accounts] = await Promise.all([
      this.all(Collections.users, { _id: openid }),
      this.all(Collections.bookings, { openid }),
      this.all(Collections.waitlist, { openid }),
      this.all(Collections.notifications, { openid }),
      this.all(Collections.bookingStrikes, { openid }),
      this.all(Collections.bookingAccounts, { _id: openid }),
    ]);
    return { user: users[0] ?? null, bookings, waitlist, messages, strikes, account: accounts[0] ?? null };
  }

  /** A stable pseudonym: aggregates (venue usage) stay countable per person without saying who. */
  static pseudonym(openid: string): string {
    return `deleted:${createHash('sha256').update(`red-sail-erasure:${openid}`).digest('hex').slice(0, 16)}`;
  }

  /** Deletes personal records and anonymises past bookings. Returns how many bookings were anonymised. */
  async erase(openid: string): Promise<number> {
    const db = this.db();
    const pseudonym = PersonalDataRepository.pseudonym(openid);
    const anonymised = (await db
      .collection(Collections.bookings)
      .where({ openid })
      .update({ openid: pseudonym, phone: null, purpose: '（已注销用户）', inputHash: '' })) as { updated?: number };
    await db.collection(Collections.slotLedger).where({ openid }).update({ openid: pseudonym });
    for (const coll of [Collections.waitlist, Collections.notifications, Collections.bookingStrikes]) {
      await db.collection(coll).where({ openid }).remove();
    }
    await db.collection(Collections.bookingAccounts).where({ _id: openid }).remove();
    // The audit trail is kept (who approved what), under the same pseudonym.
    await db.collection(Collections.auditLog).where({ actor: openid }).update({ actor: pseudonym });
    await db.collection(Collections.users).where({ _id: openid }).remove();
    return anonymised.updated ?? 0;
  }
}
