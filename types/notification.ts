import { z } from 'zod';
import { IdSchema } from './common';
import { defineAction, OWNER } from './define';

export const MessageSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  bookingId: z.string().nullable(),
  /** Station and shift messages open what they are about. */
  stationId: z.string().nullable().optional(),
  shiftId: z.string().nullable().optional(),
  /** Course messages open their session's course. */
  sessionId: z.string().nullable().optional(),
  courseId: z.string().nullable().optional(),
  /** Activity messages open their activity. */
  activityId: z.string().nullable().optional(),
  createdAt: z.string(),
  read: z.boolean(),
});
export type Message = z.infer<typeof MessageSchema>;

export const messageActions = {
  /** 我的消息: the caller’s notifications, newest first. */
  messages: defineAction({
    access: OWNER,
    summary: '我的消息: the caller’s newest 50 notifications and the unread count.',
    input: z.strictObject({}),
    output: z.object({ messages: z.array(MessageSchema), unread: z.number().int() }),
    mutates: false,
  }),
  /** Marks the given messages (or all, when `ids` is absent) as read. */
  readMessages: defineAction({
    access: OWNER,
    summary: 'Marks the caller’s messages (the given ids, or all) as read.',
    input: z.strictObject({ ids: z.array(IdSchema).max(100).optional() }),
    output: z.object({ updated: z.number().int() }),
    mutates: true,
  }),
};
