import Taro from '@tarojs/taro';

/**
 * Subscription-message template ids, from a build-time constant when the build defines one (config defineConstants
 * `SUBSCRIBE_TEMPLATE_IDS`: a comma-separated string). Absent in builds that do not define it: then nothing is asked.
 */
declare const SUBSCRIBE_TEMPLATE_IDS: string | string[] | undefined;

function templateIds(): string[] {
  const raw: unknown = typeof SUBSCRIBE_TEMPLATE_IDS === 'undefined' ? undefined : SUBSCRIBE_TEMPLATE_IDS;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  // WeChat accepts at most three one-time templates per request.
  return list.map((s) => String(s).trim()).filter(Boolean).slice(0, 3);
}

/**
 * weapp only: asks once per tap whether WeChat may send booking notices (approved, reminder). Must run inside the tap
 * handler, before any await. Never throws and is never awaited by the booking itself.
 */
export function askForBookingNotices(): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  const tmplIds = templateIds();
  if (tmplIds.length === 0 || typeof Taro.requestSubscribeMessage !== 'function') return;
  try {
    Taro.requestSubscribeMessage({ tmplIds } as Taro.requestSubscribeMessage.Option).catch(() => undefined);
  } catch {
    /* older WeChat without subscription messages */
  }
}
