import { z } from 'zod';
import { IdSchema } from './common';
import { defineAction } from './define';

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

export const venueContract = {
  list: defineAction({ input: VenueListInputSchema, output: VenueListOutputSchema, mutates: false }),
};
