import { useEffect, useRef } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { shortDateTime } from '../../../../components/booking/format';
import { StateView } from '../../../../components/StateView';
import { useMessages } from '../../../../hooks/useMessages';
import { userService } from '../../../../services/user';
import { Screen } from '../../../../components/Screen';
import './index.css';

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

  const messages = data?.messages ?? [];
  return (
    <Screen className='messages'>
      <StateView loading={loading} error={error} empty={messages.length === 0} emptyText='暂时没有消息' onRetry={reload}>
        {data && data.unread > 0 ? <Text className='messages__count muted'>{data.unread}条新消息</Text> : null}
        {messages.map((m) => (
          <View key={m.id} className={`card message ${m.read ? '' : 'message--unread'}`}>
            <View className='message__head'>
              {m.read ? null : <Text className='message__badge'>未读</Text>}
              <Text className='message__title'>{m.title}</Text>
            </View>
            <Text className='message__body'>{m.body}</Text>
            <Text className='message__time'>{shortDateTime(m.createdAt)}</Text>
          </View>
        ))}
      </StateView>
    </Screen>
  );
}
