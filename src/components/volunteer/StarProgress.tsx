import { Text, View } from '@tarojs/components';
import type { StarProgress as Stars } from '../../../types';
import { starNames, starProgressText } from '../../services/volunteer';
import './volunteer.css';

/** Star level in words (一星志愿者…) with filled/empty stars, and a bar to the next level (距二星还差N小时). */
export function StarProgress({ hours, stars }: { hours: number; stars: Stars }) {
  const pct = Math.round(stars.progress * 100);
  return (
    <View className='stars'>
      <View className='stars__row'>
        <Text className='stars__level'>{stars.level === 0 ? '还没有星级' : `${starNames[stars.level]}志愿者`}</Text>
        <Text className='stars__glyphs' aria-hidden>
          {'★'.repeat(stars.level)}
          {'☆'.repeat(5 - stars.level)}
        </Text>
      </View>
      {stars.nextAt !== null ? (
        <View className='stars__bar' role='progressbar' aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label={`离下一星级已完成${pct}%`}>
          <View className='stars__fill' style={{ width: `${pct}%` }} />
        </View>
      ) : null}
      <Text className='stars__next'>{starProgressText(hours, stars)}</Text>
    </View>
  );
}
