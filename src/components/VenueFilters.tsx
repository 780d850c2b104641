import { Text, View } from '@tarojs/components';
import type { VenueListInput, VenueType } from '../../types';
import { useAreas } from '../hooks/useAreas';
import { venueTypeLabels } from '../services/labels';
import './chips.css';

const capacities: Array<number | undefined> = [undefined, 10, 30, 50];

interface ChipProps {
  on: boolean;
  label: string;
  onTap: () => void;
}

export function Chip({ on, label, onTap }: ChipProps) {
  return (
    <View className={`chip ${on ? 'chip--on' : ''}`} onClick={onTap} role='tab' aria-selected={on}>
      <Text>{label}</Text>
    </View>
  );
}

/** Street, community, type and capacity filters; loads the streets only when opened. */
export function VenueFilters({ filters, onChange }: { filters: VenueListInput; onChange: (patch: Partial<VenueListInput>) => void }) {
  const areas = useAreas();
  const street = areas.data?.find((s) => s.id === filters.streetId);
  return (
    <View className='card venues__filters'>
      <Text className='venues__filter-title'>所在街道</Text>
      {/* All twelve streets visible at once: a sideways-scrolling row hides most of them from an elderly reader. */}
      <View className='chips'>
        <Chip on={!filters.streetId} label='不限' onTap={() => onChange({ streetId: undefined, communityId: undefined })} />
        {areas.data?.map((s) => (
          <Chip key={s.id} on={s.id === filters.streetId} label={s.name.replace(/街道$/, '')} onTap={() => onChange({ streetId: s.id, communityId: undefined })} />
        ))}
      </View>
      {areas.error ? <Text className='muted'>{areas.error}</Text> : null}
      {street ? (
        <>
          <Text className='venues__filter-title'>{street.name}的社区</Text>
          <View className='chips'>
            <Chip on={!filters.communityId} label='不限' onTap={() => onChange({ communityId: undefined })} />
            {street.communities.map((c) => (
              <Chip key={c.id} on={c.id === filters.communityId} label={c.name} onTap={() => onChange({ communityId: c.id })} />
            ))}
          </View>
        </>
      ) : null}
      <Text className='venues__filter-title'>场地类型</Text>
      <View className='chips'>
        <Chip on={!filters.type} label='不限' onTap={() => onChange({ type: undefined })} />
        {(Object.keys(venueTypeLabels) as VenueType[]).map((t) => (
          <Chip key={t} on={t === filters.type} label={venueTypeLabels[t]} onTap={() => onChange({ type: t })} />
        ))}
      </View>
      <Text className='venues__filter-title'>能容纳的人数</Text>
      <View className='chips'>
        {capacities.map((c) => (
          <Chip key={c ?? 'any'} on={c === filters.minCapacity} label={c ? `${c}人以上` : '不限'} onTap={() => onChange({ minCapacity: c })} />
        ))}
      </View>
    </View>
  );
}
