import { ScrollView, Text, View } from '@tarojs/components';
import { dayName, monthDay } from './format';
import './booking.css';

interface Props {
  dates: string[];
  today: string;
  blackouts: string[];
  selected: string;
  onSelect: (date: string) => void;
}

/** The bookable days from the server's today, one chip each: 今天/明天/周X, MM-DD, and 闭馆 on closed days. */
export function DateStrip({ dates, today, blackouts, selected, onSelect }: Props) {
  return (
    <ScrollView className='date-strip' scrollX enhanced showScrollbar={false}>
      <View className='date-strip__row' role='tablist'>
        {dates.map((d) => {
          const closed = blackouts.includes(d);
          const on = d === selected;
          return (
            <View
              key={d}
              id={`d-${d}`}
              className={`date-chip ${on ? 'date-chip--on' : ''} ${closed ? 'date-chip--closed' : ''}`}
              role='tab'
              aria-selected={on}
              aria-label={`${dayName(d, today)} ${monthDay(d)}${closed ? ' 闭馆' : ''}`}
              data-date={d}
              onClick={() => onSelect(d)}
            >
              <Text className='date-chip__day'>{dayName(d, today)}</Text>
              <Text className='date-chip__date'>{monthDay(d)}</Text>
              {closed ? <Text className='date-chip__closed'>闭馆</Text> : null}
            </View>
          );
        })}
      </View>
    </ScrollView>
  );
}
