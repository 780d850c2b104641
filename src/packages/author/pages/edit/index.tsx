import { useEffect, useState } from 'react';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { LessonBlock } from '../../../../../types';
import { choice, fieldClass, fieldError } from '../../../../components/form-fields';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { Stepper } from '../../../../components/booking/Stepper';
import { queryValue } from '../../../../components/booking/params';
import { checkDraft, draftOf, emptyForm, emptyQuestion, formOf, type DraftForm } from '../../../../components/author/draft';
import { useCourseDraft, useSeries } from '../../../../hooks/useAuthor';
import { CallError, newRequestId } from '../../../../services/client';
import { courseService } from '../../../../services/course';
import { ask, done } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/author/author.css';

const LETTERS = 'ABCDEF';
const hasChinese = (s: string) => /[\u4e00-\u9fa5]/.test(s);

/** 编辑课程 (district admins): a new course, or ?courseId= an existing one with its lesson and quiz questions. */
export default function AuthorEditPage() {
  const { params } = useRouter();
  const courseId = queryValue(params.courseId) || undefined;
  const draft = useCourseDraft(courseId);
  const series = useSeries();
  const [form, setForm] = useState<DraftForm | null>(courseId ? null : emptyForm());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One id per saving intent: a retry after a lost reply saves once (a new course is not created twice).
  const [requestId, setRequestId] = useState(newRequestId);

  useEffect(() => {
    if (draft.data) setForm(formOf(draft.data));
  }, [draft.data]);
  const seriesList = series.data ?? [];
  const firstSeries = seriesList[0]?.id;
  useEffect(() => {
    // A new course goes under the first series until another is picked.
    if (firstSeries) setForm((f) => (f && !f.seriesId ? { ...f, seriesId: firstSeries } : f));
  }, [firstSeries, form?.seriesId]);

  // Every change is applied to the latest form (several inputs may change before the next render).
  const update = (change: (f: DraftForm) => Partial<DraftForm>) => setForm((f) => (f ? { ...f, ...change(f) } : f));
  const set = (patch: Partial<DraftForm>) => update(() => patch);
  const errAt = (key: string) => errors[key];
  const errUnder = (prefix: string) => Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

  const fail = (e: unknown) => {
    if (e instanceof CallError && e.code !== 'UNAVAILABLE') setRequestId(newRequestId());
    if (e instanceof CallError && e.code === 'INPUT.INVALID' && e.fields) {
      const mine: Record<string, string> = {};
      for (const [path, message] of Object.entries(e.fields)) mine[path.replace(/^course\./, '')] = hasChinese(message) ? message : '这一项填写有误';
      setErrors(mine);
      setFormError('有几项需要修改，请看红字提示');
      return;
    }
    if (e instanceof CallError && e.code === 'COURSE.BANK_TOO_SMALL') setErrors({ questions: messageFor(e) });
    setFormError(messageFor(e));
  };

  const save = async () => {
    if (!form || busy) return;
    const errs = checkDraft(form);
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      setFormError('有几项需要修改，请看红字提示');
      return;
    }
    if (!form.published && !(await ask({ title: '暂不发布？', content: '保存后居民和党员都看不到这门课，以后可以在这里改成发布。', confirmText: '仍然保存', cancelText: '再想想' }))) return;
    setFormError(null);
    setBusy(true);
    try {
      await courseService.save(draftOf(form), courseId, requestId);
      done(courseId ? '课程已保存' : '课程已创建');
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
      else void Taro.redirectTo({ url: routes.authorCourses });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const setBlock = (i: number, b: LessonBlock) => update((f) => ({ blocks: f.blocks.map((x, j) => (j === i ? b : x)) }));
  const setQuestion = (i: number, change: (q: DraftForm['questions'][number]) => Partial<DraftForm['questions'][number]>) =>
    update((f) => ({ questions: f.questions.map((q, j) => (j === i ? { ...q, ...change(q) } : q)) }));
  const removeQuestion = async (i: number) => {
    if (!form) return;
    const ok = await ask({ title: `删除第${i + 1}题？`, content: '保存之后这道题就删掉了。', confirmText: '删除', cancelText: '保留', danger: true });
    if (ok) update((f) => ({ questions: f.questions.filter((_, j) => j !== i) }));
  };
  const seriesIndex = Math.max(0, seriesList.findIndex((s) => s.id === form?.seriesId));
  const seriesName = seriesList.find((s) => s.id === form?.seriesId)?.name ?? '请选择';

  return (
    <Screen className='author-edit'>
      <StateView loading={(draft.loading || series.loading) && !form} error={draft.error ?? series.error} empty={!form} emptyText='没有找到这门课程' onRetry={() => (draft.reload(), series.reload())}>
        {form ? (
          <View className={`author-form shift-form ${busy ? 'book__form--busy' : ''}`}>
            <View className='card'>
              <Text className='section-title'>基本信息</Text>
              <View className={fieldClass(errAt('title'))}>
                <Text className='field__label'>课程名称</Text>
                <Input className='field__input' value={form.title} maxlength={40} placeholder='例如：组织生活会怎么开' aria-label='课程名称' onInput={(e) => set({ title: e.detail.value })} />
                {fieldError(errAt('title'))}
              </View>
              <View className={fieldClass(errAt('seriesId'))}>
                <Text className='field__label'>课程系列</Text>
                <Picker mode='selector' range={seriesList.map((s) => s.name)} value={seriesIndex} onChange={(e) => set({ seriesId: seriesList[Number(e.detail.value)]?.id ?? form.seriesId })}>
                  <View className='picker-field' role='button' aria-label={`课程系列 ${seriesName}，点按更改`}>
                    <Text className='picker-field__value'>{seriesName}</Text>
                    <Text className='picker-field__more'>更改</Text>
                  </View>
                </Picker>
                {fieldError(errAt('seriesId'))}
              </View>
              <View className='field'>
                <Text className='field__label'>谁可以学</Text>
                <View className='shift-form__choices' role='radiogroup' aria-label='谁可以学'>
                  {choice(!form.membersOnly, '所有居民', () => set({ membersOnly: false }))}
                  {choice(form.membersOnly, '仅限党员', () => set({ membersOnly: true }))}
                </View>
              </View>
              <View className={fieldClass(errAt('summary'))}>
                <Text className='field__label'>课程简介</Text>
                <Textarea className='field__textarea' value={form.summary} maxlength={300} placeholder='这门课讲什么，适合谁' aria-label='课程简介' onInput={(e) => set({ summary: e.detail.value })} />
                {fieldError(errAt('summary'))}
              </View>
              <View className={fieldClass(errUnder('goals'))}>
                <Text className='field__label'>学习目标（每行一条，最多6条）</Text>
                <Textarea className='field__textarea' value={form.goals} maxlength={400} placeholder={'例如：\n知道组织生活会的流程\n会写会议记录'} aria-label='学习目标' onInput={(e) => set({ goals: e.detail.value })} />
                {fieldError(errUnder('goals'))}
              </View>
              <View className={fieldClass(errAt('teacher'))}>
                <Text className='field__label'>授课老师</Text>
                <Input className='field__input' value={form.teacher} maxlength={20} placeholder='例如：王老师' aria-label='授课老师' onInput={(e) => set({ teacher: e.detail.value })} />
                {fieldError(errAt('teacher'))}
              </View>
              <View className={fieldClass(errAt('teacherTitle'))}>
                <Text className='field__label'>老师介绍（可不填）</Text>
                <Input className='field__input' value={form.teacherTitle} maxlength={40} placeholder='例如：创益学院讲师' aria-label='老师介绍' onInput={(e) => set({ teacherTitle: e.detail.value })} />
                {fieldError(errAt('teacherTitle'))}
              </View>
              <View className={fieldClass(errAt('minutes'))}>
                <Text className='field__label'>时长（分钟）</Text>
                <Stepper value={form.minutes} min={5} max={60} label='时长' onChange={(v) => set({ minutes: v })} />
                {fieldError(errAt('minutes'))}
              </View>
              <View className={fieldClass(errAt('points'))}>
                <Text className='field__label'>学完得红色积分</Text>
                <Stepper value={form.points} min={0} max={20} label='积分' onChange={(v) => set({ points: v })} />
                {fieldError(errAt('points'))}
              </View>
              <View className='field'>
                <Text className='field__label'>是否发布</Text>
                <View className='shift-form__choices' role='radiogroup' aria-label='是否发布'>
                  {choice(form.published, '发布', () => set({ published: true }))}
                  {choice(!form.published, '暂不发布', () => set({ published: false }))}
                </View>
              </View>
            </View>

            <View className='card'>
              <Text className='section-title'>线上学习</Text>
              <View className='shift-form__choices' role='radiogroup' aria-label='线上学习'>
                {choice(form.hasLesson, '有线上学习', () => set({ hasLesson: true }))}
                {choice(!form.hasLesson, '只上线下课', () => set({ hasLesson: false }))}
              </View>
              {form.hasLesson ? (
                <View>
                  {form.blocks.map((b, i) => (
                    <View key={i} className={`author-block ${errUnder(`lesson.blocks.${i}`) ? 'field--bad' : ''}`}>
                      <View className='author-block__head'>
                        <Text className='field__label'>
                          第{i + 1}段 · {b.type === 'text' ? '文字' : '图片'}
                        </Text>
                        <Button className='btn-secondary author-small' aria-label={`删除第${i + 1}段`} onClick={() => update((f) => ({ blocks: f.blocks.filter((_, j) => j !== i) }))}>
                          删除
                        </Button>
                      </View>
                      {b.type === 'text' ? (
                        <Textarea className='field__textarea' value={b.text} maxlength={2000} placeholder='这一段的内容' aria-label={`第${i + 1}段文字`} onInput={(e) => setBlock(i, { type: 'text', text: e.detail.value })} />
                      ) : (
                        <View>
                          <Input className='field__input' value={b.url} maxlength={500} placeholder='图片地址' aria-label={`第${i + 1}段图片地址`} onInput={(e) => setBlock(i, { ...b, url: e.detail.value })} />
                          <Input className='field__input author-block__caption' value={b.caption} maxlength={60} placeholder='图片说明（可不填）' aria-label={`第${i + 1}段图片说明`} onInput={(e) => setBlock(i, { ...b, caption: e.detail.value })} />
                        </View>
                      )}
                      {fieldError(errUnder(`lesson.blocks.${i}`))}
                    </View>
                  ))}
                  {fieldError(errAt('lesson.blocks'))}
                  <View className='author-row'>
                    <Button className='btn-secondary author-row__btn' onClick={() => update((f) => ({ blocks: [...f.blocks, { type: 'text', text: '' }] }))}>
                      ＋加文字
                    </Button>
                    <Button className='btn-secondary author-row__btn' onClick={() => update((f) => ({ blocks: [...f.blocks, { type: 'image', url: '', caption: '' }] }))}>
                      ＋加图片
                    </Button>
                  </View>
                  <View className={fieldClass(errAt('lesson.videoUrl'))}>
                    <Text className='field__label'>视频地址（可不填）</Text>
                    <Input className='field__input' value={form.videoUrl} maxlength={500} placeholder='https://…' aria-label='视频地址' onInput={(e) => set({ videoUrl: e.detail.value })} />
                    {fieldError(errAt('lesson.videoUrl'))}
                  </View>
                </View>
              ) : (
                <Text className='muted'>只上线下课的课程没有线上学习和测验。</Text>
              )}
            </View>

            <View className='card'>
              <Text className='section-title'>测验题（{form.questions.length}道）</Text>
              <Text className='field__hint'>每次测验从这里随机抽3道，答对2道算通过。有线上学习的课程至少要3道题。</Text>
              {form.questions.map((q, i) => (
                <View key={q.id ?? `new-${i}`} className={`author-question ${errUnder(`questions.${i}`) ? 'field--bad' : ''}`} role='group' aria-label={`第${i + 1}题`}>
                  <View className='author-block__head'>
                    <Text className='author-question__no'>第{i + 1}题</Text>
                    <Button className='btn-secondary author-small' aria-label={`删除第${i + 1}题`} onClick={() => void removeQuestion(i)}>
                      删除
                    </Button>
                  </View>
                  <Textarea className='field__textarea author-question__text' value={q.text} maxlength={200} placeholder='题目' aria-label={`第${i + 1}题题目`} onInput={(e) => setQuestion(i, () => ({ text: e.detail.value }))} />
                  <Text className='field__label'>选项（点「对」标出正确答案）</Text>
                  {q.options.map((o, k) => (
                    <View key={k} className='author-option'>
                      <Text className='author-option__letter'>{LETTERS[k]}</Text>
                      <Input
                        className='field__input author-option__input'
                        value={o}
                        maxlength={80}
                        placeholder={`选项${LETTERS[k]}`}
                        aria-label={`第${i + 1}题选项${LETTERS[k]}`}
                        onInput={(e) => setQuestion(i, (cur) => ({ options: cur.options.map((x, m) => (m === k ? e.detail.value : x)) }))}
                      />
                      <View className={`author-option__right ${q.answer === k ? 'author-option__right--on' : ''}`} role='radio' aria-checked={q.answer === k} aria-label={`选项${LETTERS[k]}是正确答案`} onClick={() => setQuestion(i, () => ({ answer: k }))}>
                        <Text>{q.answer === k ? '✓ 对' : '对'}</Text>
                      </View>
                    </View>
                  ))}
                  <View className='author-row'>
                    {q.options.length < 6 ? (
                      <Button className='btn-secondary author-row__btn' onClick={() => setQuestion(i, (cur) => ({ options: [...cur.options, ''] }))}>
                        ＋加选项
                      </Button>
                    ) : null}
                    {q.options.length > 2 ? (
                      <Button
                        className='btn-secondary author-row__btn'
                        onClick={() => setQuestion(i, (cur) => ({ options: cur.options.slice(0, -1), answer: cur.answer >= cur.options.length - 1 ? 0 : cur.answer }))}
                      >
                        去掉选项{LETTERS[q.options.length - 1]}
                      </Button>
                    ) : null}
                  </View>
                  <Text className='field__label'>答案解析（可不填，只有编课的人看得到）</Text>
                  <Textarea className='field__textarea' value={q.explanation} maxlength={300} placeholder='为什么选这个' aria-label={`第${i + 1}题解析`} onInput={(e) => setQuestion(i, () => ({ explanation: e.detail.value }))} />
                  {fieldError(errUnder(`questions.${i}`))}
                </View>
              ))}
              {fieldError(errAt('questions'))}
              <Button className='btn-secondary author-add' onClick={() => update((f) => (f.questions.length < 50 ? { questions: [...f.questions, emptyQuestion()] } : {}))}>
                ＋加一道题
              </Button>
            </View>

            {formError ? (
              <View role='alert'>
                <Text className='form-error'>{formError}</Text>
              </View>
            ) : null}
            <Button className={`btn-primary steward-main author-save ${busy ? 'is-disabled' : ''}`} onClick={() => void save()}>
              {busy ? '正在保存…' : courseId ? '保存修改' : '创建课程'}
            </Button>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
