import { useState } from 'react';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { GeoPoint } from '../../../../../types';
import { addDays, longDate } from '../../../../../types/date-format';
import { choice, fieldError, fieldClass as fieldClassOf } from '../../../../components/form-fields';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { Stepper } from '../../../../components/booking/Stepper';
import { phoneToday } from '../../../../components/steward/format';
import { useRequest } from '../../../../hooks/useRequest';
import { CallError, newRequestId } from '../../../../services/client';
import { done } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { stewardService, type NewShift } from '../../../../services/steward';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';

type Field = 'title' | 'description' | 'date' | 'times' | 'capacity' | 'place' | 'skills' | 'fence';
type FieldErrors = Partial<Record<Field, string>>;
type Fence = 'none' | 'station' | 'chosen';

const RADII = [100, 200, 500] as const;
const SKILL_IDEAS = ['理发', '测血压', '家电维修', '陪伴聊天', '手机教学', '环境清洁'];

/** Which form field a server field path belongs to. */
function fieldOf(path: string): Field | null {
  const key = path.split('.')[0] ?? '';
  if (key === 'start' || key === 'end') return 'times';
  if (key === 'location' || key === 'radiusM') return 'fence';
  return (['title', 'description', 'capacity', 'place', 'skills'] as const).find((f) => f === key) ?? null;
}

export default function StewardShiftNewPage() {
  const { params } = useRouter();
  const stationId = params.stationId || undefined;
  const station = useRequest(async () => (stationId ? stewardService.station(stationId) : undefined), [stationId]);
  const s = station.data;
  // One id for this publishing intent: a retry after a lost reply creates one shift, not two.
  const [requestId, setRequestId] = useState(newRequestId);

  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [date, setDate] = useState(() => addDays(phoneToday(), 1));
  const [start, setStart] = useState('09:00');
  const [end, setEnd] = useState('11:00');
  const [capacity, setCapacity] = useState<number | null>(10);
  // null until edited: the station's address is the usual place and is offered once the station is known.
  const [placeEdit, setPlace] = useState<string | null>(null);
  const place = placeEdit ?? s?.address ?? '';
  const [skills, setSkills] = useState<string[]>([]);
  const [skill, setSkill] = useState('');
  const [membersOnly, setMembersOnly] = useState(false);
  const [fence, setFence] = useState<Fence>('none');
  const [chosen, setChosen] = useState<(GeoPoint & { name: string }) | null>(null);
  const [radius, setRadius] = useState<number>(200);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fencePoint: GeoPoint | null = fence === 'station' ? (s?.location ?? null) : fence === 'chosen' && chosen ? { latitude: chosen.latitude, longitude: chosen.longitude } : null;

  const chooseLocation = async () => {
    try {
      const res = await Taro.chooseLocation({});
      setChosen({ latitude: res.latitude, longitude: res.longitude, name: res.name || res.address || '已选的位置' });
      setFence('chosen');
      setErrors((e) => ({ ...e, fence: undefined }));
    } catch {
      // Cancelled or location refused: keep what was chosen before.
      if (!chosen) setFence('none');
    }
  };

  const validate = (): FieldErrors => {
    const errs: FieldErrors = {};
    if (title.trim().length < 2) errs.title = '请写班次标题，至少2个字';
    else if (title.trim().length > 40) errs.title = '标题请不超过40字';
    if (description.trim().length > 500) errs.description = '说明请不超过500字';
    if (date < phoneToday()) errs.date = '日期已经过去了，请重新选择';
    if (end <= start) errs.times = '结束时间要晚于开始时间';
    if (capacity === null || capacity < 1) errs.capacity = '至少1个名额';
    else if (capacity > 500) errs.capacity = '最多500个名额';
    if (place.trim().length < 2) errs.place = '请写清服务地点';
    if (fence !== 'none' && !fencePoint) errs.fence = fence === 'station' ? '这个站点没有登记位置，请选择位置或不限范围' : '请先选择位置';
    return errs;
  };

  const fail = (e: unknown) => {
    // Refused: the corrected form is a new request (the same id with other input would be refused as reused).
    // A lost reply (UNAVAILABLE) keeps the id, so a retry publishes once.
    if (e instanceof CallError && e.code !== 'UNAVAILABLE') setRequestId(newRequestId());
    if (e instanceof CallError && e.code === 'INPUT.INVALID' && e.fields) {
      const mine: FieldErrors = {};
      for (const [path, message] of Object.entries(e.fields)) {
        const f = fieldOf(path);
        if (f && !mine[f]) mine[f] = /[\u4e00-\u9fa5]/.test(message) ? message : '这一项填写有误';
      }
      if (Object.keys(mine).length > 0) {
        setErrors(mine);
        setFormError('有几项需要修改，请看红字提示');
        return;
      }
    }
    if (e instanceof CallError && e.code === 'SHIFT.BAD_TIMES') {
      setErrors({ times: messageFor(e) });
      setFormError(messageFor(e));
      return;
    }
    setFormError(messageFor(e));
  };

  const submit = async () => {
    if (busy || !stationId) return;
    const errs = validate();
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      setFormError('有几项需要修改，请看红字提示');
      return;
    }
    setFormError(null);
    setBusy(true);
    const input: NewShift = {
      stationId,
      title: title.trim(),
      description: description.trim(),
      start: `${date}T${start}:00+08:00`,
      end: `${date}T${end}:00+08:00`,
      capacity: capacity ?? 1,
      place: place.trim(),
      skills,
      openTo: membersOnly ? 'members' : 'all',
      ...(fencePoint ? { location: fencePoint, radiusM: radius } : {}),
    };
    try {
      await stewardService.createShift(input, requestId);
      done('班次已发布');
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
      else void Taro.redirectTo({ url: routes.stewardShifts(stationId) });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const addSkill = (value: string) => {
    const v = value.trim();
    if (!v) return;
    if (v.length > 20) return setErrors((e) => ({ ...e, skills: '每项技能请不超过20字' }));
    if (skills.length >= 10) return setErrors((e) => ({ ...e, skills: '最多写10项技能' }));
    if (!skills.includes(v)) setSkills([...skills, v]);
    setSkill('');
    setErrors((e) => ({ ...e, skills: undefined }));
  };

  const fieldClass = (f: Field) => fieldClassOf(errors[f]);
  const errorOf = (f: Field) => fieldError(errors[f]);
  const isWeapp = process.env.TARO_ENV === 'weapp';

  return (
    <Screen className='steward-shift-new'>
      <StateView loading={station.loading} error={station.error} empty={!s} emptyText='没有找到这个红帆站' onRetry={station.reload}>
        {s ? (
          <View className={`card shift-form ${busy ? 'book__form--busy' : ''}`}>
            <Text className='steward-station'>{s.name}</Text>

            <View className={fieldClass('title')}>
              <Text className='field__label'>班次标题</Text>
              <Input className='field__input' value={title} maxlength={40} placeholder='例如：周末义务理发' aria-label='班次标题' onInput={(e) => setTitle(e.detail.value)} />
              {errorOf('title')}
            </View>

            <View className={fieldClass('description')}>
              <Text className='field__label'>服务说明（可不填）</Text>
              <Textarea className='field__textarea' value={description} maxlength={500} placeholder='做什么、要带什么' aria-label='服务说明' onInput={(e) => setDescription(e.detail.value)} />
              {errorOf('description')}
            </View>

            <View className={fieldClass('date')}>
              <Text className='field__label'>日期</Text>
              <Picker mode='date' value={date} start={phoneToday()} onChange={(e) => setDate(String(e.detail.value))}>
                <View className='picker-field' role='button' aria-label={`日期 ${longDate(date)}，点按更改`}>
                  <Text className='picker-field__value'>{longDate(date)}</Text>
                  <Text className='picker-field__more'>更改</Text>
                </View>
              </Picker>
              {errorOf('date')}
            </View>

            <View className={fieldClass('times')}>
              <Text className='field__label'>时间（北京时间）</Text>
              <View className='shift-form__times'>
                <View className='shift-form__time'>
                  <Picker mode='time' value={start} onChange={(e) => setStart(String(e.detail.value))}>
                    <View className='picker-field' role='button' aria-label={`开始 ${start}，点按更改`}>
                      <Text className='picker-field__value'>开始 {start}</Text>
                    </View>
                  </Picker>
                </View>
                <View className='shift-form__time'>
                  <Picker mode='time' value={end} onChange={(e) => setEnd(String(e.detail.value))}>
                    <View className='picker-field' role='button' aria-label={`结束 ${end}，点按更改`}>
                      <Text className='picker-field__value'>结束 {end}</Text>
                    </View>
                  </Picker>
                </View>
              </View>
              {errorOf('times')}
            </View>

            <View className={fieldClass('capacity')}>
              <Text className='field__label'>名额</Text>
              <Stepper value={capacity} min={1} max={500} label='名额' onChange={setCapacity} />
              {errorOf('capacity')}
            </View>

            <View className={fieldClass('place')}>
              <Text className='field__label'>服务地点</Text>
              <Input className='field__input' value={place} maxlength={100} placeholder='例如：北大社区服务站一楼' aria-label='服务地点' onInput={(e) => setPlace(e.detail.value)} />
              {errorOf('place')}
            </View>

            <View className={fieldClass('skills')}>
              <Text className='field__label'>需要的技能（可不填）</Text>
              <View className='shift-form__tag-row'>
                <Input
                  className='field__input shift-form__tag-input'
                  value={skill}
                  maxlength={20}
                  placeholder='写一项，点添加'
                  aria-label='需要的技能'
                  onInput={(e) => setSkill(e.detail.value)}
                  onConfirm={() => addSkill(skill)}
                />
                <Button className='btn-secondary shift-form__tag-add' onClick={() => addSkill(skill)}>
                  添加
                </Button>
              </View>
              <View className='shift-form__tags'>
                {skills.map((k) => (
                  <View key={k} className='shift-form__tag' role='button' aria-label={`去掉 ${k}`} onClick={() => setSkills(skills.filter((x) => x !== k))}>
                    <Text>{k}</Text>
                    <Text className='shift-form__tag-x'>×</Text>
                  </View>
                ))}
              </View>
              {skills.length === 0 ? (
                <View className='shift-form__tags'>
                  {SKILL_IDEAS.map((k) => (
                    <View key={k} className='shift-form__choice' role='button' onClick={() => addSkill(k)}>
                      <Text>＋{k}</Text>
                    </View>
                  ))}
                </View>
              ) : null}
              {errorOf('skills')}
            </View>

            <View className='field'>
              <Text className='field__label'>谁可以报名</Text>
              <View className='shift-form__choices' role='radiogroup' aria-label='谁可以报名'>
                {choice(!membersOnly, '所有志愿者', () => setMembersOnly(false))}
                {choice(membersOnly, '仅本站成员', () => setMembersOnly(true))}
              </View>
            </View>

            <View className={fieldClass('fence')}>
              <Text className='field__label'>签到范围</Text>
              <Text className='field__hint'>设了范围，志愿者要在服务地点附近才能签到签退，防止不在场的人签到。</Text>
              <View className='shift-form__choices' role='radiogroup' aria-label='签到范围'>
                {choice(fence === 'none', '不限', () => setFence('none'))}
                {s.location ? choice(fence === 'station', '站点附近', () => setFence('station')) : null}
                {isWeapp ? choice(fence === 'chosen', chosen ? `选择的位置` : '选择位置', () => void chooseLocation()) : null}
              </View>
              {fence === 'chosen' && chosen ? <Text className='shift-form__fence-note'>位置：{chosen.name}</Text> : null}
              {fence === 'station' ? <Text className='shift-form__fence-note'>位置：{s.name}（{s.address}）</Text> : null}
              {fence !== 'none' ? (
                <>
                  <Text className='field__label'>多远以内可以签到</Text>
                  <View className='shift-form__choices' role='radiogroup' aria-label='签到距离'>
                    {RADII.map((r) => choice(radius === r, `${r}米`, () => setRadius(r)))}
                  </View>
                </>
              ) : null}
              {errorOf('fence')}
            </View>

            {formError ? (
              <View role='alert'>
                <Text className='form-error'>{formError}</Text>
              </View>
            ) : null}
            <Button className={`btn-primary steward-main shift-form__submit ${busy ? 'is-disabled' : ''}`} onClick={() => void submit()}>
              {busy ? '正在发布…' : '发布班次'}
            </Button>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
