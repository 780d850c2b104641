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

/** The event every cloud function receives (wx.cloud.callFunction `data`, or the local POST body). */
export const EventSchema = z.strictObject({
  action: z.string().min(1).max(64),
  data: z.unknown().optional(),
  requestId: RequestIdSchema.optional(),
});
export type FunctionEvent = z.infer<typeof EventSchema>;

export const EmptyInputSchema = z.strictObject({});

/** Mainland mobile number, as typed by a user (spaces and dashes tolerated). */
export const PhoneSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请填写11位手机号'));
