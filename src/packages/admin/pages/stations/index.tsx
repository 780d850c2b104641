import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AdminGate, type AdminContext } from '../../../../components/admin/AdminGate';
import { StreetChips } from '../../../../components/admin/StreetChips';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { useAdminStations } from '../../../../hooks/useAdmin';
import { useReloadOnReturn } from '../../../../hooks/useReloadOnReturn';
import { routes } from '../../../../services/routes';
import '../../../../components/admin/admin.css';

function Stations({ ctx }: { ctx: AdminContext }) {
  const [streetId, setStreetId] = useState<string | undefined>(undefined);
  const [retired, setRetired] = useState(false);
  const list = useAdminStations(true, streetId, retired);
  useReloadOnReturn(list.reload);
  const stations = list.data ?? [];
  const open = (id?: string) => void Taro.navigateTo({ url: routes.adminStationEdit(id) });
  return (
    <View>
      <View className='admin-bar'>
        <Button className='btn-primary' onClick={() => open()}>
          + 新增红帆站
        </Button>
        <View className={`admin-toggle ${retired ? 'admin-toggle--on' : ''}`} role='switch' aria-checked={retired} onClick={() => setRetired(!retired)}>
          <Text>{retired ? '✓ 含已停用' : '看已停用'}</Text>
        </View>
      </View>
      {ctx.scope.kind === 'district' ? <StreetChips streets={ctx.streets} value={streetId} onChange={setStreetId} /> : null}
      <StateView loading={list.loading} error={list.error} empty={stations.length === 0} emptyText='这里还没有红帆站，点「新增红帆站」添加' onRetry={list.reload}>
        {stations.map((v) => (
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
                {[v.streetName, v.communityName, `${v.members}位成员`, v.hours].filter(Boolean).join(' · ')}
              </Text>
              <Text className='admin-place__meta'>
                站长：{v.managers.length > 0 ? v.managers.map((m) => m.nickname ?? '未填写称呼').join('、') : '还没有'}
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

/** 红帆站管理: the stations in the admin's scope (street chips for district admins), retired ones greyed under a toggle. */
export default function AdminStationsPage() {
  return (
    <Screen className='admin-stations'>
      <AdminGate>{(ctx) => <Stations ctx={ctx} />}</AdminGate>
    </Screen>
  );
}
