import { z } from 'zod';
import { IdSchema } from './common';
import { ANYONE, defineAction } from './define';

export const StationSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  streetId: z.string(),
  streetName: z.string(),
  communityName: z.string().nullable(),
  address: z.string(),
  services: z.array(z.string()),
  hours: z.string(),
});
export type StationSummary = z.infer<typeof StationSummarySchema>;

export const StationListInputSchema = z.strictObject({ streetId: IdSchema.optional() });
export type StationListInput = z.infer<typeof StationListInputSchema>;

export const stationContract = {
  list: defineAction({
    access: ANYONE,
    summary: 'Red Sail stations (创益红帆站), optionally of one street.',
    input: StationListInputSchema,
    output: z.object({ stations: z.array(StationSummarySchema) }),
    mutates: false,
  }),
};
