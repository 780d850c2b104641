import { z } from 'zod';
import { defineAction, VENUE_MANAGERS } from './define';
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

export const adminContract = {
  auditLog: defineAction({
    summary: 'The append-only audit log of privileged changes in the caller’s scope (district admin: all; street admin: their street; venue manager: their venues), newest first.',
    access: VENUE_MANAGERS,
    input: z.strictObject({ limit: z.number().int().min(1).max(200).optional(), before: InstantSchema.optional() }),
    output: z.object({ entries: z.array(AuditEntrySchema) }),
    mutates: false,
  }),
};
