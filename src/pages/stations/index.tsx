import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { StationSummary } from '../../../types';
import { StateView } from '../../components/StateView';
import { StationCard } from '../../components/station/StationCard';
import { StationMap } from '../../components/station/StationMap';
import { useStations, type NearState } from '../../hooks/useStations';
import { Screen } from '../../components/Screen';
import './index.css';

/** The kind words when there is no location: the list stays in street order. */
const noLocation: Partial<Record<NearState, string>> = {
  denied: '没有获得您的位置，仍按街道顺序排列。想找离您最近的站点，可以在设置里允许使用位置后再点「离我最近」。',
  failed: '暂时没有获取到您的位置，仍按街道顺序排列。您可以稍后再点「离我最近」试一次。',
};

/** Stations grouped under their street, in the order the server listed them (street order). */
function byStreet(stations: StationSummary[]): Array<{ street: string; stations: StationSummary[] }> {
  const groups: Array<{ street: string; stations: StationSummary[] }> = [];
  for (const s of stations) {
    const last = groups[groups.length - 1];
    if (last && last.street === s.streetName) last.stations.push(s);
    else groups.push({ street: s.streetName, stations: [s] });
  }
  return groups;
}

export default function StationsPage() {
  const list = useStations();
  const { data, loading, error, reload, near } = list;
  // 列表 / 地图: weapp only. Taro's H5 build has no Map component (docs.taro.zone: Map is not implemented on H5), so
  // H5 shows the list alone and never offers the switch.
  const canMap = process.env.TARO_ENV === 'weapp';
  const [view, setView] = useState<'list' | 'map'>('list');
  const shown = useRef(false);
  useDidShow(() => {
    // Back from a station page (joined or left): show my state as it is now.
    if (shown.current) reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });

  const stations = data ?? [];
  const sortedByDistance = near === 'on';
  const notice = noLocation[near];
  // Lay the list out as the answer on screen was ordered (while the other order loads, the old one stays, dimmed).
  const distanceOrder = stations.some((s) => s.distanceM !== null);

  return (
    <Screen className='stations'>
      <Text className='stations__intro'>红帆站把服务送到家门口。加入站点，就能参加身边的志愿服务。</Text>
      {canMap ? (
        <View className='stations__views' role='tablist'>
          {(['list', 'map'] as const).map((v) => (
            <View
              key={v}
              className={`stations__view ${view === v ? 'stations__view--on' : ''}`}
              role='tab'
              aria-selected={view === v}
              onClick={() => setView(v)}
            >
              <Text>{v === 'list' ? '列表' : '地图'}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <View className='stations__sort'>
        {sortedByDistance ? (
          <>
            <View className='stations__sorted' role='status'>
              <Text>已按离您的远近排列</Text>
            </View>
            <Button className='btn-secondary stations__sort-btn' onClick={list.sortByStreet}>
              按街道排列
            </Button>
          </>
        ) : (
          <Button
            className={`btn-primary stations__near ${near === 'locating' ? 'is-disabled' : ''}`}
            aria-disabled={near === 'locating'}
            onClick={() => void list.sortByDistance()}
          >
            {near === 'locating' ? '正在获取位置…' : '离我最近'}
          </Button>
        )}
      </View>
      {!sortedByDistance && near !== 'locating' ? (
        <Text className='stations__why muted'>点「离我最近」时才会用一次您的位置，只用来排列站点，不会保存。</Text>
      ) : null}
      {notice ? (
        <View className='stations__notice' role='status'>
          <Text>{notice}</Text>
        </View>
      ) : null}
      <StateView loading={loading} error={error} empty={stations.length === 0} emptyText='这里暂时还没有红帆站' onRetry={reload}>
        {canMap && view === 'map' ? (
          <StationMap stations={stations} me={list.here} />
        ) : distanceOrder ? (
          <View className='stations__list'>
            {stations.map((s) => (
              <StationCard key={s.id} station={s} />
            ))}
          </View>
        ) : (
          <View className='stations__list'>
            {byStreet(stations).map((g) => (
              <View key={g.street} className='stations__street'>
                <Text className='section-title stations__street-name'>{g.street}</Text>
                {g.stations.map((s) => (
                  <StationCard key={s.id} station={s} />
                ))}
              </View>
            ))}
          </View>
        )}
      </StateView>
    </Screen>
  );
}
