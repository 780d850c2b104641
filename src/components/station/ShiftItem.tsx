import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ShiftSummary } from '../../../types';
import { dateOf, longDate, timeRange } from '../../../types/date-format';
import { routes } from '../../services/routes';
import './station.css';

/** 剩N个名额 / 已满 可候补 — and the caller's own place, when they have one. */
export function placesText(shift: ShiftSummary): string {
  if (shift.myState === 'confirmed') return '您已报名';
  if (shift.myState === 'waitlisted') return '您在候补';
  const left = shift.capacity - shift.taken;
  return left > 0 ? `剩${left}个名额` : '已满 可候补';
}

/** An upcoming shift on the station page; tapping it goes to the volunteer shift list of this station. */
export function ShiftItem({ shift }: { shift: ShiftSummary }) {
  const full = shift.capacity - shift.taken <= 0;
  const mine = shift.myState === 'confirmed' || shift.myState === 'waitlisted';
  return (
    <View className='card shift-item' role='button' onClick={() => void Taro.navigateTo({ url: routes.volunteerShifts(shift.stationId) })}>
      <Text className='shift-item__title'>{shift.title}</Text>
      <Text className='shift-item__when'>
        {longDate(dateOf(shift.start))} <Text className='nowrap'>{timeRange(shift.start, shift.end)}</Text>
      </Text>
      {shift.place ? <Text className='shift-item__line muted'>地点：{shift.place}</Text> : null}
      {shift.openTo === 'members' ? <Text className='shift-item__line muted'>仅本站成员可报名</Text> : null}
      <View className='shift-item__foot'>
        <Text className={`shift-item__places ${mine ? 'shift-item__places--mine' : full ? 'shift-item__places--full' : ''}`}>{placesText(shift)}</Text>
        <Text className='shift-item__go'>{mine ? '查看 ›' : '去报名 ›'}</Text>
      </View>
    </View>
  );
}
