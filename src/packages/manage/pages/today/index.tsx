import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import type { ManagedBooking } from '../../../../../types';
import { isCalendarDate } from '../../../../../types/beijing-time';
import { StateView } from '../../../../components/StateView';
import { CheckInPanel } from '../../../../components/manage/CheckInPanel';
import { DateSwitcher } from '../../../../components/manage/DateSwitcher';
import { ManagedBookingCard } from '../../../../components/manage/ManagedBookingCard';
import { VenuePicker } from '../../../../components/manage/VenuePicker';
import { timeRange } from '../../../../components/manage/format';
import { useManageCheckIn } from '../../../../hooks/useManageCheckIn';
import { useManageSchedule } from '../../../../hooks/useManageSchedule';
import { useManageVenues } from '../../../../hooks/useManageVenues';
import { routes } from '../../../../services/routes';
import { Screen } from '../../../../components/Screen';
import './index.css';

/** '共3条：已签到1条，待签到2条'. */
function summary(bookings: ManagedBooking[]): string {
  const count = (states: ManagedBooking['state'][]) => bookings.filter((b) => states.includes(b.state)).length;
  const parts = [
    ['待审核', count(['pending'])],
    ['待签到', count(['confirmed'])],
    ['已签到', count(['checked_in', 'completed'])],
    ['未到', count(['released'])],
  ] as const;
  const said = parts.filter(([, n]) => n > 0).map(([label, n]) => `${label}${n}条`);
  return `共${bookings.length}条${said.length ? `：${said.join('，')}` : ''}`;
}

export default function ManageTodayPage() {
  const { params } = useRouter();
  const venues = useManageVenues(params.venueId);
  const venue = venues.selected;
  // 全部场地: today's bookings of every room I manage in one list (each card names its room).
  const [allRooms, setAllRooms] = useState(params.venueId === undefined && params.all === '1');
  const several = (venues.data?.length ?? 0) > 1;
  const showAll = allRooms && several;
  const schedule = useManageSchedule(venue?.id ?? null, params.date && isCalendarDate(params.date) ? params.date : undefined, showAll);
  // The code is matched across all my rooms, whichever is selected.
  const checkIn = useManageCheckIn(venue !== null, () => schedule.reload());
  const selectVenue = (venueId: string) => {
    setAllRooms(false);
    venues.select(venueId);
  };

  const shown = useRef(false);
  useDidShow(() => {
    // Back from another page (e.g. a date was closed): refresh; the first show already loads.
    if (shown.current) {
      venues.reload();
      schedule.reload();
    }
    shown.current = true;
  });
  usePullDownRefresh(() => {
    venues.reload();
    schedule.reload();
    void Taro.stopPullDownRefresh();
  });

  const go = (url: string) => () => void Taro.navigateTo({ url });
  const bookings = schedule.data?.bookings ?? [];
  const checkedIn = checkIn.success;

  return (
    <Screen className='manage-today'>
      <StateView
        loading={venues.loading}
        error={venues.error}
        empty={!venues.data || venues.data.length === 0}
        emptyText='您还没有可以管理的场地。如果您是场地管理员，请联系创益园工作人员开通。'
        emptyAction={{ label: '回到「我的」', onTap: () => void Taro.switchTab({ url: '/pages/me/index' }) }}
        onRetry={venues.reload}
      >
        {venue && venues.data ? (
          <View>
            <VenuePicker venues={venues.data} selectedId={venue.id} onSelect={selectVenue} onSelectAll={() => setAllRooms(true)} allSelected={showAll} />
            <CheckInPanel
              code={checkIn.code}
              onCodeChange={checkIn.setCode}
              onSubmit={checkIn.submit}
              onScan={checkIn.scan}
              submitting={checkIn.submitting}
              error={checkIn.error}
              success={
                checkedIn
                  ? `${checkedIn.bookerName} 签到成功（${checkedIn.venueId === venue.id && !showAll ? '' : `${checkedIn.venueName} `}${timeRange(checkedIn.start, checkedIn.end)}）`
                  : null
              }
            />
            {showAll ? null : (
            <View className='manage-actions manage-today__links'>
              <Button className='btn-secondary' onClick={go(routes.manageCode(venue.id))}>
                场地签到码
              </Button>
              <Button className='btn-secondary' onClick={go(routes.manageBlackout(venue.id))}>
                闭馆日期
              </Button>
            </View>
            )}

            <Text className='section-title manage-today__title'>预约安排</Text>
            {schedule.date ? <DateSwitcher date={schedule.date} today={schedule.today} onChange={schedule.setDate} /> : null}
            <StateView
              loading={schedule.loading}
              error={schedule.error}
              empty={bookings.length === 0}
              emptyText='这一天还没有预约'
              onRetry={schedule.reload}
            >
              <Text className='manage-today__summary'>{summary(bookings)}</Text>
              {bookings.map((b) => (
                <ManagedBookingCard key={b.id} booking={b} today={schedule.today} withVenue={showAll} />
              ))}
            </StateView>
            <View className='manage-today__pending' role='button' onClick={go(routes.managePending)}>
              <Text>查看待审核的预约</Text>
              <Text className='manage-today__arrow'>›</Text>
            </View>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
