import type { ActionOutput, ActivityDetail, ActivityDraft, ActivitySummary, ActivityType } from '../../types';
import { call, newRequestId } from './client';

export type ActivitySignUp = ActionOutput<'activity', 'signUp'>;
export type MyActivities = ActionOutput<'activity', 'mine'>;
export type OrganizedActivities = ActionOutput<'activity', 'organized'>;
export type ActivityRoster = ActionOutput<'activity', 'roster'>;
export type ActivityCode = ActionOutput<'activity', 'checkInCode'>;
export type RosterExport = ActionOutput<'activity', 'exportRoster'>;
export type FeedFilter = { type?: ActivityType; from?: string; to?: string };

/**
 * 活动 on the client. Mutations take a `requestId`: one per user intent, reused when retrying that intent, so a retry
 * after a lost reply never takes a second place or publishes twice.
 */
export const activityService = {
  feed: async (filter: FeedFilter = {}): Promise<ActivitySummary[]> => (await call('activity', 'feed', filter)).items,
  get: (activityId: string): Promise<ActivityDetail> => call('activity', 'get', { activityId }),
  signUp: (activityId: string, wait = false, requestId: string = newRequestId()): Promise<ActivitySignUp> =>
    call('activity', 'signUp', wait ? { activityId, wait: true } : { activityId }, { requestId }),
  cancel: (activityId: string, requestId: string = newRequestId()): Promise<ActionOutput<'activity', 'cancel'>> => call('activity', 'cancel', { activityId }, { requestId }),
  checkIn: (activityId: string, code: string): Promise<ActionOutput<'activity', 'checkIn'>> => call('activity', 'checkIn', { activityId, code }, { requestId: newRequestId() }),
  mine: (): Promise<MyActivities> => call('activity', 'mine', {}),
  // for organisers (branch secretaries, district admins)
  organized: (): Promise<OrganizedActivities> => call('activity', 'organized', {}),
  create: (activity: ActivityDraft, branchId?: string, requestId: string = newRequestId()): Promise<ActivityDetail> =>
    call('activity', 'create', branchId ? { branchId, activity } : { activity }, { requestId }),
  update: (activityId: string, activity: ActivityDraft, requestId: string = newRequestId()): Promise<ActivityDetail> =>
    call('activity', 'update', { activityId, activity }, { requestId }),
  publish: (activityId: string, requestId: string = newRequestId()): Promise<ActivityDetail> => call('activity', 'publish', { activityId }, { requestId }),
  cancelActivity: (activityId: string, reason: string, requestId: string = newRequestId()): Promise<ActivityDetail> =>
    call('activity', 'cancelActivity', { activityId, reason }, { requestId }),
  roster: (activityId: string): Promise<ActivityRoster> => call('activity', 'roster', { activityId }),
  checkInCode: (activityId: string): Promise<ActivityCode> => call('activity', 'checkInCode', { activityId }),
  exportRoster: (activityId: string): Promise<RosterExport> => call('activity', 'exportRoster', { activityId }),
};
