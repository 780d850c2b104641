import { Text } from '@tarojs/components';
import type { MembershipState } from '../../../types';
import '../StateBadge.css';

/** The caller's place in a station, in words (the colour only repeats them); nothing for 'none' and 'left'. */
export const membershipLabels: Record<MembershipState, string | null> = {
  none: null,
  left: null,
  pending: '申请中',
  member: '已加入',
  declined: '未通过',
};

const tones: Record<MembershipState, string> = { none: 'off', left: 'off', pending: 'waiting', member: 'ok', declined: 'refused' };

/** 已加入 / 申请中 / 未通过, in the same badge shapes and colours as the booking states. */
export function MembershipBadge({ state, className = '' }: { state: MembershipState; className?: string }) {
  const label = membershipLabels[state];
  if (!label) return null;
  return <Text className={`state-badge state-badge--${tones[state]} ${className}`}>{label}</Text>;
}
