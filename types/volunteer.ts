import { z } from 'zod';
import { IdSchema, PhoneSchema } from './common';
import { ANYONE, defineAction, OWNER, STATION_MANAGERS, VOLUNTEERS } from './define';
import { GeoPointSchema, ShiftSummarySchema } from './station';
import { InstantSchema } from './venue';

/** Star levels of the national volunteer system: 一星 at 100 h … 五星 at 1,500 h. */
export const STAR_THRESHOLDS = [100, 300, 600, 1000, 1500] as const;

export const StarProgressSchema = z.object({
  /** 0 (no star yet) … 5. */
  level: z.number().int().min(0).max(5),
  /** Hours needed for the next level, null at five stars. */
  nextAt: z.number().nullable(),
  /** 0…1 from the current level's threshold to the next. */
  progress: z.number().min(0).max(1),
});
export type StarProgress = z.infer<typeof StarProgressSchema>;

/** Hours are multiples of 0.25 (check-out credits are rounded down to the quarter hour). */
export const QuarterHoursSchema = z
  .number()
  .refine((h) => Number.isFinite(h) && Math.abs(h * 4 - Math.round(h * 4)) < 1e-9, '时长请按0.25小时填写');

export const VolunteerProfileSchema = z.object({
  registered: z.boolean(),
  /** Masked (王*芳); the full name is only in the caller's data export. */
  realNameMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  registeredAt: z.string().nullable(),
  totalHours: z.number(),
  stars: StarProgressSchema,
  /** Appears on the leaderboard by name (default true). */
  showOnLeaderboard: z.boolean(),
  /** Late cancellations (less than 2 hours before the start) on the record. */
  lateCancellations: z.number().int(),
});
export type VolunteerProfile = z.infer<typeof VolunteerProfileSchema>;

export const SignUpStates = ['confirmed', 'waitlisted', 'cancelled'] as const;

/** One of the caller's places (我的服务). */
export const MyShiftSchema = ShiftSummarySchema.extend({
  /** Place in the waitlist (1 = next), when waitlisted. */
  position: z.number().int().nullable(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  /** Hours credited for this shift so far. */
  hours: z.number(),
  lateCancel: z.boolean(),
  /** Check-in is open now (30 min before the start until the end), and until when check-out is. */
  checkInOpensAt: z.string(),
  checkOutClosesAt: z.string(),
});
export type MyShift = z.infer<typeof MyShiftSchema>;

export const HoursSources = ['checkout', 'confirmed', 'honour', 'correction'] as const;
export const HoursEntrySchema = z.object({
  id: z.string(),
  /** May be negative for a correction. */
  hours: z.number(),
  source: z.enum(HoursSources),
  stationId: z.string(),
  stationName: z.string(),
  shiftId: z.string().nullable(),
  shiftTitle: z.string().nullable(),
  reason: z.string().nullable(),
  /** Who made the entry: the volunteer (check-out) or a manager's name. */
  byName: z.string(),
  at: z.string(),
  /** The entry this one corrects. */
  correctsId: z.string().nullable(),
});
export type HoursEntry = z.infer<typeof HoursEntrySchema>;

export const CertificateSchema = z.object({
  number: z.string(),
  name: z.string(),
  totalHours: z.number(),
  /** Beijing dates of the first and last credited service. */
  periodFrom: z.string(),
  periodTo: z.string(),
  stations: z.array(z.string()),
  issuedAt: z.string(),
  issuer: z.string(),
});
export type Certificate = z.infer<typeof CertificateSchema>;

export const NameMaskings = ['full', 'surname', 'masked'] as const;

export const RosterEntrySchema = z.object({
  openid: z.string(),
  name: z.string(),
  /** Full to the station's own manager, masked to admins above them. */
  phone: z.string().nullable(),
  state: z.enum(SignUpStates),
  position: z.number().int().nullable(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  distanceM: z.number().int().nullable(),
  hours: z.number(),
  /** Checked in, never checked out, and the shift has ended: the manager may confirm hours. */
  needsConfirmation: z.boolean(),
});
export type RosterEntry = z.infer<typeof RosterEntrySchema>;

export const CreateShiftInputSchema = z.strictObject({
  stationId: IdSchema,
  title: z.string().trim().min(2, '标题至少2个字').max(40, '标题请不超过40字'),
  description: z.string().trim().max(500, '说明请不超过500字').default(''),
  start: InstantSchema,
  end: InstantSchema,
  capacity: z.number().int().min(1, '至少1个名额').max(500, '最多500个名额'),
  place: z.string().trim().min(2, '请写清服务地点').max(100),
  location: GeoPointSchema.optional(),
  /** Geofence radius in metres around `location` (default 200). */
  radiusM: z.number().int().min(50).max(5000).optional(),
  skills: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
  openTo: z.enum(['all', 'members']).default('all'),
});
export type CreateShiftInput = z.infer<typeof CreateShiftInputSchema>;

const ShiftIdInput = z.strictObject({ shiftId: IdSchema });
const CodeInput = z.strictObject({
  shiftId: IdSchema,
  code: z.string().trim().regex(/^\d{6}$/, '请输入6位数字签到码'),
  location: GeoPointSchema.optional(),
});

export const volunteerContract = {
  me: defineAction({
    access: OWNER,
    summary: 'The caller’s volunteer registration (masked), total hours, star progress and record.',
    input: z.strictObject({}),
    output: VolunteerProfileSchema,
    mutates: false,
  }),
  register: defineAction({
    access: OWNER,
    summary: 'Registers the caller as a volunteer (real name and phone; the page shows the volunteer terms first and calling this is the consent); grants the volunteer role. Registering again updates the name and phone.',
    input: z.strictObject({ realName: z.string().trim().regex(/^[\u4e00-\u9fa5·]{2,15}$/, '请填写真实姓名（2到15个汉字）'), phone: PhoneSchema }),
    output: VolunteerProfileSchema,
    mutates: true,
    errors: ['ACCOUNT.DELETING'],
  }),
  setPreferences: defineAction({
    access: VOLUNTEERS,
    summary: 'Whether the caller appears by name on the leaderboard.',
    input: z.strictObject({ showOnLeaderboard: z.boolean() }),
    output: VolunteerProfileSchema,
    mutates: true,
    errors: ['VOLUNTEER.NOT_REGISTERED'],
  }),
  shifts: defineAction({
    access: VOLUNTEERS,
    summary: 'Upcoming shifts the caller may sign up for (open to all volunteers, or to members of stations they belong to), soonest first, optionally of one station.',
    input: z.strictObject({ stationId: IdSchema.optional() }),
    output: z.object({ shifts: z.array(ShiftSummarySchema) }),
    mutates: false,
  }),
  myShifts: defineAction({
    access: VOLUNTEERS,
    summary: 'The caller’s places: upcoming (confirmed or waitlisted) or past (the last 90 days).',
    input: z.strictObject({ when: z.enum(['upcoming', 'past']).optional() }),
    output: z.object({ shifts: z.array(MyShiftSchema) }),
    mutates: false,
  }),
  signUp: defineAction({
    access: VOLUNTEERS,
    summary: 'Takes a place on a shift; capacity is enforced by the database. A full shift answers SHIFT.FULL (409) unless `wait` is true, then a waitlist place with its position. Signing up again returns the place already held.',
    input: z.strictObject({ shiftId: IdSchema, wait: z.boolean().optional() }),
    output: z.object({ shiftId: z.string(), state: z.enum(['confirmed', 'waitlisted']), position: z.number().int().optional() }),
    mutates: true,
    perMinute: 20,
    errors: ['SHIFT.NOT_FOUND', 'SHIFT.FULL', 'SHIFT.MEMBERS_ONLY', 'SHIFT.SIGNUP_CLOSED', 'SHIFT.BUSY', 'ACCOUNT.DELETING'],
  }),
  cancel: defineAction({
    access: VOLUNTEERS,
    summary: 'Gives up a place (or a waitlist place) before the shift starts; less than 2 hours before the start it counts as a late cancellation. A freed place goes to the next person waiting, with a message.',
    input: ShiftIdInput,
    output: z.object({ shiftId: z.string(), state: z.literal('cancelled'), late: z.boolean() }),
    mutates: true,
    errors: ['SHIFT.NOT_FOUND', 'SHIFT.NOT_SIGNED_UP', 'SHIFT.STARTED'],
  }),
  checkIn: defineAction({
    access: VOLUNTEERS,
    summary: 'Checks in with the shift’s rotating six-digit code (current or previous 30-second step) and, for a geofenced shift, a location inside the fence; from 30 minutes before the start to the end, once. Stores the decision and distance only.',
    input: CodeInput,
    output: z.object({ shiftId: z.string(), checkedInAt: z.string(), distanceM: z.number().int().nullable() }),
    mutates: true,
    perMinute: 20,
    errors: [
      'SHIFT.NOT_FOUND',
      'SHIFT.NOT_SIGNED_UP',
      'SHIFT.CODE_INVALID',
      'SHIFT.CODE_EXPIRED',
      'SHIFT.CODE_OTHER_SHIFT',
      'SHIFT.LOCATION_REQUIRED',
      'SHIFT.TOO_FAR',
      'SHIFT.CHECKIN_TOO_EARLY',
      'SHIFT.CHECKIN_CLOSED',
      'SHIFT.ALREADY_CHECKED_IN',
    ],
  }),
  checkOut: defineAction({
    access: VOLUNTEERS,
    summary: 'Checks out with the rotating code (and location, if geofenced), from check-in to 2 hours after the end, once; credits the overlap with the shift rounded down to 0.25 h to the hours ledger.',
    input: CodeInput,
    output: z.object({ shiftId: z.string(), checkedOutAt: z.string(), hours: z.number(), totalHours: z.number() }),
    mutates: true,
    perMinute: 20,
    errors: [
      'SHIFT.NOT_FOUND',
      'SHIFT.NOT_SIGNED_UP',
      'SHIFT.CODE_INVALID',
      'SHIFT.CODE_EXPIRED',
      'SHIFT.CODE_OTHER_SHIFT',
      'SHIFT.LOCATION_REQUIRED',
      'SHIFT.TOO_FAR',
      'SHIFT.NOT_CHECKED_IN',
      'SHIFT.CHECKOUT_CLOSED',
      'SHIFT.ALREADY_CHECKED_OUT',
    ],
  }),
  ledger: defineAction({
    access: OWNER,
    summary: 'The caller’s hours ledger (append-only entries, newest first), total, per-station totals and star progress.',
    input: z.strictObject({}),
    output: z.object({
      entries: z.array(HoursEntrySchema),
      totalHours: z.number(),
      byStation: z.array(z.object({ stationId: z.string(), stationName: z.string(), hours: z.number() })),
      stars: StarProgressSchema,
    }),
    mutates: false,
  }),
  certificate: defineAction({
    access: VOLUNTEERS,
    summary: 'Issues a 志愿服务记录证明 of the caller’s hours so far, with the name shown as they choose (full, surname only, or masked). Each issue gets its own number.',
    input: z.strictObject({ nameShown: z.enum(NameMaskings).optional() }),
    output: CertificateSchema,
    mutates: true,
    perMinute: 10,
    errors: ['CERTIFICATE.NO_HOURS'],
  }),
  verify: defineAction({
    access: ANYONE,
    summary: 'Checks a certificate number: the masked name, hours and period it was issued for, nothing else.',
    input: z.strictObject({ number: z.string().trim().regex(/^[A-Z0-9-]{6,32}$/, '证明编号格式不对') }),
    output: z.object({ number: z.string(), name: z.string(), totalHours: z.number(), periodFrom: z.string(), periodTo: z.string(), issuedAt: z.string() }),
    mutates: false,
    errors: ['CERTIFICATE.NOT_FOUND'],
  }),
  leaderboard: defineAction({
    access: ANYONE,
    summary: 'Top volunteers by hours credited in a Beijing month (default this month), district-wide or in one street; people who opted out appear as 匿名志愿者.',
    input: z.strictObject({ streetId: IdSchema.optional(), month: z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, '月份格式不对').optional() }),
    output: z.object({
      month: z.string(),
      streetId: z.string().nullable(),
      entries: z.array(z.object({ rank: z.number().int(), name: z.string(), hours: z.number(), streetName: z.string().nullable(), me: z.boolean() })),
    }),
    mutates: false,
  }),
  managedShifts: defineAction({
    access: STATION_MANAGERS,
    summary: 'Shifts of the caller’s managed stations (optionally one): from 7 days ago on, soonest first, with how many need a check-out confirmed.',
    input: z.strictObject({ stationId: IdSchema.optional() }),
    output: z.object({ shifts: z.array(ShiftSummarySchema.extend({ needsConfirmation: z.number().int(), checkedIn: z.number().int() })) }),
    mutates: false,
  }),
  createShift: defineAction({
    access: STATION_MANAGERS,
    summary: 'Creates a service shift at a managed station (Beijing start/end, capacity, place, optional geofence, skills, open to all volunteers or members only). Audited.',
    input: CreateShiftInputSchema,
    output: ShiftSummarySchema,
    mutates: true,
    errors: ['STATION.NOT_FOUND', 'SHIFT.BAD_TIMES', 'CONTENT.REJECTED'],
  }),
  shiftCode: defineAction({
    access: STATION_MANAGERS,
    summary: 'The rotating check-in code of a managed shift: six digits and the QR payload, valid for this 30-second step and the next.',
    input: ShiftIdInput,
    output: z.object({ shiftId: z.string(), code: z.string(), qr: z.string(), expiresAt: z.string(), stepSeconds: z.number().int() }),
    mutates: false,
    errors: ['SHIFT.NOT_FOUND'],
  }),
  roster: defineAction({
    access: STATION_MANAGERS,
    summary: 'Who holds and waits for places on a managed shift, with check-in/out times, distances and hours.',
    input: ShiftIdInput,
    output: z.object({ shift: ShiftSummarySchema, entries: z.array(RosterEntrySchema) }),
    mutates: false,
    errors: ['SHIFT.NOT_FOUND'],
  }),
  confirmCheckOut: defineAction({
    access: STATION_MANAGERS,
    summary: 'For a volunteer who checked in and forgot to check out of an ended shift: credits the overlap of [check-in, shift end]. Once. Audited.',
    input: z.strictObject({ shiftId: IdSchema, openid: IdSchema }),
    output: z.object({ shiftId: z.string(), openid: z.string(), hours: z.number() }),
    mutates: true,
    errors: ['SHIFT.NOT_FOUND', 'SHIFT.NOT_SIGNED_UP', 'SHIFT.NOT_CHECKED_IN', 'SHIFT.ALREADY_CHECKED_OUT', 'SHIFT.NOT_ENDED'],
  }),
  grantHours: defineAction({
    access: STATION_MANAGERS,
    summary: 'Adds an honour entry (positive, with a reason) or a correction (compensating an existing entry of that volunteer at a managed station) to the append-only hours ledger. Audited.',
    input: z.strictObject({
      openid: IdSchema,
      stationId: IdSchema,
      hours: QuarterHoursSchema.refine((h) => h !== 0 && Math.abs(h) <= 100, '时长请在0.25到100小时之间'),
      reason: z.string().trim().min(2, '请写明原因').max(100),
      correctsId: IdSchema.optional(),
    }),
    output: HoursEntrySchema,
    mutates: true,
    errors: ['STATION.NOT_FOUND', 'USER.NOT_FOUND', 'HOURS.ENTRY_NOT_FOUND', 'HOURS.NEGATIVE_TOTAL'],
  }),
  totals: defineAction({
    access: STATION_MANAGERS,
    summary: 'Hours totals of the caller’s scope: per managed station and per street, and the volunteers of one station; with `openid` too, that volunteer’s entries at the station (to pick one to correct).',
    input: z.strictObject({ stationId: IdSchema.optional(), openid: IdSchema.optional() }),
    output: z.object({
      stations: z.array(z.object({ stationId: z.string(), stationName: z.string(), streetId: z.string(), hours: z.number(), volunteers: z.number().int() })),
      streets: z.array(z.object({ streetId: z.string(), streetName: z.string(), hours: z.number() })),
      volunteers: z.array(z.object({ openid: z.string(), name: z.string(), hours: z.number() })),
      /** With `stationId` and `openid`: that volunteer’s entries at the station, newest first (the grant page’s correction picker). */
      entries: z.array(HoursEntrySchema).optional(),
    }),
    mutates: false,
    errors: ['STATION.NOT_FOUND'],
  }),
};

/** Star level and progress to the next at `hours` (shown on 我的时长 and computed by the functions alike). */
export function starProgress(hours: number): StarProgress {
  const level = STAR_THRESHOLDS.filter((t) => hours >= t).length;
  if (level >= STAR_THRESHOLDS.length) return { level, nextAt: null, progress: 1 };
  const from = level === 0 ? 0 : (STAR_THRESHOLDS[level - 1] as number);
  const to = STAR_THRESHOLDS[level] as number;
  return { level, nextAt: to, progress: Math.max(0, Math.min(1, (hours - from) / (to - from))) };
}
