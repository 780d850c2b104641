import { useState } from 'react';
import { Map, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { GeoPoint, StationSummary } from '../../../types';
import { routes } from '../../services/routes';
import './station.css';

/** The middle of Zhifu District, for a map with no station located yet. */
const ZHIFU: GeoPoint = { latitude: 37.54, longitude: 121.4 };

/**
 * The stations on WeChat's map (weapp only: Taro's H5 build has no Map component, so the H5 page shows the list and
 * never renders this). Tapping a marker or its name opens the station.
 */
export function StationMap({ stations, me }: { stations: StationSummary[]; me?: GeoPoint }) {
  const [failed, setFailed] = useState(false);
  const located = stations.filter((s): s is StationSummary & { location: GeoPoint } => s.location !== null);
  const centre = me ?? located[0]?.location ?? ZHIFU;
  const open = (markerId: number | string) => {
    const station = located[Number(markerId)];
    if (station) void Taro.navigateTo({ url: routes.station(station.id) });
  };
  if (failed) {
    return (
      <View className='station-map station-map--failed' role='status'>
        <Text>地图暂时打不开，请点上面的「列表」查看站点。</Text>
      </View>
    );
  }
  return (
    <View className='station-map'>
      <Map
        id='station-map'
        className='station-map__map'
        latitude={centre.latitude}
        longitude={centre.longitude}
        scale={13}
        showLocation={!!me}
        includePoints={located.map((s) => s.location)}
        markers={located.map((s, i) => ({
          id: i,
          latitude: s.location.latitude,
          longitude: s.location.longitude,
          iconPath: '/assets/tab/station-on.png',
          width: 32,
          height: 32,
          title: s.name,
          ariaLabel: s.name,
          callout: {
            content: s.name,
            color: '#1f1f1f',
            fontSize: 16,
            anchorX: 0,
            anchorY: 0,
            borderRadius: 8,
            borderWidth: 1,
            borderColor: '#c8161d',
            bgColor: '#ffffff',
            padding: 8,
            display: 'ALWAYS',
            textAlign: 'center',
          },
        }))}
        onMarkerTap={(e) => open(e.detail.markerId)}
        onCalloutTap={(e) => open(e.detail.markerId)}
        onError={() => setFailed(true)}
      />
      <Text className='station-map__hint'>点地图上的站点名称，就能打开这个站点。</Text>
    </View>
  );
}
