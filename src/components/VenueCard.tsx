import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { VenueSummary } from '../../types';
import { venueLevelLabels, venueTypeLabels } from '../services/labels';
import { routes } from '../services/routes';
import './VenueCard.css';

export function VenueCard({ venue }: { venue: VenueSummary }) {
  const place = venue.communityName ?? venue.streetName ?? '芝罘区党群服务中心';
  return (
    <View
      className='card venue-card'
      role='button'
      onClick={() => void Taro.navigateTo({ url: routes.venueDetail(venue.id) })}
    >
      <View className='venue-card__head'>
        <Text className='venue-card__name'>{venue.name}</Text>
        <Text className={`venue-card__level venue-card__level--${venue.level}`}>{venueLevelLabels[venue.level]}</Text>
      </View>
      <Text className='venue-card__line'>
        {venueTypeLabels[venue.type]} · 可容纳 {venue.capacity} 人
      </Text>
      <Text className='venue-card__line muted'>{place}</Text>
      <Text className='venue-card__line muted'>
        开放 {venue.opens}–{venue.closes}
        {venue.needsApproval ? ' · 需审核' : ''}
      </Text>
      {venue.facilities.length > 0 ? (
        <Text className='venue-card__line muted'>设施：{venue.facilities.join('、')}</Text>
      ) : null}
      <Text className='venue-card__go'>查看空闲时段 ›</Text>
    </View>
  );
}
