import { Button, Text, View } from '@tarojs/components';
import { addDays } from '../../../types/beijing-time';
import { monthDay, relativeDay, weekdayName } from './format';
import './manage.css';

interface Props {
  date: string;
  today: string;
  onChange: (date: string) => void;
}

/** 前一天 · the day shown · 后一天, and a way back to today. */
export function DateSwitcher({ date, today, onChange }: Props) {
  const rel = relativeDay(date, today);
  return (
    <View className='date-switch'>
      <View className='date-switch__row'>
        <Button className='btn-secondary date-switch__step' onClick={() => onChange(addDays(date, -1))}>
          ‹ 前一天
        </Button>
        <View className='date-switch__day'>
          <Text className='date-switch__date'>{monthDay(date)}</Text>
          <Text className='date-switch__week'>
            {weekdayName(date)}
            {rel ? ` · ${rel}` : ''}
          </Text>
        </View>
        <Button className='btn-secondary date-switch__step' onClick={() => onChange(addDays(date, 1))}>
          后一天 ›
        </Button>
      </View>
      {date !== today ? (
        <Button className='btn-secondary date-switch__today' onClick={() => onChange(today)}>
          回到今天
        </Button>
      ) : null}
    </View>
  );
}
