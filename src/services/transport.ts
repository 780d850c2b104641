import Taro from '@tarojs/taro';
import type { Envelope } from '../../types/errors';
import { getToken, onUnauthenticated } from './session';

export interface FunctionEventOut {
  action: string;
  data: unknown;
  requestId?: string;
}

type Transport = (fn: string, event: FunctionEventOut) => Promise<Envelope<unknown>>;

const unavailable = (message: string): Envelope<unknown> => ({ ok: false, error: { code: 'UNAVAILABLE', message } });

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** weapp: CloudBase injects the caller's OPENID into the function's context; nothing identifying is sent. */
const weappTransport: Transport = async (fn, event) => {
  try {
    const res = await Taro.cloud.callFunction({ name: fn, data: { ...event } });
    return isEnvelope(res.result) ? res.result : unavailable('bad response');
  } catch (e) {
    return unavailable(e instanceof Error ? e.message : String(e));
  }
};

/** H5: the local runtime's `POST /api/<fn>`, identified by the bearer token from local sign-in. */
const h5Transport: Transport = async (fn, event) => {
  const token = getToken();
  try {
    const res = await Taro.request<unknown>({
      url: `/api/${fn}`,
      method: 'POST',
      data: event,
      header: { 'content-type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    });
    if (res.statusCode === 401) onUnauthenticated();
    return isEnvelope(res.data) ? res.data : unavailable(`HTTP ${res.statusCode}`);
  } catch (e) {
    return unavailable(e instanceof Error ? e.message : String(e));
  }
};

// TARO_ENV is replaced at build time, so each build carries only its own transport.
export const transport: Transport = process.env.TARO_ENV === 'weapp' ? weappTransport : h5Transport;
