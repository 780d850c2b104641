import { z } from 'zod';
import { IdSchema } from './common';
import { ANYONE, defineAction, OWNER, type Access } from './define';
import { XLSX_MIME } from './course';
import { InstantSchema } from './venue';
import { ActivityTypes } from './activity-rules';

export * from './activity-rules';

/**
 * Activities (活动) that party branches post: 主题党日, volunteer days, cultural events, trainings, 书记议事厅 talks.
 * A branch secretary acts on their own branch's activities (the branch of their `branch_secretary` grant); a district
 * admin on every branch's.
 */
export const ACTIVITY_ORGANIZERS: Access = { roles: ['branch_secretary', 'district_admin'], objects: 'managed' };

export const ActivityTypeSchema = z.enum(ActivityTypes);

export const ActivityAudienceSchema = z.enum(['public', 'members']);
export type ActivityAudience = z.infer<typeof ActivityAudienceSchema>;

/** Where: a catalogue venue (its slots are booked with the activity), or an address (with optional coordinates). */
export const ActivityPlaceInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('venue'), venueId: IdSchema }),
  z.strictObject({
    kind: z.literal('address'),
    address: z.string().trim().min(4, '请写清活动地址').max(100, '地址请不超过100字'),
    /** The community it is in (orders the feed: nearest first); its street follows from it. */
    communityId: IdSchema.optional(),
    /** GCJ-02 coordinates, when known. */
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  }),
]);
export type ActivityPlaceInput = z.infer<typeof ActivityPlaceInputSchema>;

/** An activity as its organiser writes it (create and update). */
export const ActivityDraftSchema = z.strictObject({
  title: z.string().trim().min(4, '标题至少4个字').max(40, '标题请不超过40字'),
  type: ActivityTypeSchema,
  description: z.string().trim().min(10, '活动介绍至少10个字').max(1000, '活动介绍请不超过1000字'),
  /** A file uploaded by the caller (Taro.cloud.uploadFile in production, the local runtime's /storage/upload locally), or null. */
  coverFileId: z.string().min(1).max(300).nullable(),
  /** Beijing ISO instants; the activity lies within one Beijing day. */
  start: InstantSchema,
  end: InstantSchema,
  place: ActivityPlaceInputSchema,
  capacity: z.number().int().min(1, '至少1个名额').max(1000, '最多1000个名额'),
  audience: ActivityAudienceSchema,
  /** Sign-up closes then (at the latest the start; default the start). */
  signUpDeadline: InstantSchema.optional(),
});
export type ActivityDraft = z.infer<typeof ActivityDraftSchema>;

export const ActivityStateSchema = z.enum(['draft', 'published', 'cancelled']);
export type ActivityState = z.infer<typeof ActivityStateSchema>;

/** The caller's place: confirmed (with check-in time once checked in) or waiting (1-based position). */
export const ActivityMineSchema = z
  .object({ state: z.enum(['confirmed', 'waitlisted']), position: z.number().int().nullable(), checkedInAt: z.string().nullable() })
  .nullable();

/** The cover as the caller may see it: only the poster sees an image still being checked. */
export const ActivityCoverSchema = z.object({ url: z.string(), state: z.enum(['checking', 'ok']) }).nullable();

/** An activity in the feed and in lists. */
export const ActivitySummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  type: ActivityTypeSchema,
  /** The type's name (主题党日 …). */
  typeLabel: z.string(),
  cover: ActivityCoverSchema,
  branchId: z.string(),
  branchName: z.string(),
  /** Beijing ISO instants. */
  start: z.string(),
  end: z.string(),
  signUpDeadline: z.string(),
  /** The place's name (the venue's, or the address). */
  placeName: z.string(),
  address: z.string(),
  venueId: z.string().nullable(),
  streetName: z.string().nullable(),
  communityName: z.string().nullable(),
  audience: ActivityAudienceSchema,
  capacity: z.number().int(),
  /** Places taken (confirmed). */
  taken: z.number().int(),
  waiting: z.number().int(),
  state: ActivityStateSchema,
  cancelReason: z.string().nullable(),
  /** How near it is to the caller: their community, their street, or elsewhere in the district. */
  near: z.enum(['community', 'street', 'district']),
  mine: ActivityMineSchema,
});
export type ActivitySummary = z.infer<typeof ActivitySummarySchema>;

export const ActivityDetailSchema = ActivitySummarySchema.extend({
  description: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  communityId: z.string().nullable(),
  /** Whether the caller may sign up now; when not, why (a code and plain words). */
  canSignUp: z.boolean(),
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The caller organises it (may edit, cancel, see the roster and show the code). */
  organizer: z.boolean(),
  /** For the organiser: the uploaded cover's file id (to keep it when editing); else null. */
  coverFileId: z.string().nullable(),
  /** A cover taken down after the image check refused it (organiser only). */
  coverRejected: z.boolean(),
  freeCancelUntil: z.string(),
  checkInOpensAt: z.string(),
  checkInClosesAt: z.string(),
});
export type ActivityDetail = z.infer<typeof ActivityDetailSchema>;

const ActivityIdInput = z.strictObject({ activityId: IdSchema });

export const ActivityRosterEntrySchema = z.object({
  /** Stable per person within the roster (not the openid). */
  key: z.string(),
  name: z.string(),
  /** In full for the activity's own branch secretary; masked (138****1234) for everyone else. */
  phone: z.string().nullable(),
  state: z.enum(['confirmed', 'waitlisted']),
  position: z.number().int().nullable(),
  signedUpAt: z.string(),
  checkedInAt: z.string().nullable(),
});
export type ActivityRosterEntry = z.infer<typeof ActivityRosterEntrySchema>;

export const activityContract = {
  feed: defineAction({
    access: ANYONE,
    summary:
      'Upcoming published activities the caller may see: public ones (the caller’s community first, then their street, then the district, each soonest first) and their own branch’s members-only ones; filtered by type and by Beijing dates. Each item has its capacity and places taken.',
    input: z.strictObject({
      type: ActivityTypeSchema.optional(),
      /** Beijing dates YYYY-MM-DD (inclusive). */
      from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式不对').optional(),
      to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式不对').optional(),
    }),
    output: z.object({ items: z.array(ActivitySummarySchema) }),
    mutates: false,
  }),
  get: defineAction({
    access: ANYONE,
    summary:
      'One activity (the share link opens it): a published one the caller may see, or any of the caller’s own branch’s activities for its organiser (drafts too). A members-only activity is not found for anyone outside the branch.',
    input: ActivityIdInput,
    output: ActivityDetailSchema,
    mutates: false,
    errors: ['ACTIVITY.NOT_FOUND'],
  }),
  signUp: defineAction({
    access: OWNER,
    summary:
      'Takes a place (the database holds the capacity: one place document per seat). When every place is taken: with `wait` a place in the waitlist in arrival order (state waitlisted, position), else ACTIVITY.FULL (HTTP 409). One place per person: signing up again answers the place already held. Closed at the sign-up deadline.',
    input: z.strictObject({ activityId: IdSchema, wait: z.boolean().optional() }),
    output: z.object({ activityId: z.string(), state: z.enum(['confirmed', 'waitlisted']), position: z.number().int().optional(), activity: ActivitySummarySchema }),
    mutates: true,
    perMinute: 20,
    errors: ['ACTIVITY.NOT_FOUND', 'ACTIVITY.FULL', 'ACTIVITY.SIGNUP_CLOSED', 'ACTIVITY.CANCELLED', 'ACCOUNT.DELETING'],
  }),
  cancel: defineAction({
    access: OWNER,
    summary: 'Gives up the caller’s place (until the start). A freed place goes, in the same transaction, to the first person waiting, who gets a message.',
    input: ActivityIdInput,
    output: z.object({ activityId: z.string(), state: z.literal('cancelled'), promoted: z.boolean() }),
    mutates: true,
    errors: ['ACTIVITY.NOT_FOUND', 'ACTIVITY.NOT_SIGNED_UP', 'ACTIVITY.CANCEL_CLOSED'],
  }),
  checkIn: defineAction({
    access: OWNER,
    summary:
      'Attendance: the six-digit code the organiser shows (it changes every 30 seconds; the current and the previous are accepted), from 30 minutes before the start to the end. Confirmed places only, once; credits 红色积分 once through the one points ledger.',
    input: z.strictObject({ activityId: IdSchema, code: z.string().regex(/^\d{6}$/, '签到码是6位数字') }),
    output: z.object({ activityId: z.string(), checkedInAt: z.string(), points: z.number().int() }),
    mutates: true,
    perMinute: 20,
    errors: ['ACTIVITY.NOT_FOUND', 'ACTIVITY.NOT_SIGNED_UP', 'ACTIVITY.NOT_CONFIRMED', 'ACTIVITY.CHECKIN_CLOSED', 'ACTIVITY.CODE_WRONG', 'ACTIVITY.ALREADY_CHECKED_IN', 'ACTIVITY.CANCELLED', 'ACCOUNT.DELETING'],
  }),
  mine: defineAction({
    access: OWNER,
    summary: 'The caller’s activities: upcoming ones they hold a place in (confirmed or waiting, with position), soonest first; past ones they attended or signed up for, newest first.',
    input: z.strictObject({}),
    output: z.object({ upcoming: z.array(ActivitySummarySchema), past: z.array(ActivitySummarySchema) }),
    mutates: false,
  }),
  organized: defineAction({
    access: ACTIVITY_ORGANIZERS,
    summary: 'For organisers: the activities of the caller’s branch (a district admin: every branch’s) — drafts, published and cancelled — newest start first, with places taken and waiting.',
    input: z.strictObject({}),
    output: z.object({ branches: z.array(z.object({ id: z.string(), name: z.string() })), items: z.array(ActivitySummarySchema) }),
    mutates: false,
  }),
  create: defineAction({
    access: ACTIVITY_ORGANIZERS,
    summary:
      'Saves a new activity as a draft for the caller’s branch (`branchId` only when the caller’s grants name more than one branch; district admins name one). Text passes the content check before anything is written; the cover image is checked on the server (type, size), resized for the feed and sent to the image check.',
    input: z.strictObject({ branchId: IdSchema.optional(), activity: ActivityDraftSchema }),
    output: ActivityDetailSchema,
    mutates: true,
    errors: ['ACTIVITY.BRANCH_NOT_FOUND', 'ACTIVITY.BAD_TIME', 'ACTIVITY.IMAGE_INVALID', 'CONTENT.REJECTED', 'VENUE.NOT_FOUND'],
  }),
  update: defineAction({
    access: ACTIVITY_ORGANIZERS,
    summary:
      'Replaces an activity’s text, time, place, capacity, audience or deadline. For a published activity a new time or venue re-books the venue’s slots in the same transaction (a taken slot fails it with ACTIVITY.VENUE_TAKEN and nothing changes), and everyone signed up gets a message saying what changed. Capacity cannot go below the places taken.',
    input: z.strictObject({ activityId: IdSchema, activity: ActivityDraftSchema }),
    output: ActivityDetailSchema,
    mutates: true,
    errors: [
      'ACTIVITY.NOT_FOUND',
      'ACTIVITY.CANCELLED',
      'ACTIVITY.BAD_TIME',
      'ACTIVITY.VENUE_TAKEN',
      'ACTIVITY.CAPACITY_BELOW_TAKEN',
      'ACTIVITY.IMAGE_INVALID',
      'ACTIVITY.ENDED',
      'CONTENT.REJECTED',
      'VENUE.NOT_FOUND',
      'VENUE.OUTSIDE_HOURS',
      'VENUE.OUTSIDE_WINDOW',
      'VENUE.OVER_CAPACITY',
      'VENUE.TOO_MANY_SLOTS',
    ],
  }),
  publish: defineAction({
    access: ACTIVITY_ORGANIZERS,
    summary:
      'Publishes a draft: with a catalogue venue its slots are booked through the venue booking engine in the same transaction. A slot taken or closed, or a venue needing approval whose manager the caller is not, fails with ACTIVITY.VENUE_TAKEN naming the slot, and nothing is published or held.',
    input: ActivityIdInput,
    output: ActivityDetailSchema,
    mutates: true,
    errors: ['ACTIVITY.NOT_FOUND', 'ACTIVITY.NOT_DRAFT', 'ACTIVITY.BAD_TIME', 'ACTIVITY.VENUE_TAKEN', 'VENUE.NOT_FOUND', 'VENUE.OUTSIDE_HOURS', 'VENUE.OUTSIDE_WINDOW', 'VENUE.OVER_CAPACITY', 'VENUE.TOO_MANY_SLOTS'],
  }),
  cancelActivity: defineAction({
    access: ACTIVITY_ORGANIZERS,
    summary: 'Cancels an activity before it ends: frees its venue booking, and everyone signed up or waiting gets a message with the reason. A draft is simply withdrawn.',
    input: z.strictObject({ activityId: IdSchema, reason: z.string().trim().min(2, '请写明取消原因').max(100, '原因请不超过100字') }),
    output: ActivityDetailSchema,
    mutates: true,
    errors: ['ACTIVITY.NOT_FOUND', 'ACTIVITY.CANCELLED', 'ACTIVITY.ENDED'],
  }),
  roster: defineAction({
    access: ACTIVITY_ORGANIZERS,
    summary: 'Who signed up (confirmed, then waiting in order) with name, phone (in full for the activity’s own branch secretary, masked for anyone else), sign-up time and check-in time.',
    input: ActivityIdInput,
    output: z.object({
      activityId: z.string(),
      title: z.string(),
      start: z.string(),
      capacity: z.number().int(),
      confirmed: z.array(ActivityRosterEntrySchema),
      waitlisted: z.array(ActivityRosterEntrySchema),
      checkedIn: z.number().int(),
    }),
    mutates: false,
    errors: ['ACTIVITY.NOT_FOUND'],
  }),
  checkInCode: defineAction({
    access: ACTIVITY_ORGANIZERS,
    summary: 'For the organiser: the activity’s rotating check-in code (six digits and the QR payload, this 30-second step) and how many are confirmed, waiting and checked in.',
    input: ActivityIdInput,
    output: z.object({
      activityId: z.string(),
      title: z.string(),
      start: z.string(),
      end: z.string(),
      placeName: z.string(),
      code: z.string(),
      qr: z.string(),
      expiresAt: z.string(),
      stepSeconds: z.number().int(),
      confirmed: z.number().int(),
      waiting: z.number().int(),
      checkedIn: z.number().int(),
    }),
    mutates: false,
    errors: ['ACTIVITY.NOT_FOUND', 'ACTIVITY.CANCELLED'],
  }),
  exportRoster: defineAction({
    access: ACTIVITY_ORGANIZERS,
    summary: 'The roster and attendance as an Excel workbook (.xlsx, base64): one row per person signed up, with phone (as the roster shows it), state, sign-up and check-in times.',
    input: ActivityIdInput,
    output: z.object({ filename: z.string(), mimeType: z.literal(XLSX_MIME), base64: z.string(), rows: z.number().int() }),
    mutates: false,
    errors: ['ACTIVITY.NOT_FOUND'],
  }),
};
