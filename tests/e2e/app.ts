/**
 * Driving the H5 build of 红帆 in a real browser: routes, local sign-in, tab bar, and an accessibility audit for an
 * elderly reader (tap targets, type size, contrast, clipped text). Used by tests/e2e and scripts/screenshots.ts.
 */
import type { Page } from 'playwright-core';

export const ROUTES = {
  home: '/pages/index/index',
  venues: '/pages/venues/index',
  stations: '/pages/stations/index',
  me: '/pages/me/index',
  login: '/packages/account/pages/login/index',
} as const;

export const routeUrl = (base: string, route: string): string => `${base}/#${route}`;

/** The page Taro is currently showing (other pages stay in the DOM, hidden). */
export const current = (page: Page) => page.locator('.taro_page_show:not(.taro_page_shade)').last();

/** Opens the app and signs in on the local sign-in page with one of its demo accounts (e.g. '居民 王阿姨'). */
export async function signIn(page: Page, base: string, account: string): Promise<void> {
  await page.goto(routeUrl(base, ROUTES.login));
  // The page on top: an unauthenticated answer from a page underneath may have opened the sign-in page once more.
  const button = current(page).locator('.login__user', { hasText: account });
  await button.waitFor({ state: 'visible' });
  await button.click();
  // Signing in lands on 我的.
  await page.waitForURL((u) => u.hash.startsWith(`#${ROUTES.me}`));
}

/** Signs in by typing an id (someone not on the sign-in page's demo list); lands on 我的. */
export async function signInById(page: Page, base: string, openid: string): Promise<void> {
  await page.goto(routeUrl(base, ROUTES.login));
  await current(page).locator('.login__input input').fill(openid);
  await current(page).locator('.login__submit').click();
  await page.waitForURL((u) => u.hash.startsWith(`#${ROUTES.me}`));
}

/** Taps a tab of the H5 tab bar by its label. */
export async function tapTab(page: Page, label: '首页' | '场地' | '红帆站' | '我的'): Promise<void> {
  await page.locator('.weui-tabbar__item', { has: page.locator('.weui-tabbar__label', { hasText: new RegExp(`^${label}$`) }) }).click();
}

export interface AuditFinding {
  kind: 'tap-target' | 'small-type' | 'contrast' | 'clipped' | 'broken-image';
  what: string;
  detail: string;
}

/**
 * Looks at what is on screen in the current page and the tab bar:
 *   tap-target   interactive element < 44 CSS px tall (or wide)
 *   small-type   visible text under 17 px (tab-bar labels and small badges under 14 px)
 *   contrast     text contrast under 4.5:1 against the nearest opaque background
 *   clipped      text cut off (overflow hidden with content wider/taller than its box)
 *   broken-image an <img> that did not load (e.g. a tab-bar icon)
 */
export async function audit(page: Page): Promise<AuditFinding[]> {
  // tsx (esbuild keepNames) wraps named functions in `__name(...)`, which does not exist in the page.
  await page.evaluate('globalThis.__name = globalThis.__name || ((f) => f)');
  return page.evaluate(() => {
    const findings: Array<{ kind: string; what: string; detail: string }> = [];
    const root = document.querySelector<HTMLElement>('.taro_page_show:not(.taro_page_shade)') ?? document.body;
    const tabbar = document.querySelector<HTMLElement>('.weui-tabbar');
    const scopes = [root, ...(tabbar && tabbar.offsetParent !== null ? [tabbar] : [])];
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
    };
    const describe = (el: Element): string => {
      const cls = (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).slice(0, 2).join('.');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24);
      return `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}${text ? ` "${text}"` : ''}`;
    };
    const interactive =
      'taro-button-core, button, taro-input-core, input, textarea, a[href], [role=button], [role=tab], [role=link], .weui-tabbar__item, taro-navigator-core';
    for (const scope of scopes) {
      for (const el of Array.from(scope.querySelectorAll(interactive))) {
        if (!visible(el)) continue;
        if (el.tagName === 'INPUT' && el.closest('taro-input-core')) continue; // measured on its host
        const r = el.getBoundingClientRect();
        if (r.height < 44 || r.width < 44) {
          findings.push({ kind: 'tap-target', what: describe(el), detail: `${Math.round(r.width)}×${Math.round(r.height)} px` });
        }
      }
    }

    const parse = (c: string): [number, number, number, number] | null => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const p = (m[1] ?? '').split(/[ ,/]+/).filter(Boolean).map(Number);
      return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 1];
    };
    const lum = ([r = 0, g = 0, b = 0]: number[]): number => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const backgroundOf = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.backgroundImage && cs.backgroundImage !== 'none') return [-1, -1, -1]; // gradient/image: skip
        const c = parse(cs.backgroundColor);
        if (c && c[3] > 0.9) return c;
      }
      return [255, 255, 255];
    };

    const seen = new Set<string>();
    for (const scope of scopes) {
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? '').trim();
        const el = n.parentElement;
        if (!text || !el || !visible(el)) continue;
        const cs = getComputedStyle(el);
        const size = parseFloat(cs.fontSize);
        const inTabbar = !!el.closest('.weui-tabbar');
        const isBadge = /tag|level|role|badge/.test(el.className || '');
        const min = inTabbar || isBadge ? 14 : 17;
        const key = `${describe(el)}|${size}`;
        if (size < min - 0.01 && !seen.has('s' + key)) {
          seen.add('s' + key);
          findings.push({ kind: 'small-type', what: describe(el), detail: `${size.toFixed(1)} px (min ${min})` });
        }
        const fg = parse(cs.color);
        const bg = backgroundOf(el);
        if (fg && (bg[0] ?? -1) >= 0) {
          const mixed = [0, 1, 2].map((i) => (fg[i] ?? 0) * fg[3] + (bg[i] ?? 0) * (1 - fg[3]));
          const [a = 0, b = 0] = [lum(mixed), lum(bg)].sort((x, y) => y - x);
          const ratio = (a + 0.05) / (b + 0.05);
          if (ratio < 4.5 && !seen.has('c' + key)) {
            seen.add('c' + key);
            findings.push({ kind: 'contrast', what: describe(el), detail: `${ratio.toFixed(2)}:1 (${cs.color} on rgb(${bg.slice(0, 3).join(', ')}))` });
          }
        }
        if ((cs.overflow.includes('hidden') || cs.textOverflow === 'ellipsis') && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
          findings.push({ kind: 'clipped', what: describe(el), detail: `content ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}` });
        }
      }
      for (const img of Array.from(scope.querySelectorAll('img'))) {
        if (visible(img) && !(img.complete && img.naturalWidth > 0)) findings.push({ kind: 'broken-image', what: describe(img), detail: img.src });
      }
    }
    return findings as never;
  });
}
