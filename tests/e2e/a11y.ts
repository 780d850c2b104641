/**
 * Measuring a page of the H5 build as an elderly reader meets it: the computed size of every visible text, the line
 * height of body text, and the box of every tappable element, in the page on top, its H5 title bar and the tab bar;
 * plus axe-core's serious and critical violations. Sizes are reported at a 375 px wide screen, where the rules are set
 * (the H5 build scales with the width: 18 px at 375 is 18.72 px at 390). Used by tests/e2e/accessibility.test.ts and the screenshot scripts.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export interface Measured {
  /** Smallest font size of any visible text (px) and where. */
  minFont: { px: number; what: string };
  /** Smallest font size of a title (px): .section-title, .page-title, the H5 title bar. */
  minTitle: { px: number; what: string } | null;
  /** Smallest line height / font size of multi-word body text. */
  minLineHeight: { ratio: number; what: string };
  /** Smallest side of any tappable element (px) and where. */
  minTarget: { px: number; what: string } | null;
  /** Every text below `fontFloor` px and every tappable element below `targetFloor` px on either side. */
  smallText: string[];
  smallTargets: string[];
  shortLines: string[];
  smallTitles: string[];
}

export interface Floors {
  text: number;
  title: number;
  lineHeight: number;
  target: number;
}

/** The thresholds: 长辈版 per MIIT's 适老化 rules; normal mode keeps ≥ 44 px targets and readable type. */
export const FLOORS: Record<'normal' | 'elder', Floors> = {
  normal: { text: 14, title: 18, lineHeight: 1.3, target: 44 },
  elder: { text: 18, title: 24, lineHeight: 1.5, target: 60 },
};

/** Text, titles and targets of the page on top (with its title bar) and the tab bar, measured in the browser. */
export async function measure(page: Page, floors: Floors): Promise<Measured> {
  await page.evaluate('globalThis.__name = globalThis.__name || ((f) => f)');
  return page.evaluate((f) => {
    // The page on top is the last one shown (pages underneath stay in the DOM).
    const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page_show:not(.taro_page_shade)'));
    const root = shown[shown.length - 1] ?? document.body;
    const scopes: HTMLElement[] = [root];
    for (const sel of ['.weui-tabbar', '.taro-navigation-bar-show']) {
      const el = document.querySelector<HTMLElement>(sel);
      if (el && el.offsetParent !== null) scopes.push(el);
    }
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' && cs.opacity !== '0';
    };
    const describe = (el: Element): string => {
      const cls = (el.getAttribute('class') ?? '').split(/\s+/).filter((c) => c && !c.startsWith('taro')).slice(0, 2).join('.');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 16);
      return `${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}${text ? ` "${text}"` : ''}`;
    };
    const scale = 375 / window.innerWidth;
    const out = {
      minFont: { px: Infinity, what: '' },
      minTitle: null as null | { px: number; what: string },
      minLineHeight: { ratio: Infinity, what: '' },
      minTarget: null as null | { px: number; what: string },
      smallText: [] as string[],
      smallTargets: [] as string[],
      shortLines: [] as string[],
      smallTitles: [] as string[],
    };
    const titleSel = '.section-title, .page-title, .taro-navigation-bar-title, .taro-navigation-bar-title-wrap';
    const seen = new Set<Element>();
    for (const scope of scopes) {
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? '').trim();
        const el = n.parentElement;
        if (!text || !el || seen.has(el) || !visible(el) || el.closest('[aria-hidden="true"]')) continue;
        seen.add(el);
        const cs = getComputedStyle(el);
        const size = Math.round(parseFloat(cs.fontSize) * scale * 100) / 100;
        if (size < out.minFont.px) out.minFont = { px: size, what: describe(el) };
        if (size < f.text - 0.01) out.smallText.push(`${describe(el)} ${size.toFixed(1)}px`);
        if (el.closest(titleSel)) {
          if (!out.minTitle || size < out.minTitle.px) out.minTitle = { px: size, what: describe(el) };
          if (size < f.title - 0.01) out.smallTitles.push(`${describe(el)} ${size.toFixed(1)}px`);
        }
        // Line height matters where text can wrap: paragraphs of several characters.
        if (text.length >= 8 && cs.lineHeight !== 'normal') {
          const ratio = parseFloat(cs.lineHeight) / size;
          if (ratio < out.minLineHeight.ratio) out.minLineHeight = { ratio, what: describe(el) };
          if (ratio < f.lineHeight - 0.01) out.shortLines.push(`${describe(el)} ${ratio.toFixed(2)}`);
        }
      }
    }
    const interactive =
      'taro-button-core, button, taro-input-core, input, textarea, taro-textarea-core, a[href], [role=button], [role=tab], [role=link], [role=switch], [role=checkbox], [role=radio], .weui-tabbar__item, taro-navigator-core, .taro-navigation-bar-back, .taro-navigation-bar-home';
    for (const scope of scopes) {
      for (const el of Array.from(scope.querySelectorAll(interactive))) {
        if (!visible(el)) continue;
        if ((el.tagName === 'INPUT' && el.closest('taro-input-core')) || (el.tagName === 'TEXTAREA' && el.closest('taro-textarea-core'))) continue;
        const r = el.getBoundingClientRect();
        const side = Math.min(r.width, r.height) * scale;
        if (!out.minTarget || side < out.minTarget.px) out.minTarget = { px: Math.round(side * 10) / 10, what: describe(el) };
        if (side < f.target - 0.5) out.smallTargets.push(`${describe(el)} ${Math.round(r.width * scale)}×${Math.round(r.height * scale)}`);
      }
    }
    return out as never;
  }, floors);
}

/** axe-core's serious and critical violations on the page on top (Taro keeps earlier pages hidden in the DOM). */
export async function axeSerious(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .include('.taro_page_show:not(.taro_page_shade)')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** 长辈版 findings of the page on top, in the shape of tests/e2e/app.ts's audit (for the screenshot reports). */
export async function elderFindings(page: Page): Promise<Array<{ kind: 'tap-target' | 'small-type'; what: string; detail: string }>> {
  const m = await measure(page, FLOORS.elder);
  return [
    ...m.smallTargets.map((what) => ({ kind: 'tap-target' as const, what, detail: `长辈版 < ${FLOORS.elder.target} px` })),
    ...m.smallText.map((what) => ({ kind: 'small-type' as const, what, detail: `长辈版 < ${FLOORS.elder.text} px` })),
    ...m.smallTitles.map((what) => ({ kind: 'small-type' as const, what, detail: `长辈版 title < ${FLOORS.elder.title} px` })),
  ];
}

/**
 * Turns 长辈版 on or off with the switch in 我的, as a person would (the choice is then remembered for them), and
 * waits until the app has applied it.
 */
export async function setElderMode(page: Page, base: string, on: boolean): Promise<void> {
  await page.goto(`${base}/#/pages/me/index`);
  const toggle = page.locator('.taro_page_show:not(.taro_page_shade)').last().locator('.elder-switch');
  await toggle.waitFor({ state: 'visible' });
  if (((await toggle.getAttribute('aria-checked')) === 'true') !== on) await toggle.click();
  await page.waitForFunction((want) => document.documentElement.classList.contains('elder') === want, on);
}
