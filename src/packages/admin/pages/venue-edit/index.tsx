import { useEffect, useState } from 'react';
import { Button, Image, Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { AdminVenue, VenueLevel, VenueType } from '../../../../../types';
import { AdminGate, type AdminContext } from '../../../../components/admin/AdminGate';
import { checkVenueForm, COMMON_FACILITIES, emptyVenueForm, serverProblems, VENUE_FIELDS, venueFormOf, venueInputOf, type Problems, type VenueField, type VenueForm } from '../../../../components/admin/form';
import { PickerField } from '../../../../components/admin/PickerField';
import { Managers } from '../../../../components/admin/Managers';
import { Retire } from '../../../../components/admin/Retire';
import { TagPicker } from '../../../../components/admin/TagPicker';
import { Stepper } from '../../../../components/booking/Stepper';
import { queryValue } from '../../../../components/booking/params';
import { choice, fieldClass, fieldError } from '../../../../components/form-fields';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { useRequest } from '../../../../hooks/useRequest';
import { adminService } from '../../../../services/admin';
import { CallError, newRequestId } from '../../../../services/client';
import { ask, tell } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { venueTypeLabels } from '../../../../services/labels';
import { uploadImage } from '../../../../services/upload';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/admin/admin.css';

const LEVELS: Array<{ level: VenueLevel; label: string }> = [
  { level: 'district', label: '区级（创益园）' },
  { level: 'street', label: '街道' },
  { level: 'community', label: '社区' },
];
const TYPES = Object.keys(venueTypeLabels) as VenueType[];

const picker = (label: string, value: string) => <PickerField label={label} value={value} />;

function VenueEditor({ ctx, venueId: initialId }: { ctx: AdminContext; venueId: string | undefined }) {
  const own = ctx.scope.kind === 'street' ? ctx.scope.streetId : null;
  const [venueId, setVenueId] = useState(initialId);
  const loaded = useRequest<AdminVenue | null>(async () => (venueId ? ((await adminService.venues({ includeRetired: true })).find((v) => v.id === venueId) ?? null) : null), [venueId]);
  const venue = loaded.data ?? null;
  const [form, setForm] = useState<VenueForm | null>(initialId ? null : emptyVenueForm(own));
  const [problems, setProblems] = useState<Problems<VenueField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'photo' | null>(null);
  // One id per saving intent: a retry after a lost reply saves once; renewed after an answer.
  const [saveId, setSaveId] = useState(newRequestId);

  // The form follows the venue when it first loads (not when its managers change: unsaved edits stay).
  const [formFor, setFormFor] = useState<string | null>(null);
  useEffect(() => {
    if (venue && venue.id !== formFor) {
      setForm(venueFormOf(venue));
      setFormFor(venue.id);
    }
  }, [venue, formFor]);
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: venueId ? '编辑场地' : '新增场地' });
  }, [venueId]);

  const update = (patch: Partial<VenueForm>, fields: VenueField[] = Object.keys(patch) as VenueField[]) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setProblems((p) => {
      const next = { ...p };
      for (const k of fields) delete next[k];
      return next;
    });
    setSavedNote(null);
  };
  const cls = (f: VenueField) => fieldClass(problems[f]);
  const err = (f: VenueField) => fieldError(problems[f]);

  const save = async () => {
    if (busy || !form) return;
    const found = checkVenueForm(form);
    setProblems(found);
    if (Object.keys(found).length > 0) return setFormError('有几项需要修改，请看红字提示');
    setFormError(null);
    setBusy('save');
    try {
      const res = await adminService.saveVenue(venueInputOf(form), venueId, saveId);
      setSaveId(newRequestId());
      setFormFor(res.venue.id);
      setVenueId(res.venue.id);
      setForm(venueFormOf(res.venue));
      setSavedNote(venueId ? '修改已保存' : '场地已新增，可以在下面添加场地管理员');
      if (venueId) loaded.reload();
      if (res.outsideHours > 0) void tell('请留意已有预约', `有${res.outsideHours}个已有的预约在新的开放时间之外，预约仍然有效，请与预约人联系安排。`);
    } catch (e) {
      if (!(e instanceof CallError) || e.code !== 'UNAVAILABLE') setSaveId(newRequestId());
      const { problems: p, message } = serverProblems(e, 'venue', VENUE_FIELDS, { hours: 'closes', area: 'streetId', photos: 'photos' });
      setProblems(p);
      setFormError(message);
    } finally {
      setBusy(null);
    }
  };

  const addPhoto = async () => {
    if (busy || !form) return;
    let path: string | undefined;
    try {
      path = (await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] })).tempFilePaths[0];
    } catch {
      return; // closed the picker
    }
    if (!path) return;
    setBusy('photo');
    try {
      const fileId = await uploadImage(path);
      update({ photos: [...form.photos, { value: fileId, shown: path }] });
    } catch (e) {
      setProblems((p) => ({ ...p, photos: e instanceof CallError ? messageFor(e) : '照片没能上传，请检查网络后再试一次' }));
    } finally {
      setBusy(null);
    }
  };
  const removePhoto = async (i: number) => {
    if (!form) return;
    if (await ask({ title: '去掉这张照片？', content: '保存后这张照片就不再显示。', confirmText: '去掉', cancelText: '保留', danger: true })) {
      update({ photos: form.photos.filter((_, j) => j !== i) });
    }
  };

  const streets = own ? ctx.streets.filter((s) => s.id === own) : ctx.streets;
  const street = ctx.streets.find((s) => s.id === form?.streetId);
  const communities = street?.communities ?? [];
  const community = communities.find((c) => c.id === form?.communityId);
  const retired = venue ? !venue.active : false;

  return (
    <StateView loading={loaded.loading && !form} error={loaded.error} empty={!form} emptyText='没有找到这个场地（可能不在您管理的街道）' onRetry={loaded.reload}>
      {form ? (
        <View className={`admin-form shift-form ${busy ? 'book__form--busy' : ''}`}>
          {retired ? <Text className='admin-retired-note'>{`这个场地已经停用${venue?.retiredReason ? `：${venue.retiredReason}` : ''}`}</Text> : null}
          {savedNote ? (
            <View role='status'>
              <Text className='admin-saved'>✓ {savedNote}</Text>
            </View>
          ) : null}
          <View className='card'>
            <Text className='section-title'>基本信息</Text>
            <View className={cls('name')}>
              <Text className='field__label'>场地名称</Text>
              <Input className='field__input' value={form.name} maxlength={40} placeholder='例如：山和梁社区党群服务中心多功能厅' aria-label='场地名称' nativeProps={{ 'aria-label': '场地名称' }} onInput={(e) => e.detail.value !== form.name && update({ name: e.detail.value })} />
              {err('name')}
            </View>
            <View className={cls('level')}>
              <Text className='field__label'>级别</Text>
              <View className='shift-form__choices' role='radiogroup' aria-label='级别'>
                {LEVELS.filter((l) => l.level !== 'district' || !own).map((l) =>
                  choice(form.level === l.level, l.label, () => update({ level: l.level, ...(l.level === 'district' ? { streetId: null, communityId: null } : { streetId: form.streetId ?? own }) }, ['level', 'streetId', 'communityId'])),
                )}
              </View>
              {err('level')}
            </View>
            <View className={cls('type')}>
              <Text className='field__label'>类型</Text>
              <View className='shift-form__choices' role='radiogroup' aria-label='类型'>
                {TYPES.map((t) => choice(form.type === t, venueTypeLabels[t], () => update({ type: t })))}
              </View>
              {err('type')}
            </View>
            <View className={cls('capacity')}>
              <Text className='field__label'>能容纳多少人</Text>
              <Stepper value={form.capacity} min={1} max={1000} label='容纳人数' onChange={(v) => update({ capacity: v })} />
              {err('capacity')}
            </View>
            <View className={cls('facilities')}>
              <Text className='field__label'>设施</Text>
              <TagPicker label='设施' common={COMMON_FACILITIES} value={form.facilities} max={12} maxLength={10} onChange={(facilities) => update({ facilities })} />
              {err('facilities')}
            </View>
          </View>

          <View className='card'>
            <Text className='section-title'>位置</Text>
            {form.level !== 'district' ? (
              <>
                <View className={cls('streetId')}>
                  <Text className='field__label'>所在街道</Text>
                  {own ? (
                    <Text className='picker-field__value'>{ctx.streetName(own)}</Text>
                  ) : (
                    <Picker mode='selector' range={streets.map((s) => s.name)} value={Math.max(0, streets.findIndex((s) => s.id === form.streetId))} onChange={(e) => update({ streetId: streets[Number(e.detail.value)]?.id ?? null, communityId: null })}>
                      {picker('街道', street?.name ?? '请选择街道')}
                    </Picker>
                  )}
                  {err('streetId')}
                </View>
                {street ? (
                  <View className={cls('communityId')}>
                    <Text className='field__label'>{form.level === 'community' ? '所在社区' : '所在社区（可不选）'}</Text>
                    <Picker mode='selector' range={communities.map((c) => c.name)} value={Math.max(0, communities.findIndex((c) => c.id === form.communityId))} onChange={(e) => update({ communityId: communities[Number(e.detail.value)]?.id ?? null })}>
                      {picker('社区', community?.name ?? '请选择社区')}
                    </Picker>
                    {err('communityId')}
                  </View>
                ) : null}
              </>
            ) : null}
            <View className={cls('address')}>
              <Text className='field__label'>地址</Text>
              <Input className='field__input' value={form.address} maxlength={100} placeholder='例如：幸福路12号二楼' aria-label='地址' nativeProps={{ 'aria-label': '地址' }} onInput={(e) => e.detail.value !== form.address && update({ address: e.detail.value })} />
              {err('address')}
            </View>
          </View>

          <View className='card'>
            <Text className='section-title'>开放与预约</Text>
            <View className='admin-row'>
              <View className={cls('opens')}>
                <Text className='field__label'>开门</Text>
                <Picker mode='time' value={form.opens} onChange={(e) => update({ opens: String(e.detail.value) }, ['opens', 'closes'])}>
                  {picker('开门时间', form.opens)}
                </Picker>
              </View>
              <View className={cls('closes')}>
                <Text className='field__label'>关门</Text>
                <Picker mode='time' value={form.closes} onChange={(e) => update({ closes: String(e.detail.value) }, ['opens', 'closes'])}>
                  {picker('关门时间', form.closes)}
                </Picker>
              </View>
            </View>
            {err('opens')}
            {err('closes')}
            <View className={cls('slotMinutes')}>
              <Text className='field__label'>每段时长</Text>
              <View className='shift-form__choices' role='radiogroup' aria-label='每段时长'>
                {choice(form.slotMinutes === 30, '半小时', () => update({ slotMinutes: 30 }, ['slotMinutes', 'closes']))}
                {choice(form.slotMinutes === 60, '一小时', () => update({ slotMinutes: 60 }, ['slotMinutes', 'closes']))}
              </View>
            </View>
            <View className={cls('windowDays')}>
              <Text className='field__label'>可以提前几天预约</Text>
              <Stepper value={form.windowDays} min={1} max={60} label='提前预约天数' onChange={(v) => update({ windowDays: v ?? 1 })} />
              {err('windowDays')}
            </View>
            <View className={cls('maxConsecutive')}>
              <Text className='field__label'>一次最多连着订几段</Text>
              <Stepper value={form.maxConsecutive} min={1} max={8} label='最多连续段数' onChange={(v) => update({ maxConsecutive: v ?? 1 })} />
              {err('maxConsecutive')}
            </View>
            <View className={cls('needsApproval')}>
              <Text className='field__label'>预约要不要管理员审批</Text>
              <View className='shift-form__choices' role='radiogroup' aria-label='预约要不要审批'>
                {choice(!form.needsApproval, '不用审批，直接订上', () => update({ needsApproval: false }))}
                {choice(form.needsApproval, '需要审批', () => update({ needsApproval: true }))}
              </View>
            </View>
          </View>

          <View className='card'>
            <Text className='section-title'>照片（最多6张）</Text>
            <View className={cls('photos')}>
              <View className='admin-photos'>
                {form.photos.map((p, i) => (
                  <View key={p.value} className='admin-photo-wrap'>
                    <Image className='admin-photo' src={p.shown} mode='aspectFill' nativeProps={{ alt: `场地照片${i + 1}` }} />
                    <View className='admin-photo__remove' role='button' aria-label={`去掉第${i + 1}张照片`} onClick={() => void removePhoto(i)}>
                      <Text>去掉</Text>
                    </View>
                  </View>
                ))}
              </View>
              {form.photos.length < 6 ? (
                <Button className='btn-secondary' onClick={() => void addPhoto()}>
                  {busy === 'photo' ? '正在上传…' : '添加照片'}
                </Button>
              ) : null}
              {err('photos')}
            </View>
          </View>

          {formError ? (
            <View role='alert'>
              <Text className='form-error'>{formError}</Text>
            </View>
          ) : null}
          {retired ? null : (
            <View className='admin-actions'>
              <Button className={`btn-primary steward-main ${busy ? 'is-disabled' : ''}`} onClick={() => void save()}>
                {busy === 'save' ? '正在保存…' : venueId ? '保存修改' : '新增场地'}
              </Button>
            </View>
          )}

          {venue && venueId ? (
            <>
              <Managers role='venue_manager' placeId={venueId} placeName={venue.name} managers={venue.managers} onChanged={loaded.reload} />
              {retired ? null : (
                <View className='admin-actions'>
                  <Retire
                    what='场地'
                    name={venue.name}
                    effect='居民就看不到、也不能再预约了'
                    busyCode='VENUE.HAS_BOOKINGS'
                    busyWhat='预约'
                    busyWho='预约人'
                    retire={(reason, cancel, requestId) => adminService.retireVenue(venueId, reason, cancel, requestId)}
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

/** 新增场地 / 编辑场地 (?venueId=): the whole venue form, its managers, 停用. */
export default function AdminVenueEditPage() {
  const { params } = useRouter();
  const venueId = queryValue(params.venueId);
  return (
    <Screen className='admin-venue-edit'>
      <AdminGate>{(ctx) => <VenueEditor ctx={ctx} venueId={venueId} />}</AdminGate>
    </Screen>
  );
}
