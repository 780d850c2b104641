import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { DayPart, VenueListInput } from '../../../types';
import { beijingDate } from '../../../types/beijing-time';
import { useAvailability } from '../../hooks/useAvailability';
import { freeText } from '../../services/venue-search';
import { routes } from '../../services/routes';
import { dayName, monthDay } from '../booking/format';
import { StateView } from '../StateView';
import { Chip } from '../VenueFilters';
import './FreeSlotSearch.css';

const parts: Array<{ part: DayPart | undefined; label: string }> = [
  { part: undefined, label: '全天' },
  { part: 'morning', label: '上午' },
  { part: 'afternoon', label: '下午' },
  { part: 'evening', label: '晚上' },
];

/**
 * 按日期和时段找场地: which rooms (under the list's filters) have a free slot on a chosen date and part of the day.
 * One server call answers all 14 dates of the window for every room, so picking another date asks nothing more;
 * the server judges the dates (a date outside the window comes back closed), the phone's clock only says where to start.
 */
export function FreeSlotSearch({ filters }: { filters: VenueListInput }) {
  const [from] = useState(() => beijingDate(Date.now()));
  const [part, setPart] = useState<DayPart | undefined>(undefined);
  const [date, setDate] = useState<string | null>(null);
  const req = useAvailability({ ...filters, from, days: 14, ...(part ? { part } : {}) });
  // The dates stay while another part of the day loads; the rooms are never shown from the previous answer.
  const dates = req.data?.venues[0]?.days.map((d) => d.date) ?? [];
  const data = !req.loading && req.data?.part === (part ?? null) ? req.data : undefined;
  const chosen = date ?? dates[0] ?? from;
  const rows = (data?.venues ?? []).map((v) => ({ venue: v.venue, day: v.days.find((d) => d.date === chosen) }));
  const open = rows.filter((r) => r.day && r.day.free > 0);
  const partLabel = parts.find((p) => p.part === part)?.label ?? '全天';

  return (
    <View className='card free-search'>
      <Text className='free-search__title'>哪天</Text>
      <View className='chips' role='tablist'>
        {dates.map((d) => (
          <Chip key={d} on={d === chosen} label={`${dayName(d, from)} ${monthDay(d)}`} onTap={() => setDate(d)} />
        ))}
      </View>
      <Text className='free-search__title'>什么时候</Text>
      <View className='chips' role='tablist'>
        {parts.map((p) => (
          <Chip key={p.label} on={p.part === part} label={p.label} onTap={() => setPart(p.part)} />
        ))}
      </View>
      <StateView
        loading={req.loading}
        error={req.error}
        empty={!data || open.length === 0}
        emptyText={`${dayName(chosen, from)} ${monthDay(chosen)} ${partLabel}没有空闲的场地，换一天或换个时段试试`}
        onRetry={req.reload}
      >
        <Text className='free-search__summary'>
          {dayName(chosen, from)} {monthDay(chosen)} {partLabel}：{open.length}个场地有空
        </Text>
        <View className='free-search__list'>
          {open.map(({ venue, day }) => (
            <View
              key={venue.id}
              className='free-search__row'
              role='button'
              aria-label={`${venue.name} ${day ? freeText(day) : ''}`}
              onClick={() => void Taro.navigateTo({ url: `${routes.venueDetail(venue.id)}&date=${chosen}` })}
            >
              <View className='free-search__name'>
                <Text>{venue.name}</Text>
                <Text className='muted free-search__place'>{venue.communityName ?? venue.streetName ?? '创益园'} · 可容纳{venue.capacity}人</Text>
              </View>
              <Text className='free-search__left'>{day ? freeText(day) : ''} ›</Text>
            </View>
          ))}
        </View>
      </StateView>
    </View>
  );
}
