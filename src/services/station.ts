import Taro from '@tarojs/taro';
import { call, newRequestId } from './client';
import type { GeoPoint, MembershipState, StationDetail, StationListInput, StationMember, StationPost, StationSummary } from '../../types';

/**
 * 红帆站 on the client. Mutations take a `requestId` (one per user intent; reuse it when retrying), so a retry after a
 * lost reply never applies twice.
 */
export const stationService = {
  /** `near`: the caller's location, sent with this call only (the server sorts by distance and keeps nothing). */
  list: async (filters: StationListInput = {}): Promise<StationSummary[]> => (await call('station', 'list', filters)).stations,
  get: (stationId: string): Promise<StationDetail> => call('station', 'get', { stationId }),
  join: (stationId: string, requestId: string = newRequestId()): Promise<{ stationId: string; state: MembershipState }> =>
    call('station', 'join', { stationId }, { requestId }),
  leave: (stationId: string, requestId: string = newRequestId()): Promise<{ stationId: string; state: MembershipState }> =>
    call('station', 'leave', { stationId }, { requestId }),
  // station managers
  members: async (stationId: string): Promise<StationMember[]> => (await call('station', 'members', { stationId })).members,
  decide: (stationId: string, openid: string, approve: boolean, requestId: string = newRequestId()): Promise<{ state: MembershipState }> =>
    call('station', 'decide', { stationId, openid, approve }, { requestId }),
  post: (input: { stationId: string; title: string; body: string }, requestId: string): Promise<StationPost> =>
    call('station', 'post', input, { requestId }),
};

// ---- 离我最近: the caller's location, asked for only when they tap the button

/** Why there is no location: the person said no (or location is off), or it did not come. */
export type LocateFailure = 'denied' | 'failed';

export class LocateError extends Error {
  constructor(readonly reason: LocateFailure) {
    super(reason);
    this.name = 'LocateError';
  }
}

/**
 * WGS-84 (what browsers give) → GCJ-02 (what the stations' points and WeChat use), the published Krasovsky-ellipsoid
 * transform. Outside China the two are the same.
 */
export function wgs84ToGcj02(p: GeoPoint): GeoPoint {
  const { latitude: lat, longitude: lng } = p;
  if (lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271) return p;
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  const x = lng - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLng += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLng += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - ee * Math.sin(radLat) * Math.sin(radLat);
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((a * (1 - ee)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((a / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { latitude: lat + dLat, longitude: lng + dLng };
}

const refused = (errMsg: string): boolean => /auth|deny|denied|permission|拒绝/i.test(errMsg);

/** A location that has not come after this long is given up on (the list stays as it is). */
const LOCATE_TIMEOUT_MS = 15_000;

const errMsgOf = (e: unknown): string => (typeof e === 'object' && e !== null && 'errMsg' in e ? String(e.errMsg) : String(e));

const within = <T>(p: Promise<T>): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new LocateError('failed')), LOCATE_TIMEOUT_MS);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        // Taro rejects with WeChat's `{ errMsg }`: keep its words in an Error for the caller to read.
        reject(e instanceof Error ? e : new Error(errMsgOf(e)));
      },
    );
  });

/**
 * Where the person is now, in GCJ-02, for one `station.list` call. weapp: WeChat's getLocation (gcj02). H5: Taro's
 * getLocation works only with type 'wgs84' outside WeChat's JS-SDK (the browser's geolocation), converted here.
 */
export async function locateMe(): Promise<GeoPoint> {
  try {
    if (process.env.TARO_ENV === 'h5') {
      const res = await within(Taro.getLocation({ type: 'wgs84', highAccuracyExpireTime: LOCATE_TIMEOUT_MS }));
      if (typeof res.latitude !== 'number' || typeof res.longitude !== 'number') throw new LocateError('failed');
      return wgs84ToGcj02({ latitude: res.latitude, longitude: res.longitude });
    }
    const res = await within(Taro.getLocation({ type: 'gcj02' }));
    return { latitude: res.latitude, longitude: res.longitude };
  } catch (e) {
    if (e instanceof LocateError) throw e;
    throw new LocateError(refused(e instanceof Error ? e.message : errMsgOf(e)) ? 'denied' : 'failed');
  }
}

/** '约800米', '约1.2公里' — how far a station is, in round figures. */
export function distanceText(metres: number): string {
  if (metres < 1000) return `约${Math.max(10, Math.round(metres / 10) * 10)}米`;
  return `约${(Math.round(metres / 100) / 10).toFixed(1).replace(/\.0$/, '')}公里`;
}
