import { useState } from 'react';
import type { ActivityDetail, ActivityState, ActivitySummary } from '../../types';
import { fetchAndSaveExport } from '../components/save-export';
import { activityService, type ActivityCode } from '../services/activity';
import { CallError } from '../services/client';
import { venueService } from '../services/venue';
import { useRequest } from './useRequest';
import { useRotatingCode } from './useRotatingCode';

export interface ActivityGroup {
  state: ActivityState;
  label: string;
  items: ActivitySummary[];
}

const GROUPS: Array<{ state: ActivityState; label: string }> = [
  { state: 'draft', label: '草稿' },
  { state: 'published', label: '已发布' },
  { state: 'cancelled', label: '已取消' },
];

/** 活动管理's sections: drafts, published, cancelled (each in the server's order: newest start first); empty ones left out. */
export function byState(items: ActivitySummary[]): ActivityGroup[] {
  return GROUPS.map((g) => ({ ...g, items: items.filter((a) => a.state === g.state) })).filter((g) => g.items.length > 0);
}

/** The activities of the branches I organise for. */
export function useOrganized() {
  return useRequest(() => activityService.organized(), []);
}

type Venues = Awaited<ReturnType<typeof venueService.list>>;
type Streets = Awaited<ReturnType<typeof venueService.areas>>;

/**
 * What the editor needs: the activity (undefined activityId: a new one, nothing to load), the catalogue's venues, the
 * streets with their communities (the address's community picker) and, for a new one, the branches I may post for.
 */
export function useActivityEditor(activityId: string | undefined) {
  return useRequest(async (): Promise<{ activity: ActivityDetail | null; venues: Venues; streets: Streets; branches: Array<{ id: string; name: string }> }> => {
    const [activity, venues, streets, branches] = await Promise.all([
      activityId ? activityService.get(activityId) : Promise.resolve(null),
      venueService.list({}),
      venueService.areas(),
      activityId ? Promise.resolve([]) : activityService.organized().then((o) => o.branches),
    ]);
    return { activity, venues, streets, branches };
  }, [activityId]);
}

/** 报名名单 of an activity, and 导出名单 (.xlsx). */
export function useActivityRoster(activityId: string | undefined) {
  const roster = useRequest(async () => {
    if (!activityId) throw new CallError({ code: 'ACTIVITY.NOT_FOUND', message: 'no activityId' });
    return activityService.roster(activityId);
  }, [activityId]);
  const [exporting, setExporting] = useState(false);
  const exportRoster = async () => {
    if (exporting || !activityId) return;
    setExporting(true);
    try {
      await fetchAndSaveExport(() => activityService.exportRoster(activityId));
    } finally {
      setExporting(false);
    }
  };
  return { ...roster, exporting, exportRoster };
}

/** The activity's rotating check-in code with its counts; `active` false (page hidden) stops the refreshes. */
export function useActivityCode(activityId: string | undefined, active: boolean) {
  return useRotatingCode(activityId, active, 'ACTIVITY.NOT_FOUND', (id): Promise<ActivityCode> => activityService.checkInCode(id), (code) => code);
}
