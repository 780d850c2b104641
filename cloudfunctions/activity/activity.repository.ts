import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { getDoc } from '../_shared/tx';
import { activitySignupId, type ActivityDoc, type ActivitySignupDoc } from './activity.docs';

const MAX = 1000;

/** Reads every part of the activity function shares (the services add their own repositories for the rest). */
export class ActivityRepository {
  constructor(readonly db: () => Database) {}

  activity(id: string): Promise<ActivityDoc | null> {
    return getDoc<ActivityDoc>(this.db(), Collections.activities, id);
  }

  async activitiesByIds(ids: string[]): Promise<ActivityDoc[]> {
    if (ids.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.activities).where({ _id: db.command.in(ids) }).limit(MAX).get();
    return res.data as ActivityDoc[];
  }

  signup(activityId: string, openid: string): Promise<ActivitySignupDoc | null> {
    return getDoc<ActivitySignupDoc>(this.db(), Collections.activitySignups, activitySignupId(activityId, openid));
  }

  /** The person's sign-ups (any state) of these activities. */
  async signupsOfIn(openid: string, activityIds: string[]): Promise<ActivitySignupDoc[]> {
    if (activityIds.length === 0) return [];
    const db = this.db();
    const res = await db.collection(Collections.activitySignups).where({ openid, activityId: db.command.in(activityIds) }).limit(MAX).get();
    return res.data as ActivitySignupDoc[];
  }

  /** Per activity: places taken (seats) and people waiting (waiting tickets). One aggregate. */
  async counts(activityIds: string[]): Promise<Map<string, { taken: number; waiting: number }>> {
    const out = new Map(activityIds.map((id) => [id, { taken: 0, waiting: 0 }]));
    if (activityIds.length === 0) return out;
    const db = this.db();
    const res = (await db
      .collection(Collections.activityPlaces)
      .aggregate()
      .match({ activityId: db.command.in(activityIds) })
      .group({ _id: { activityId: '$activityId', kind: '$kind', state: '$state' }, n: { $sum: 1 } })
      .limit(MAX)
      .end()) as { data?: Array<{ _id: { activityId: string; kind: 'seat' | 'ticket'; state?: string | null }; n: number }> };
    for (const r of res.data ?? []) {
      const c = out.get(r._id.activityId);
      if (!c) continue;
      if (r._id.kind === 'seat') c.taken += r.n;
      else if (r._id.state === 'waiting') c.waiting += r.n;
    }
    return out;
  }
}
