/**
 * 长辈版 (elders' mode) screenshots for scripts/screenshots.ts and scripts/booking-screenshots.ts: the given screens
 * with 长辈版 switched on (through the switch in 我的), at 390×844 and on a small phone at 375×667, each audited like the
 * others plus the 长辈版 floors (text ≥ 18 px, titles ≥ 24 px, tap targets ≥ 60 px). Switches 长辈版 off again.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { elderFindings, setElderMode } from '../../tests/e2e/a11y';
import { audit, routeUrl } from '../../tests/e2e/app';
import type { Shot } from './screenshot-report';

export const ELDER_SIZES = [
  { width: 390, height: 844 },
  { width: 375, height: 667 },
] as const;

export interface ElderScreen {
  name: string;
  /** A route to open, or a way to get there (e.g. through a form). */
  route?: string;
  open?: (page: Page) => Promise<void>;
}

export async function elderShots(page: Page, base: string, out: string, shots: Shot[], screens: ElderScreen[]): Promise<void> {
  const original = page.viewportSize();
  await setElderMode(page, base, true);
  try {
    for (const size of ELDER_SIZES) {
      await page.setViewportSize(size);
      for (const s of screens) {
        if (s.open) await s.open(page);
        else if (s.route) await page.goto(routeUrl(base, s.route));
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await page.waitForFunction(() => !document.querySelector('.taro_page_show:not(.taro_page_shade) .state--loading'), undefined, { timeout: 15_000 }).catch(() => undefined);
        await page.evaluate(() => document.fonts.ready.then(() => undefined)).catch(() => undefined);
        await page.waitForTimeout(300);
        const name = `elder-${size.width}x${size.height}-${s.name}`;
        await page.screenshot({ path: path.join(out, `${name}.png`) });
        shots.push({ name, findings: [...(await audit(page)), ...(await elderFindings(page))] });
      }
    }
  } finally {
    if (original) await page.setViewportSize(original);
    await setElderMode(page, base, false);
  }
}
