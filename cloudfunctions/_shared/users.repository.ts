import type { RoleGrant } from '../../types';
import { Collections } from './collections';
import { type Database, dbErrorCode } from './db';
import { getDoc } from './tx';

/** A user as stored: `_id` is the WeChat openid (one document per person, created on first use). */
export interface UserRecord {
  openid: string;
  nickname: string;
  phone: string | null;
  streetId: string | null;
  communityId: string | null;
  roles: RoleGrant[];
  /** 长辈版 preference (user.setPreferences); absent/null until the person chooses. */
  elderMode?: boolean | null;
  createdAt: Date;
  updatedAt: Date;
}

interface UserDoc extends Omit<UserRecord, 'openid'> {
  _id: string;
}

const toRecord = (doc: UserDoc): UserRecord => ({
  openid: doc._id,
  nickname: doc.nickname,
  phone: doc.phone ?? null,
  streetId: doc.streetId ?? null,
  communityId: doc.communityId ?? null,
  roles: Array.isArray(doc.roles) ? doc.roles : [],
  elderMode: typeof doc.elderMode === 'boolean' ? doc.elderMode : null,
  createdAt: new Date(doc.createdAt),
  updatedAt: new Date(doc.updatedAt),
});

export class UsersRepository {
  constructor(private readonly db: () => Database) {}

  async find(openid: string): Promise<UserRecord | null> {
    const doc = await getDoc<UserDoc>(this.db(), Collections.users, openid);
    return doc ? toRecord(doc) : null;
  }

  async findMany(openids: string[]): Promise<UserRecord[]> {
    if (openids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.users).where({ _id: db.command.in(openids) }).limit(1000).get();
    return (res.data as UserDoc[]).map(toRecord);
  }

  /** Creates the user unless it exists (two first calls racing both end with the same single document). */
  async createIfAbsent(user: UserRecord): Promise<UserRecord> {
    const { openid, ...rest } = user;
    try {
      await this.db().collection(Collections.users).add({ _id: openid, ...rest });
      return user;
    } catch (e) {
      if (dbErrorCode(e) !== 'DATABASE_DUPLICATE_WRITE') throw e;
      const existing = await this.find(openid);
      if (!existing) throw e;
      return existing;
    }
  }
}
