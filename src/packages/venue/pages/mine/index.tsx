import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { Booking } from '../../../../../types/venue';
import { BookingCard } from '../../../../components/booking/BookingCard';
import { CheckInSheet } from '../../../../components/booking/CheckInSheet';
import { StateView } from '../../../../components/StateView';
import { useMyBookings } from '../../../../hooks/useMyBookings';
import '../../../../components/booking/booking.css';
import { Screen } from '../../../../components/Screen';
import { done } from '../../../../services/dialog';
import './index.css';

const tabs = [
  { when: 'upcoming', label: '即将到来' },
  { when: 'past', label: '已结束' },
  { when: 'cancelled', label: '已取消' },
] as const;
type Tab = (typeof tabs)[number]['when'];

/** Called off before they took place (by the person, by a manager, or lapsed unapproved): 已取消, not 已结束. */
const CALLED_OFF: ReadonlyArray<Booking['state']> = ['cancelled', 'rejected', 'expired'];

export default function MyBookingsPage() {
  const [when, setWhen] = useState<Tab>('upcoming');
  // 已结束 and 已取消 are two views of the server's past list (ended, or not holding a slot any more).
  const req = useMyBookings(when === 'upcoming' ? 'upcoming' : 'past');
  const { loading, error, reload } = req;
  const data = when === 'upcoming' ? req.data : req.data?.filter((b) => CALLED_OFF.includes(b.state) === (when === 'cancelled'));
  const [checkingIn, setCheckingIn] = useState<Booking | null>(null);

  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });

  return (
    <Screen className='mine'>
      <View className='mine__tabs' role='tablist'>
        {tabs.map((t) => (
          <View
            key={t.when}
            className={`mine__tab ${t.when === when ? 'mine__tab--on' : ''}`}
            role='tab'
            aria-selected={t.when === when}
            onClick={() => setWhen(t.when)}
          >
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>
      <StateView
        loading={loading}
        error={error}
        empty={!data || data.length === 0}
        emptyText={when === 'upcoming' ? '还没有预约，去看看场地' : when === 'past' ? '还没有已结束的预约' : '没有取消或未通过的预约'}
        emptyAction={when === 'upcoming' ? { label: '去看看场地', onTap: () => void Taro.switchTab({ url: '/pages/venues/index' }) } : undefined}
        onRetry={reload}
      >
        {when === 'upcoming' ? (
          <Text className='mine__tip muted'>到场后把签到码报给管理员，或点「我已到场签到」输入场地门口的签到码。</Text>
        ) : null}
        {data?.map((b) => <BookingCard key={b.id} booking={b} onChanged={reload} onCheckIn={setCheckingIn} />)}
      </StateView>
      {checkingIn ? (
        <CheckInSheet
          booking={checkingIn}
          onClose={() => setCheckingIn(null)}
          onCheckedIn={() => {
            setCheckingIn(null);
            done('签到成功');
            reload();
          }}
        />
      ) : null}
    </Screen>
  );
}
