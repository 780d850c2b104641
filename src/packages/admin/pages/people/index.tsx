import { useState } from 'react';
import { Button, Picker, Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import type { FoundPerson, Role, RoleGrant, RoleGrantInput } from '../../../../../types';
import { AdminGate, type AdminContext } from '../../../../components/admin/AdminGate';
import { grantableRoles, placesOf } from '../../../../components/admin/model';
import { PersonSearch } from '../../../../components/admin/PersonSearch';
import { PickerField } from '../../../../components/admin/PickerField';
import { ToggleChip } from '../../../../components/admin/TagPicker';
import { queryValue } from '../../../../components/booking/params';
import { choice, fieldError } from '../../../../components/form-fields';
import { Screen } from '../../../../components/Screen';
import { useRequest } from '../../../../hooks/useRequest';
import { adminService } from '../../../../services/admin';
import { newRequestId } from '../../../../services/client';
import { ask, done, tell } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { orgService } from '../../../../services/org';
import { roleLabels } from '../../../../services/labels';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/chips.css';
import '../../../../components/admin/admin.css';

type Grantable = Exclude<Role, 'resident'>;

/** The places, branch or street a role is scoped to, in words. */
function scopeText(g: RoleGrant, names: { venues: Map<string, string>; stations: Map<string, string>; branches: Map<string, string>; street: (id: string) => string | undefined }): string {
  const s = g.scope;
  if (!s) return '';
  const list = (ids: string[] | undefined, m: Map<string, string>) => (ids ?? []).map((id) => m.get(id) ?? id).join('、');
  if (s.venueIds) return list(s.venueIds, names.venues);
  if (s.stationIds) return list(s.stationIds, names.stations);
  if (s.branchId) return names.branches.get(s.branchId) ?? s.branchId;
  if (s.streetId) return names.street(s.streetId) ?? s.streetId;
  return '';
}

function People({ ctx, initial }: { ctx: AdminContext; initial: string }) {
  const district = ctx.scope.kind === 'district';
  const places = useRequest(async () => {
    const [venues, stations, branches] = await Promise.all([adminService.venues(), adminService.stations(), district ? orgService.partyOrgs() : Promise.resolve([])]);
    return { venues, stations, branches };
  }, [district]);
  const venues = places.data?.venues ?? [];
  const stations = places.data?.stations ?? [];
  const branches = places.data?.branches ?? [];
  const names = {
    venues: new Map(venues.map((v) => [v.id, v.name])),
    stations: new Map(stations.map((s) => [s.id, s.name])),
    branches: new Map(branches.map((b) => [b.id, b.name])),
    street: ctx.streetName,
  };

  const [person, setPerson] = useState<FoundPerson | null>(null);
  const [role, setRole] = useState<Grantable | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [one, setOne] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = (p: FoundPerson) => {
    setPerson(p);
    setRole(null);
    setProblem(null);
  };
  const chooseRole = (r: Grantable) => {
    setRole(r);
    setProblem(null);
    setPicked(person && (r === 'venue_manager' || r === 'station_manager') ? placesOf(person.roles, r) : []);
    const g = person?.roles.find((x) => x.role === r);
    setOne(g?.scope?.branchId ?? g?.scope?.streetId ?? null);
  };

  const grantOf = (): RoleGrantInput | string => {
    switch (role) {
      case 'venue_manager':
        return picked.length > 0 ? { role, scope: { venueIds: picked } } : '请至少选择一个场地';
      case 'station_manager':
        return picked.length > 0 ? { role, scope: { stationIds: picked } } : '请至少选择一个红帆站';
      case 'party_member':
      case 'branch_secretary':
        return one ? { role, scope: { branchId: one } } : '请选择党组织';
      case 'street_admin':
        return one ? { role, scope: { streetId: one } } : '请选择街道';
      case 'volunteer':
      case 'district_admin':
        return { role };
      case null:
        return '请先选择角色';
    }
  };

  const grant = async () => {
    if (busy || !person) return;
    const g = grantOf();
    if (typeof g === 'string') return setProblem(g);
    setProblem(null);
    const scope = g.role === 'volunteer' || g.role === 'district_admin' ? '' : `（${scopeText(g, names)}）`;
    const ok = await ask({ title: `授予${roleLabels[g.role]}？`, content: `${person.nickname ?? '这位居民'}将成为${roleLabels[g.role]}${scope}。`, confirmText: '授予', cancelText: '再看看' });
    if (!ok) return;
    setBusy(true);
    try {
      const res = await adminService.grantRole(person.openid, g, newRequestId());
      setPerson({ ...person, roles: res.roles });
      setRole(null);
      done('已授予');
    } catch (e) {
      setProblem(messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (r: Grantable) => {
    if (busy || !person) return;
    const mine = ctx.scope.kind === 'street' && (r === 'venue_manager' || r === 'station_manager') ? '只收回本街道的部分，TA在别处的职责不变。' : '';
    const ok = await ask({ title: `收回${roleLabels[r]}？`, content: `${person.nickname ?? '这位'}将不再是${roleLabels[r]}。${mine}`, confirmText: '收回', cancelText: '不收回', danger: true });
    if (!ok) return;
    setBusy(true);
    try {
      const res = await adminService.revokeRole(person.openid, r, newRequestId());
      setPerson({ ...person, roles: res.roles });
      done('已收回');
    } catch (e) {
      void tell('没能收回', messageFor(e));
    } finally {
      setBusy(false);
    }
  };

  const allowed = grantableRoles(ctx.scope);
  const list = role === 'venue_manager' ? venues.filter((v) => v.active) : role === 'station_manager' ? stations.filter((s) => s.active) : [];

  return (
    <View>
      <View className='card'>
        <PersonSearch initial={initial} pickLabel='选择' onPick={pick} />
      </View>
      {person ? (
        <View className={`card admin-form shift-form ${busy ? 'book__form--busy' : ''}`}>
          <Text className='admin-person__name'>{person.nickname ?? '未填写称呼'}</Text>
          <Text className='admin-person__meta'>{[person.phoneMasked ?? '未留手机号', person.streetName, person.communityName].filter(Boolean).join(' · ')}</Text>
          <Text className='field__label'>现有角色</Text>
          {person.roles.filter((r) => r.role !== 'resident').length === 0 ? <Text className='admin-none'>还没有角色，是普通居民</Text> : null}
          {person.roles
            .filter((r): r is RoleGrant & { role: Grantable } => r.role !== 'resident')
            .map((r) => (
              <View key={r.role} className='admin-person'>
                <View className='admin-person__main'>
                  <Text className='admin-person__name'>{roleLabels[r.role]}</Text>
                  {scopeText(r, names) ? <Text className='admin-person__meta'>{scopeText(r, names)}</Text> : null}
                </View>
                {allowed.includes(r.role) ? (
                  <Button className='btn-secondary admin-person__pick' aria-label={`收回${roleLabels[r.role]}`} onClick={() => void revoke(r.role)}>
                    收回
                  </Button>
                ) : null}
              </View>
            ))}

          <View className='admin-grant'>
            <Text className='field__label'>授予角色</Text>
            <View className='shift-form__choices' role='radiogroup' aria-label='授予角色'>
              {allowed.map((r) => choice(role === r, roleLabels[r], () => chooseRole(r)))}
            </View>
            {role === 'venue_manager' || role === 'station_manager' ? (
              <View>
                <Text className='field__label'>{role === 'venue_manager' ? '管理哪些场地（可多选）' : '负责哪些红帆站（可多选）'}</Text>
                {list.length === 0 ? <Text className='admin-none'>{places.loading ? '正在加载…' : '没有可选的地方'}</Text> : null}
                <View className='chips' role='group'>
                  {list.map((p) => (
                    <ToggleChip key={p.id} on={picked.includes(p.id)} label={p.name} onTap={() => setPicked(picked.includes(p.id) ? picked.filter((x) => x !== p.id) : [...picked, p.id])} />
                  ))}
                </View>
              </View>
            ) : null}
            {role === 'party_member' || role === 'branch_secretary' ? (
              <View>
                <Text className='field__label'>哪个党组织</Text>
                <Picker mode='selector' range={branches.map((b) => b.name)} value={Math.max(0, branches.findIndex((b) => b.id === one))} onChange={(e) => setOne(branches[Number(e.detail.value)]?.id ?? null)}>
                  <PickerField label='党组织' value={branches.find((b) => b.id === one)?.name ?? '请选择党组织'} />
                </Picker>
              </View>
            ) : null}
            {role === 'street_admin' ? (
              <View>
                <Text className='field__label'>管理哪个街道</Text>
                <Picker mode='selector' range={ctx.streets.map((s) => s.name)} value={Math.max(0, ctx.streets.findIndex((s) => s.id === one))} onChange={(e) => setOne(ctx.streets[Number(e.detail.value)]?.id ?? null)}>
                  <PickerField label='街道' value={ctx.streetName(one) ?? '请选择街道'} />
                </Picker>
              </View>
            ) : null}
            {fieldError(problem)}
            {role ? (
              <View className='admin-actions'>
                <Button className={`btn-primary steward-main ${busy ? 'is-disabled' : ''}`} onClick={() => void grant()}>
                  {busy ? '正在授予…' : `授予${roleLabels[role]}`}
                </Button>
              </View>
            ) : null}
          </View>
        </View>
      ) : null}
    </View>
  );
}

/** 人员与角色: find a person, see their roles in words, grant one the admin may grant, revoke with a confirmation. */
export default function AdminPeoplePage() {
  const { params } = useRouter();
  const q = queryValue(params.q) ?? '';
  return (
    <Screen className='admin-people'>
      <AdminGate>{(ctx) => <People ctx={ctx} initial={q} />}</AdminGate>
    </Screen>
  );
}
