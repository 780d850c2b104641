import { z } from 'zod';
import { IdSchema } from './common';
import { defineAction, OWNER, type Access } from './define';

/** Party members see their own branch's ranking; branch secretaries their branch's; district admins any branch's. */
export const BRANCH_RANKING: Access = { roles: ['party_member', 'branch_secretary', 'district_admin'], objects: 'managed' };

/** What earns 红色积分 (later slices add theirs). */
export const PointsSourceTypes = ['course_session', 'course_lesson', 'activity_attendance'] as const;

export const PointsEntrySchema = z.object({
  id: z.string(),
  points: z.number().int(),
  /** Points the source was worth; more than `points` when the day's cap reduced the credit. */
  requested: z.number().int(),
  sourceType: z.enum(PointsSourceTypes),
  sourceId: z.string(),
  reason: z.string(),
  /** Beijing ISO instant. */
  at: z.string(),
});
export type PointsEntry = z.infer<typeof PointsEntrySchema>;

const MonthSchema = z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, '月份格式不对');

export const pointsContract = {
  mine: defineAction({
    access: OWNER,
    summary: 'The caller’s 红色积分: total, this Beijing month, and the newest 200 entries (newest first) with source and reason.',
    input: z.strictObject({}),
    output: z.object({ total: z.number().int(), thisMonth: z.number().int(), month: z.string(), entries: z.array(PointsEntrySchema) }),
    mutates: false,
  }),
  ranking: defineAction({
    access: BRANCH_RANKING,
    summary:
      'Monthly 红色积分 ranking of a party branch (default the caller’s own branch, this Beijing month): every party member of the branch by points credited that month, names masked, the caller’s row marked.',
    input: z.strictObject({ branchId: IdSchema.optional(), month: MonthSchema.optional() }),
    output: z.object({
      branchId: z.string(),
      month: z.string(),
      entries: z.array(z.object({ rank: z.number().int(), name: z.string(), points: z.number().int(), me: z.boolean() })),
    }),
    mutates: false,
  }),
} as const;
