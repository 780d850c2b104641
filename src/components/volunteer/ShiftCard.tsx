import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { ShiftSummary } from '../../../types';
import { dateOf, longDate, relativeDay, timeRange } from '../../../types/date-format';
import './volunteer.css';

type Tone = 'ok' | 'waiting' | 'off' | 'done';

/** A state in words; the colour only repeats it. */
export function VBadge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <Text className={`v-badge v-badge--${tone}`}>{children}</Text>;
}

/** '12月3日 周四（明天）' then the time range on its own unbreakable run. */
export function ShiftWhen({ start, end }: { start: string; end: string }) {
  const day = dateOf(start);
  const rel = relativeDay(day, dateOf(Date.now()));
  return (
    <Text className='vshift-card__line'>
      {longDate(day)}
      {rel ? `（${rel}）` : ''} <Text className='nowrap'>{timeRange(start, end)}</Text>
    </Text>
  );
}

/** A shift as a volunteer sees it: what, where, when, skills; `children` adds the state and the buttons. */
export function ShiftCard({ shift, children }: { shift: Pick<ShiftSummary, 'title' | 'stationName' | 'start' | 'end' | 'place' | 'skills' | 'openTo'>; children?: ReactNode }) {
  return (
    <View className='card vshift-card'>
      <Text className='vshift-card__title'>{shift.title}</Text>
      <Text className='vshift-card__line'>{shift.stationName}</Text>
      <ShiftWhen start={shift.start} end={shift.end} />
      <Text className='vshift-card__line'>地点：{shift.place}</Text>
      {shift.skills.length > 0 || shift.openTo === 'members' ? (
        <View className='vshift-card__skills'>
          {shift.openTo === 'members' ? <Text className='vshift-card__skill'>仅本站成员</Text> : null}
          {shift.skills.map((s) => (
            <Text key={s} className='vshift-card__skill'>
              {s}
            </Text>
          ))}
        </View>
      ) : null}
      {children}
    </View>
  );
}
