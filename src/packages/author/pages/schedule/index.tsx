import { useState } from 'react';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { addDays, longDate } from '../../../../../types/date-format';
import { choice, fieldError, fieldClass as fieldClassOf } from '../../../../components/form-fields';
import { Screen } from '../../../../components/Screen';
import { StateView } from '../../../../components/StateView';
import { Stepper } from '../../../../components/booking/Stepper';
import { queryValue } from '../../../../components/booking/params';
import { VenuePicker } from '../../../../components/manage/VenuePicker';
import { phoneToday } from '../../../../components/steward/format';
import { useRequest } from '../../../../hooks/useRequest';
import { CallError, newRequestId } from '../../../../services/client';
import { courseService } from '../../../../services/course';
import { done } from '../../../../services/dialog';
import { messageFor } from '../../../../services/messages';
import { routes } from '../../../../services/routes';
import { venueService } from '../../../../services/venue';
import '../../../../components/booking/booking.css';
import '../../../../components/steward/steward.css';
import '../../../../components/author/author.css';

type Field = 'date' | 'time' | 'minutes' | 'capacity' | 'venue' | 'place';
type Where = 'venue' | 'place';

/** Which form field a server field path belongs to. */
function fieldOf(path: string): Field | null {
  if (path === 'start') return 'time';
  if (path === 'venueId') return 'venue';
  return (['minutes', 'capacity', 'place'] as const).find((f) => f === path) ?? null;
}

/** The advice beside a refusal about the venue or the time: change one of them. */
const VENUE_CODES = new Set(['COURSE.VENUE_TAKEN', 'VENUE.OUTSIDE_HOURS', 'VENUE.OUTSIDE_WINDOW', 'VENUE.TOO_MANY_SLOTS', 'VENUE.OVER_CAPACITY', 'VENUE.NOT_FOUND']);

/** 安排线下课 (district admins): a session of a course, in a catalogue venue (booked with it) or at a place written in. */
export default function AuthorSchedulePage() {
  const { params } = useRouter();
  const courseId = queryValue(params.courseId) || undefined;
  const data = useRequest(async () => {
    if (!courseId) throw new CallError({ code: 'COURSE.NOT_FOUND', message: 'no courseId' });
    const [course, venues] = await Promise.all([courseService.get(courseId), venueService.list({})]);
    return { course, venues };
  }, [courseId]);
  const course = data.data?.course;
  const venues = data.data?.venues ?? [];

  // One id per scheduling intent: a retry after a lost reply schedules (and books the venue) once.
  const [requestId, setRequestId] = useState(newRequestId);

  const [date, setDate] = useState(() => addDays(phoneToday(), 1));
  // Venues of the catalogue open at 08:30 with hour slots from there: a half-hour start fits them.
  const [time, setTime] = useState('09:30');
  const [minutesEdit, setMinutes] = useState<number | null>(null);
  const minutes = minutesEdit ?? Math.max(15, course?.minutes ?? 60);
  const [capacity, setCapacity] = useState<number | null>(20);
  const [where, setWhere] = useState<Where>('venue');
  const [venueId, setVenueId] = useState<string | null>(null);
  const [place, setPlace] = useState('');
  const chosen = venues.find((v) => v.id === venueId);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [venueProblem, setVenueProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const validate = () => {
    const e: Partial<Record<Field, string>> = {};
    if (date < phoneToday()) e.date = '日期已经过去了，请重新选择';
    if (minutes < 15 || minutes > 240) e.minutes = '时长15分钟到4小时';
    if (capacity === null || capacity < 1) e.capacity = '至少1个座位';
    else if (capacity > 1000) e.capacity = '最多1000个座位';
    if (where === 'venue' && !venueId) e.venue = '请选择场地，或改为「自己写地点」';
    if (where === 'place' && place.trim().length < 2) e.place = '请写清上课地点';
    return e;
  };

  const fail = (e: unknown) => {
    if (e instanceof CallError && e.code !== 'UNAVAILABLE') setRequestId(newRequestId());
    if (e instanceof CallError && VENUE_CODES.has(e.code)) {
      setVenueProblem(messageFor(e));
      setFormError(null);
      return;
    }
    if (e instanceof CallError && e.code === 'INPUT.INVALID' && e.fields) {
      const mine: Partial<Record<Field, string>> = {};
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
    setFormError(messageFor(e));
  };

  const submit = async () => {
    if (busy || !courseId) return;
    const errs = validate();
    setErrors(errs);
    setVenueProblem(null);
    if (Object.keys(errs).length > 0) {
      setFormError('有几项需要修改，请看红字提示');
      return;
    }
    setFormError(null);
    setBusy(true);
    try {
      await courseService.schedule(
        { courseId, start: `${date}T${time}:00+08:00`, minutes, capacity: capacity ?? 1, ...(where === 'venue' && venueId ? { venueId } : { place: place.trim() }) },
        requestId,
      );
      done('线下课已安排');
      if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
      else void Taro.redirectTo({ url: routes.authorCourses });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldClass = (f: Field) => fieldClassOf(errors[f]);
  const errorOf = (f: Field) => fieldError(errors[f]);

  return (
    <Screen className='author-schedule'>
      <StateView loading={data.loading} error={data.error} empty={!course} emptyText='没有找到这门课程' onRetry={data.reload}>
        {course ? (
          <View className={`card shift-form ${busy ? 'book__form--busy' : ''}`}>
            <Text className='steward-station'>{course.title}</Text>
            <Text className='muted'>
              {course.series} · 约{course.minutes}分钟{course.membersOnly ? ' · 仅限党员' : ''}
            </Text>

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

            <View className={fieldClass('time')}>
              <Text className='field__label'>开始时间（北京时间）</Text>
              <Picker mode='time' value={time} onChange={(e) => setTime(String(e.detail.value))}>
                <View className='picker-field' role='button' aria-label={`开始时间 ${time}，点按更改`}>
                  <Text className='picker-field__value'>{time}</Text>
                  <Text className='picker-field__more'>更改</Text>
                </View>
              </Picker>
              {errorOf('time')}
            </View>

            <View className={fieldClass('minutes')}>
              <Text className='field__label'>时长（分钟）</Text>
              <Stepper value={minutes} min={15} max={240} label='时长' onChange={(v) => setMinutes(v)} />
              <Text className='field__hint'>订场地时按整点时段占用，例如60分钟占1个时段。</Text>
              {errorOf('minutes')}
            </View>

            <View className={fieldClass('capacity')}>
              <Text className='field__label'>座位数</Text>
              <Stepper value={capacity} min={1} max={1000} label='座位数' onChange={setCapacity} />
              {errorOf('capacity')}
            </View>

            <View className={fieldClass(where === 'venue' ? 'venue' : 'place')}>
              <Text className='field__label'>上课地点</Text>
              <View className='shift-form__choices' role='radiogroup' aria-label='上课地点'>
                {choice(where === 'venue', '预约场地库里的场地', () => setWhere('venue'))}
                {choice(where === 'place', '自己写地点', () => setWhere('place'))}
              </View>
              {where === 'venue' ? (
                <View>
                  <VenuePicker venues={venues} selectedId={venueId} onSelect={(id) => (setVenueId(id), setVenueProblem(null))} />
                  {chosen ? (
                    <Text className='field__hint'>
                      这个场地最多容纳{chosen.capacity}人。安排成功时会同时订下这个场地，取消这场课时场地自动释放。
                    </Text>
                  ) : null}
                  {errorOf('venue')}
                </View>
              ) : (
                <View>
                  <Input className='field__input' value={place} maxlength={100} placeholder='例如：山和梁党群服务中心二楼' aria-label='上课地点' onInput={(e) => setPlace(e.detail.value)} />
                  {errorOf('place')}
                </View>
              )}
            </View>

            {venueProblem ? (
              <View className='author-problem' role='alert'>
                <Text className='author-problem__title'>没能安排：{venueProblem}</Text>
                <Text className='author-problem__advice'>可以改一下日期或开始时间，或者换一个场地，再点「安排这场课」。</Text>
              </View>
            ) : null}
            {formError ? (
              <View role='alert'>
                <Text className='form-error'>{formError}</Text>
              </View>
            ) : null}
            <Button className={`btn-primary steward-main shift-form__submit ${busy ? 'is-disabled' : ''}`} onClick={() => void submit()}>
              {busy ? '正在安排…' : '安排这场课'}
            </Button>
          </View>
        ) : null}
      </StateView>
    </Screen>
  );
}
