import Taro from '@tarojs/taro';
import type { GeoPoint } from '../../../types';

/** Why a location could not be had: the person said no, or the phone could not tell. */
export class LocationError extends Error {
  readonly refused: boolean;
  constructor(refused: boolean, message: string) {
    super(message);
    this.name = 'LocationError';
    this.refused = refused;
  }
}

/**
 * One reading of where the phone is, only when a volunteer checks in or out of a geofenced shift (the server keeps the
 * distance, never the point). WeChat: GCJ-02, as the shift's fence is drawn. H5: the browser's position (WGS-84, a few
 * hundred metres off at most in China, well inside a 200 m fence's tolerance for a person standing at the place).
 */
export async function currentLocation(): Promise<GeoPoint> {
  if (process.env.TARO_ENV === 'h5') {
    const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined;
    if (!geo) throw new LocationError(false, 'no geolocation');
    return new Promise<GeoPoint>((resolve, reject) => {
      geo.getCurrentPosition(
        (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
        (e) => reject(new LocationError(e.code === 1, e.message)),
        { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
      );
    });
  }
  try {
    const res = await Taro.getLocation({ type: 'gcj02', isHighAccuracy: true, highAccuracyExpireTime: 4000 });
    return { latitude: res.latitude, longitude: res.longitude };
  } catch (e) {
    const msg = (e as { errMsg?: string } | undefined)?.errMsg ?? String(e);
    throw new LocationError(/auth|deny|denied|permission/i.test(msg), msg);
  }
}

/** Plain words for a location that could not be had. */
export function locationProblemText(e: unknown): string {
  if (e instanceof LocationError && e.refused) {
    return '没有取得位置授权。这个班次要在服务地点附近才能签到签退。您可以在设置里允许使用位置后再试，或请站长帮您确认。';
  }
  return '暂时没有取到您的位置。请到开阔一点的地方，打开手机定位后再试一次。';
}
