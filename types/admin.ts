import { z } from 'zod';
import { IdSchema, RoleGrantSchema, RoleSchema } from './common';
import { ADMINS, defineAction, VENUE_MANAGERS } from './define';
import { DashboardRangeSchema, DashboardSchema, ExportTableInputSchema, ExportTableOutputSchema } from './dashboard';
import { ClockTimeSchema, DateSchema, InstantSchema, VenueLevelSchema, VenueTypeSchema } from './venue';
import { GeoPointSchema } from './station';

export const AuditEntrySchema = z.object({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  summary: z.string(),
  requestId: z.string(),
  at: z.string(),
  /** The actor's nickname, when known. */
  actorName: z.string().nullable(),
  /** The object before and after the change (administration changes record both; older entries have neither). */
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntryView = z.infer<typeof AuditEntrySchema>;

/** Street admins manage roles in their street; district admins everywhere. */
const ROLE_ADMINS = ADMINS;

const RolesOutput = z.object({ openid: z.string(), roles: z.array(RoleGrantSchema) });

const ScopeIds = (what: string) => z.array(IdSchema, { error: `请选择${what}` }).min(1, `请至少选择一个${what}`).max(100, `一次最多100个${what}`);
const scoped = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape, { error: '请填写该角色的管理范围' });

/**
 * A role grant as an administrator sends it: each role carries exactly the scope it is about — volunteer and
 * district_admin none, venue_manager venueIds, station_manager stationIds, party_member and branch_secretary a
 * branchId, street_admin a streetId. Anything else is INPUT.INVALID naming the field.
 */
export const RoleGrantInputSchema = z.discriminatedUnion(
  'role',
  [
    z.strictObject({ role: z.literal('volunteer') }),
    z.strictObject({ role: z.literal('party_member'), scope: scoped({ branchId: IdSchema }) }),
    z.strictObject({ role: z.literal('branch_secretary'), scope: scoped({ branchId: IdSchema }) }),
    z.strictObject({ role: z.literal('station_manager'), scope: scoped({ stationIds: ScopeIds('站点') }) }),
    z.strictObject({ role: z.literal('venue_manager'), scope: scoped({ venueIds: ScopeIds('场地') }) }),
    z.strictObject({ role: z.literal('street_admin'), scope: scoped({ streetId: IdSchema }) }),
    z.strictObject({ role: z.literal('district_admin') }),
  ],
  { error: '请选择可授予的角色' },
);
export type RoleGrantInput = z.infer<typeof RoleGrantInputSchema>;

const Text = (min: number, max: number, what: string) =>
  z.string().trim().min(min, min > 1 ? `${what}至少${min}个字` : `请填写${what}`).max(max, `${what}请不超过${max}字`);

/** A person as an administrator sees them in lists (phone masked). */
export const PersonRefSchema = z.object({ openid: z.string(), nickname: z.string().nullable(), phoneMasked: z.string().nullable() });
export type PersonRef = z.infer<typeof PersonRefSchema>;

/**
 * A venue as an administrator writes it (admin.saveVenue). District-level venues (the 创益园: `level: 'district'`,
 * no street) are district admins' only; street and community venues name their street (and community, which must lie
 * in it: ADMIN.AREA_UNKNOWN otherwise). `photos`: fileIDs of the caller's uploads (accepted, resized and checked like
 * activity covers) or URLs of photos the venue already has; at most 6.
 */
export const VenueAdminInputSchema = z.strictObject({
  name: Text(2, 40, '场地名称'),
  level: VenueLevelSchema,
  type: VenueTypeSchema,
  capacity: z.number().int().min(1, '至少容纳1人').max(1000, '最多1000人'),
  facilities: z.array(Text(1, 10, '设施')).max(12, '设施最多12项'),
  address: Text(4, 100, '地址'),
  streetId: IdSchema.nullable(),
  communityId: IdSchema.nullable(),
  opens: ClockTimeSchema,
  closes: ClockTimeSchema,
  slotMinutes: z.union([z.literal(30), z.literal(60)]),
  windowDays: z.number().int().min(1).max(60),
  maxConsecutive: z.number().int().min(1).max(8),
  needsApproval: z.boolean(),
  photos: z.array(z.string().min(1).max(300)).max(6, '照片最多6张'),
});
export type VenueAdminInput = z.infer<typeof VenueAdminInputSchema>;

export const AdminVenueSchema = VenueAdminInputSchema.omit({ photos: true }).extend({
  id: z.string(),
  streetName: z.string().nullable(),
  communityName: z.string().nullable(),
  /** Displayable URLs. */
  photos: z.array(z.string()),
  active: z.boolean(),
  retiredAt: z.string().nullable(),
  retiredReason: z.string().nullable(),
  /** Its venue managers (a `venue_manager` grant naming it). */
  managers: z.array(PersonRefSchema),
  /** Confirmed or pending bookings from now on. */
  futureBookings: z.number().int(),
});
export type AdminVenue = z.infer<typeof AdminVenueSchema>;

/** A Red Sail station as an administrator writes it (admin.saveStation). */
export const StationAdminInputSchema = z.strictObject({
  name: Text(4, 40, '站点名称'),
  streetId: IdSchema,
  communityId: IdSchema.nullable(),
  address: Text(4, 100, '地址'),
  services: z.array(Text(1, 12, '服务项目')).min(1, '请至少填写一项服务').max(10, '服务项目最多10项'),
  hours: Text(2, 40, '开放时间'),
  location: GeoPointSchema.nullable(),
});
export type StationAdminInput = z.infer<typeof StationAdminInputSchema>;

export const AdminStationSchema = StationAdminInputSchema.extend({
  id: z.string(),
  streetName: z.string(),
  communityName: z.string().nullable(),
  active: z.boolean(),
  retiredAt: z.string().nullable(),
  retiredReason: z.string().nullable(),
  managers: z.array(PersonRefSchema),
  /** Shifts from now on that are not cancelled. */
  futureShifts: z.number().int(),
  members: z.number().int(),
});
export type AdminStation = z.infer<typeof AdminStationSchema>;

/** A person found by an administrator: masked phone, where they live, the roles the caller administers. */
export const FoundPersonSchema = PersonRefSchema.extend({
  streetId: z.string().nullable(),
  streetName: z.string().nullable(),
  communityName: z.string().nullable(),
  roles: z.array(RoleGrantSchema),
});
export type FoundPerson = z.infer<typeof FoundPersonSchema>;

const Reason = Text(2, 100, '原因');

export const adminContract = {
  auditLog: defineAction({
    summary:
      'The append-only audit log of privileged changes in the caller’s scope (district admin: all; street admin: their street; venue manager: their venues), newest first; filtered by who (actor openid), what (action, or its function prefix such as `admin.` or `org.`) and when (Beijing dates, inclusive).',
    access: VENUE_MANAGERS,
    input: z.strictObject({
      limit: z.number().int().min(1).max(200).optional(),
      before: InstantSchema.optional(),
      actor: IdSchema.optional(),
      action: z.string().trim().min(2).max(64).regex(/^[a-zA-Z.]+$/).optional(),
      from: DateSchema.optional(),
      to: DateSchema.optional(),
    }),
    output: z.object({ entries: z.array(AuditEntrySchema) }),
    mutates: false,
  }),
  grantRole: defineAction({
    summary:
      'Grants (or re-scopes) a role to a user; the scope must fit the role. District admins: any role, the grant replaces the user’s grant of that role. Street admins: volunteer, and venue/station manager for venues and stations of their street — only the part of the user’s scope inside their street is replaced, the rest stays. Authorised before the user is looked up; a street admin sees only the roles they administer. Audited.',
    access: ROLE_ADMINS,
    input: z.strictObject({ openid: IdSchema, grant: RoleGrantInputSchema }),
    output: RolesOutput,
    mutates: true,
    errors: ['AUTH.FORBIDDEN', 'USER.NOT_FOUND'],
  }),
  revokeRole: defineAction({
    summary:
      'Removes a role from a user, under the same rules as granting it: a street admin removes only the part of a venue/station manager’s scope inside their street (the role stays if anything remains); nothing of theirs to remove changes nothing. Audited.',
    access: ROLE_ADMINS,
    input: z.strictObject({ openid: IdSchema, role: RoleSchema.exclude(['resident']) }),
    output: RolesOutput,
    mutates: true,
    errors: ['AUTH.FORBIDDEN', 'USER.NOT_FOUND'],
  }),
  venues: defineAction({
    access: ADMINS,
    summary: 'Venues in the caller’s scope (street admin: their street’s; district admin: all, or one street), retired ones included when asked, with managers and future bookings.',
    input: z.strictObject({ streetId: IdSchema.optional(), includeRetired: z.boolean().optional() }),
    output: z.object({ venues: z.array(AdminVenueSchema) }),
    mutates: false,
  }),
  saveVenue: defineAction({
    access: ADMINS,
    summary:
      'Creates (no venueId) or edits a venue: hours, slot length, capacity, facilities, approval, photos. Street admins: venues of their street only (never district-level ones, never moved out of their street). Existing bookings are kept; output counts those now outside the opening hours. Audited with before and after.',
    input: z.strictObject({ venueId: IdSchema.optional(), venue: VenueAdminInputSchema }),
    output: z.object({ venue: AdminVenueSchema, outsideHours: z.number().int() }),
    mutates: true,
    errors: ['VENUE.NOT_FOUND', 'VENUE.RETIRED', 'ADMIN.AREA_UNKNOWN', 'ADMIN.BAD_HOURS', 'ACTIVITY.IMAGE_INVALID', 'CONTENT.REJECTED'],
  }),
  retireVenue: defineAction({
    access: ADMINS,
    summary:
      'Retires a venue (no new bookings; hidden from residents). With future bookings it is refused (VENUE.HAS_BOOKINGS, details.count) unless cancelBookings: then each is cancelled through the booking ledger and its booker told, with the reason, in the same transaction batch. Audited.',
    input: z.strictObject({ venueId: IdSchema, reason: Reason, cancelBookings: z.boolean().optional() }),
    output: z.object({ venueId: z.string(), cancelledBookings: z.number().int() }),
    mutates: true,
    errors: ['VENUE.NOT_FOUND', 'VENUE.RETIRED', 'VENUE.HAS_BOOKINGS'],
  }),
  stations: defineAction({
    access: ADMINS,
    summary: 'Red Sail stations in the caller’s scope, retired ones included when asked, with managers, members and future shifts.',
    input: z.strictObject({ streetId: IdSchema.optional(), includeRetired: z.boolean().optional() }),
    output: z.object({ stations: z.array(AdminStationSchema) }),
    mutates: false,
  }),
  saveStation: defineAction({
    access: ADMINS,
    summary: 'Creates (no stationId) or edits a Red Sail station. Street admins: their street’s only, never moved out of it. Content-checked; audited with before and after.',
    input: z.strictObject({ stationId: IdSchema.optional(), station: StationAdminInputSchema }),
    output: z.object({ station: AdminStationSchema }),
    mutates: true,
    errors: ['STATION.NOT_FOUND', 'STATION.RETIRED', 'ADMIN.AREA_UNKNOWN', 'CONTENT.REJECTED'],
  }),
  retireStation: defineAction({
    access: ADMINS,
    summary:
      'Retires a station (hidden from the list; no new shifts or members). With future shifts it is refused (STATION.HAS_SHIFTS, details.count) unless cancelShifts: then they are cancelled and everyone signed up told. Audited.',
    input: z.strictObject({ stationId: IdSchema, reason: Reason, cancelShifts: z.boolean().optional() }),
    output: z.object({ stationId: z.string(), cancelledShifts: z.number().int() }),
    mutates: true,
    errors: ['STATION.NOT_FOUND', 'STATION.RETIRED', 'STATION.HAS_SHIFTS'],
  }),
  findPeople: defineAction({
    access: ADMINS,
    summary:
      'Finds people by name (part of the nickname) or phone (all 11 digits, or the last 4): at most 20, phone masked, with the roles the caller administers. Street admins find only people of their street.',
    input: z.strictObject({ q: z.string().trim().min(1, '请输入姓名或手机号').max(20) }),
    output: z.object({ people: z.array(FoundPersonSchema) }),
    mutates: false,
  }),
  dashboard: defineAction({
    access: ADMINS,
    summary:
      'Headline figures and series by month and by street over whole months from..to (Beijing dates): venue use (booked ÷ open hours, no-shows, busiest rooms and hours), volunteer hours and active volunteers, course completions and branch coverage, activities and attendance, organizations by kind and party-organization coverage. Answered from rollups (flat cost). Street admins: their street only.',
    input: DashboardRangeSchema,
    output: DashboardSchema,
    mutates: false,
  }),
  exportTable: defineAction({
    access: ADMINS,
    summary: 'One dashboard table as an Excel workbook (.xlsx, base64), same scope and range rules as dashboard.',
    input: ExportTableInputSchema,
    output: ExportTableOutputSchema,
    mutates: false,
  }),
};
