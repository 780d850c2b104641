import { Text } from '@tarojs/components';
import type { BookingState } from '../../types';
import './StateBadge.css';

/** A booking's state in words, the same for residents and managers. */
export const bookingStateLabels: Record<BookingState, string> = {
  pending: '待审核',
  confirmed: '已确认，待签到',
  checked_in: '已签到',
  completed: '已完成',
  cancelled: '已取消',
  rejected: '未通过',
  expired: '已失效',
  released: '未按时签到，已释放',
};

type Tone = 'waiting' | 'ok' | 'done' | 'off' | 'refused';

/** One colour per meaning, on every screen (the words carry the meaning; the colour only repeats it). */
export const bookingStateTones: Record<BookingState, Tone> = {
  pending: 'waiting',
  confirmed: 'ok',
  checked_in: 'done',
  completed: 'done',
  cancelled: 'off',
  expired: 'off',
  rejected: 'refused',
  released: 'refused',
};

/** The booking state badge of 我的预约, 首页 and the manager screens. */
export function StateBadge({ state, className = '' }: { state: BookingState; className?: string }) {
  return <Text className={`state-badge state-badge--${bookingStateTones[state]} ${className}`}>{bookingStateLabels[state]}</Text>;
}
