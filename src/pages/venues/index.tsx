import { useState } from 'react';
import { ScrollView, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import type { VenueLevel, VenueListInput, VenueType } from '../../../types';
import { StateView } from '../../components/StateView';
import { VenueCard } from '../../components/VenueCard';
import { useAreas } from '../../hooks/useAreas';
import { useVenues } from '../../hooks/useVenues';
import { venueLevelLabels, venueTypeLabels } from '../../services/labels';
import './index.css';

const levels: Array<VenueLevel | undefined> = [undefined, 'district', 'street', 'community'];
const capacities: Array<number | undefined> = [undefined, 10, 30, 50];

interface ChipProps {
  on: boolean;
  label: string;
  onTap: () => void;
}

function Chip({ on, label, onTap }: ChipProps) {
  return (
    <View className={`chip ${on ? 'chip--on' : ''}`} onClick={onTap} role='tab' aria-selected={on}>
      <Text>{label}</Text>
    </View>
  );
}

export default function VenuesPage() {
  const [filters, setFilters] = useState<VenueListInput>({});
  const [more, setMore] = useState(false);
  const { data, loading, error, reload } = useVenues(filters);
  const areas = useAreas();
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });
  const set = (patch: Partial<VenueListInput>) => setFilters((f) => ({ ...f, ...patch }));
  const street = areas.data?.find((s) => s.id === filters.streetId);
  const narrowed = Object.values(filters).some((v) => v !== undefined);
  const extra = [filters.streetId, filters.communityId, filters.type, filters.minCapacity].filter((v) => v !== undefined).length;

  return (
    <View className='page venues'>
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
      {more ? (
        <View className='card venues__filters'>
          <Text className='venues__filter-title'>所在街道</Text>
          <ScrollView scrollX className='venues__scroll'>
            <View className='chips chips--nowrap'>
              <Chip on={!filters.streetId} label='不限' onTap={() => set({ streetId: undefined, communityId: undefined })} />
              {areas.data?.map((s) => (
                <Chip key={s.id} on={s.id === filters.streetId} label={s.name} onTap={() => set({ streetId: s.id, communityId: undefined })} />
              ))}
            </View>
          </ScrollView>
          {street ? (
            <>
              <Text className='venues__filter-title'>{street.name}的社区</Text>
              <View className='chips'>
                <Chip on={!filters.communityId} label='不限' onTap={() => set({ communityId: undefined })} />
                {street.communities.map((c) => (
                  <Chip key={c.id} on={c.id === filters.communityId} label={c.name} onTap={() => set({ communityId: c.id })} />
                ))}
              </View>
            </>
          ) : null}
          <Text className='venues__filter-title'>场地类型</Text>
          <View className='chips'>
            <Chip on={!filters.type} label='不限' onTap={() => set({ type: undefined })} />
            {(Object.keys(venueTypeLabels) as VenueType[]).map((t) => (
              <Chip key={t} on={t === filters.type} label={venueTypeLabels[t]} onTap={() => set({ type: t })} />
            ))}
          </View>
          <Text className='venues__filter-title'>能容纳的人数</Text>
          <View className='chips'>
            {capacities.map((c) => (
              <Chip key={c ?? 'any'} on={c === filters.minCapacity} label={c ? `${c}人以上` : '不限'} onTap={() => set({ minCapacity: c })} />
            ))}
          </View>
        </View>
      ) : null}
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
    </View>
  );
}
