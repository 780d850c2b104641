import { useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { CallError } from '../services/client';
import { messageFor } from '../services/messages';

/** After a failed fetch (network, server), the next try. */
const CODE_RETRY_MS = 30_000;

/**
 * When to fetch the next code: at `expiresAt`. The server's clock decides the steps; the phone's clock may be off (or,
 * on a demo runtime, hours away), so a wait that is not within one step is replaced by one step.
 */
export function refreshDelay(expiresAt: string, stepSeconds: number, now: number): number {
  const stepMs = Math.max(1, stepSeconds) * 1000;
  const wait = Date.parse(expiresAt) - now;
  return Number.isFinite(wait) && wait > 500 && wait <= 2 * stepMs ? wait + 250 : stepMs;
}

/** What a rotating code screen needs to know of the code it shows: when it expires and the length of a step. */
export interface CodeStep {
  expiresAt: string;
  stepSeconds: number;
}

/**
 * A rotating check-in code (a shift's, a course session's, an activity's), fetched again when it expires, without
 * anyone touching the phone (the organiser's display for others to read — not a timed interaction for the user).
 * `load` answers the screen's data and its code's step; `key` is what the screen is about (undefined: nothing to show,
 * `missing` is the error then); `active` false (page hidden) stops the refreshes.
 */
export function useRotatingCode<T>(key: string | undefined, active: boolean, missing: string, load: (key: string) => Promise<T>, stepOf: (data: T) => CodeStep) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    if (!active) return undefined;
    const mine = ++seq.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLoading(true);
    (async () => {
      if (!key) throw new CallError({ code: missing, message: 'nothing to show' });
      return load(key);
    })().then(
      (screen) => {
        if (mine !== seq.current) return;
        setData(screen);
        setError(null);
        setLoading(false);
        const step = stepOf(screen);
        timer = setTimeout(() => setTick((t) => t + 1), refreshDelay(step.expiresAt, step.stepSeconds, Date.now()));
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        // An old code on screen would be refused: show the problem instead of it (with 重新加载), and, as the phone
        // is left standing for others, try again by itself a step later (a weak signal at the door passes).
        setData(undefined);
        setError(messageFor(e));
        setLoading(false);
        if (!(e instanceof CallError) || e.code === 'UNAVAILABLE' || e.code === 'INTERNAL') timer = setTimeout(() => setTick((t) => t + 1), CODE_RETRY_MS);
      },
    );
    return () => {
      seq.current++;
      if (timer) clearTimeout(timer);
    };
    // `load` and `stepOf` are deliberately not dependencies: what they read is `key`.
  }, [key, active, tick]);

  return { data, error, loading, reload: () => setTick((t) => t + 1) };
}

const keepScreenOn = (on: boolean) => {
  // Held up at the door for the whole check-in: the phone must not go dark meanwhile (weapp only).
  if (process.env.TARO_ENV === 'weapp') Taro.setKeepScreenOn({ keepScreenOn: on }).catch(() => undefined);
};

/** Whether a code screen is showing; the screen is kept on while it is. */
export function useCodeScreenShown(): boolean {
  const [visible, setVisible] = useState(true);
  useDidShow(() => {
    keepScreenOn(true);
    setVisible(true);
  });
  useDidHide(() => {
    keepScreenOn(false);
    setVisible(false);
  });
  return visible;
}
