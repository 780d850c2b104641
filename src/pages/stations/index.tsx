import { Text, View } from '@tarojs/components';
import { StateView } from '../../components/StateView';
import { useStations } from '../../hooks/useStations';
import { Screen } from '../../components/Screen';
import './index.css';

export default function StationsPage() {
  const { data, loading, error, reload } = useStations();
  return (
    <Screen className='stations'>
      <Text className='stations__intro muted'>红帆站把服务延续到老百姓的楼门、指尖。</Text>
      <StateView loading={loading} error={error} empty={!data || data.length === 0} emptyText='附近暂时没有红帆站' onRetry={reload}>
        {data?.map((s) => (
          <View key={s.id} className='card station-card'>
            <Text className='station-card__name'>{s.name}</Text>
            <Text className='station-card__line muted'>
              {s.streetName}
              {s.communityName ? ` · ${s.communityName}` : ''}
            </Text>
            <Text className='station-card__line muted'>{s.address}</Text>
            <Text className='station-card__line muted'>服务时间：{s.hours}</Text>
            <View className='station-card__tags'>
              {s.services.map((t) => (
                <Text key={t} className='station-card__tag'>
                  {t}
                </Text>
              ))}
            </View>
          </View>
        ))}
      </StateView>
    </Screen>
  );
}
