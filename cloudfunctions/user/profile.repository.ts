import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';

/** The person's 称呼 and phone, on their own user document. */
export class ProfileRepository {
  constructor(private readonly db: () => Database) {}

  /** Updates only the given fields of the person's user document (never creates one). */
  async update(openid: string, fields: { nickname?: string; phone?: string }, now: Date): Promise<void> {
    await this.db().collection(Collections.users).doc(openid).update({ ...fields, updatedAt: now });
  }
}
