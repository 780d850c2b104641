import { z } from 'zod';
import { IdSchema, RoleGrantSchema, RoleSchema } from './common';
import { defineAction, VENUE_MANAGERS, type Access } from './define';
import { InstantSchema } from './venue';

export const AuditEntrySchema = z.object({
  id: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  summary: z.string(),
  requestId: z.string(),
  at: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntrySchema>;

/** Street admins manage roles in their street; district admins everywhere. */
const ROLE_ADMINS: Access = { roles: ['street_admin', 'district_admin'], objects: 'managed' };

const RolesOutput = z.object({ openid: z.string(), roles: z.array(RoleGrantSchema) });

export const adminContract = {
  auditLog: defineAction({
    summary: 'The append-only audit log of privileged changes in the caller’s scope (district admin: all; street admin: their street; venue manager: their venues), newest first.',
    access: VENUE_MANAGERS,
    input: z.strictObject({ limit: z.number().int().min(1).max(200).optional(), before: InstantSchema.optional() }),
    output: z.object({ entries: z.array(AuditEntrySchema) }),
    mutates: false,
  }),
  grantRole: defineAction({
    summary: 'Grants (or re-scopes) a role to a user. Street admins: volunteer, and venue/station manager for venues and stations of their street; district admins: any role. Audited.',
    access: ROLE_ADMINS,
    input: z.strictObject({ openid: IdSchema, grant: RoleGrantSchema.extend({ role: RoleSchema.exclude(['resident']) }).strict() }),
    output: RolesOutput,
    mutates: true,
    errors: ['USER.NOT_FOUND', 'AUTH.FORBIDDEN'],
  }),
  revokeRole: defineAction({
    summary: 'Removes a role from a user, under the same rules as granting it. Audited.',
    access: ROLE_ADMINS,
    input: z.strictObject({ openid: IdSchema, role: RoleSchema.exclude(['resident']) }),
    output: RolesOutput,
    mutates: true,
    errors: ['USER.NOT_FOUND', 'AUTH.FORBIDDEN'],
  }),
};
