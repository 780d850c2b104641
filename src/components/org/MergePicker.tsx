import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { OrgSummary } from '../../../types';
import { useOrgList } from '../../hooks/useOrg';
import { StateView } from '../StateView';
import { placeOf } from './OrgCard';
import './org.css';

/**
 * Finds the duplicate of an organization among the register's organizations of the same street (a name search), one
 * tap to pick it. The page confirms the merge naming both.
 */
export function MergePicker({ keep, onPick, onClose }: { keep: { id: string; name: string; streetId: string }; onPick: (drop: OrgSummary) => void; onClose: () => void }) {
  // The street's organizations by name at first; a word of the duplicate's name narrows them.
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState<string | undefined>(undefined);
  const list = useOrgList({ streetId: keep.streetId, q });
  const others = list.items.filter((o) => o.id !== keep.id);
  const search = () => setQ(typed.trim() ? typed.trim().slice(0, 20) : undefined);
  return (
    <View className='card omerge' role='region' aria-label='合并重复记录'>
      <Text className='section-title'>合并重复记录</Text>
      <Text className='onotice__text'>{`找出和「${keep.name}」重复的那一条（同一街道）。合并后，那一条的成员和负责人都转到这里，原记录不再显示。`}</Text>
      <View className='osearch'>
        <Input className='osearch__input' value={typed} maxlength={20} placeholder='输入名称查找' aria-label='输入重复组织的名称' onInput={(e) => setTyped(e.detail.value)} onConfirm={search} />
        <Button className='btn-primary osearch__btn' onClick={search}>
          查找
        </Button>
      </View>
      <StateView loading={list.loading} error={list.error} empty={others.length === 0} emptyText='这个街道没有找到名称里有这个词的组织，换个词试试。' onRetry={list.reload}>
        {others.map((o) => (
          <View key={o.id} className='opick' role='button' aria-label={`把${o.name}合并过来`} onClick={() => onPick(o)}>
            <Text className='opick__name'>
              {o.name}
              <Text className='opick__hint'>{`${o.kindLabel} · ${placeOf(o)}`}</Text>
            </Text>
            <Text className='opick__mark'>›</Text>
          </View>
        ))}
        {list.more ? (
          <Button className={`btn-secondary olist__more ${list.loadingMore ? 'is-disabled' : ''}`} onClick={list.loadMore}>
            {list.loadingMore ? '正在加载…' : '加载更多'}
          </Button>
        ) : null}
      </StateView>
      <Button className='btn-secondary olist__more' onClick={onClose}>
        不合并了
      </Button>
    </View>
  );
}
