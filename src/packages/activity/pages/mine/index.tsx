import { useRef } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { ActivityCard } from '../../../../components/activity/ActivityCard';
import { checkInOpenNow } from '../../../../components/activity/activity-state';
import { useMyActivities } from '../../../../hooks/useActivity';
import { routes } from '../../../../services/routes';
import '../../../../components/activity/activity.css';
import './index.css';

/** 我的活动: what I signed up for that is still ahead (我的名额 or 候补第N位, 签到 when open), then past ones. */
export default function MyActivitiesPage() {
  const view = useMyActivities();
  const shown = useRef(false);
  useDidShow(() => {
    // Back from an activity or 签到: show what changed.
    if (shown.current) view.reload();
    shown.current = true;
  });
  const go = (url: string) => () => void Taro.navigateTo({ url });
  const upcoming = view.data?.upcoming ?? [];
  const past = view.data?.past ?? [];
  const now = Date.now();

  return (
    <Screen className='my-activities'>
      <StateView
        loading={view.loading}
        error={view.error}
        empty={upcoming.length === 0 && past.length === 0}
        emptyText='您还没有报名活动。'
        onRetry={view.reload}
        emptyAction={{ label: '去看看近期活动', onTap: go(routes.activityList()) }}
      >
        <Text className='section-title amine__heading'>即将参加</Text>
        {upcoming.length === 0 ? (
          <View className='card amine__none'>
            <Text className='amine__none-text'>近期没有报名的活动。</Text>
            <Button className='btn-secondary amine__go' onClick={go(routes.activityList())}>
              去看看近期活动
            </Button>
          </View>
        ) : null}
        {upcoming.map((a) => (
          <View key={a.id} className='amine__item'>
            <ActivityCard activity={a} onOpen={go(routes.activity(a.id))} />
            {checkInOpenNow(a, now) ? (
              <Button className='btn-primary amine__checkin' aria-label={`到场签到：${a.title}`} onClick={go(routes.activityCheckIn(a.id))}>
                到场签到
              </Button>
            ) : null}
          </View>
        ))}
        {past.length > 0 ? <Text className='section-title amine__heading amine__heading--past'>参加过的活动</Text> : null}
        {past.map((a) => (
          <ActivityCard key={a.id} activity={a} onOpen={go(routes.activity(a.id))} />
        ))}
      </StateView>
    </Screen>
  );
}
