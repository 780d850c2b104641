import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { StationSummary } from '../../../types';
import { routes } from '../../services/routes';
import { distanceText } from '../../services/station';
import { MembershipBadge } from './MembershipBadge';
import './station.css';

/** One station in the 红帆站 list: where, when, what it offers, how many members, and whether I belong. */
export function StationCard({ station }: { station: StationSummary }) {
  const s = station;
  return (
    <View
      className='card station-card'
      role='button'
      data-station={s.id}
      onClick={() => void Taro.navigateTo({ url: routes.station(s.id) })}
    >
      <View className='station-card__head'>
        <Text className='station-card__name'>{s.name}</Text>
        <MembershipBadge state={s.myState} />
      </View>
      <Text className='station-card__line'>
        {s.streetName}
        {s.communityName ? ` · ${s.communityName}` : ''}
        {s.distanceM !== null ? <Text className='station-card__distance'>{`  离您${distanceText(s.distanceM)}`}</Text> : null}
      </Text>
      <Text className='station-card__line muted'>地址：{s.address}</Text>
      <Text className='station-card__line muted'>服务时间：{s.hours}</Text>
      {s.services.length > 0 ? (
        <View className='station-tags'>
          {s.services.map((t) => (
            <Text key={t} className='station-tag'>
              {t}
            </Text>
          ))}
        </View>
      ) : null}
      <View className='station-card__foot'>
        <Text className='station-card__members'>{s.memberCount > 0 ? `${s.memberCount}位成员` : '还没有成员，欢迎加入'}</Text>
        <Text className='station-card__go'>查看站点 ›</Text>
      </View>
    </View>
  );
}
