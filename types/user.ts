import { z } from 'zod';
import { EmptyInputSchema, RoleGrantSchema } from './common';
import { ANYONE, defineAction, OWNER } from './define';
import { messageActions } from './notification';

export const ProfileSchema = z.object({
  nickname: z.string(),
  /** Masked (138****1234) for everyone, including the owner, outside the edit form. */
  phoneMasked: z.string().nullable(),
  streetId: z.string().nullable(),
  communityId: z.string().nullable(),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const MeSchema = z.object({
  openid: z.string(),
  profile: ProfileSchema,
  roles: z.array(RoleGrantSchema),
  createdAt: z.string(),
});
export type Me = z.infer<typeof MeSchema>;

export const userContract = {
  me: defineAction({
    access: OWNER,
    summary: 'The caller’s own profile (phone masked) and role grants; a first call registers a new openid as a resident.', input: EmptyInputSchema, output: MeSchema, mutates: false }),
  /** Connectivity check for the app (and the no-op baseline of the benchmarks): touches no data. */
  ping: defineAction({
    access: ANYONE,
    summary: 'Connectivity check; touches no data.', input: EmptyInputSchema, output: z.object({ pong: z.literal(true), at: z.string() }), mutates: false }),
  ...messageActions,
};
