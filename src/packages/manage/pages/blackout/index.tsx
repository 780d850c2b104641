import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { addDays } from '../../../../../types/beijing-time';
import { StateView } from '../../../../components/StateView';
import { monthDay, relativeDay, weekdayName } from '../../../../components/manage/format';
import { useManageBlackout } from '../../../../hooks/useManageBlackout';
import { routes } from '../../../../services/routes';
import { Screen } from '../../../../components/Screen';
import { ask, done, tell } from '../../../../services/dialog';
import './index.css';

const DAYS = 30;

export default function ManageBlackoutPage() {
  const { params } = useRouter();
  const venueId = params.venueId;
  const blackout = useManageBlackout(venueId);
  const venue = blackout.data;
  const days = venue ? Array.from({ length: DAYS }, (_, i) => addDays(venue.today, i)) : [];
  const closedAhead = days.filter((d) => blackout.closedDates.has(d));

  const change = async (date: string, close: boolean) => {
    if (!venueId || blackout.busyDate) return;
    const label = `${monthDay(date)} ${weekdayName(date)}`;
    if (close) {
      const confirm = await ask({
        title: `${label}闭馆？`,
        content: '闭馆后，居民不能再预约这一天。',
        confirmText: '闭馆',
        cancelText: '不闭馆',
        danger: true,
      });
      if (!confirm) return;
    }
    const outcome = await blackout.setClosed(date, close);
    if (outcome.ok) {
      done(close ? '已设为闭馆' : '已恢复开放');
    } else if (outcome.bookings) {
      const confirm = await ask({
        title: '这一天暂时不能闭馆',
        content: `${outcome.message}，商量好取消后再来闭馆。`,
        confirmText: '看看预约',
        cancelText: '知道了',
      });
      if (confirm) void Taro.navigateTo({ url: `${routes.manageToday}?venueId=${encodeURIComponent(venueId)}&date=${date}` });
    } else {
      void tell('没有办成', outcome.message);
    }
  };

  return (
    <Screen className='blackout'>
      <StateView loading={blackout.loading} error={blackout.error} empty={!venue} emptyText='没有找到这个场地' onRetry={blackout.reload}>
        {venue ? (
          <View>
            <Text className='blackout__venue'>{venue.name}</Text>
            <Text className='blackout__intro'>
              下面是今天起{DAYS}天。设为「闭馆」的日子，居民不能预约；已有预约的日子要先联系预约人。
            </Text>
            <Text className='blackout__summary'>
              {closedAhead.length === 0 ? `这${DAYS}天都开放` : `闭馆${closedAhead.length}天：${closedAhead.map(monthDay).join('、')}`}
            </Text>
            <View className='card blackout__list'>
              {days.map((date) => {
                const closed = blackout.closedDates.has(date);
                const busy = blackout.busyDate === date;
                const rel = relativeDay(date, venue.today);
                return (
                  <View key={date} className={`blackout__day ${closed ? 'blackout__day--closed' : ''}`}>
                    <View className='blackout__when'>
                      <Text className='blackout__date'>{monthDay(date)}</Text>
                      <Text className='blackout__week'>
                        {weekdayName(date)}
                        {rel ? ` · ${rel}` : ''}
                      </Text>
                    </View>
                    <Text className={`blackout__state ${closed ? 'blackout__state--closed' : 'blackout__state--open'}`}>{closed ? '闭馆' : '开放'}</Text>
                    <Button
                      className={`${closed ? 'btn-primary' : 'btn-secondary'} blackout__toggle ${blackout.busyDate && !busy ? 'is-disabled' : ''}`}
                      onClick={() => void change(date, !closed)}
                    >
                      {busy ? '处理中…' : closed ? '恢复开放' : '设为闭馆'}
                    </Button>
                  </View>
                );
              })}
            </View>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
