import type { ActivityDetail } from '../../types';
import { activityService, type FeedFilter } from '../services/activity';
import { CallError } from '../services/client';
import { useRequest } from './useRequest';

/** Upcoming activities the caller may see (their community first, then their street, then the district), filtered. */
export const useActivityFeed = (filter: FeedFilter = {}) => useRequest(() => activityService.feed(filter), [filter.type, filter.from, filter.to]);

/**
 * One activity (with the caller's place and whether they may sign up now); null when there is none the caller may
 * see — a members-only activity outside their branch answers the same as one that does not exist.
 */
export const useActivity = (activityId: string) =>
  useRequest<ActivityDetail | null>(async () => {
    if (!activityId) return null;
    try {
      return await activityService.get(activityId);
    } catch (e) {
      if (e instanceof CallError && e.code === 'ACTIVITY.NOT_FOUND') return null;
      throw e;
    }
  }, [activityId]);

/** 我的活动: upcoming places (confirmed or waiting, with position) and past activities. */
export const useMyActivities = () => useRequest(() => activityService.mine(), []);
