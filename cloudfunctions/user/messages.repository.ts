import { Collections } from '../_shared/collections';
import type { Database } from '../_shared/db';
import type { NotificationDoc } from '../_shared/notifications';

export class MessagesRepository {
  constructor(private readonly db: () => Database) {}

  async latest(openid: string, limit: number): Promise<NotificationDoc[]> {
    const res = await this.db().collection(Collections.notifications).where({ openid }).orderBy('createdAt', 'desc').limit(limit).get();
    return res.data as NotificationDoc[];
  }

  async unreadCount(openid: string): Promise<number> {
    const res = (await this.db().collection(Collections.notifications).where({ openid, read: false }).count()) as { total?: number };
    return res.total ?? 0;
  }

  /** Only the caller's own messages can be marked: the openid is part of the condition. */
  async markRead(openid: string, ids: string[] | undefined): Promise<number> {
    const _ = this.db().command;
    const where = ids ? { openid, read: false, _id: _.in(ids) } : { openid, read: false };
    const res = (await this.db().collection(Collections.notifications).where(where).update({ read: true })) as { updated?: number };
    return res.updated ?? 0;
  }

  /** Outbox entries not yet handed to WeChat, oldest first (only recent ones: a day-old reminder is no use). */
  async undelivered(since: Date, limit: number): Promise<NotificationDoc[]> {
    const _ = this.db().command;
    const res = await this.db().collection(Collections.notifications).where({ sentAt: null, createdAt: _.gte(since) }).orderBy('createdAt', 'asc').limit(limit).get();
    return res.data as NotificationDoc[];
  }

  /** Marks one attempt; conditional on still being undelivered, so two timer runs never send twice. */
  async markAttempted(id: string, at: Date, error: string | null): Promise<boolean> {
    const res = (await this.db().collection(Collections.notifications).where({ _id: id, sentAt: null }).update({ sentAt: at, deliveryError: error })) as { updated?: number };
    return res.updated === 1;
  }

  async markDelivered(id: string, error: string | null): Promise<void> {
    await this.db().collection(Collections.notifications).doc(id).update({ deliveryError: error });
  }
}
