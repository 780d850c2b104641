import { type PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { elderMode } from './services/elder';
import './app.css';

/**
 * H5 only: Taro's title bar draws ‹ and ⌂ as bare <div>s. Name them (返回 / 回首页), make them buttons a keyboard or a
 * screen reader can reach; app.css adds the words beside the icons.
 */
function labelTitleBar(triesLeft = 20): void {
  const bar = document.getElementById('taro-navigation-bar');
  if (!bar) {
    if (triesLeft > 0) setTimeout(() => labelTitleBar(triesLeft - 1), 100);
    return;
  }
  for (const [cls, label] of [
    ['taro-navigation-bar-back', '返回'],
    ['taro-navigation-bar-home', '回首页'],
  ] as const) {
    const el = bar.getElementsByClassName(cls)[0] as HTMLElement | undefined;
    if (!el || el.getAttribute('role') === 'button') continue;
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', label);
    el.setAttribute('tabindex', '0');
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') el.click();
    });
  }
}

/**
 * H5 only: each Taro page (and a horizontal ScrollView) is a scrolling box; let a keyboard reach it so it can be
 * scrolled without a mouse or a finger (WCAG 2.1.1).
 */
function keyboardScrollable(): void {
  const mark = (root: ParentNode) => {
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('.taro_page:not([tabindex]), taro-scroll-view-core:not([tabindex])'))) {
      el.setAttribute('tabindex', '0');
    }
  };
  mark(document);
  let queued = false;
  // Pages come and go as the person navigates: look again once per frame at most.
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      mark(document);
    });
  }).observe(document.body, { childList: true, subtree: true });
}

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      // The env id is build-time config; an empty one means "the env selected in DevTools".
      Taro.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
    }
    if (process.env.TARO_ENV === 'h5') {
      elderMode.init();
      labelTitleBar();
      keyboardScrollable();
    }
  });
  return children;
}

export default App;
