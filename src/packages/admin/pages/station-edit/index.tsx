import { useEffect, useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { AdminStation } from '../../../../../types';
import { AdminGate, type AdminContext } from '../../../../components/admin/AdminGate';
import { checkStationForm, COMMON_SERVICES, emptyStationForm, serverProblems, STATION_FIELDS, stationFormOf, stationInputOf, type Problems, type StationField, type StationForm } from '../../../../components/admin/form';
import { Managers } from '../../../../components/admin/Managers';
import { PickerField } from '../../../../components/admin/PickerField';
import { Retire } from '../../../../components/admin/Retire';
import { TagPicker } from '../../../../components/admin/TagPicker';
import { queryValue } from '../../../../components/booking/params';
import { fieldClass, fieldError } from '../../../../components/form-fields';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { useRequest } from '../../../../hooks/useRequest';
import { adminService } from '../../../../services/admin';
import { CallError, newRequestId } from '../../../../services/client';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/admin/admin.css';

/** Choosing the place on a map needs WeChat's location picker; H5 has none, so there it is not offered. */
const canChooseLocation = process.env.TARO_ENV === 'weapp';

function StationEditor({ ctx, stationId: initialId }: { ctx: AdminContext; stationId: string | undefined }) {
  const own = ctx.scope.kind === 'street' ? ctx.scope.streetId : null;
  const [stationId, setStationId] = useState(initialId);
  const loaded = useRequest<AdminStation | null>(async () => (stationId ? ((await adminService.stations({ includeRetired: true })).find((s) => s.id === stationId) ?? null) : null), [stationId]);
  const station = loaded.data ?? null;
  const [form, setForm] = useState<StationForm | null>(initialId ? null : emptyStationForm(own));
  const [formFor, setFormFor] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problems<StationField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saveId, setSaveId] = useState(newRequestId);

  useEffect(() => {
    if (station && station.id !== formFor) {
      setForm(stationFormOf(station));
      setFormFor(station.id);
    }
  }, [station, formFor]);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: stationId ? '编辑红帆站' : '新增红帆站' });
  }, [stationId]);

  const update = (patch: Partial<StationForm>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setProblems((p) => {
      const next = { ...p };
      for (const k of Object.keys(patch) as StationField[]) delete next[k];
      return next;
    });
    setSavedNote(null);
  };
  const cls = (f: StationField) => fieldClass(problems[f]);
  const err = (f: StationField) => fieldError(problems[f]);

  const save = async () => {
    if (busy || !form) return;
    const found = checkStationForm(form);
    setProblems(found);
    if (Object.keys(found).length > 0) return setFormError('有几项需要修改，请看红字提示');
    setFormError(null);
    setBusy(true);
    try {
      const res = await adminService.saveStation(stationInputOf(form), stationId, saveId);
      setSaveId(newRequestId());
      setFormFor(res.station.id);
      setStationId(res.station.id);
      setForm(stationFormOf(res.station));
      setSavedNote(stationId ? '修改已保存' : '红帆站已新增，可以在下面添加站长');
      if (stationId) loaded.reload();
    } catch (e) {
      if (!(e instanceof CallError) || e.code !== 'UNAVAILABLE') setSaveId(newRequestId());
      const { problems: p, message } = serverProblems(e, 'station', STATION_FIELDS, { area: 'streetId' });
      setProblems(p);
      setFormError(message);
    } finally {
      setBusy(false);
    }
  };

  const chooseLocation = async () => {
    try {
      const res = await Taro.chooseLocation({});
      update({ location: { latitude: res.latitude, longitude: res.longitude } });
    } catch {
      // Cancelled or location refused: keep what was there.
    }
  };

  const streets = own ? ctx.streets.filter((s) => s.id === own) : ctx.streets;
  const street = ctx.streets.find((s) => s.id === form?.streetId);
  const communities = street?.communities ?? [];
  const community = communities.find((c) => c.id === form?.communityId);
  const retired = station ? !station.active : false;

  return (
    <StateView loading={loaded.loading && !form} error={loaded.error} empty={!form} emptyText='没有找到这个红帆站（可能不在您管理的街道）' onRetry={loaded.reload}>
      {form ? (
        <View className={`admin-form shift-form ${busy ? 'book__form--busy' : ''}`}>
          {retired ? <Text className='admin-retired-note'>{`这个红帆站已经停用${station?.retiredReason ? `：${station.retiredReason}` : ''}`}</Text> : null}
          {savedNote ? (
            <View role='status'>
              <Text className='admin-saved'>✓ {savedNote}</Text>
            </View>
          ) : null}
          <View className='card'>
            <Text className='section-title'>基本信息</Text>
            <View className={cls('name')}>
              <Text className='field__label'>站点名称</Text>
              <Input className='field__input' value={form.name} maxlength={40} placeholder='例如：北大社区红帆驿站' aria-label='站点名称' nativeProps={{ 'aria-label': '站点名称' }} onInput={(e) => e.detail.value !== form.name && update({ name: e.detail.value })} />
              {err('name')}
            </View>
            <View className={cls('services')}>
              <Text className='field__label'>服务项目</Text>
              <TagPicker label='服务' common={COMMON_SERVICES} value={form.services} max={10} maxLength={12} onChange={(services) => update({ services })} />
              {err('services')}
            </View>
            <View className={cls('hours')}>
              <Text className='field__label'>开放时间</Text>
              <Input className='field__input' value={form.hours} maxlength={40} placeholder='例如：周一至周五 9:00–17:00' aria-label='开放时间' nativeProps={{ 'aria-label': '开放时间' }} onInput={(e) => e.detail.value !== form.hours && update({ hours: e.detail.value })} />
              {err('hours')}
            </View>
          </View>

          <View className='card'>
            <Text className='section-title'>位置</Text>
            <View className={cls('streetId')}>
              <Text className='field__label'>所在街道</Text>
              {own ? (
                <Text className='picker-field__value'>{ctx.streetName(own)}</Text>
              ) : (
                <Picker mode='selector' range={streets.map((s) => s.name)} value={Math.max(0, streets.findIndex((s) => s.id === form.streetId))} onChange={(e) => update({ streetId: streets[Number(e.detail.value)]?.id ?? null, communityId: null })}>
                  <PickerField label='街道' value={street?.name ?? '请选择街道'} />
                </Picker>
              )}
              {err('streetId')}
            </View>
            {street ? (
              <View className={cls('communityId')}>
                <Text className='field__label'>所在社区（可不选）</Text>
                <Picker mode='selector' range={communities.map((c) => c.name)} value={Math.max(0, communities.findIndex((c) => c.id === form.communityId))} onChange={(e) => update({ communityId: communities[Number(e.detail.value)]?.id ?? null })}>
                  <PickerField label='社区' value={community?.name ?? '请选择社区'} />
                </Picker>
                {err('communityId')}
              </View>
            ) : null}
            <View className={cls('address')}>
              <Text className='field__label'>地址</Text>
              <Input className='field__input' value={form.address} maxlength={100} placeholder='例如：北大街88号一楼' aria-label='地址' nativeProps={{ 'aria-label': '地址' }} onInput={(e) => e.detail.value !== form.address && update({ address: e.detail.value })} />
              {err('address')}
            </View>
            {canChooseLocation || form.location ? (
              <View className={cls('location')}>
                <Text className='field__label'>地图位置（可不选，用于到站签到）</Text>
                <Text className='field__hint'>{form.location ? `已选：北纬${form.location.latitude.toFixed(4)}，东经${form.location.longitude.toFixed(4)}` : '还没有选'}</Text>
                <View className='admin-actions'>
                  {canChooseLocation ? (
                    <Button className='btn-secondary' onClick={() => void chooseLocation()}>
                      {form.location ? '重新选位置' : '在地图上选位置'}
                    </Button>
                  ) : null}
                  {form.location ? (
                    <Button className='btn-secondary' onClick={() => update({ location: null })}>
                      不用地图位置
                    </Button>
                  ) : null}
                </View>
                {err('location')}
              </View>
            ) : null}
          </View>

          {formError ? (
            <View role='alert'>
              <Text className='form-error'>{formError}</Text>
            </View>
          ) : null}
          {retired ? null : (
            <View className='admin-actions'>
              <Button className={`btn-primary steward-main ${busy ? 'is-disabled' : ''}`} onClick={() => void save()}>
                {busy ? '正在保存…' : stationId ? '保存修改' : '新增红帆站'}
              </Button>
            </View>
          )}

          {station && stationId ? (
            <>
              <Managers role='station_manager' placeId={stationId} placeName={station.name} managers={station.managers} onChanged={loaded.reload} />
              {retired ? null : (
                <View className='admin-actions'>
                  <Retire
                    what='红帆站'
                    name={station.name}
                    effect='大家就看不到这个站点，也不能再排新的服务班次了'
                    busyCode='STATION.HAS_SHIFTS'
                    busyWhat='服务班次'
                    busyWho='报名的志愿者'
                    retire={(reason, cancel, requestId) => adminService.retireStation(stationId, reason, cancel, requestId)}
                    onRetired={loaded.reload}
                  />
                </View>
              )}
            </>
          ) : null}
        </View>
      ) : null}
    </StateView>
  );
}

/** 新增红帆站 / 编辑红帆站 (?stationId=): the station form, its station managers, 停用. */
export default function AdminStationEditPage() {
  const { params } = useRouter();
  const stationId = queryValue(params.stationId);
  return (
    <Screen className='admin-station-edit'>
      <AdminGate>{(ctx) => <StationEditor ctx={ctx} stationId={stationId} />}</AdminGate>
    </Screen>
  );
}
