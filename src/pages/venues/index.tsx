import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { VenueLevel, VenueListInput } from '../../../types';
import { StateView } from '../../components/StateView';
import { VenueCard } from '../../components/VenueCard';
import { useVenues } from '../../hooks/useVenues';
import { Chip, VenueFilters } from '../../components/VenueFilters';
import { venueLevelLabels } from '../../services/labels';
import { Screen } from '../../components/Screen';
import { FreeSlotSearch } from '../../components/search/FreeSlotSearch';
import './index.css';

const levels: Array<VenueLevel | undefined> = [undefined, 'district', 'street', 'community'];

export default function VenuesPage() {
  const [filters, setFilters] = useState<VenueListInput>({});
  const [more, setMore] = useState(false);
  const [search, setSearch] = useState(false);
  const { data, loading, error, reload } = useVenues(filters);
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });
  const set = (patch: Partial<VenueListInput>) => setFilters((f) => ({ ...f, ...patch }));
  const narrowed = Object.values(filters).some((v) => v !== undefined);
  const extra = [filters.streetId, filters.communityId, filters.type, filters.minCapacity].filter((v) => v !== undefined).length;

  return (
    <Screen className='venues'>
      <View className='venues__intro'>
        <Text>免费场地，申请预约就能用</Text>
      </View>
      <View className='chips' role='tablist'>
        {levels.map((l) => (
          <Chip key={l ?? 'all'} on={l === filters.level} label={l ? venueLevelLabels[l] : '全部'} onTap={() => set({ level: l })} />
        ))}
      </View>
      <View className='venues__more' role='button' onClick={() => setMore((m) => !m)}>
        <Text>{more ? '收起筛选' : `按街道、类型、人数筛选${extra ? `（已选${extra}项）` : ''}`}</Text>
        <Text className='venues__more-arrow'>{more ? '▴' : '▾'}</Text>
      </View>
      {more ? <VenueFilters filters={filters} onChange={set} /> : null}
      <View className='venues__search' role='button' aria-expanded={search} onClick={() => setSearch((x) => !x)}>
        <Text>{search ? '收起找空场地' : '按日期和时段找场地'}</Text>
        <Text className='venues__more-arrow'>{search ? '▴' : '▾'}</Text>
      </View>
      {search ? <FreeSlotSearch filters={filters} /> : null}
      <StateView
        loading={loading}
        error={error}
        empty={!data || data.length === 0}
        emptyText={narrowed ? '没有符合条件的场地，换个条件试试' : '这里暂时没有可预约的场地'}
        emptyAction={narrowed ? { label: '查看全部场地', onTap: () => setFilters({}) } : undefined}
        onRetry={reload}
      >
        <View className='venues__list'>
          {data?.map((v) => <VenueCard key={v.id} venue={v} />)}
        </View>
      </StateView>
    </Screen>
  );
}
