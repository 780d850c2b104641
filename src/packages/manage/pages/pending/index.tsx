import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { ManagedBooking } from '../../../../../types';
import { StateView } from '../../../../components/StateView';
import { ManagedBookingCard } from '../../../../components/manage/ManagedBookingCard';
import { RejectForm } from '../../../../components/manage/RejectForm';
import { dateOf, dayLabel, phoneToday, timeRange, whenLabel } from '../../../../components/manage/format';
import { useManagePending } from '../../../../hooks/useManagePending';
import { routes } from '../../../../services/routes';
import { Screen } from '../../../../components/Screen';
import { ask, done, tell } from '../../../../services/dialog';
import './index.css';

const tellFailure = (message: string) => void tell('没有办成', message);

export default function ManagePendingPage() {
  const pending = useManagePending();
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const today = phoneToday();

  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) pending.reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    pending.reload();
    void Taro.stopPullDownRefresh();
  });

  const approve = async (b: ManagedBooking) => {
    if (pending.busyId) return;
    const confirm = await ask({
      title: '通过这条预约？',
      content: `${b.venueName}，${dayLabel(dateOf(b.start), today)} ${timeRange(b.start, b.end)}，预约人${b.bookerName}。通过后会通知预约人按时到场。`,
      confirmText: '通过',
      cancelText: '再想想',
    });
    if (!confirm) return;
    const outcome = await pending.approve(b.id);
    if (outcome.ok) done('已通过');
    else tellFailure(outcome.message);
  };

  const openReject = (b: ManagedBooking) => {
    setRejecting(b.id);
    setReason('');
    setReasonError(null);
  };

  const reject = async (b: ManagedBooking) => {
    if (reason.trim().length < 2) {
      setReasonError('请写明不通过的原因，至少2个字');
      return;
    }
    const outcome = await pending.reject(b.id, reason);
    if (outcome.ok) {
      setRejecting(null);
      done('已告知预约人');
    } else setReasonError(outcome.message);
  };

  const list = pending.bookings;
  return (
    <Screen className='manage-pending'>
      <StateView
        loading={pending.loading}
        error={pending.error}
        empty={list.length === 0}
        emptyText='暂无待审核的预约'
        emptyAction={{ label: '查看今日安排', onTap: () => void Taro.redirectTo({ url: routes.manageToday }) }}
        onRetry={pending.reload}
      >
        <Text className='manage-pending__intro'>共{list.length}条等您审核。到时间没有审核的预约会自动失效。</Text>
        {list.map((b) => (
          <ManagedBookingCard key={b.id} booking={b} today={today} withVenueAndDate>
            {b.expiresAt ? <Text className='manage-note'>将于{whenLabel(b.expiresAt, today)} 自动失效，请在这之前审核</Text> : null}
            {rejecting === b.id ? (
              <RejectForm
                reason={reason}
                onReasonChange={(r) => {
                  setReason(r);
                  setReasonError(null);
                }}
                error={reasonError}
                busy={pending.busyId === b.id}
                onSubmit={() => void reject(b)}
                onCancel={() => setRejecting(null)}
              />
            ) : (
              <View className='manage-actions'>
                <Button className={`btn-secondary ${pending.busyId ? 'is-disabled' : ''}`} onClick={() => openReject(b)}>
                  不通过
                </Button>
                <Button className={`btn-primary ${pending.busyId ? 'is-disabled' : ''}`} onClick={() => void approve(b)}>
                  {pending.busyId === b.id ? '正在处理…' : '通过'}
                </Button>
              </View>
            )}
          </ManagedBookingCard>
        ))}
      </StateView>
    </Screen>
  );
}
