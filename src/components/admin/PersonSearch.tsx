import { useEffect, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { FoundPerson } from '../../../types';
import { adminService } from '../../services/admin';
import { messageFor } from '../../services/messages';
import { roleLabels } from '../../services/labels';
import { fieldError } from '../form-fields';
import './admin.css';

interface Props {
  /** What the pick button says on each person (选择 / 设为管理员…). */
  pickLabel: string;
  onPick: (person: FoundPerson) => void;
  initial?: string;
}

/** The roles of a person in words: 场地管理员、红帆站站长; 居民 when none. */
export const rolesText = (p: Pick<FoundPerson, 'roles'>): string => {
  const named = p.roles.filter((r) => r.role !== 'resident').map((r) => roleLabels[r.role]);
  return named.length > 0 ? named.join('、') : '居民';
};

/** Finds people by name or phone (11 digits or the last 4); each result shows the masked phone, street and roles. `initial` is looked up at once. */
export function PersonSearch({ pickLabel, onPick, initial = '' }: Props) {
  const [q, setQ] = useState(initial);
  const [people, setPeople] = useState<FoundPerson[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async () => {
    if (busy) return;
    if (q.trim().length === 0) return setProblem('请输入姓名或手机号');
    setProblem(null);
    setBusy(true);
    try {
      setPeople(await adminService.findPeople(q.trim()));
    } catch (e) {
      setProblem(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  // Opened with a name or phone (人员与角色?q=): look it up at once.
  useEffect(() => {
    if (initial.trim()) void search();
  }, []);

  return (
    <View className='admin-search'>
      <View className={problem ? 'field field--bad' : 'field'}>
        <Text className='field__label'>找人（姓名，或手机号后4位）</Text>
        <View className='admin-search__row'>
          <Input
            className='field__input admin-search__input'
            value={q}
            maxlength={20}
            placeholder='例如：王阿姨 或 1234'
            aria-label='姓名或手机号'
            nativeProps={{ 'aria-label': '姓名或手机号' }}
            confirmType='search'
            onConfirm={() => void search()}
            onInput={(e) => {
              if (e.detail.value === q) return;
              setQ(e.detail.value);
              setProblem(null);
            }}
          />
          <Button className={`btn-primary admin-search__go ${busy ? 'is-disabled' : ''}`} onClick={() => void search()}>
            {busy ? '查找中' : '查找'}
          </Button>
        </View>
        {fieldError(problem)}
      </View>
      {people && people.length === 0 ? <Text className='admin-none'>没有找到这个人。街道管理员只能找到本街道的居民。</Text> : null}
      {(people ?? []).map((p) => (
        <View key={p.openid} className='admin-person'>
          <View className='admin-person__main'>
            <Text className='admin-person__name'>{p.nickname ?? '未填写称呼'}</Text>
            <Text className='admin-person__meta'>
              {[p.phoneMasked ?? '未留手机号', p.streetName, p.communityName].filter(Boolean).join(' · ')}
            </Text>
            <Text className='admin-person__roles'>{rolesText(p)}</Text>
          </View>
          <Button className='btn-secondary admin-person__pick' onClick={() => onPick(p)}>
            {pickLabel}
          </Button>
        </View>
      ))}
    </View>
  );
}
