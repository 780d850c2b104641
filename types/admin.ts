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

export const adminContract = {
  auditLog: defineAction({
    summary: 'The append-only audit log of privileged changes in the caller’s scope (district admin: all; street admin: their street; venue manager: their venues), newest first.',
    access: VENUE_MANAGERS,
    input: z.strictObject({ limit: z.number().int().min(1).max(200).optional(), before: InstantSchema.optional() }),
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
};
