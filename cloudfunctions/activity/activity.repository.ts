import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import { placeCounts, type PlaceCounts } from '../_shared/place-queue';
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

  /** Per activity: places taken (seats) and people waiting (waiting tickets). One aggregate (the place engine's). */
  counts(activityIds: string[]): Promise<Map<string, PlaceCounts>> {
    return placeCounts(this.db(), Collections.activityPlaces, 'activityId', activityIds);
  }
}
