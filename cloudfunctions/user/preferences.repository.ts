import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';

/** The person's display preferences, stored on their own user document. */
export class PreferencesRepository {
  constructor(private readonly db: () => Database) {}

  /** Sets 长辈版 on or off on the person's user document (an update: never creates one). */
  async setElderMode(openid: string, elderMode: boolean, now: Date): Promise<void> {
    await this.db().collection(Collections.users).doc(openid).update({ elderMode, updatedAt: now });
  }
}
