/**
 * Subscribe-message delivery from the notification outbox (the `user` function's `deliver` timer), with a recording
 * stand-in for WeChat's send API; template mapping is checked as WeChat would receive it.
 */
import { database } from '../../cloudfunctions/_shared/db';
import type { NotificationDoc } from '../../cloudfunctions/_shared/notifications';
import { templateData, type MessageSender } from '../../cloudfunctions/_shared/subscribe-messages';
import { createFunction } from '../../cloudfunctions/_shared/runtime';
import { DeliveryService } from '../../cloudfunctions/user/delivery.service';
import { handlers, timers } from '../../cloudfunctions/user/index';
import { MessagesRepository } from '../../cloudfunctions/user/messages.repository';
import { at, bookingWorld, type BookingWorld } from '../support/booking';

let w: BookingWorld;
beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' });
});
afterEach(() => w.stop());

class RecordingSender implements MessageSender {
  readonly sent: NotificationDoc[] = [];
  constructor(private readonly fail: string | null = null) {}
  async send(n: NotificationDoc) {
    this.sent.push(n);
    return this.fail ? { ok: false as const, reason: this.fail } : { ok: true as const };
  }
}

describe('subscribe-message delivery', () => {
  it('sends each new notification once, however many runs', async () => {
    await w.ok('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '09:30')], purpose: '排练', attendees: 5 });
    const sender = new RecordingSender();
    const service = new DeliveryService(new MessagesRepository(database), sender, w.clock);
    const [a, b] = await Promise.all([service.deliver(), service.deliver()]);
    expect(a.sent + b.sent).toBe(1);
    expect(await service.deliver()).toEqual({ sent: 0, failed: 0, skipped: false });
    expect(sender.sent.map((n) => [n.openid, n.kind])).toEqual([['demo-resident', 'booking_confirmed']]);
    // It stays in 我的消息 after delivery.
    expect(w.notifications('demo-resident')).toHaveLength(1);
  });

  it('records a refused delivery (not subscribed) without retrying it', async () => {
    await w.ok('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-02', '10:30')], purpose: '排练', attendees: 5 });
    const service = new DeliveryService(new MessagesRepository(database), new RecordingSender('43101 user refuse to accept the msg'), w.clock);
    expect(await service.deliver()).toEqual({ sent: 0, failed: 1, skipped: false });
    expect(await service.deliver()).toEqual({ sent: 0, failed: 0, skipped: false });
    expect(w.notifications('demo-resident')[0]).toMatchObject({ deliveryError: '43101 user refuse to accept the msg' });
  });

  it('does nothing without configured templates (the local runtime has no WeChat)', async () => {
    const user = createFunction('user', handlers, { clock: w.clock, db: database }, timers);
    expect(await user({ Type: 'Timer', TriggerName: 'deliver', Time: '2026-12-01T00:00:00Z' }, { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) })).toEqual({ ok: true, data: { sent: 0, failed: 0, skipped: true } });
  });

  it('fills the template fields, clipping thing values to WeChat’s 20 characters', () => {
    const n = { _id: 'n', openid: 'o', kind: 'booking_confirmed', title: '预约成功', body: '创益园排练室 12月02日 09:30–10:30，请在开始前后15分钟内签到。', bookingId: 'b', createdAt: new Date('2026-12-01T00:00:00Z'), read: false, sentAt: null } as NotificationDoc;
    const data = templateData(n, { templateId: 't', page: 'p', data: { thing1: 'title', thing2: 'body', time3: 'createdAt' } });
    expect(data.thing1).toEqual({ value: '预约成功' });
    expect(data.thing2?.value).toHaveLength(20);
    expect(data.time3).toEqual({ value: '2026-12-01 08:00' });
  });
});
