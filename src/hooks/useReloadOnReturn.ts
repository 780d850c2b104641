import { useRef } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';

/**
 * Shows what changed meanwhile when the person comes back to a page (from a page opened on top of it) and when they
 * pull it down; not on the first showing, which loads anyway. The page's config needs `enablePullDownRefresh` for the
 * pull.
 */
export function useReloadOnReturn(reload: () => void): void {
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) reload();
    shown.current = true;
  });
  usePullDownRefresh(() => {
    reload();
    void Taro.stopPullDownRefresh();
  });
}
