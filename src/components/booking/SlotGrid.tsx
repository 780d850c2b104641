import { Button, Text, View } from '@tarojs/components';
import type { Slot } from '../../../types/venue';
import { clockOf, slotStateLabels, timeRange } from './format';
import './booking.css';

interface Props {
  slots: Slot[];
  selected: string[];
  /** Places in the queue the user learnt this visit (slot start → position). */
  positions: Record<string, number>;
  onTapFree: (slot: Slot) => void;
  onJoinWaitlist: (slot: Slot) => void;
  onLeaveWaitlist: (slot: Slot) => void;
}

const marks: Record<Slot['state'], string> = {
  free: '○',
  taken: '✕',
  mine: '★',
  closed: '—',
  past: '—',
};

/**
 * The slots of one day, two to a row. Each state has its own look AND its own words (可预约, 已选, 已被预约, 我的预约,
 * 不开放, 已过去), so nobody has to tell colours apart. Taken slots offer the waiting list.
 */
export function SlotGrid({ slots, selected, positions, onTapFree, onJoinWaitlist, onLeaveWaitlist }: Props) {
  const now = Date.now();
  return (
    <View className='slot-grid'>
      {slots.map((s) => {
        const isSelected = s.state === 'free' && selected.includes(s.start);
        const label = isSelected ? '已选' : slotStateLabels[s.state];
        const mark = isSelected ? '✓' : marks[s.state];
        const canQueue = s.state === 'taken' && Date.parse(s.start) > now;
        const position = positions[s.start];
        return (
          <View
            key={s.start}
            className={`slot slot--${isSelected ? 'selected' : s.state}`}
            data-start={s.start}
            data-time={clockOf(s.start)}
            {...(s.state === 'free' ? { role: 'button', 'aria-pressed': isSelected, onClick: () => onTapFree(s) } : {})}
            aria-label={`${timeRange(s.start, s.end)} ${label}`}
          >
            <Text className='slot__time'>{timeRange(s.start, s.end)}</Text>
            <Text className='slot__state'>
              {mark} {label}
            </Text>
            {s.state === 'taken' && s.waitlisted ? (
              <View className='slot__queue'>
                <Text className='slot__queue-text'>{position ? `已候补，排第${position}位` : '已候补'}</Text>
                <Button className='btn-secondary slot__queue-btn' onClick={() => onLeaveWaitlist(s)}>
                  取消候补
                </Button>
              </View>
            ) : canQueue ? (
              <View className='slot__queue'>
                {s.waitlist > 0 ? <Text className='slot__queue-text'>{s.waitlist}人在排队</Text> : null}
                <Button className='btn-secondary slot__queue-btn' onClick={() => onJoinWaitlist(s)}>
                  排队候补
                </Button>
              </View>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
