import type { Clock } from '../_shared/clock';
import type { MessageSender } from '../_shared/subscribe-messages';
import type { MessagesRepository } from './messages.repository';

const DAY = 24 * 3600_000;

/**
 * Timer step: hands new outbox notifications to WeChat as subscribe messages. Each one is claimed (marked) before it
 * is sent, so concurrent runs never send it twice; a failed send is recorded, not retried (the one-time subscribe
 * permission is gone or was never given) — the message stays in 我的消息 either way.
 */
export class DeliveryService {
  constructor(
    private readonly outbox: Pick<MessagesRepository, 'undelivered' | 'markAttempted' | 'markDelivered'>,
    private readonly sender: MessageSender | null,
    private readonly clock: Clock,
  ) {}

  async deliver(): Promise<{ sent: number; failed: number; skipped: boolean }> {
    if (!this.sender) return { sent: 0, failed: 0, skipped: true };
    const now = this.clock.now();
    let sent = 0;
    let failed = 0;
    for (const n of await this.outbox.undelivered(new Date(now - DAY), 100)) {
      if (!(await this.outbox.markAttempted(n._id, new Date(now), 'sending'))) continue;
      let error: string | null = null;
      try {
        const r = await this.sender.send(n);
        if (!r.ok) error = r.reason;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      await this.outbox.markDelivered(n._id, error);
      if (error) failed += 1;
      else sent += 1;
    }
    return { sent, failed, skipped: false };
  }
}
