import { z } from 'zod';

/** Roles from docs/domain.md. A user always has `resident`; the others are granted with a scope. */
export const Roles = [
  'resident',
  'volunteer',
  'party_member',
  'branch_secretary',
  'station_manager',
  'venue_manager',
  'street_admin',
  'district_admin',
] as const;
export const RoleSchema = z.enum(Roles);
export type Role = z.infer<typeof RoleSchema>;

/** Which objects a scoped role covers. Absent fields mean "none"; district_admin needs no scope. */
export const RoleScopeSchema = z.strictObject({
  venueIds: z.array(z.string()).optional(),
  stationIds: z.array(z.string()).optional(),
  branchId: z.string().optional(),
  streetId: z.string().optional(),
});
export type RoleScope = z.infer<typeof RoleScopeSchema>;

export const RoleGrantSchema = z.object({ role: RoleSchema, scope: RoleScopeSchema.optional() });
export type RoleGrant = z.infer<typeof RoleGrantSchema>;

/** Document ids: short, printable, no operators or path separators (they reach db queries). */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, '编号格式不正确');

/** The request id a client sends once per user intent; replays of it are idempotent. */
export const RequestIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

/**
 * What the platform adds beside the caller's `data` on a client call: WeChat's `wx.cloud.callFunction` injects
 * `userInfo: {appId, openId}` (the HTTP API `invokecloudfunction` only `{appId}`), and calls through CloudBase's SDKs carry
 * `tcbContext`. Accepted so real calls are not refused, and never trusted: the caller's identity comes from the
 * invocation context only (docs/platform-fidelity.md). Fields inside are the platform's, so they are not enumerated.
 */
export const PlatformEventFields = {
  userInfo: z.looseObject({ appId: z.string().max(128).optional(), openId: z.string().max(128).optional() }).optional(),
  tcbContext: z.record(z.string(), z.unknown()).optional(),
};

/**
 * The event every cloud function receives (wx.cloud.callFunction `data`, or the local POST body), with the fields the
 * platform injects. Any other field is refused.
 */
export const EventSchema = z.strictObject({
  action: z.string().min(1).max(64),
  data: z.unknown().optional(),
  requestId: RequestIdSchema.optional(),
  ...PlatformEventFields,
});
export type FunctionEvent = z.infer<typeof EventSchema>;

/**
 * A timer trigger's event (SCF/CloudBase: `Type`, `TriggerName`, `Time` in UTC, optional `Message` of at most 4 KB).
 * Its shape proves nothing — anyone can send it — so the runtime runs a timer only when the invocation context says the
 * trigger started the call.
 */
export const TimerEventSchema = z.strictObject({
  Type: z.literal('Timer'),
  TriggerName: z.string().min(1).max(64),
  Time: z.string().max(40).optional(),
  Message: z.string().max(4096).optional(),
});

export const EmptyInputSchema = z.strictObject({});

/** Mainland mobile number, as typed by a user (spaces and dashes tolerated). */
export const PhoneSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请填写11位手机号'));
