import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { FoundPerson, PersonRef } from '../../../types';
import { adminService } from '../../services/admin';
import { newRequestId } from '../../services/client';
import { ask, done, tell } from '../../services/dialog';
import { messageFor } from '../../services/messages';
import { managerChange } from './model';
import { PersonSearch } from './PersonSearch';
import './admin.css';

interface Props {
  role: 'venue_manager' | 'station_manager';
  placeId: string;
  placeName: string;
  managers: PersonRef[];
  onChanged: () => void;
}

const WHO = { venue_manager: '场地管理员', station_manager: '红帆站站长' } as const;

/**
 * A place's managers (masked phone) with 移除, and 添加 through a person search. Adding or removing one place keeps the
 * person's other places: the new grant names all of them (read from the person's roles), and only when nothing remains
 * is the role revoked.
 */
export function Managers({ role, placeId, placeName, managers, onChanged }: Props) {
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const who = WHO[role];

  const apply = async (openid: string, roles: FoundPerson['roles'], add: boolean) => {
    const change = managerChange(roles, role, placeId, add);
    const requestId = newRequestId();
    if ('grant' in change) await adminService.grantRole(openid, change.grant, requestId);
    else await adminService.revokeRole(openid, change.revoke, requestId);
  };

  const remove = async (m: PersonRef) => {
    if (busy) return;
    const name = m.nickname ?? '这位管理员';
    const ok = await ask({ title: `移除${who}？`, content: `${name}将不再管理「${placeName}」，TA管理的其他地方不受影响。`, confirmText: '移除', cancelText: '不移除', danger: true });
    if (!ok) return;
    setBusy(true);
    try {
      // The person's current grants, so their other places stay.
      const found = m.nickname ? (await adminService.findPeople(m.nickname)).find((p) => p.openid === m.openid) : undefined;
      await apply(m.openid, found?.roles ?? [{ role, scope: role === 'venue_manager' ? { venueIds: [placeId] } : { stationIds: [placeId] } }], false);
      done('已移除');
      onChanged();
    } catch (e) {
      void tell('没能移除', messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const add = async (p: FoundPerson) => {
    if (busy) return;
    if (managers.some((m) => m.openid === p.openid)) return void tell('已经是管理员了', `${p.nickname ?? '这位'}已经在管理「${placeName}」。`);
    const ok = await ask({ title: `设为${who}？`, content: `${p.nickname ?? '这位居民'}（${p.phoneMasked ?? '未留手机号'}）将可以管理「${placeName}」。`, confirmText: '确定', cancelText: '再看看' });
    if (!ok) return;
    setBusy(true);
    try {
      await apply(p.openid, p.roles, true);
      done('已添加');
      setAdding(false);
      onChanged();
    } catch (e) {
      void tell('没能添加', messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className={`card admin-managers ${busy ? 'book__form--busy' : ''}`}>
      <Text className='section-title'>{who}</Text>
      {managers.length === 0 ? <Text className='admin-none'>还没有{who}</Text> : null}
      {managers.map((m) => (
        <View key={m.openid} className='admin-person'>
          <View className='admin-person__main'>
            <Text className='admin-person__name'>{m.nickname ?? '未填写称呼'}</Text>
            <Text className='admin-person__meta'>{m.phoneMasked ?? '未留手机号'}</Text>
          </View>
          <Button className='btn-secondary admin-person__pick' aria-label={`移除${m.nickname ?? ''}`} onClick={() => void remove(m)}>
            移除
          </Button>
        </View>
      ))}
      {adding ? (
        <PersonSearch pickLabel='设为管理员' onPick={(p) => void add(p)} />
      ) : (
        <Button className='btn-secondary admin-managers__add' onClick={() => setAdding(true)}>
          添加{who}
        </Button>
      )}
    </View>
  );
}
