/**
 * The activity rules the app needs at run time, without zod: the app imports this module (never types/activity.ts,
 * which builds the contract's schemas), so the main package carries no validation library. types/activity.ts
 * re-exports everything here.
 */

export const ActivityTypes = ['theme_day', 'volunteer', 'culture', 'training', 'council'] as const;
export type ActivityType = (typeof ActivityTypes)[number];
/** What each type is called in the app. */
export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  theme_day: '主题党日',
  volunteer: '志愿服务',
  culture: '文体活动',
  training: '培训',
  council: '议事',
};

/** Points credited once for attending an activity (checked in with the organiser's code). */
export const ACTIVITY_POINTS = 5;
/** Check-in opens this long before the start and closes at the end. */
export const ACTIVITY_CHECKIN_BEFORE_MS = 30 * 60_000;
/** Longest activity (one Beijing day). */
export const ACTIVITY_MAX_HOURS = 12;

/**
 * Cover images: what the server accepts (checked on the bytes, not the name) and the size it keeps for the feed.
 * JPEG and PNG: what phones' pickers give; the functions decode them in pure JavaScript (WebP would need a WebAssembly
 * decoder in the function bundle).
 */
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const IMAGE_TYPES = ['image/jpeg', 'image/png'] as const;
export const COVER_WIDTH = 750;
