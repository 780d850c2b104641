import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { ActivityType } from '../../../../../types';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { Chip } from '../../../../components/VenueFilters';
import { queryValue } from '../../../../components/booking/params';
import { ActivityCard } from '../../../../components/activity/ActivityCard';
import { ACTIVITY_TYPE_LABELS, ActivityTypes, DATE_FILTER_LABELS, dateRange, isActivityType, todayOnPhone, type DateFilter } from '../../../../components/activity/activity-state';
import { useActivityFeed } from '../../../../hooks/useActivity';
import { routes } from '../../../../services/routes';
import '../../../../components/activity/activity.css';
import './index.css';

const DATE_FILTERS: DateFilter[] = ['all', 'today', 'week', 'month'];

/** 活动: every upcoming activity the caller may see, filtered by type (?type opens one) and by date; big cards. */
export default function ActivityListPage() {
  const { params } = useRouter();
  const initial = queryValue(params.type);
  const [type, setType] = useState<ActivityType | undefined>(isActivityType(initial) ? initial : undefined);
  const [when, setWhen] = useState<DateFilter>('all');
  const feed = useActivityFeed({ type, ...dateRange(when, todayOnPhone()) });
  const shown = useRef(false);
  useDidShow(() => {
    // Back from an activity (a place taken or given up): show the places as they are now.
    if (shown.current) feed.reload();
    shown.current = true;
  });
  const items = feed.data ?? [];
  const filtered = type !== undefined || when !== 'all';
  const go = (url: string) => () => void Taro.navigateTo({ url });

  return (
    <Screen className='activity-list'>
      <View className='alist__top'>
        <View className='alist__lead'>
          <Text className='alist__title'>近期活动</Text>
          <Text className='alist__sub'>离您近的排在前面，点开看详情、报名</Text>
        </View>
        <Button className='btn-secondary alist__mine' onClick={go(routes.myActivities)}>
          我的活动
        </Button>
      </View>
      <View className='card afilters' role='region' aria-label='筛选活动'>
        <Text className='afilters__title'>活动类型</Text>
        <View className='chips' role='tablist' aria-label='活动类型'>
          <Chip on={type === undefined} label='全部' onTap={() => setType(undefined)} />
          {ActivityTypes.map((t) => (
            <Chip key={t} on={type === t} label={ACTIVITY_TYPE_LABELS[t]} onTap={() => setType(t)} />
          ))}
        </View>
        <Text className='afilters__title'>时间</Text>
        <View className='chips' role='tablist' aria-label='活动时间'>
          {DATE_FILTERS.map((d) => (
            <Chip key={d} on={when === d} label={DATE_FILTER_LABELS[d]} onTap={() => setWhen(d)} />
          ))}
        </View>
      </View>
      <StateView
        loading={feed.loading}
        error={feed.error}
        empty={items.length === 0}
        emptyText={filtered ? '没有符合条件的活动，换个类型或时间看看。' : '近期没有活动，过几天再来看看。'}
        onRetry={feed.reload}
        emptyAction={
          filtered
            ? {
                label: '看看全部活动',
                onTap: () => {
                  setType(undefined);
                  setWhen('all');
                },
              }
            : undefined
        }
      >
        {items.map((a) => (
          <ActivityCard key={a.id} activity={a} onOpen={go(routes.activity(a.id))} />
        ))}
      </StateView>
    </Screen>
  );
}
