import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AdminGate, type AdminContext } from '../../../../components/admin/AdminGate';
import { StreetChips } from '../../../../components/admin/StreetChips';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { useAdminVenues } from '../../../../hooks/useAdmin';
import { useReloadOnReturn } from '../../../../hooks/useReloadOnReturn';
import { venueLevelLabels, venueTypeLabels } from '../../../../services/labels';
import { routes } from '../../../../services/routes';
import '../../../../components/admin/admin.css';

function Venues({ ctx }: { ctx: AdminContext }) {
  const [streetId, setStreetId] = useState<string | undefined>(undefined);
  const [retired, setRetired] = useState(false);
  const list = useAdminVenues(true, streetId, retired);
  useReloadOnReturn(list.reload);
  const venues = list.data ?? [];
  const open = (id?: string) => void Taro.navigateTo({ url: routes.adminVenueEdit(id) });
  return (
    <View>
      <View className='admin-bar'>
        <Button className='btn-primary' onClick={() => open()}>
          + 新增场地
        </Button>
        <View className={`admin-toggle ${retired ? 'admin-toggle--on' : ''}`} role='switch' aria-checked={retired} onClick={() => setRetired(!retired)}>
          <Text>{retired ? '✓ 含已停用' : '看已停用'}</Text>
        </View>
      </View>
      {ctx.scope.kind === 'district' ? <StreetChips streets={ctx.streets} value={streetId} onChange={setStreetId} /> : null}
      <StateView loading={list.loading} error={list.error} empty={venues.length === 0} emptyText='这里还没有场地，点「新增场地」添加' onRetry={list.reload}>
        {venues.map((v) => (
          <View
            key={v.id}
            className={`card admin-place ${v.active ? '' : 'admin-place--retired'}`}
            role='button'
            aria-label={`${v.name}${v.active ? '' : '（已停用）'}，点按修改`}
            onClick={() => open(v.id)}
          >
            <View className='admin-place__main'>
              <Text className='admin-place__name'>{v.name}</Text>
              <Text className='admin-place__meta'>
                {[v.level === 'district' ? venueLevelLabels.district : v.streetName, v.communityName, venueTypeLabels[v.type], `${v.capacity}人`].filter(Boolean).join(' · ')}
              </Text>
              <Text className='admin-place__meta'>
                {v.opens}–{v.closes} · 管理员：{v.managers.length > 0 ? v.managers.map((m) => m.nickname ?? '未填写称呼').join('、') : '还没有'}
              </Text>
              {v.active ? null : <Text className='admin-place__tag'>已停用</Text>}
            </View>
            <Text className='admin-card__arrow' aria-hidden>
              ›
            </Text>
          </View>
        ))}
      </StateView>
    </View>
  );
}

/** 场地管理: the venues in the admin's scope (street chips for district admins), retired ones greyed under a toggle. */
export default function AdminVenuesPage() {
  return (
    <Screen className='admin-venues'>
      <AdminGate>{(ctx) => <Venues ctx={ctx} />}</AdminGate>
    </Screen>
  );
}
