import { z } from 'zod';
import { isCalendarDate, parseInstant } from './beijing-time';
import { IdSchema, PhoneSchema } from './common';
import { ANYONE, defineAction, OWNER, VENUE_MANAGERS } from './define';

export const VenueLevels = ['district', 'street', 'community'] as const;
export const VenueLevelSchema = z.enum(VenueLevels);
export type VenueLevel = z.infer<typeof VenueLevelSchema>;

export const VenueTypes = ['meeting', 'activity', 'hall', 'rehearsal', 'training', 'reading'] as const;
export const VenueTypeSchema = z.enum(VenueTypes);
export type VenueType = z.infer<typeof VenueTypeSchema>;

/** "HH:mm" in Beijing time. */
export const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const VenueSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  level: VenueLevelSchema,
  type: VenueTypeSchema,
  capacity: z.number().int(),
  facilities: z.array(z.string()),
  address: z.string(),
  streetId: z.string().nullable(),
  streetName: z.string().nullable(),
  communityId: z.string().nullable(),
  communityName: z.string().nullable(),
  photo: z.string().nullable(),
  opens: ClockTimeSchema,
  closes: ClockTimeSchema,
  needsApproval: z.boolean(),
});
export type VenueSummary = z.infer<typeof VenueSummarySchema>;

export const VenueListInputSchema = z.strictObject({
  level: VenueLevelSchema.optional(),
  streetId: IdSchema.optional(),
  communityId: IdSchema.optional(),
  type: VenueTypeSchema.optional(),
  minCapacity: z.number().int().min(1).max(10000).optional(),
});
export type VenueListInput = z.infer<typeof VenueListInputSchema>;

export const VenueListOutputSchema = z.object({ venues: z.array(VenueSummarySchema) });
export type VenueListOutput = z.infer<typeof VenueListOutputSchema>;

/** A Beijing calendar date, 'YYYY-MM-DD', that the calendar has (never normalised), in the app's years. */
export const DateSchema = z.string().refine(isCalendarDate, '日期不对，请重新选择日期');

/**
 * An ISO-8601 instant with an explicit offset, e.g. 2026-12-01T09:00:00+08:00: a real day and time (never normalised),
 * in the app's years. Every date and instant input of the contract uses these two schemas.
 */
export const InstantSchema = z.string().max(40).refine((s) => !Number.isNaN(parseInstant(s)), '时间不对，请重新选择时间');

export const SlotStates = ['free', 'taken', 'mine', 'closed', 'past'] as const;
export const SlotStateSchema = z.enum(SlotStates);
export type SlotState = z.infer<typeof SlotStateSchema>;

export const SlotSchema = z.object({
  /** ISO-8601 with +08:00. */
  start: z.string(),
  end: z.string(),
  state: SlotStateSchema,
  /** Residents already queued for this (taken) slot. */
  waitlist: z.number().int(),
  /** The caller is queued for it. */
  waitlisted: z.boolean(),
});
export type Slot = z.infer<typeof SlotSchema>;

/** One venue's day: its slots, and whether a manager has closed the whole date. */
export const VenueDaySchema = z.object({ venueId: z.string(), date: z.string(), closedDay: z.boolean(), slots: z.array(SlotSchema) });
export type VenueDay = z.infer<typeof VenueDaySchema>;

export const VenueDetailSchema = VenueSummarySchema.extend({
  photos: z.array(z.string()),
  slotMinutes: z.number().int(),
  windowDays: z.number().int(),
  maxConsecutive: z.number().int(),
  blackoutDates: z.array(z.string()),
  /** The caller manages this venue (sees the manager tools). */
  managedByMe: z.boolean(),
  /** Today in Beijing and the last bookable date, so the app draws the date strip without trusting the phone clock. */
  today: z.string(),
  lastBookableDate: z.string(),
});
export type VenueDetail = z.infer<typeof VenueDetailSchema>;

export const BookingStates = ['pending', 'confirmed', 'checked_in', 'completed', 'cancelled', 'rejected', 'expired', 'released'] as const;
export const BookingStateSchema = z.enum(BookingStates);
export type BookingState = z.infer<typeof BookingStateSchema>;

/** A booking as its owner sees it. */
export const BookingSchema = z.object({
  id: z.string(),
  venueId: z.string(),
  venueName: z.string(),
  venueAddress: z.string(),
  start: z.string(),
  end: z.string(),
  slotCount: z.number().int(),
  state: BookingStateSchema,
  purpose: z.string(),
  attendees: z.number().int(),
  phoneMasked: z.string().nullable(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  createdAt: z.string(),
  /** When a pending booking lapses unless approved. */
  expiresAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  /** Cancelling now is free (more than 2 hours before start). */
  freeCancelUntil: z.string(),
  checkInOpensAt: z.string(),
  checkInClosesAt: z.string(),
  /** Six digits the venue manager types or scans to check this booking in (owner only, while it can be used). */
  checkInCode: z.string().nullable(),
});
export type Booking = z.infer<typeof BookingSchema>;

/** A booking as the responsible venue manager sees it: who booked and how to reach them. */
export const ManagedBookingSchema = BookingSchema.omit({ checkInCode: true, phoneMasked: true }).extend({
  bookerName: z.string(),
  phone: z.string().nullable(),
});
export type ManagedBooking = z.infer<typeof ManagedBookingSchema>;

const PurposeSchema = z.string().trim().min(2, '请简单写一下用途（至少2个字）').max(100, '用途请不超过100字');

export const BookInputSchema = z.strictObject({
  venueId: IdSchema,
  starts: z.array(InstantSchema).min(1, '请至少选择一个时段').max(12),
  purpose: PurposeSchema,
  attendees: z.number().int().min(1, '人数至少1人').max(10000),
  phone: PhoneSchema.optional(),
  orgId: IdSchema.optional(),
});
export type BookInput = z.infer<typeof BookInputSchema>;

const BookingIdInput = z.strictObject({ bookingId: IdSchema });

export const WaitlistInputSchema = z.strictObject({
  venueId: IdSchema,
  start: InstantSchema,
  purpose: PurposeSchema,
  attendees: z.number().int().min(1).max(10000),
  phone: PhoneSchema.optional(),
});
export type WaitlistInput = z.infer<typeof WaitlistInputSchema>;

export const OrganizationSchema = z.object({ id: z.string(), name: z.string() });

/** Parts of a Beijing day for the free-slot search: a slot belongs to the part its start falls in. */
export const DayParts = ['morning', 'afternoon', 'evening'] as const;
export const DayPartSchema = z.enum(DayParts);
export type DayPart = z.infer<typeof DayPartSchema>;

export const AvailabilityInputSchema = z.strictObject({
  /** One venue (the date strip of its page), or every active venue matching the list filters (the search). */
  venueId: IdSchema.optional(),
  level: VenueLevelSchema.optional(),
  streetId: IdSchema.optional(),
  communityId: IdSchema.optional(),
  type: VenueTypeSchema.optional(),
  minCapacity: z.number().int().min(1).max(10000).optional(),
  /** First Beijing date, and how many dates from it (at most the 14-day booking window). */
  from: DateSchema,
  days: z.number().int().min(1).max(14),
  /** Only slots starting in this part of the day (morning before 12:00, afternoon 12:00–18:00, evening from 18:00). */
  part: DayPartSchema.optional(),
});
export type AvailabilityInput = z.infer<typeof AvailabilityInputSchema>;

export const DayAvailabilitySchema = z.object({
  date: z.string(),
  /** Slots (in the part of the day, if one was asked) the caller could book now. */
  free: z.number().int(),
  /** Slots the venue has in that part of the day. */
  total: z.number().int(),
  /** A manager has closed the date, or it is outside the booking window. */
  closed: z.boolean(),
});
export type DayAvailability = z.infer<typeof DayAvailabilitySchema>;

export const AvailabilityOutputSchema = z.object({
  from: z.string(),
  to: z.string(),
  part: DayPartSchema.nullable(),
  venues: z.array(z.object({ venue: VenueSummarySchema, days: z.array(DayAvailabilitySchema) })),
});
export type AvailabilityOutput = z.infer<typeof AvailabilityOutputSchema>;

/** What the caller may still book: shown before the booking form, from the same account the booking checks. */
export const QuotaSchema = z.object({
  max: z.number().int(),
  /** Active future bookings (pending or confirmed) counted against the limit. */
  used: z.number().int(),
  remaining: z.number().int(),
  /** Booking is suspended until this Beijing date (after 3 missed bookings in 60 days), or null. */
  suspendedUntil: z.string().nullable(),
});
export type Quota = z.infer<typeof QuotaSchema>;

export const venueContract = {
  list: defineAction({
    access: ANYONE,
    summary: 'Active venues, 创益园 first; filter by level, street, community, type, minimum capacity.', input: VenueListInputSchema, output: VenueListOutputSchema, mutates: false }),
  areas: defineAction({
    summary: 'The 12 streets of Zhifu and their communities, for the venue filters.',
    access: ANYONE,
    input: z.strictObject({}),
    output: z.object({
      streets: z.array(z.object({ id: z.string(), name: z.string(), communities: z.array(z.object({ id: z.string(), name: z.string() })) })),
    }),
    mutates: false,
  }),
  get: defineAction({
    access: ANYONE,
    summary: 'One venue with its booking rules, blackout dates, the Beijing dates of its booking window, and the organizations the caller may book for (those they lead or belong to).',
    errors: ['VENUE.NOT_FOUND'],
    input: z.strictObject({ venueId: IdSchema }),
    output: z.object({ venue: VenueDetailSchema, organizations: z.array(OrganizationSchema) }),
    mutates: false,
  }),
  slots: defineAction({
    access: ANYONE,
    summary: 'Every slot of a venue on a Beijing date with its state for the caller: free, taken, mine, closed, past; closedDay: a manager has closed the date.',
    errors: ['VENUE.NOT_FOUND'],
    input: z.strictObject({ venueId: IdSchema, date: DateSchema }),
    output: VenueDaySchema,
    mutates: false,
  }),
  availability: defineAction({
    access: ANYONE,
    summary: 'Free and total slots per Beijing date for one venue or every active venue matching the list filters, over up to 14 dates, optionally in one part of the day (morning, afternoon, evening); read from the slot ledger in one query per 1000 entries.',
    errors: ['VENUE.NOT_FOUND'],
    input: AvailabilityInputSchema,
    output: AvailabilityOutputSchema,
    mutates: false,
  }),
  quota: defineAction({
    access: OWNER,
    summary: 'How many more bookings the caller may make now (at most 3 active future bookings), or until when booking is suspended.',
    input: z.strictObject({}),
    output: QuotaSchema,
    mutates: false,
  }),
  book: defineAction({
    access: ANYONE,
    idempotency: 'native',
    perMinute: 10,
    rateLimit: 'handler',
    summary: 'Books 1..maxConsecutive adjacent free slots; confirmed at once, or pending for organizations and venues that need approval. Only a leader or member of an organization books in its name. Needs a phone to reach the booker: `phone` on the form or one on the profile (else VENUE.PHONE_REQUIRED). Needs a requestId; replays return the same booking.',
    errors: ['VENUE.NOT_FOUND', 'VENUE.PHONE_REQUIRED', 'VENUE.ORG_NOT_FOUND', 'VENUE.NOT_ORG_MEMBER', 'VENUE.SLOT_TAKEN', 'VENUE.OUTSIDE_WINDOW', 'VENUE.OUTSIDE_HOURS', 'VENUE.BLACKOUT', 'VENUE.NOT_ADJACENT', 'VENUE.TOO_MANY_SLOTS', 'VENUE.OVER_CAPACITY', 'VENUE.QUOTA_EXCEEDED', 'VENUE.SUSPENDED', 'VENUE.BUSY', 'IDEMPOTENCY.KEY_REUSED'], input: BookInputSchema, output: BookingSchema, mutates: true }),
  cancel: defineAction({
    access: OWNER,
    summary: 'Cancels the caller’s own pending or confirmed booking before it starts; within 2 hours of the start it counts a strike (penalised: true).',
    errors: ['VENUE.BOOKING_NOT_FOUND', 'VENUE.BOOKING_STATE', 'IDEMPOTENCY.KEY_REUSED'],
    input: BookingIdInput,
    output: BookingSchema.extend({ penalised: z.boolean() }),
    mutates: true,
  }),
  mine: defineAction({
    access: OWNER,
    summary: 'The caller’s upcoming (holding) or past bookings.',
    input: z.strictObject({ when: z.enum(['upcoming', 'past']).optional() }),
    output: z.object({ bookings: z.array(BookingSchema) }),
    mutates: false,
  }),
  /** Resident checks in by typing or scanning the venue’s code of the day. */
  checkIn: defineAction({
    access: OWNER,
    perMinute: 10,
    summary: 'Checks the caller’s booking in with the venue’s code of the day, from 15 minutes before to 15 minutes after the start.',
    errors: ['VENUE.NOT_FOUND', 'VENUE.CHECKIN_CODE_INVALID', 'VENUE.CHECKIN_CLOSED', 'VENUE.BOOKING_NOT_FOUND', 'VENUE.BOOKING_STATE'],
    input: z.strictObject({ venueId: IdSchema, code: z.string().regex(/^\d{6}$/, '请输入6位数字签到码') }),
    output: BookingSchema,
    mutates: true,
  }),
  joinWaitlist: defineAction({
    access: ANYONE,
    summary: 'Queues the caller for a taken slot; when it frees, the first in line who may still book gets it, confirmed.',
    errors: ['VENUE.NOT_FOUND', 'VENUE.SLOT_FREE', 'VENUE.OUTSIDE_WINDOW', 'VENUE.OUTSIDE_HOURS', 'VENUE.BLACKOUT', 'VENUE.OVER_CAPACITY', 'VENUE.BOOKING_STATE'],
    input: WaitlistInputSchema,
    output: z.object({ position: z.number().int(), start: z.string() }),
    mutates: true,
  }),
  leaveWaitlist: defineAction({
    access: OWNER,
    summary: 'Leaves the caller’s place in a slot’s queue.',
    input: z.strictObject({ venueId: IdSchema, start: InstantSchema }),
    output: z.object({ left: z.boolean() }),
    mutates: true,
  }),
  // ---- venue managers (only for their own venues)
  managed: defineAction({
    access: VENUE_MANAGERS,
    summary: 'Venues the caller manages (venue manager scope, street admin street, district admin all).',
    input: z.strictObject({}),
    output: z.object({ venues: z.array(VenueSummarySchema) }),
    mutates: false,
  }),
  schedule: defineAction({
    access: VENUE_MANAGERS,
    summary: 'A Beijing day’s bookings at the caller’s venues, with bookers’ names and phones.',
    errors: ['AUTH.FORBIDDEN'],
    input: z.strictObject({ venueId: IdSchema.optional(), date: DateSchema.optional() }),
    output: z.object({ date: z.string(), bookings: z.array(ManagedBookingSchema) }),
    mutates: false,
  }),
  pending: defineAction({
    access: VENUE_MANAGERS,
    summary: 'Pending bookings at the caller’s venues.',
    input: z.strictObject({}),
    output: z.object({ bookings: z.array(ManagedBookingSchema) }),
    mutates: false,
  }),
  approve: defineAction({
    access: VENUE_MANAGERS,
    summary: 'Confirms a pending booking at one of the caller’s venues (audited); once its 48 hours or its start have passed it has lapsed and cannot be approved.',
    errors: ['VENUE.BOOKING_NOT_FOUND', 'AUTH.FORBIDDEN', 'VENUE.BOOKING_STATE', 'VENUE.APPROVAL_EXPIRED'], input: BookingIdInput, output: ManagedBookingSchema, mutates: true }),
  reject: defineAction({
    access: VENUE_MANAGERS,
    summary: 'Rejects a pending booking with a reason, freeing its slots (audited).',
    errors: ['VENUE.BOOKING_NOT_FOUND', 'AUTH.FORBIDDEN', 'VENUE.BOOKING_STATE'],
    input: z.strictObject({ bookingId: IdSchema, reason: z.string().trim().min(2, '请写明原因').max(200) }),
    output: ManagedBookingSchema,
    mutates: true,
  }),
  /** Manager checks a booking in by the code the resident shows. */
  checkInBooking: defineAction({
    access: VENUE_MANAGERS,
    perMinute: 20,
    summary:
      'Checks a booking in by the 6-digit code its owner shows, matched across every venue the caller manages (`venueId`, if given, must be one of them). A code for another day or time is refused with details saying which booking it is (venueName, date, start, end, bookerName, state, opensAt, closesAt); a code for a venue the caller does not manage is just wrong.',
    errors: ['VENUE.NOT_FOUND', 'AUTH.FORBIDDEN', 'VENUE.CHECKIN_CODE_INVALID', 'VENUE.CHECKIN_CLOSED', 'VENUE.BOOKING_STATE'],
    input: z.strictObject({ venueId: IdSchema.optional(), code: z.string().regex(/^\d{6}$/, '请输入6位数字签到码') }),
    output: ManagedBookingSchema,
    mutates: true,
  }),
  /** The venue's check-in code of the day, for the manager to show or print. */
  venueCode: defineAction({
    access: VENUE_MANAGERS,
    summary: 'Today’s 6-digit check-in code of one of the caller’s venues.',
    errors: ['VENUE.NOT_FOUND', 'AUTH.FORBIDDEN'],
    input: z.strictObject({ venueId: IdSchema }),
    output: z.object({ venueId: z.string(), date: z.string(), code: z.string() }),
    mutates: false,
  }),
  setBlackout: defineAction({
    access: VENUE_MANAGERS,
    summary: 'Closes or reopens a date at one of the caller’s venues (audited); a date with holding bookings cannot be closed.',
    errors: ['VENUE.NOT_FOUND', 'AUTH.FORBIDDEN', 'VENUE.BLACKOUT_HAS_BOOKINGS'],
    input: z.strictObject({ venueId: IdSchema, date: DateSchema, closed: z.boolean() }),
    output: z.object({ venueId: z.string(), blackoutDates: z.array(z.string()) }),
    mutates: true,
  }),
};
