import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { useOrgList } from '../../hooks/useOrg';
import { StateView } from '../StateView';
import { placeOf } from './OrgCard';
import './org.css';

export interface PickedOrg {
  id: string;
  name: string;
}

/**
 * A searchable multi-select over the register (one street's organizations, or the whole district's): the chosen ones
 * first (tap to take one out), then the search results (tap to add; ✓ marks the chosen, not colour alone).
 */
export function OrgMultiPicker({ streetId, picked, onChange, max }: { streetId: string | undefined; picked: PickedOrg[]; onChange: (next: PickedOrg[]) => void; max: number }) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState<string | undefined>(undefined);
  const list = useOrgList({ streetId, q });
  const search = () => setQ(typed.trim() ? typed.trim().slice(0, 20) : undefined);
  const isOn = (id: string) => picked.some((p) => p.id === id);
  const toggle = (o: PickedOrg) => {
    if (isOn(o.id)) onChange(picked.filter((p) => p.id !== o.id));
    else if (picked.length < max) onChange([...picked, { id: o.id, name: o.name }]);
  };
  return (
    <View className='omulti'>
      {picked.length > 0 ? <Text className='ofilters__title'>{`已选${picked.length}个（点一下可去掉）`}</Text> : null}
      {picked.map((p) => (
        <View key={p.id} className='opick opick--on' role='checkbox' aria-checked onClick={() => toggle(p)}>
          <Text className='opick__mark'>✓</Text>
          <Text className='opick__name'>{p.name}</Text>
        </View>
      ))}
      <View className='osearch'>
        <Input className='osearch__input' value={typed} maxlength={20} placeholder='输入名称查找组织' aria-label='输入名称查找组织' onInput={(e) => setTyped(e.detail.value)} onConfirm={search} />
        <Button className='btn-primary osearch__btn' onClick={search}>
          查找
        </Button>
      </View>
      <StateView loading={list.loading} error={list.error} empty={list.items.length === 0} emptyText='没有找到，换个词试试。' onRetry={list.reload}>
        {list.items
          .filter((o) => !isOn(o.id))
          .map((o) => (
            <View key={o.id} className='opick' role='checkbox' aria-checked={false} onClick={() => toggle(o)}>
              <Text className='opick__mark'>＋</Text>
              <Text className='opick__name'>
                {o.name}
                <Text className='opick__hint'>{`${placeOf(o)}${o.party.partyOrgName ? ` · 现属${o.party.partyOrgName}` : ''}`}</Text>
              </Text>
            </View>
          ))}
        {list.more ? (
          <Button className={`btn-secondary olist__more ${list.loadingMore ? 'is-disabled' : ''}`} onClick={list.loadMore}>
            {list.loadingMore ? '正在加载…' : '加载更多'}
          </Button>
        ) : null}
      </StateView>
    </View>
  );
}
