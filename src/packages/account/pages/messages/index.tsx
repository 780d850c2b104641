import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { Message } from '../../../../../types';
import type { Booking } from '../../../../../types/venue';
import { BookingCard } from '../../../../components/booking/BookingCard';
import { CheckInSheet } from '../../../../components/booking/CheckInSheet';
import { shortDateTime } from '../../../../components/booking/format';
import { Sheet } from '../../../../components/booking/Sheet';
import { StateView } from '../../../../components/StateView';
import { useMessages } from '../../../../hooks/useMessages';
import { done } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { userService } from '../../../../services/user';
import { venueService } from '../../../../services/venue';
import { Screen } from '../../../../components/Screen';
import '../../../../components/booking/booking.css';
import './index.css';

/** The booking a message is about, looked up in 我的预约 (upcoming first, then past). */
async function bookingOf(bookingId: string): Promise<Booking | null> {
  const upcoming = await venueService.mine('upcoming');
  const found = upcoming.find((b) => b.id === bookingId);
  if (found) return found;
  return (await venueService.mine('past')).find((b) => b.id === bookingId) ?? null;
}

/**
 * A page a message opens, with the words of its link: an activity message opens its activity; a course message its
 * course (a session's message without the course: 我的课程).
 */
function pageOf(m: Message): { url: string; label: string } | null {
  if (m.activityId) return { url: routes.activity(m.activityId), label: '查看活动' };
  if (m.courseId) return { url: routes.course(m.courseId), label: '查看课程' };
  return m.sessionId ? { url: routes.myCourses, label: '查看课程' } : null;
}

type Opened = { message: Message; booking: Booking | null; loading: boolean; error: string | null };

export default function MessagesPage() {
  const { data, loading, error, reload } = useMessages();
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });

  // Opening the page reads everything. The list keeps its 未读 marks for this visit, so one can still see what is new.
  const marked = useRef(false);
  useEffect(() => {
    if (!data || data.unread === 0 || marked.current) return;
    marked.current = true;
    userService.readMessages().catch(() => {
      marked.current = false;
    });
  }, [data]);

  // A message about a booking opens that booking: when, where, its state and its check-in code.
  const [opened, setOpened] = useState<Opened | null>(null);
  const [checkingIn, setCheckingIn] = useState<Booking | null>(null);
  const open = async (message: Message) => {
    const page = pageOf(message);
    if (page) return void Taro.navigateTo({ url: page.url });
    if (!message.bookingId) return;
    setOpened({ message, booking: null, loading: true, error: null });
    try {
      const booking = await bookingOf(message.bookingId);
      setOpened({ message, booking, loading: false, error: booking ? null : '这条预约已经找不到了' });
    } catch (e) {
      setOpened({ message, booking: null, loading: false, error: messageFor(e) });
    }
  };

  const messages = data?.messages ?? [];
  return (
    <Screen className='messages'>
      <StateView loading={loading} error={error} empty={messages.length === 0} emptyText='暂时没有消息' onRetry={reload}>
        {data && data.unread > 0 ? <Text className='messages__count muted'>{data.unread}条新消息</Text> : null}
        {messages.map((m) => {
          const page = pageOf(m);
          const link = !!m.bookingId || page !== null;
          return (
            <View
              key={m.id}
              className={`card message ${m.read ? '' : 'message--unread'} ${link ? 'message--link' : ''}`}
              role={link ? 'button' : undefined}
              aria-label={page ? `${m.title}，${page.label}` : m.bookingId ? `${m.title}，查看这条预约` : undefined}
              onClick={() => void open(m)}
            >
              <View className='message__head'>
                {m.read ? null : <Text className='message__badge'>未读</Text>}
                <Text className='message__title'>{m.title}</Text>
              </View>
              <Text className='message__body'>{m.body}</Text>
              <View className='message__foot'>
                <Text className='message__time'>{shortDateTime(m.createdAt)}</Text>
                {page ? <Text className='message__more'>{page.label} ›</Text> : m.bookingId ? <Text className='message__more'>查看预约 ›</Text> : null}
              </View>
            </View>
          );
        })}
      </StateView>
      {opened && !checkingIn ? (
        <Sheet title='这条消息说的预约' onClose={() => setOpened(null)}>
          <View className='message-booking'>
            {opened.loading ? <Text className='sheet__note'>正在打开…</Text> : null}
            {opened.error ? (
              <View role='alert'>
                <Text className='sheet__note'>{opened.error}</Text>
              </View>
            ) : null}
            {opened.booking ? (
              <BookingCard
                booking={opened.booking}
                onChanged={() => void open(opened.message)}
                onCheckIn={(b) => setCheckingIn(b)}
              />
            ) : null}
          </View>
        </Sheet>
      ) : null}
      {checkingIn ? (
        <CheckInSheet
          booking={checkingIn}
          onClose={() => setCheckingIn(null)}
          onCheckedIn={() => {
            setCheckingIn(null);
            done('签到成功');
            if (opened) void open(opened.message);
          }}
        />
      ) : null}
    </Screen>
  );
}
