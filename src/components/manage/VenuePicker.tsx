import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { VenueSummary } from '../../../types';
import './manage.css';

interface Props {
  venues: VenueSummary[];
  selectedId: string | null;
  onSelect: (venueId: string) => void;
  /** Offers 全部场地 first in the list (several venues only); `allSelected` while it is the choice. */
  onSelectAll?: () => void;
  allSelected?: boolean;
}

export const ALL_VENUES_LABEL = '全部场地';

/**
 * Which of my venues the page is about. One venue: just its name. Several: the name and a 换场地 button that opens the
 * whole list as big rows (an action sheet holds at most 6 items and a picker wheel is fiddly for older hands).
 */
export function VenuePicker({ venues, selectedId, onSelect, onSelectAll, allSelected = false }: Props) {
  const [open, setOpen] = useState(false);
  const selected = venues.find((v) => v.id === selectedId);
  if (venues.length <= 1) {
    return (
      <View className='venue-pick venue-pick--single'>
        <Text className='venue-pick__name'>{selected?.name ?? venues[0]?.name ?? ''}</Text>
      </View>
    );
  }
  return (
    <View className='card venue-pick'>
      <View className='venue-pick__current'>
        <View className='venue-pick__text'>
          <Text className='venue-pick__label'>{allSelected ? '当前查看' : `当前场地（共${venues.length}个）`}</Text>
          <Text className='venue-pick__name'>{allSelected ? `${ALL_VENUES_LABEL}（共${venues.length}个）` : (selected?.name ?? '请选择场地')}</Text>
        </View>
        <Button className='btn-secondary venue-pick__toggle' onClick={() => setOpen((o) => !o)}>
          {open ? '收起' : '换场地'}
        </Button>
      </View>
      {open ? (
        <View className='venue-pick__list' role='listbox'>
          {onSelectAll ? (
            <View
              className={`venue-pick__option ${allSelected ? 'venue-pick__option--on' : ''}`}
              role='option'
              aria-selected={allSelected}
              onClick={() => {
                setOpen(false);
                if (!allSelected) onSelectAll();
              }}
            >
              <Text className='venue-pick__option-name'>{ALL_VENUES_LABEL}</Text>
              {allSelected ? <Text className='venue-pick__option-mark'>当前</Text> : null}
            </View>
          ) : null}
          {venues.map((v) => (
            <View
              key={v.id}
              className={`venue-pick__option ${!allSelected && v.id === selectedId ? 'venue-pick__option--on' : ''}`}
              role='option'
              aria-selected={!allSelected && v.id === selectedId}
              onClick={() => {
                setOpen(false);
                if (allSelected || v.id !== selectedId) onSelect(v.id);
              }}
            >
              <Text className='venue-pick__option-name'>{v.name}</Text>
              {!allSelected && v.id === selectedId ? <Text className='venue-pick__option-mark'>当前</Text> : null}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}
