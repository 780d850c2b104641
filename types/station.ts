import { z } from 'zod';
import { IdSchema } from './common';
import { ANYONE, defineAction, OWNER, STATION_MANAGERS } from './define';

/** A point in GCJ-02 (what WeChat's getLocation and Map use; on H5 the browser's WGS-84 is close enough for 200 m fences). */
export const GeoPointSchema = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
export type GeoPoint = z.infer<typeof GeoPointSchema>;

/** The caller's relation to a station. */
export const MembershipStates = ['none', 'pending', 'member', 'declined', 'left'] as const;
export const MembershipStateSchema = z.enum(MembershipStates);
export type MembershipState = z.infer<typeof MembershipStateSchema>;

export const StationSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  streetId: z.string(),
  streetName: z.string(),
  communityName: z.string().nullable(),
  address: z.string(),
  services: z.array(z.string()),
  hours: z.string(),
  /** Where the station is (GCJ-02), for the map and for sorting by distance. */
  location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  /** Metres from the location the caller sent with `list`, else null. */
  distanceM: z.number().int().nullable(),
  memberCount: z.number().int(),
  /** The caller's membership ('none' when they never applied). */
  myState: MembershipStateSchema,
});
export type StationSummary = z.infer<typeof StationSummarySchema>;

export const StationListInputSchema = z.strictObject({
  streetId: IdSchema.optional(),
  /** The caller's location, when they chose to share it: the list is sorted by distance (else by street). Not stored. */
  near: GeoPointSchema.optional(),
});
export type StationListInput = z.infer<typeof StationListInputSchema>;

export const StationPostSchema = z.object({
  id: z.string(),
  stationId: z.string(),
  title: z.string(),
  body: z.string(),
  /** The manager who wrote it (name only). */
  authorName: z.string(),
  createdAt: z.string(),
});
export type StationPost = z.infer<typeof StationPostSchema>;

/** A service shift as listed (station page, 志愿服务). Times are ISO-8601 with +08:00. */
export const ShiftSummarySchema = z.object({
  id: z.string(),
  stationId: z.string(),
  stationName: z.string(),
  streetId: z.string(),
  title: z.string(),
  description: z.string(),
  start: z.string(),
  end: z.string(),
  place: z.string(),
  capacity: z.number().int(),
  /** Confirmed places. */
  taken: z.number().int(),
  /** People waiting for a place. */
  waiting: z.number().int(),
  skills: z.array(z.string()),
  openTo: z.enum(['all', 'members']),
  /** The shift has a geofence: check-in and check-out need a location within `radiusM` of its point. */
  geofenced: z.boolean(),
  radiusM: z.number().int().nullable(),
  /** The caller's place on this shift. */
  myState: z.enum(['none', 'confirmed', 'waitlisted', 'cancelled']),
  state: z.enum(['open', 'cancelled']),
});
export type ShiftSummary = z.infer<typeof ShiftSummarySchema>;

export const StationDetailSchema = StationSummarySchema.extend({
  /** The station manager(s), names only. */
  managerNames: z.array(z.string()),
  /** Upcoming shifts (next 30 days), soonest first. */
  shifts: z.array(ShiftSummarySchema),
  /** Announcements, newest first (at most 20). */
  posts: z.array(StationPostSchema),
  /** The caller manages this station (sees the manager tools). */
  managedByMe: z.boolean(),
});
export type StationDetail = z.infer<typeof StationDetailSchema>;

/** A member (or applicant) as the station's manager sees them. */
export const StationMemberSchema = z.object({
  openid: z.string(),
  name: z.string(),
  /** Full number for the station's own managers. */
  phone: z.string().nullable(),
  state: z.enum(['pending', 'member']),
  appliedAt: z.string(),
  decidedAt: z.string().nullable(),
  isVolunteer: z.boolean(),
});
export type StationMember = z.infer<typeof StationMemberSchema>;

const StationIdInput = z.strictObject({ stationId: IdSchema });

export const stationContract = {
  list: defineAction({
    access: ANYONE,
    summary: 'Red Sail stations (创益红帆站), optionally of one street; sorted by distance from `near` when given, else by street.',
    input: StationListInputSchema,
    output: z.object({ stations: z.array(StationSummarySchema) }),
    mutates: false,
  }),
  get: defineAction({
    access: ANYONE,
    summary: 'One station: services, hours, address, manager names, member count, upcoming shifts and posts.',
    input: StationIdInput,
    output: StationDetailSchema,
    mutates: false,
    errors: ['STATION.NOT_FOUND'],
  }),
  join: defineAction({
    access: OWNER,
    summary: 'Applies to join a station (the manager approves or declines). Applying again while pending or a member changes nothing.',
    input: StationIdInput,
    output: z.object({ stationId: z.string(), state: MembershipStateSchema }),
    mutates: true,
    errors: ['STATION.NOT_FOUND', 'ACCOUNT.DELETING'],
  }),
  leave: defineAction({
    access: OWNER,
    summary: 'Leaves a station (or withdraws a pending application).',
    input: StationIdInput,
    output: z.object({ stationId: z.string(), state: MembershipStateSchema }),
    mutates: true,
    errors: ['STATION.NOT_FOUND', 'STATION.NOT_MEMBER'],
  }),
  managed: defineAction({
    access: STATION_MANAGERS,
    summary: 'The stations in the caller’s management scope (station manager: their stationIds; street admin: their street; district admin: all), with pending application counts.',
    input: z.strictObject({}),
    output: z.object({ stations: z.array(StationSummarySchema.extend({ pending: z.number().int() })) }),
    mutates: false,
  }),
  members: defineAction({
    access: STATION_MANAGERS,
    summary: 'A managed station’s members and pending applications (names and phones).',
    input: StationIdInput,
    output: z.object({ members: z.array(StationMemberSchema) }),
    mutates: false,
    errors: ['STATION.NOT_FOUND'],
  }),
  decide: defineAction({
    access: STATION_MANAGERS,
    summary: 'Approves or declines a pending application to a managed station; the applicant gets a message. Audited. Refused while the applicant’s account is being deleted.',
    input: z.strictObject({ stationId: IdSchema, openid: IdSchema, approve: z.boolean() }),
    output: z.object({ stationId: z.string(), openid: z.string(), state: MembershipStateSchema }),
    mutates: true,
    errors: ['STATION.NOT_FOUND', 'STATION.NOT_PENDING', 'ACCOUNT.DELETING'],
  }),
  post: defineAction({
    access: STATION_MANAGERS,
    summary: 'Writes an announcement on a managed station’s page. Audited.',
    input: z.strictObject({
      stationId: IdSchema,
      title: z.string().trim().min(2, '标题至少2个字').max(40, '标题请不超过40字'),
      body: z.string().trim().min(2, '内容至少2个字').max(1000, '内容请不超过1000字'),
    }),
    output: StationPostSchema,
    mutates: true,
    errors: ['STATION.NOT_FOUND', 'CONTENT.REJECTED'],
  }),
};
