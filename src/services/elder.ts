import Taro from '@tarojs/taro';

/**
 * 长辈版 (elders' mode): one switch for the whole app. The choice is kept on the device (Taro storage, so the first
 * screen already has the right size) and on the person's profile (user.setPreferences, so it follows them to another
 * phone). Pages read it through useElderMode(); the sizes themselves live only in app.css (design tokens).
 */
const KEY = 'redsail.elderMode';

type Listener = () => void;
const listeners = new Set<Listener>();
let state: boolean | null = readStored();
/** Bumped on every choice made here, so an older server answer never undoes a newer choice. */
let version = 0;

function readStored(): boolean | null {
  try {
    const v: unknown = Taro.getStorageSync(KEY);
    return typeof v === 'boolean' ? v : null;
  } catch {
    return null;
  }
}

function apply(): void {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
    // H5 chrome outside the pages (title bar, tab bar, dialogs) follows the same tokens.
    document.documentElement.classList.toggle('elder', state === true);
  }
  for (const l of listeners) l();
}

function store(value: boolean): void {
  state = value;
  try {
    Taro.setStorageSync(KEY, value);
  } catch {
    /* storage full or unavailable: the server still remembers */
  }
  apply();
}

export const elderMode = {
  /** Whether 长辈版 is on (false when never chosen). */
  isOn: (): boolean => state === true,
  /** Whether the person (or the server for them) ever chose; the first-visit offer is made only when not. */
  chosen: (): boolean => state !== null,
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  /** The person's own choice on this device; the caller saves it on the server (see useElderMode). */
  choose(value: boolean): void {
    version += 1;
    store(value);
  },
  /** A version stamp to take before asking the server, for adopt(). */
  version: (): number => version,
  /** The profile's remembered choice (from user.me), unless the person chose since that question was asked. */
  adopt(value: boolean | null | undefined, askedAt: number): void {
    if (typeof value !== 'boolean' || askedAt !== version || value === state) return;
    store(value);
  },
  /** Applies the stored choice to the page chrome at start-up (H5). */
  init: apply,
};

/**
 * WeChat reports a large font: the font-size scale factor above 1.1, or a font setting at the 关怀模式 sizes (WeChat's
 * care mode raises it to ~24 px; its default is 16–17 px). H5 reports neither: unknown, so nothing is offered.
 */
export function reportsLargeFont(): boolean {
  if (process.env.TARO_ENV !== 'weapp') return false;
  try {
    const info = Taro.getAppBaseInfo() as { fontSizeScaleFactor?: number; fontSizeSetting?: number };
    return (typeof info.fontSizeScaleFactor === 'number' && info.fontSizeScaleFactor > 1.1) || (typeof info.fontSizeSetting === 'number' && info.fontSizeSetting >= 20);
  } catch {
    return false;
  }
}
