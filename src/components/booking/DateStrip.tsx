import { ScrollView, Text, View } from '@tarojs/components';
import { dayName, monthDay } from './format';
import './booking.css';

interface Props {
  dates: string[];
  today: string;
  blackouts: string[];
  selected: string;
  onSelect: (date: string) => void;
  /** Free slots per date from the server (venue.availability); absent while it loads. */
  free?: Record<string, { free: number; closed: boolean }>;
}

/**
 * The bookable days from the server's today, one chip each: 今天/明天/周X, MM-DD, and in words how much is left —
 * 剩N段, 满 (nothing free) or 闭馆 — so nobody taps through every day to find a free slot.
 */
export function DateStrip({ dates, today, blackouts, selected, onSelect, free }: Props) {
  return (
    <ScrollView className='date-strip' scrollX enhanced showScrollbar={false} scrollIntoView={`d-${selected}`}>
      <View className='date-strip__row' role='tablist'>
        {dates.map((d) => {
          const left = free?.[d];
          const closed = blackouts.includes(d) || left?.closed === true;
          const full = !closed && left !== undefined && left.free === 0;
          const status = closed ? '闭馆' : left === undefined ? '' : full ? '满' : `剩${left.free}段`;
          const on = d === selected;
          return (
            <View
              key={d}
              id={`d-${d}`}
              className={`date-chip ${on ? 'date-chip--on' : ''} ${closed ? 'date-chip--closed' : ''} ${full ? 'date-chip--full' : ''}`}
              role='tab'
              aria-selected={on}
              aria-label={`${dayName(d, today)} ${monthDay(d)}${status ? ` ${status}` : ''}`}
              data-date={d}
              onClick={() => onSelect(d)}
            >
              <Text className='date-chip__day'>{dayName(d, today)}</Text>
              <Text className='date-chip__date'>{monthDay(d)}</Text>
              {closed ? <Text className='date-chip__closed'>闭馆</Text> : null}
              {!closed && status ? <Text className={`date-chip__left ${full ? 'date-chip__left--full' : ''}`}>{status}</Text> : null}
            </View>
          );
        })}
      </View>
    </ScrollView>
  );
}
