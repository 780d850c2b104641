import { main as userMain } from '../../cloudfunctions/user/index';
import type { Message } from '../../types';
import { at, bookingWorld, type BookingWorld } from '../support/booking';

let w: BookingWorld;
beforeEach(async () => {
  w = await bookingWorld({ date: '2026-12-01', clock: '08:00' });
});
afterEach(() => w.stop());

const inbox = async (openid: string) => {
  const res = await w.cloud.invoke(userMain, openid, { action: 'messages' });
  if (!res.ok) throw new Error(res.error.code);
  return res.data as { messages: Message[]; unread: number };
};

describe('我的消息 (user.messages)', () => {
  it('shows the booking confirmation to its owner only, and marks it read', async () => {
    await w.ok('demo-resident', 'book', { venueId: 'cyy-rehearsal', starts: [at('2026-12-01', '09:30')], purpose: '排练', attendees: 8 });
    const mine = await inbox('demo-resident');
    expect(mine.unread).toBe(1);
    expect(mine.messages).toEqual([
      expect.objectContaining({ kind: 'booking_confirmed', title: '预约成功', body: expect.stringContaining('创益园排练室 12月1日 09:30–10:30'), read: false }),
    ]);
    expect((await inbox('demo-resident-2')).messages).toEqual([]);

    // Someone else cannot mark my messages.
    const ids = mine.messages.map((m) => m.id);
    expect(await w.cloud.invoke(userMain, 'demo-resident-2', { action: 'readMessages', data: { ids } })).toMatchObject({ ok: true, data: { updated: 0 } });
    expect((await inbox('demo-resident')).unread).toBe(1);

    expect(await w.cloud.invoke(userMain, 'demo-resident', { action: 'readMessages', data: { ids } })).toMatchObject({ ok: true, data: { updated: 1 } });
    expect(await inbox('demo-resident')).toMatchObject({ unread: 0, messages: [expect.objectContaining({ read: true })] });
  });
});
