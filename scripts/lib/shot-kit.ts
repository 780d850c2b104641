/**
 * What the page-by-page screenshot scripts (booking-screenshots.ts, volunteer-screenshots.ts) share: calling the
 * runtime's HTTP API as demo people, taking a shot once the page has settled (with the audit of its type sizes and
 * tap targets), fresh tabs with the API answers replaced, and canned answers.
 */
import path from 'node:path';
import type { BrowserContext, Page, Route } from 'playwright-core';
import type { Shot } from './screenshot-report';
import { audit, routeUrl } from '../../tests/e2e/app';
import { PHONE } from '../../tests/support/browser';

/** `api(openid, action, data, fn)` as that person's phone: signs in once per person; throws on a refusal. */
export function runtimeCaller(baseUrl: string, defaultFn: string) {
  const tokens = new Map<string, string>();
  return async <T = unknown>(openid: string, action: string, data: unknown, fn = defaultFn): Promise<T> => {
    if (!tokens.has(openid)) {
      const res = await fetch(`${baseUrl}/api/dev/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) });
      tokens.set(openid, ((await res.json()) as { data: { token: string } }).data.token);
    }
    const res = await fetch(`${baseUrl}/api/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(openid)}` },
      body: JSON.stringify({ action, data, requestId: `shot${Math.random().toString(36).slice(2, 12)}` }),
    });
    const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown };
    if (!body.ok) throw new Error(`${fn}.${action} as ${openid}: ${JSON.stringify(body.error)}`);
    return body.data as T;
  };
}

/** Shots into `out`, recorded in `shots`; `openWith` opens a route in a fresh tab of `context`. */
export function shotKit(o: { out: string; shots: Shot[]; baseUrl: string; context: BrowserContext; apiPattern?: string }) {
  const settle = async (page: Page): Promise<void> => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.evaluate(() => document.fonts.ready.then(() => undefined)).catch(() => undefined);
    await page.waitForTimeout(350);
  };
  const shoot = async (page: Page, name: string, options: { fullPage?: boolean; noSettle?: boolean } = {}): Promise<void> => {
    if (!options.noSettle) await settle(page);
    const findings = await audit(page);
    if (options.fullPage) {
      // Taro scrolls inside the page element, not the document: grow the viewport to the content instead.
      const extra = await page.evaluate(() => {
        const el = document.querySelector('.taro_page_show:not(.taro_page_shade)');
        return el ? el.scrollHeight - el.clientHeight : 0;
      });
      await page.setViewportSize({ width: PHONE.width, height: PHONE.height + Math.max(0, extra) });
      await page.waitForTimeout(250);
      await page.screenshot({ path: path.join(o.out, `${name}.png`) });
      await page.setViewportSize(PHONE);
    } else {
      await page.screenshot({ path: path.join(o.out, `${name}.png`) });
    }
    o.shots.push({ name, findings });
  };
  /** A fresh tab with `intercept` applied to the API before the app loads. */
  const openWith = async (route: string, intercept?: (r: Route) => Promise<void> | void, pattern = o.apiPattern ?? '**/api/**', context = o.context): Promise<Page> => {
    const page = await context.newPage();
    if (intercept) await page.route(pattern, intercept);
    await page.goto(routeUrl(o.baseUrl, route));
    return page;
  };
  return { settle, shoot, openWith };
}

export const answerWith = (data: unknown) => (r: Route) => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, data }) });
export const failWith = (code: string, status: number) => (r: Route) =>
  r.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code, message: code } }) });
/** Applies `answer` to calls of `action` only; others go through. */
export const onAction = (action: string, answer: (r: Route) => Promise<void> | void) => async (r: Route) => {
  if ((r.request().postData() ?? '').includes(`"action":"${action}"`)) await answer(r);
  else await r.continue();
};
