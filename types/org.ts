import { z } from 'zod';
import { IdSchema, PhoneSchema } from './common';
import { ADMINS, ANYONE, defineAction, OWNER, type Access } from './define';
import { OrgKinds, OrgSizeBands, OrgVerifications, PartyModes, PartyOrgKinds } from './org-rules';

export * from './org-rules';

/**
 * The register of social organizations (社会组织) and their party organizations (党组织). One model of party
 * organizations: the `party_branches` collection holds both an organization's own party organization and joint ones
 * (联合党支部); `party_member` and `branch_secretary` grants point at them by `branchId` (courses and activities read
 * the same documents).
 *
 * Who may change an organization: its claimed leader (profile only), the admin of its street, district admins.
 */
export const ORG_EDITORS: Access = { roles: 'any', objects: 'managed' };

export const OrgKindSchema = z.enum(OrgKinds, { error: '请选择组织类型' });
export const OrgSizeBandSchema = z.enum(OrgSizeBands, { error: '请选择人员规模' });
export const PartyModeSchema = z.enum(PartyModes);
export const PartyOrgKindSchema = z.enum(PartyOrgKinds, { error: '请选择单独组建或联合组建' });
export const OrgVerificationSchema = z.enum(OrgVerifications);

const Text = (min: number, max: number, what: string) =>
  z.string().trim().min(min, min > 1 ? `${what}至少${min}个字` : `请填写${what}`).max(max, `${what}请不超过${max}字`);

/** An organization's profile as its leader or an admin writes it (create and update). */
export const OrgProfileSchema = z.strictObject({
  name: Text(2, 40, '组织名称'),
  kind: OrgKindSchema,
  streetId: IdSchema,
  /** The community it is based in, or null (street-wide). Must lie in the street: ADMIN.AREA_UNKNOWN otherwise. */
  communityId: IdSchema.nullable(),
  sizeBand: OrgSizeBandSchema,
  leaderName: Text(1, 20, '负责人姓名'),
  /**
   * Stored as given; every view shows it masked (138****1234). null = none. Left out on `update` = keep the one on
   * record (the app only ever sees it masked, so an edit that does not retype it must not erase it); on `create`, none.
   */
  leaderPhone: PhoneSchema.nullable().optional(),
  services: z.array(Text(1, 12, '服务项目'), { error: '请填写服务项目' }).max(10, '服务项目最多10项'),
  intro: z.string().trim().max(500, '组织简介请不超过500字'),
  /** 党建指导员: the party-building instructor the street assigned (a name), or null. */
  instructor: Text(1, 20, '党建指导员姓名').nullable(),
});
export type OrgProfile = z.infer<typeof OrgProfileSchema>;

export const OrgPartySchema = z.object({
  mode: PartyModeSchema,
  partyOrgId: z.string().nullable(),
  partyOrgName: z.string().nullable(),
});

/** An organization in the register's list (public: no phone numbers). */
export const OrgSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: OrgKindSchema,
  kindLabel: z.string(),
  streetId: z.string(),
  streetName: z.string(),
  communityName: z.string().nullable(),
  sizeBand: OrgSizeBandSchema,
  services: z.array(z.string()),
  party: OrgPartySchema,
  verification: OrgVerificationSchema,
});
export type OrgSummary = z.infer<typeof OrgSummarySchema>;

/** An organization's public page, with what the caller may do on it. */
export const OrgDetailSchema = OrgSummarySchema.extend({
  intro: z.string(),
  communityId: z.string().nullable(),
  leaderName: z.string(),
  /** Masked (138****1234) for everyone. */
  leaderPhoneMasked: z.string().nullable(),
  instructor: z.string().nullable(),
  /** Someone asked to be recognised as its leader and waits for the street ('pending'), or a leader is recognised. */
  claim: z.enum(['none', 'pending', 'claimed']),
  /** Set when this organization was merged into another as a duplicate: the page shows that one instead. */
  mergedInto: z.string().nullable(),
  /** Activities its party organization posted (published, newest first, at most 10). */
  activities: z.array(z.object({ id: z.string(), title: z.string(), start: z.string(), typeLabel: z.string() })),
  /** Volunteer hours its members gave in the last 12 months (hours, one decimal). */
  volunteerHours: z.number(),
  /** Venue bookings made in its name in the last 12 months, and their hours. */
  venueUse: z.object({ bookings: z.number().int(), hours: z.number() }),
  /** What the caller may do: edit the profile (leader, admin in scope), verify and merge (admin in scope), claim. */
  can: z.object({ edit: z.boolean(), verify: z.boolean(), claim: z.boolean() }),
  /** The caller's own pending or accepted claim. */
  myClaim: z.enum(['none', 'pending', 'claimed']),
  /** For admins in scope: who is waiting to be recognised as leader (nickname, masked phone). Otherwise null. */
  pendingClaim: z.object({ openid: z.string(), nickname: z.string().nullable(), phoneMasked: z.string().nullable(), at: z.string() }).nullable(),
});
export type OrgDetail = z.infer<typeof OrgDetailSchema>;

/** A party organization (own or joint), with its member organizations, secretary and how many party members. */
export const PartyOrgViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: PartyOrgKindSchema,
  /** The street it belongs to, or null for district-level joint party organizations. */
  streetId: z.string().nullable(),
  streetName: z.string().nullable(),
  organizations: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The secretary's name (a `branch_secretary` grant scoped to it), or null. */
  secretary: z.string().nullable(),
  members: z.number().int(),
});
export type PartyOrgView = z.infer<typeof PartyOrgViewSchema>;

const OrgIdInput = z.strictObject({ orgId: IdSchema });

export const orgContract = {
  list: defineAction({
    access: ANYONE,
    summary:
      'The register of social organizations, filtered by street, kind, party-organization mode, verification and a name search; sorted by street then name; paged (offset/limit, total).',
    input: z.strictObject({
      streetId: IdSchema.optional(),
      kind: OrgKindSchema.optional(),
      party: PartyModeSchema.optional(),
      verification: OrgVerificationSchema.optional(),
      q: z.string().trim().min(1).max(20).optional(),
      offset: z.number().int().min(0).max(10_000).optional(),
      limit: z.number().int().min(1).max(100).optional(),
    }),
    output: z.object({ items: z.array(OrgSummarySchema), total: z.number().int() }),
    mutates: false,
  }),
  get: defineAction({
    access: ANYONE,
    summary: 'An organization’s public page: profile (leader’s phone masked), party organization, its activities, volunteer hours given through it and its venue use; and what the caller may do.',
    input: OrgIdInput,
    output: OrgDetailSchema,
    mutates: false,
    errors: ['ORG.NOT_FOUND'],
  }),
  claim: defineAction({
    access: OWNER,
    summary:
      'Asks to be recognised as the organization’s leader. When the caller’s verified phone is the leader phone on record the claim is accepted at once (the caller leads it: books in its name, edits its profile); otherwise it waits for the street admin (org.verify). One leader per organization.',
    input: OrgIdInput,
    output: z.object({ orgId: z.string(), claim: z.enum(['pending', 'claimed']) }),
    mutates: true,
    errors: ['ORG.NOT_FOUND', 'ORG.ALREADY_CLAIMED', 'ORG.MERGED'],
  }),
  update: defineAction({
    access: ORG_EDITORS,
    summary:
      'Edits the profile: the claimed leader (its verification goes back to 待街道核实), the admin of its street, a district admin. Only a district admin moves it to another street. Content-checked; audited with before and after.',
    input: z.strictObject({ orgId: IdSchema, profile: OrgProfileSchema }),
    output: OrgDetailSchema,
    mutates: true,
    errors: ['ORG.NOT_FOUND', 'ORG.MERGED', 'ADMIN.AREA_UNKNOWN', 'CONTENT.REJECTED'],
  }),
  verify: defineAction({
    access: ADMINS,
    summary:
      'A street admin (their street) or district admin marks the profile verified, and accepts or rejects a pending leader claim (`claim`). Audited.',
    input: z.strictObject({ orgId: IdSchema, claim: z.enum(['accept', 'reject']).optional() }),
    output: OrgDetailSchema,
    mutates: true,
    errors: ['ORG.NOT_FOUND', 'ORG.MERGED', 'ORG.NO_CLAIM'],
  }),
  create: defineAction({
    access: ADMINS,
    summary: 'Adds an organization to the register (street admins: in their street). Verified from the start. Content-checked; audited.',
    input: z.strictObject({ profile: OrgProfileSchema }),
    output: OrgDetailSchema,
    mutates: true,
    errors: ['ADMIN.AREA_UNKNOWN', 'CONTENT.REJECTED'],
  }),
  merge: defineAction({
    access: ADMINS,
    summary:
      'Merges a duplicate into the organization kept, in one transaction: members and leader move over (user `orgs`), its party organization membership moves, the duplicate is kept as `mergedInto` (old bookings and links still resolve). Both must be in the caller’s scope. Audited with both profiles.',
    input: z.strictObject({ keepId: IdSchema, dropId: IdSchema }),
    output: z.object({ kept: OrgDetailSchema, movedPeople: z.number().int() }),
    mutates: true,
    errors: ['ORG.NOT_FOUND', 'ORG.MERGED', 'ORG.MERGE_SAME'],
  }),
  partyOrgs: defineAction({
    access: ANYONE,
    summary: 'Party organizations (own and joint) of a street or the whole district: member organizations, secretary, number of party members.',
    input: z.strictObject({ streetId: IdSchema.optional() }),
    output: z.object({ items: z.array(PartyOrgViewSchema) }),
    mutates: false,
  }),
  savePartyOrg: defineAction({
    access: ADMINS,
    summary:
      'Creates (no partyOrgId) or edits a party organization: name, own (exactly one organization) or joint, street (null = district level: district admins only), member organizations (each organization is in at most one: it moves). Each organization’s party mode follows in the same transaction. Audited with before and after.',
    input: z.strictObject({
      partyOrgId: IdSchema.optional(),
      name: Text(4, 40, '党组织名称'),
      kind: PartyOrgKindSchema,
      streetId: IdSchema.nullable(),
      orgIds: z.array(IdSchema).min(1, '请至少选择一个社会组织').max(100, '一个党组织最多100个社会组织'),
    }),
    output: PartyOrgViewSchema,
    mutates: true,
    errors: ['ORG.NOT_FOUND', 'ORG.PARTY_NOT_FOUND', 'ORG.PARTY_OWN_ONE', 'ADMIN.AREA_UNKNOWN'],
  }),
};
