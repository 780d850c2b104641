import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { VenueLevel } from '../../../types';
import { StateView } from '../../components/StateView';
import { VenueCard } from '../../components/VenueCard';
import { useVenues } from '../../hooks/useVenues';
import { venueLevelLabels } from '../../services/labels';
import './index.css';

const levels: Array<VenueLevel | undefined> = [undefined, 'district', 'street', 'community'];

export default function VenuesPage() {
  const [level, setLevel] = useState<VenueLevel | undefined>(undefined);
  const { data, loading, error, reload } = useVenues({ level });
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });

  return (
    <View className='page venues'>
      <View className='venues__intro'>
        <Text>免费场地，申请预约就能用</Text>
      </View>
      <View className='chips' role='tablist'>
        {levels.map((l) => (
          <View
            key={l ?? 'all'}
            className={`chip ${l === level ? 'chip--on' : ''}`}
            onClick={() => setLevel(l)}
            role='tab'
            aria-selected={l === level}
          >
            <Text>{l ? venueLevelLabels[l] : '全部'}</Text>
          </View>
        ))}
      </View>
      <StateView
        loading={loading}
        error={error}
        empty={!data || data.length === 0}
        emptyText={level ? `暂时没有${venueLevelLabels[level]}的场地` : '这里暂时没有可预约的场地'}
        emptyAction={level ? { label: '查看全部场地', onTap: () => setLevel(undefined) } : undefined}
        onRetry={reload}
      >
        <View className='venues__list'>
          {data?.map((v) => <VenueCard key={v.id} venue={v} />)}
        </View>
      </StateView>
    </View>
  );
}
