import { useRef } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { dateOf, monthDayText } from '../../../../../types/date-format';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { StarProgress } from '../../../../components/volunteer/StarProgress';
import { useVolunteerLedger } from '../../../../hooks/useVolunteer';
import { routes } from '../../../../services/routes';
import { hoursSourceLabels, hoursText } from '../../../../services/volunteer';
import '../../../../components/volunteer/volunteer.css';
import './index.css';

/** 我的时长: the total, the star level with progress to the next, hours by station, and every ledger entry. */
export default function VolunteerHoursPage() {
  const ledger = useVolunteerLedger();
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) ledger.reload();
    shown.current = true;
  });
  const data = ledger.data;
  return (
    <Screen className='volunteer-hours'>
      <StateView loading={ledger.loading} error={ledger.error} empty={!data} emptyText='' onRetry={ledger.reload}>
        {data ? (
          <View>
            <View className='card hours__total'>
              <Text className='hours__label'>累计服务时长</Text>
              <Text className='hours__big'>
                {hoursText(data.totalHours)}
                <Text className='hours__unit'>小时</Text>
              </Text>
              <StarProgress hours={data.totalHours} stars={data.stars} />
            </View>
            <View className='hours__links'>
              <Button className='btn-secondary hours__link' onClick={() => void Taro.navigateTo({ url: routes.certificate })}>
                开具服务证明
              </Button>
              <Button className='btn-secondary hours__link' onClick={() => void Taro.navigateTo({ url: routes.leaderboard })}>
                服务排行榜
              </Button>
            </View>
            {data.byStation.length > 0 ? (
              <View className='card'>
                <Text className='section-title'>在各站点的时长</Text>
                {data.byStation.map((s) => (
                  <View key={s.stationId} className='hours__row'>
                    <Text className='hours__row-name'>{s.stationName}</Text>
                    <Text className='hours__row-hours'>{hoursText(s.hours)}小时</Text>
                  </View>
                ))}
              </View>
            ) : null}
            <Text className='section-title'>时长记录</Text>
            {data.entries.length === 0 ? (
              <View className='card'>
                <Text className='v-note'>还没有时长记录。参加服务时签到、签退，时长就会记在这里。</Text>
              </View>
            ) : (
              data.entries.map((e) => (
                <View key={e.id} className='card hours__entry'>
                  <View className='hours__entry-head'>
                    <Text className={`v-badge ${e.hours < 0 ? 'v-badge--off' : 'v-badge--done'}`}>{hoursSourceLabels[e.source]}</Text>
                    <Text className='hours__entry-hours'>
                      {e.hours > 0 ? '+' : ''}
                      {hoursText(e.hours)}小时
                    </Text>
                  </View>
                  <Text className='hours__entry-line'>{e.shiftTitle ?? e.stationName}</Text>
                  {e.shiftTitle ? <Text className='hours__entry-line muted'>{e.stationName}</Text> : null}
                  {e.reason ? <Text className='hours__entry-line'>原因：{e.reason}</Text> : null}
                  <Text className='hours__entry-line muted'>
                    {monthDayText(dateOf(e.at))} · {e.source === 'checkout' ? '本人签退' : `${e.byName}登记`}
                  </Text>
                </View>
              ))
            )}
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
