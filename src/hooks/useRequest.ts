import { useCallback, useEffect, useRef, useState } from 'react';
import { messageFor } from '../services/messages';

export interface RequestState<T> {
  data: T | undefined;
  loading: boolean;
  /** Plain-Chinese message of the last failure, or null. */
  error: string | null;
  reload: () => void;
}

/** Runs `load` when `deps` change; keeps the last good data while reloading; ignores stale answers. */
export function useRequest<T>(load: () => Promise<T>, deps: readonly unknown[]): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    load().then(
      (value) => {
        if (mine !== seq.current) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(messageFor(e));
        setLoading(false);
      },
    );
    // `load` is deliberately not a dependency: callers pass its inputs in `deps`.
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, loading, error, reload };
}
