import { Button, Text, View } from '@tarojs/components';
import type { ManagedShift } from '../../services/steward';
import { shiftDay, timeRange } from './format';
import './steward.css';

interface Props {
  shift: ManagedShift;
  today: string;
  /** Name the station (the list shows several stations). */
  withStation: boolean;
  ended: boolean;
  onRoster: () => void;
  onCode: () => void;
}

/** A shift on 服务班次: when, where, places taken of the capacity, waiting, checked in, and check-outs to confirm. */
export function ShiftCard({ shift, today, withStation, ended, onRoster, onCode }: Props) {
  const cancelled = shift.state === 'cancelled';
  return (
    <View className={`card shift-card ${ended || cancelled ? 'shift-card--past' : ''}`} data-shift={shift.id}>
      {withStation ? <Text className='shift-card__station'>{shift.stationName}</Text> : null}
      <View className='shift-card__head'>
        <Text className='shift-card__title'>{shift.title}</Text>
        {cancelled ? <Text className='shift-card__badge shift-card__badge--off'>已取消</Text> : null}
        {!cancelled && shift.openTo === 'members' ? <Text className='shift-card__badge'>仅本站成员</Text> : null}
      </View>
      <Text className='shift-card__when'>
        {shiftDay(shift.start, today)} <Text className='nowrap'>{timeRange(shift.start, shift.end)}</Text>
      </Text>
      <Text className='shift-card__place'>地点：{shift.place}</Text>
      <View className='shift-card__stats'>
        <Text className='shift-card__stat'>
          已报名 <Text className='shift-card__num'>{shift.taken}</Text>/{shift.capacity}人
        </Text>
        <Text className='shift-card__stat'>候补 {shift.waiting}人</Text>
        <Text className='shift-card__stat'>已签到 {shift.checkedIn}人</Text>
      </View>
      {shift.needsConfirmation > 0 ? (
        <Text className='shift-card__alert'>⚠ 待确认签退 {shift.needsConfirmation}人</Text>
      ) : null}
      <View className='shift-card__actions'>
        <Button className='btn-secondary shift-card__action' onClick={onRoster}>
          查看名单
        </Button>
        {!ended && !cancelled ? (
          <Button className='btn-primary shift-card__action' onClick={onCode}>
            签到码
          </Button>
        ) : null}
      </View>
    </View>
  );
}
