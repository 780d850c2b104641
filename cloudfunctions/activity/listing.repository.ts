import type { ActivityType } from '../../types';
import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import type { ActivityDoc, ActivitySignupDoc } from './activity.docs';

/** Most documents one read takes (CloudBase's largest page). */
const MAX = 1000;

/** The feed's filters: what the caller may see and asked for. */
export interface FeedQuery {
  now: number;
  /** Branches whose members-only activities the caller may see. */
  memberBranches: string[];
  type?: ActivityType;
  /** Beijing dates, inclusive. */
  from?: string;
  to?: string;
}

/** Reads of the feed, the caller's activities and the organiser's roster (the shared reads are ActivityRepository's). */
export class ListingRepository {
  constructor(private readonly db: () => Database) {}

  /**
   * Published activities not yet ended that the caller may see and asked for, soonest first, without their
   * descriptions (a summary does not show them). One query.
   */
  async feed(q: FeedQuery): Promise<ActivityDoc[]> {
    const db = this.db();
    const _ = db.command;
    const audience = q.memberBranches.length > 0 ? _.or([{ audience: 'public' }, { audience: 'members', branchId: _.in(q.memberBranches) }]) : { audience: 'public' };
    const date = q.from && q.to ? _.gte(q.from).and(_.lte(q.to)) : q.from ? _.gte(q.from) : q.to ? _.lte(q.to) : undefined;
    const where = _.and([{ state: 'published', end: _.gt(new Date(q.now)), ...(q.type ? { type: q.type } : {}), ...(date ? { date } : {}) }, audience]);
    const res = await db.collection(Collections.activities).where(where).orderBy('start', 'asc').field({ description: false }).limit(MAX).get();
    return (res.data as ActivityDoc[]).map((d) => ({ ...d, description: '' }));
  }

  /** The person's places held or waited for (confirmed or waitlisted), any activity. One query. */
  async heldBy(openid: string): Promise<ActivitySignupDoc[]> {
    const db = this.db();
    const res = await db.collection(Collections.activitySignups).where({ openid, state: db.command.in(['confirmed', 'waitlisted']) }).limit(MAX).get();
    return res.data as ActivitySignupDoc[];
  }

  /** A waiting person's 1-based place in line: one more than the waiting tickets before theirs. One count. */
  async position(activityId: string, ticket: number): Promise<number> {
    const db = this.db();
    const res = (await db.collection(Collections.activityPlaces).where({ activityId, kind: 'ticket', state: 'waiting', n: db.command.lt(ticket) }).count()) as { total?: number };
    return (res.total ?? 0) + 1;
  }

  /**
   * Everyone holding or waiting for a place: confirmed in sign-up order (at most the capacity, ≤ 1000: one query), then
   * waiting in ticket order (a page of 1000 per query, as long as the line is).
   */
  async roster(activityId: string): Promise<{ confirmed: ActivitySignupDoc[]; waitlisted: ActivitySignupDoc[] }> {
    const coll = this.db().collection(Collections.activitySignups);
    const waiting = async (): Promise<ActivitySignupDoc[]> => {
      const out: ActivitySignupDoc[] = [];
      for (;;) {
        const page = (await coll.where({ activityId, state: 'waitlisted' }).orderBy('ticket', 'asc').skip(out.length).limit(MAX).get()).data as ActivitySignupDoc[];
        out.push(...page);
        if (page.length < MAX) return out;
      }
    };
    const [confirmed, waitlisted] = await Promise.all([coll.where({ activityId, state: 'confirmed' }).orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(MAX).get(), waiting()]);
    return { confirmed: confirmed.data as ActivitySignupDoc[], waitlisted };
  }

  /** How many confirmed people have checked in. One count. */
  async checkedIn(activityId: string): Promise<number> {
    const db = this.db();
    const res = (await db.collection(Collections.activitySignups).where({ activityId, state: 'confirmed', checkedInAt: db.command.neq(null) }).count()) as { total?: number };
    return res.total ?? 0;
  }
}
