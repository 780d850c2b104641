import { z } from 'zod';
import { IdSchema } from './common';
import { XLSX_MIME } from './course';
import { DashboardTables, DASHBOARD_MAX_MONTHS, OrgKinds } from './org-rules';
import { DateSchema } from './venue';

/**
 * The committee's dashboard (admin.dashboard): headline figures and series by month and by street, answered from
 * rollups maintained as events happen (cloudfunctions/_shared/rollups.ts), never by scanning bookings, check-ins or
 * sign-ups on a view. Rates are fractions 0…1 (null when the denominator is 0); hours have one decimal.
 */

const monthsBetween = (from: string, to: string): number =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;

/** `from`/`to`: Beijing dates YYYY-MM-DD, from ≤ to, at most DASHBOARD_MAX_MONTHS calendar months. Whole months are counted. */
export const DashboardRangeSchema = z
  .strictObject({
    /** A street admin may name only their street (or none: their street); a district admin any street or none (all). */
    streetId: IdSchema.optional(),
    from: DateSchema,
    to: DateSchema,
  })
  .refine((r) => r.from <= r.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((r) => r.from > r.to || monthsBetween(r.from, r.to) <= DASHBOARD_MAX_MONTHS, {
    message: `一次最多看${DASHBOARD_MAX_MONTHS}个月`,
    path: ['to'],
  });
export type DashboardRange = z.infer<typeof DashboardRangeSchema>;

const Rate = z.number().min(0).max(1).nullable();

/** One row of the by-month and by-street tables (the same measures). */
export const DashboardRowSchema = z.object({
  bookedHours: z.number(),
  openHours: z.number(),
  /** bookedHours ÷ openHours. */
  useRate: Rate,
  bookings: z.number().int(),
  noShows: z.number().int(),
  /** noShows ÷ bookings that were due (confirmed bookings whose time has passed). */
  noShowRate: Rate,
  volunteerHours: z.number(),
  activeVolunteers: z.number().int(),
  completions: z.number().int(),
  activitiesHeld: z.number().int(),
  signups: z.number().int(),
  attendance: z.number().int(),
});
export type DashboardRow = z.infer<typeof DashboardRowSchema>;

export const DashboardSchema = z.object({
  /** The street shown, or null for the whole district. */
  streetId: z.string().nullable(),
  streetName: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  /** When the rollups last took in new events (Beijing ISO instant), or null if never. */
  updatedAt: z.string().nullable(),
  /** Headline figures over the whole range. */
  figures: DashboardRowSchema.extend({
    organizations: z.number().int(),
    /** Branch organization-life coverage this quarter: party members who completed a course ÷ party members. */
    branchCoverage: Rate,
  }),
  months: z.array(DashboardRowSchema.extend({ month: z.string() })),
  /** District: every street (and 区级 for the 创益园); street admin: their street only. */
  streets: z.array(DashboardRowSchema.extend({ streetId: z.string(), streetName: z.string() })),
  /** The ten venues with most booked hours in the range. */
  venues: z.array(z.object({ venueId: z.string(), name: z.string(), streetName: z.string(), bookedHours: z.number(), useRate: Rate })),
  /** Booked hours by hour of the day (Beijing), 0…23, only hours with any. */
  hours: z.array(z.object({ hour: z.number().int().min(0).max(23), bookedHours: z.number() })),
  /** Organizations by kind and how their party work is organized (the article's own / joint / none). */
  orgs: z.object({
    byKind: z.array(z.object({ kind: z.enum(OrgKinds), label: z.string(), count: z.number().int() })),
    own: z.number().int(),
    joint: z.number().int(),
    none: z.number().int(),
    /** Organizations with 30 or more staff, and of them with a party organization (own or joint). */
    large: z.number().int(),
    largeCovered: z.number().int(),
  }),
  /** Party organizations' organization-life coverage this quarter. */
  branches: z.array(z.object({ branchId: z.string(), name: z.string(), members: z.number().int(), covered: z.number().int(), rate: Rate })),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const ExportTableInputSchema = z
  .strictObject({ table: z.enum(DashboardTables, { error: '请选择要下载的表格' }), streetId: IdSchema.optional(), from: DateSchema, to: DateSchema })
  .refine((r) => r.from <= r.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((r) => r.from > r.to || monthsBetween(r.from, r.to) <= DASHBOARD_MAX_MONTHS, { message: `一次最多看${DASHBOARD_MAX_MONTHS}个月`, path: ['to'] });

export const ExportTableOutputSchema = z.object({ filename: z.string(), mimeType: z.literal(XLSX_MIME), base64: z.string(), rows: z.number().int() });
