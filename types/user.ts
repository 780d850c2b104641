import { z } from 'zod';
import { EmptyInputSchema, PhoneSchema, RoleGrantSchema } from './common';
import { ANYONE, defineAction, OWNER } from './define';
import { messageActions } from './notification';

export const ProfileSchema = z.object({
  nickname: z.string(),
  /** Masked (138****1234) for everyone, including the owner, outside the edit form. */
  phoneMasked: z.string().nullable(),
  streetId: z.string().nullable(),
  communityId: z.string().nullable(),
  /** 长辈版 (elders' mode): true/false once the person chose, null when they never did (the device decides). */
  elderMode: z.boolean().nullable(),
});
export type Profile = z.infer<typeof ProfileSchema>;

/** What the person wants to be called (称呼): 1–20 characters, no line breaks or control characters. */
export const NicknameSchema = z
  .string()
  .trim()
  .min(1, '请填写称呼')
  .max(20, '称呼请不超过20个字')
  .regex(/^[^\p{C}]+$/u, '称呼里不能有特殊字符');

/** WeChat's phone-number code (`<Button openType="getPhoneNumber">` → e.detail.code): opaque, single use. */
export const PhoneCodeSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, '手机号授权无效，请重试');

export const SetProfileInputSchema = z
  .strictObject({
    nickname: NicknameSchema.optional(),
    /** Typed by hand (H5, or when the person prefers not to authorise WeChat). */
    phone: PhoneSchema.optional(),
    /** From WeChat's phone-number authorization; the server exchanges it for the number. */
    phoneCode: PhoneCodeSchema.optional(),
  })
  .refine((v) => !(v.phone !== undefined && v.phoneCode !== undefined), { message: '手机号只需填写一种方式', path: ['phone'] })
  .refine((v) => v.nickname !== undefined || v.phone !== undefined || v.phoneCode !== undefined, { message: '请填写称呼或手机号', path: ['nickname'] });
export type SetProfileInput = z.infer<typeof SetProfileInputSchema>;

export const MeSchema = z.object({
  openid: z.string(),
  profile: ProfileSchema,
  roles: z.array(RoleGrantSchema),
  createdAt: z.string(),
});
export type Me = z.infer<typeof MeSchema>;

const AnyRecord = z.record(z.string(), z.unknown());

export const MyDataSchema = z.object({
  exportedAt: z.string(),
  openid: z.string(),
  profile: z.object({
    nickname: z.string(),
    /** The owner sees their own full number. */
    phone: z.string().nullable(),
    streetId: z.string().nullable(),
    communityId: z.string().nullable(),
    createdAt: z.string().nullable(),
  }),
  roles: z.array(RoleGrantSchema),
  bookings: z.array(AnyRecord),
  waitlist: z.array(AnyRecord),
  messages: z.array(AnyRecord),
  strikes: z.array(AnyRecord),
  bookingAccount: AnyRecord.nullable(),
  /** Volunteer hours ledger entries (quarter hours) and issued 志愿服务记录证明. */
  hoursLedger: z.array(AnyRecord),
  certificates: z.array(AnyRecord),
  /** 红色积分 ledger entries (points, source, reason, who granted, when). */
  pointsLedger: z.array(AnyRecord),
  /** Courses the caller completed online (date, points) and their quiz attempts (drawn questions, results). */
  courseCompletions: z.array(AnyRecord),
  quizAttempts: z.array(AnyRecord),
  /** The caller's applications to and memberships of Red Sail stations. */
  stationMemberships: z.array(AnyRecord),
  /** The caller's places on service shifts (sign-ups with check-in/out times and hours) and the seats they hold. */
  shiftSignups: z.array(AnyRecord),
  shiftSeats: z.array(AnyRecord),
  /** The volunteer registration (real name, phone, consent time and terms version), or null. */
  volunteer: AnyRecord.nullable(),
  /** The caller's places in activities (confirmed, waiting or given up, with check-in time) and the seats and waitlist tickets they hold. */
  activitySignups: z.array(AnyRecord),
  activityPlaces: z.array(AnyRecord),
  /** Activities the caller created or last changed as an organiser. */
  activitiesOrganised: z.array(AnyRecord),
  /** Pictures the caller uploaded that the server accepted (what they illustrate, the image check's verdict). */
  images: z.array(AnyRecord),
  /** The caller's places in course sessions (enrolled, waiting or given up, with check-in time) and the seats and waitlist tickets they hold. */
  sessionSignups: z.array(AnyRecord),
  sessionPlaces: z.array(AnyRecord),
  /** The caller's claims to lead a social organization (organization, waiting or accepted, when). */
  orgClaims: z.array(z.object({ orgId: z.string(), name: z.string(), state: z.enum(['pending', 'claimed']), at: z.string() })),
});
export type MyData = z.infer<typeof MyDataSchema>;

export const userContract = {
  me: defineAction({
    access: OWNER,
    errors: ['ACCOUNT.DELETING'],
    summary: 'The caller’s own profile (phone masked) and role grants; a first call registers a new openid as a resident (after a finished account deletion, afresh; refused while one runs).', input: EmptyInputSchema, output: MeSchema, mutates: false }),
  /** Connectivity check for the app (and the no-op baseline of the benchmarks): touches no data. */
  ping: defineAction({
    access: ANYONE,
    summary: 'Connectivity check; touches no data.', input: EmptyInputSchema, output: z.object({ pong: z.literal(true), at: z.string() }), mutates: false }),
  ...messageActions,
  /** The person's own display preferences, remembered on their profile (shown again on every device). */
  setPreferences: defineAction({
    summary: 'Remembers the caller’s display preferences on their profile: `elderMode` turns 长辈版 (large type, large buttons) on or off. Registers a new openid as `me` does.',
    access: OWNER,
    errors: ['ACCOUNT.DELETING'],
    perMinute: 20,
    input: z.strictObject({ elderMode: z.boolean() }),
    output: z.object({ elderMode: z.boolean() }),
    mutates: true,
  }),
  /** First use (and later edits): the person's 称呼 and phone, the phone typed or through WeChat's authorization. */
  setProfile: defineAction({
    summary:
      'Sets the caller’s own 称呼 (`nickname`) and/or phone: typed (`phone`) or exchanged on the server from WeChat’s phone-number authorization (`phoneCode`, from `<Button openType="getPhoneNumber">`). Answers the profile with the phone masked. Registers a new openid as `me` does.',
    access: OWNER,
    errors: ['ACCOUNT.DELETING', 'USER.PHONE_CODE_INVALID', 'UNAVAILABLE', 'IDEMPOTENCY.KEY_REUSED', 'CONTENT.REJECTED'],
    perMinute: 10,
    input: SetProfileInputSchema,
    output: ProfileSchema,
    mutates: true,
  }),
  /** PIPL: everything stored about the caller, as JSON. */
  exportMyData: defineAction({
    summary: 'PIPL right of access: everything stored about the caller (profile with full phone, bookings, waitlist, messages, strikes) as JSON.',
    access: OWNER,
    input: EmptyInputSchema,
    output: MyDataSchema,
    mutates: false,
  }),
  /** PIPL: deletes the caller's personal data; bookings are kept only as anonymous venue-usage records. */
  deleteAccount: defineAction({
    summary:
      'PIPL right of deletion: marks the account first (every later write about the person is refused with ACCOUNT.DELETING, until they open the app again), cancels future bookings (no strike), deletes profile, messages, waitlist places, activity and course session places (a freed seat goes to the next in line), the files they uploaded (raw uploads, and pictures that are no activity’s cover), strikes, counters and stored answers, and keeps past bookings, volunteer hours, course completions made as a member of a party branch (the branch’s organization-life record shows them as 已注销用户), activities they organised with their cover pictures, and the audit trail under a random pseudonym. `confirm` must be exactly what the person typed, "注销". Running it again finishes an interrupted deletion.',
    access: OWNER,
    // Its own stored answer and rate-limit counter would name the person: the deletion counts itself, then erases both.
    idempotency: 'native',
    rateLimit: 'handler',
    perMinute: 3,
    input: z.strictObject({ confirm: z.literal('注销', { error: '请输入“注销”两个字确认' }) }),
    output: z.object({ deleted: z.literal(true), cancelledBookings: z.number().int(), anonymisedBookings: z.number().int() }),
    mutates: true,
  }),
};
