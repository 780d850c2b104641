import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { ManagedStation } from '../../services/steward';
import './steward.css';

interface Props {
  stations: ManagedStation[];
  /** undefined: 全部站点. */
  selectedId: string | undefined;
  onSelect: (stationId: string | undefined) => void;
}

/**
 * Which of my stations the page shows. One station: its name. Several: the name and a 换站点 button that opens the list
 * as big rows (全部站点 first).
 */
export function StationPicker({ stations, selectedId, onSelect }: Props) {
  const [open, setOpen] = useState(false);
  const selected = stations.find((s) => s.id === selectedId);
  if (stations.length <= 1) {
    return <Text className='steward-station'>{stations[0]?.name ?? ''}</Text>;
  }
  const choose = (id: string | undefined) => () => {
    setOpen(false);
    if (id !== selectedId) onSelect(id);
  };
  return (
    <View className='card steward-pick'>
      <View className='steward-pick__current'>
        <View className='steward-pick__text'>
          <Text className='steward-pick__label'>当前查看（共{stations.length}个站点）</Text>
          <Text className='steward-pick__name'>{selected?.name ?? '全部站点'}</Text>
        </View>
        <Button className='btn-secondary steward-pick__toggle' onClick={() => setOpen((o) => !o)}>
          {open ? '收起' : '换站点'}
        </Button>
      </View>
      {open ? (
        <View className='steward-pick__list' role='listbox'>
          {[{ id: undefined, name: '全部站点' }, ...stations].map((s) => (
            <View
              key={s.id ?? 'all'}
              className={`steward-pick__option ${s.id === selectedId ? 'steward-pick__option--on' : ''}`}
              role='option'
              aria-selected={s.id === selectedId}
              onClick={choose(s.id)}
            >
              <Text className='steward-pick__option-name'>{s.name}</Text>
              {s.id === selectedId ? <Text className='steward-pick__option-mark'>当前</Text> : null}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/** 发布班次 at which station? The list as big buttons, for a manager of several stations. */
export function StationChooser({ stations, onChoose, onClose }: { stations: ManagedStation[]; onChoose: (stationId: string) => void; onClose: () => void }) {
  return (
    <View className='card steward-choose' role='dialog' aria-label='在哪个站点发布班次'>
      <Text className='steward-choose__title'>在哪个站点发布班次？</Text>
      {stations.map((s) => (
        <Button key={s.id} className='btn-secondary steward-choose__option' onClick={() => onChoose(s.id)}>
          {s.name}
        </Button>
      ))}
      <Button className='btn-secondary steward-choose__cancel' onClick={onClose}>
        不发布了
      </Button>
    </View>
  );
}
