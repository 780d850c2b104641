import { useEffect, useState } from 'react';
import { Button, Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { ActivityDetail } from '../../../../../types';
import { ACTIVITY_TYPE_LABELS, ActivityTypes } from '../../../../../types/activity-rules';
import { addDays, longDate } from '../../../../../types/date-format';
import { choice, fieldError, fieldClass as fieldClassOf } from '../../../../components/form-fields';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { Stepper } from '../../../../components/booking/Stepper';
import { queryValue } from '../../../../components/booking/params';
import { VenuePicker } from '../../../../components/manage/VenuePicker';
import { activityDraftOf, activityFormOf, checkActivityForm, emptyActivityForm, formFieldOf, type ActivityForm, type FormErrors, type FormField } from '../../../../components/organizer/form';
import { VENUE_ADVICE, venueProblem } from '../../../../components/organizer/problems';
import { phoneToday } from '../../../../components/steward/format';
import { useActivityEditor } from '../../../../hooks/useOrganizer';
import { activityService } from '../../../../services/activity';
import { CallError, newRequestId } from '../../../../services/client';
import { ask, done } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { uploadImage } from '../../../../services/upload';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/author/author.css';
import '../../../../components/organizer/organizer.css';

const hasChinese = (s: string) => /[\u4e00-\u9fa5]/.test(s);
const FIX_THESE = '有几项需要修改，请看红字提示';

/** 新建活动 / 编辑活动 (branch secretaries, district admins): ?activityId= an existing one (draft or published). */
export default function OrganizerEditPage() {
  const { params } = useRouter();
  const activityId = queryValue(params.activityId) || undefined;
  const editor = useActivityEditor(activityId);
  const [form, setForm] = useState<ActivityForm | null>(activityId ? null : emptyActivityForm(addDays(phoneToday(), 1)));
  const [branchId, setBranchId] = useState<string | null>(null);
  // A new activity saved once (as a draft) is updated from then on, never created twice.
  const [savedId, setSavedId] = useState<string | undefined>(activityId);
  const [saved, setSaved] = useState<ActivityDetail | null>(null);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [venueIssue, setVenueIssue] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'publish' | 'cover' | null>(null);
  // One id per intent (saving, publishing): a retry after a lost reply takes effect once.
  const [saveId, setSaveId] = useState(newRequestId);
  const [publishId, setPublishId] = useState(newRequestId);

  const activity = saved ?? editor.data?.activity ?? null;
  // The title says which it is: a new activity until it is first saved (Taro's H5 title bar keeps a title per path).
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: savedId ? '编辑活动' : '新建活动' });
  }, [savedId]);
  useEffect(() => {
    if (editor.data?.activity) setForm(activityFormOf(editor.data.activity));
  }, [editor.data?.activity]);
  const venues = editor.data?.venues ?? [];
  const streets = editor.data?.streets ?? [];
  const branches = editor.data?.branches ?? [];
  const published = activity?.state === 'published';

  const update = (patch: Partial<ActivityForm>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const fieldClass = (f: FormField) => fieldClassOf(errors[f]);
  const errorOf = (f: FormField) => fieldError(errors[f]);

  /** The server's refusal, at the field it names when it names one. */
  const fail = (e: unknown) => {
    const venue = venueProblem(e);
    if (venue) {
      setVenueIssue(venue);
      setFormError(null);
      return;
    }
    const at = (f: FormField | null, message: string) => {
      if (!f) return false;
      setErrors({ [f]: message });
      setFormError(FIX_THESE);
      return true;
    };
    if (e instanceof CallError && e.code === 'INPUT.INVALID' && e.fields) {
      const mine: FormErrors = {};
      for (const [path, message] of Object.entries(e.fields)) {
        const f = formFieldOf(path);
        if (f && !mine[f]) mine[f] = hasChinese(message) ? message : '这一项填写有误';
      }
      if (Object.keys(mine).length > 0) {
        setErrors(mine);
        setFormError(FIX_THESE);
        return;
      }
    }
    if (e instanceof CallError && e.code === 'CONTENT.REJECTED') {
      const named = e.details?.field ?? Object.keys(e.fields ?? {})[0] ?? '';
      if (at(formFieldOf(named), messageFor(e))) return;
    }
    if (e instanceof CallError && e.code === 'ACTIVITY.BAD_TIME' && at('time', messageFor(e))) return;
    if (e instanceof CallError && e.code === 'ACTIVITY.CAPACITY_BELOW_TAKEN' && at('capacity', messageFor(e))) return;
    if (e instanceof CallError && e.code === 'ACTIVITY.IMAGE_INVALID' && at('cover', e.fields?.coverFileId ?? messageFor(e))) return;
    setFormError(messageFor(e));
  };

  const leave = (message: string) => {
    done(message);
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
    else void Taro.redirectTo({ url: routes.organizerActivities });
  };

  /** Saves the form (create or update); answers the activity as saved, or null when it was refused. */
  const save = async (f: ActivityForm): Promise<ActivityDetail | null> => {
    try {
      const draft = activityDraftOf(f);
      const result = savedId ? await activityService.update(savedId, draft, saveId) : await activityService.create(draft, branchId ?? undefined, saveId);
      setSavedId(result.id);
      setSaved(result);
      setSaveId(newRequestId());
      return result;
    } catch (e) {
      if (!(e instanceof CallError) || e.code !== 'UNAVAILABLE') setSaveId(newRequestId());
      fail(e);
      return null;
    }
  };

  const checked = (): ActivityForm | null => {
    if (!form) return null;
    const errs = checkActivityForm(form, Date.now());
    setErrors(errs);
    setVenueIssue(null);
    if (Object.keys(errs).length > 0) {
      setFormError(FIX_THESE);
      return null;
    }
    if (!savedId && branches.length > 1 && !branchId) {
      setFormError('请先选择是哪个支部的活动');
      return null;
    }
    setFormError(null);
    return form;
  };

  const onSave = async () => {
    if (busy) return;
    const f = checked();
    if (!f) return;
    if (published) {
      const people = (activity?.taken ?? 0) + (activity?.waiting ?? 0);
      const ok = await ask({
        title: '保存修改？',
        content: people > 0 ? `已报名的${people}人会收到变更通知。` : '目前还没有人报名，保存后立即生效。',
        confirmText: '保存修改',
        cancelText: '再想想',
      });
      if (!ok) return;
    }
    setBusy('save');
    try {
      if (await save(f)) leave(published ? '修改已保存' : '草稿已保存');
    } finally {
      setBusy(null);
    }
  };

  const onPublish = async () => {
    if (busy) return;
    const f = checked();
    if (!f) return;
    const ok = await ask({
      title: '发布这个活动？',
      content: f.where === 'venue' ? '发布后大家就能看到并报名，同时会订下所选场地的时段。' : '发布后大家就能看到并报名。',
      confirmText: '发布',
      cancelText: '再想想',
    });
    if (!ok) return;
    setBusy('publish');
    try {
      const draft = await save(f);
      if (!draft) return;
      try {
        await activityService.publish(draft.id, publishId);
        leave('活动已发布');
      } catch (e) {
        if (!(e instanceof CallError) || e.code !== 'UNAVAILABLE') setPublishId(newRequestId());
        fail(e);
      }
    } finally {
      setBusy(null);
    }
  };

  const chooseCover = async () => {
    if (busy) return;
    let path: string | undefined;
    try {
      const picked = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      path = picked.tempFilePaths[0];
    } catch {
      return; // the person closed the picker
    }
    if (!path) return;
    setBusy('cover');
    setErrors((e) => ({ ...e, cover: undefined }));
    try {
      const fileId = await uploadImage(path);
      update({ coverFileId: fileId, cover: { url: path, state: 'checking' }, coverRejected: false });
    } catch (e) {
      setErrors((x) => ({ ...x, cover: e instanceof CallError ? messageFor(e) : '图片没能上传，请检查网络后再试一次' }));
    } finally {
      setBusy(null);
    }
  };

  const removeCover = async () => {
    if (await ask({ title: '去掉封面？', content: '没有封面时，活动会用类型的颜色和名称代替。', confirmText: '去掉', cancelText: '保留', danger: true })) {
      update({ coverFileId: null, cover: null });
    }
  };

  const street = streets.find((s) => s.communities.some((c) => c.id === form?.communityId));
  const [streetId, setStreetId] = useState<string | null>(null);
  const currentStreet = streets.find((s) => s.id === streetId) ?? street ?? null;
  const communities = currentStreet?.communities ?? [];
  const community = communities.find((c) => c.id === form?.communityId);
  const chosenVenue = venues.find((v) => v.id === form?.venueId);
  const branchName = branches.find((b) => b.id === branchId)?.name ?? '请选择';

  const picker = (label: string, value: string) => (
    <View className='picker-field' role='button' aria-label={`${label} ${value}，点按更改`}>
      <Text className='picker-field__value'>{value}</Text>
      <Text className='picker-field__more'>更改</Text>
    </View>
  );

  return (
    <Screen className='organizer-edit'>
      <StateView loading={editor.loading && !editor.data} error={editor.error} empty={!form || !editor.data} emptyText='没有找到这个活动' onRetry={editor.reload}>
        {form && editor.data ? (
          <View className={`oform shift-form ${busy ? 'book__form--busy' : ''}`}>
            {activity?.state === 'cancelled' ? (
              <View className='author-problem' role='alert'>
                <Text className='author-problem__title'>这个活动已经取消了，不能再修改。</Text>
              </View>
            ) : null}
            <View className='card'>
              <Text className='section-title'>活动内容</Text>
              {branches.length > 1 && !savedId ? (
                <View className='field'>
                  <Text className='field__label'>哪个支部的活动</Text>
                  <Picker mode='selector' range={branches.map((b) => b.name)} value={Math.max(0, branches.findIndex((b) => b.id === branchId))} onChange={(e) => setBranchId(branches[Number(e.detail.value)]?.id ?? null)}>
                    {picker('支部', branchName)}
                  </Picker>
                </View>
              ) : null}
              <View className={fieldClass('title')}>
                <Text className='field__label'>活动标题</Text>
                <Input className='field__input' value={form.title} maxlength={40} placeholder='例如：重温入党誓词主题党日' aria-label='活动标题' onInput={(e) => update({ title: e.detail.value })} />
                {errorOf('title')}
              </View>
              <View className={fieldClass('type')}>
                <Text className='field__label'>活动类型</Text>
                <View className='shift-form__choices otypes' role='radiogroup' aria-label='活动类型'>
                  {ActivityTypes.map((t) => choice(form.type === t, ACTIVITY_TYPE_LABELS[t], () => update({ type: t })))}
                </View>
                {errorOf('type')}
              </View>
              <View className={fieldClass('description')}>
                <Text className='field__label'>活动介绍</Text>
                <Textarea className='field__textarea oform__description' value={form.description} maxlength={1000} placeholder='做什么、请带什么、在哪里集合' aria-label='活动介绍' onInput={(e) => update({ description: e.detail.value })} />
                {errorOf('description')}
              </View>
              <View className={fieldClass('cover')}>
                <Text className='field__label'>封面图片（可不放）</Text>
                {form.cover ? <Image className='ocover' src={form.cover.url} mode='aspectFill' nativeProps={{ alt: '活动封面' }} /> : null}
                {form.cover?.state === 'checking' ? <Text className='ocover-note'>封面审核中：审核通过前只有您看得到，大家先看到类型图标。</Text> : null}
                {form.coverRejected && !form.cover ? <Text className='ocover-note ocover-note--bad'>原来的封面没有通过审核，已经撤下，请换一张。</Text> : null}
                <View className='author-row'>
                  <Button className='btn-secondary author-row__btn' onClick={() => void chooseCover()}>
                    {busy === 'cover' ? '正在上传…' : form.cover ? '换一张' : '选择图片'}
                  </Button>
                  {form.cover ? (
                    <Button className='btn-secondary author-row__btn' onClick={() => void removeCover()}>
                      去掉封面
                    </Button>
                  ) : null}
                </View>
                {errorOf('cover')}
              </View>
            </View>

            <View className='card'>
              <Text className='section-title'>时间（北京时间）</Text>
              <View className={fieldClass('date')}>
                <Text className='field__label'>日期</Text>
                <Picker mode='date' value={form.date} start={phoneToday()} onChange={(e) => update({ date: String(e.detail.value) })}>
                  {picker('日期', longDate(form.date))}
                </Picker>
                {errorOf('date')}
              </View>
              <View className='otime-row'>
                <View className={fieldClass('time')}>
                  <Text className='field__label'>开始</Text>
                  <Picker mode='time' value={form.startTime} onChange={(e) => update({ startTime: String(e.detail.value) })}>
                    {picker('开始时间', form.startTime)}
                  </Picker>
                </View>
                <View className={fieldClass('time')}>
                  <Text className='field__label'>结束</Text>
                  <Picker mode='time' value={form.endTime} onChange={(e) => update({ endTime: String(e.detail.value) })}>
                    {picker('结束时间', form.endTime)}
                  </Picker>
                </View>
              </View>
              {errorOf('time')}
              <View className={fieldClass('signUpDeadline')}>
                <Text className='field__label'>报名截止</Text>
                <View className='shift-form__choices' role='radiogroup' aria-label='报名截止'>
                  {choice(form.deadline === 'start', '活动开始时', () => update({ deadline: 'start' }))}
                  {choice(form.deadline === 'custom', '自己定时间', () => update({ deadline: 'custom', deadlineDate: form.date, deadlineTime: form.startTime }))}
                </View>
                {form.deadline === 'custom' ? (
                  <View className='otime-row'>
                    <View className='field'>
                      <Picker mode='date' value={form.deadlineDate} start={phoneToday()} end={form.date} onChange={(e) => update({ deadlineDate: String(e.detail.value) })}>
                        {picker('截止日期', longDate(form.deadlineDate))}
                      </Picker>
                    </View>
                    <View className='field'>
                      <Picker mode='time' value={form.deadlineTime} onChange={(e) => update({ deadlineTime: String(e.detail.value) })}>
                        {picker('截止时间', form.deadlineTime)}
                      </Picker>
                    </View>
                  </View>
                ) : null}
                {errorOf('signUpDeadline')}
              </View>
            </View>

            <View className='card'>
              <Text className='section-title'>地点</Text>
              <View className={fieldClass('place')}>
                <View className='shift-form__choices' role='radiogroup' aria-label='活动地点'>
                  {choice(form.where === 'venue', '预约场地库里的场地', () => update({ where: 'venue' }))}
                  {choice(form.where === 'address', '写地址', () => update({ where: 'address' }))}
                </View>
                {form.where === 'venue' ? (
                  <View>
                    <VenuePicker venues={venues} selectedId={form.venueId} onSelect={(id) => (update({ venueId: id }), setVenueIssue(null))} />
                    {chosenVenue ? <Text className='field__hint'>{`这个场地最多容纳${chosenVenue.capacity}人。发布时会同时订下这个场地，取消活动时场地自动释放。`}</Text> : null}
                  </View>
                ) : (
                  <View>
                    <Input className='field__input' value={form.address} maxlength={100} placeholder='例如：山和梁社区党群服务中心二楼' aria-label='活动地址' onInput={(e) => update({ address: e.detail.value })} />
                    <Text className='field__label'>在哪个社区（方便附近的居民看到）</Text>
                    <Picker mode='selector' range={streets.map((s) => s.name)} value={Math.max(0, streets.findIndex((s) => s.id === currentStreet?.id))} onChange={(e) => (setStreetId(streets[Number(e.detail.value)]?.id ?? null), update({ communityId: null }))}>
                      {picker('街道', currentStreet?.name ?? '选择街道')}
                    </Picker>
                    {currentStreet ? (
                      <Picker mode='selector' range={communities.map((c) => c.name)} value={Math.max(0, communities.findIndex((c) => c.id === form.communityId))} onChange={(e) => update({ communityId: communities[Number(e.detail.value)]?.id ?? null })}>
                        {picker('社区', community?.name ?? '选择社区')}
                      </Picker>
                    ) : null}
                  </View>
                )}
                {errorOf('place')}
              </View>
            </View>

            <View className='card'>
              <Text className='section-title'>名额和报名范围</Text>
              <View className={fieldClass('capacity')}>
                <Text className='field__label'>名额</Text>
                <Stepper value={form.capacity} min={1} max={1000} label='名额' onChange={(v) => update({ capacity: v })} />
                {activity && activity.taken > 0 ? <Text className='field__hint'>{`已经有${activity.taken}人报名，名额不能少于这个数。`}</Text> : null}
                {errorOf('capacity')}
              </View>
              <View className={fieldClass('audience')}>
                <Text className='field__label'>谁可以报名</Text>
                <View className='shift-form__choices' role='radiogroup' aria-label='谁可以报名'>
                  {choice(form.audience === 'public', '公开', () => update({ audience: 'public' }))}
                  {choice(form.audience === 'members', '仅本支部党员', () => update({ audience: 'members' }))}
                </View>
                {errorOf('audience')}
              </View>
            </View>

            {venueIssue ? (
              <View className='author-problem' role='alert'>
                <Text className='author-problem__title'>{`没能${published ? '保存' : '发布'}：${venueIssue}`}</Text>
                <Text className='author-problem__advice'>{VENUE_ADVICE}</Text>
              </View>
            ) : null}
            {formError ? (
              <View role='alert'>
                <Text className='form-error'>{formError}</Text>
              </View>
            ) : null}
            {activity?.state === 'cancelled' ? null : (
              <View className='oactions'>
                {published ? (
                  <Button className={`btn-primary steward-main ${busy ? 'is-disabled' : ''}`} onClick={() => void onSave()}>
                    {busy === 'save' ? '正在保存…' : '保存修改'}
                  </Button>
                ) : (
                  <>
                    <Button className={`btn-primary steward-main ${busy ? 'is-disabled' : ''}`} onClick={() => void onPublish()}>
                      {busy === 'publish' ? '正在发布…' : '发布'}
                    </Button>
                    <Button className={`btn-secondary ${busy ? 'is-disabled' : ''}`} onClick={() => void onSave()}>
                      {busy === 'save' ? '正在保存…' : '保存草稿'}
                    </Button>
                  </>
                )}
              </View>
            )}
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
