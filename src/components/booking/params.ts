import Taro from '@tarojs/taro';

/**
 * A page query value as the page received it. WeChat hands `onLoad` the raw (still percent-encoded) value; Taro's H5
 * router decodes it. Decoding only what still looks encoded makes both the same, and a '+' that a form-style decoder
 * turned into a space is put back (our values are ISO instants like 2026-12-03T09:30:00+08:00).
 */
export function queryValue(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let v = raw;
  if (/%[0-9A-Fa-f]{2}/.test(v)) {
    try {
      v = decodeURIComponent(v);
    } catch {
      /* keep as is */
    }
  }
  return v.replace(/ /g, '+');
}

/** Back to the previous page, or — when this page was opened directly (H5 link, shared card) — to `fallback`. */
export function goBack(fallback: string): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: fallback });
}
