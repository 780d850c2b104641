/**
 * Pages of the BUILT weapp (dist/weapp) under miniprogram-simulate (jsdom), as described in
 * ../shared/docs/toolchain-notes.md:
 *
 *   - `wx` is miniprogram-simulate's API mock plus the `wx.cloud` you pass (Taro copies `wx.cloud` at start-up);
 *   - `App`, `getApp`, `getCurrentPages` are defined, then dist/app.js is required (it loads common/vendors/taro/runtime
 *     and calls `App()`), and the app is launched (`onLaunch`, `onShow`);
 *   - `Page(config)` is turned into `Component()`: the config's functions become methods, attached → onLoad + onShow,
 *     ready → onReady, detached → onUnload (as when the page is closed);
 *   - Taro's recursive `comp` is loaded once and its id passed as `comp` in every page's usingComponents;
 *   - each page bundle runs once per test file (webpack caches modules), so pages are loaded once and rendered many
 *     times; call `bootWeapp` once per test file.
 *
 * Taps go through WeChat's event system (exparser), so they reach Taro's `eh` handler like a real tap: tap the text a user
 * would tap and the event bubbles to the element with the handler. Renders are asynchronous: use `waitFor*`, which
 * poll (10 ms) until a deadline.
 */
import fs from 'node:fs';
import path from 'node:path';

/* eslint-disable @typescript-eslint/no-require-imports */
const simulate = require('miniprogram-simulate') as {
  load(componentPath: string, tagName: string | Record<string, unknown>, options?: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): RootComponent;
};
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void };
};
/* eslint-enable @typescript-eslint/no-require-imports */

type Hook = (...args: unknown[]) => unknown;

/** The `this` of a page (a component in the simulator) as Taro's page config uses it. */
interface PageInstance {
  route?: string;
  __route__?: string;
  options?: Record<string, string>;
  __query?: Record<string, string>;
  onLoad?: Hook;
  onShow?: Hook;
  onReady?: Hook;
  onHide?: Hook;
  onUnload?: Hook;
}

export type AppConfig = Record<string, unknown> & { onLaunch?: Hook; onShow?: Hook };

/** The mini-program globals the bundles expect. */
interface MiniProgramGlobals {
  wx: Record<string, unknown>;
  App: (config: AppConfig) => void;
  getApp: () => AppConfig | null;
  getCurrentPages: () => PageInstance[];
  Page: (config: Record<string, unknown>) => void;
  Component: (definition: Record<string, unknown>) => void;
}

interface RootComponent {
  dom: HTMLElement;
  data: Record<string, unknown>;
  instance: PageInstance;
  attach(parent: Element): void;
  detach(): void;
}

export const DEFAULT_WEAPP_DIR = path.resolve(process.env.WEAPP_DIR ?? path.join(__dirname, '..', '..', 'dist', 'weapp'));

/** Throws, telling what to run, when there is no weapp build at `distDir`. */
export function requireWeappBuild(distDir: string = DEFAULT_WEAPP_DIR): void {
  if (!fs.existsSync(path.join(distDir, 'app.js')) || !fs.existsSync(path.join(distDir, 'comp.json'))) {
    throw new Error(`no weapp build in ${distDir}: run \`npm run build:weapp\` first`);
  }
}

export interface WaitOptions {
  timeout?: number;
  interval?: number;
}

export interface PageHandle {
  route: string;
  /** the page's host element (in document.body while mounted) */
  root: HTMLElement;
  /** all text of the page as rendered, whitespace-collapsed */
  text(): string;
  /** the render data Taro sent to the view layer with setData */
  data(): Record<string, unknown>;
  /** innermost elements whose own text equals `text` (or matches it) */
  findAllByText(text: string | RegExp, within?: Element): Element[];
  /** exactly one such element, else throws with the page text */
  getByText(text: string | RegExp, within?: Element): Element;
  /** elements having class `name` (the simulator prefixes classes: `main--name`) */
  byClass(name: string, within?: Element): Element[];
  /** a tap on `target` (an element, or the one element with that text), bubbling as in WeChat */
  tap(target: Element | string | RegExp, within?: Element): void;
  /** polls `check` until it returns something other than false/null/undefined (or stops throwing), then returns it */
  waitFor<T>(check: () => T | false | null | undefined, options?: WaitOptions): Promise<T>;
  waitForText(text: string | RegExp, options?: WaitOptions): Promise<void>;
  unmount(): void;
}

export interface Weapp {
  distDir: string;
  app: AppConfig;
  renderPage(route: string, query?: Record<string, string>): Promise<PageHandle>;
}

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Text of a node, entering custom components' shadow roots if the simulator used real ones. */
export function textOf(node: Node): string {
  if (node.nodeType === 3) return node.nodeValue ?? '';
  if (node.nodeType !== 1 && node.nodeType !== 11) return '';
  let out = '';
  const shadow = (node as Element).shadowRoot;
  if (shadow) out += textOf(shadow);
  node.childNodes.forEach((c) => (out += textOf(c)));
  return out;
}

function elementsOf(root: Element): Element[] {
  const out: Element[] = [];
  const walk = (node: Element | ShadowRoot): void => {
    for (const child of Array.from(node.children)) {
      out.push(child);
      if (child.shadowRoot) walk(child.shadowRoot);
      walk(child);
    }
  };
  walk(root);
  return out;
}

const matches = (value: string, text: string | RegExp): boolean => (typeof text === 'string' ? value === text : text.test(value));

export async function waitFor<T>(check: () => T | false | null | undefined, describe: () => string, options: WaitOptions = {}): Promise<T> {
  const timeout = options.timeout ?? 3_000;
  const interval = options.interval ?? 10;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = check();
      if (value !== false && value !== undefined && value !== null) return value;
      lastError = new Error(`condition returned ${String(value)}`);
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`waitFor: not true after ${timeout} ms: ${reason}\n${describe()}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** A tap as WeChat delivers it: a DOM event, then exparser's composed, bubbling `tap` from the tapped node. */
export function tapElement(el: Element): void {
  const wxElement = (el as Element & { __wxElement?: unknown }).__wxElement;
  if (!wxElement) throw new Error(`not a rendered mini-program node: <${el.tagName.toLowerCase()}>`);
  const original = new CustomEvent('tap', { bubbles: true });
  el.dispatchEvent(original);
  exparser.Event.dispatchEvent(
    wxElement,
    exparser.Event.create('tap', {}, {
      originalEvent: original,
      bubbles: true,
      capturePhase: true,
      composed: true,
      extraFields: { touches: [], changedTouches: [] },
    }),
  );
}

let booted: Weapp | null = null;

/** Loads the built app once for this test file. `wxCloud` becomes `wx.cloud` (see weapp-cloud.ts). */
export function bootWeapp(options: { wxCloud: unknown; distDir?: string; launch?: { path: string; query?: Record<string, string> } }): Weapp {
  if (booted) throw new Error('bootWeapp: call it once per test file (the app bundle runs once per module registry)');
  const distDir = path.resolve(options.distDir ?? DEFAULT_WEAPP_DIR);
  requireWeappBuild(distDir);
  const g = globalThis as unknown as MiniProgramGlobals;
  g.wx.cloud = options.wxCloud;

  let app: AppConfig | null = null;
  const stack: PageInstance[] = [];
  g.App = (config) => {
    app = config;
  };
  g.getApp = () => app;
  g.getCurrentPages = () => [...stack];

  let loadingRoute: string | null = null;
  g.Page = (config) => {
    const route = loadingRoute;
    if (!route) throw new Error('Page() called outside renderPage');
    const methods: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) if (typeof value === 'function') methods[key] = value;
    g.Component({
      data: config.data ?? {},
      methods,
      lifetimes: {
        attached(this: PageInstance) {
          this.route = route;
          this.__route__ = route;
          this.options = this.__query ?? {};
          stack.push(this);
          this.onLoad?.({ ...this.options });
          this.onShow?.();
        },
        ready(this: PageInstance) {
          this.onReady?.();
        },
        detached(this: PageInstance) {
          this.onUnload?.();
          const i = stack.indexOf(this);
          if (i >= 0) stack.splice(i, 1);
        },
      },
    });
  };

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, run as WeChat would
  require(path.join(distDir, 'app.js'));
  const launched = g.getApp();
  if (!launched) throw new Error(`${distDir}/app.js did not call App()`);
  const launch = { path: options.launch?.path ?? 'pages/index/index', query: options.launch?.query ?? {}, scene: 1001 };
  launched.onLaunch?.(launch);
  launched.onShow?.(launch);

  const compId = simulate.load(path.join(distDir, 'comp'), 'comp', { rootPath: distDir });
  const pageIds = new Map<string, string>();

  async function renderPage(route: string, query: Record<string, string> = {}): Promise<PageHandle> {
    const file = path.join(distDir, route);
    if (!fs.existsSync(`${file}.js`)) throw new Error(`no page ${route} in ${distDir}`);
    let id = pageIds.get(route);
    if (!id) {
      loadingRoute = route;
      try {
        id = simulate.load(file, { rootPath: distDir, usingComponents: { comp: compId } });
      } finally {
        loadingRoute = null;
      }
      pageIds.set(route, id);
    }
    const page = simulate.render(id);
    page.instance.__query = query;
    const container = document.createElement('div');
    container.setAttribute('data-route', route);
    document.body.appendChild(container);
    page.attach(container);

    const describe = (): string => `page ${route} shows: ${JSON.stringify(collapse(textOf(container)))}`;
    const findAllByText = (text: string | RegExp, within: Element = container): Element[] => {
      const hits = elementsOf(within).filter((el) => matches(collapse(textOf(el)), text));
      // innermost only: drop an element when one of its descendants matched too
      return hits.filter((el) => !hits.some((other) => other !== el && el.contains(other)));
    };
    const getByText = (text: string | RegExp, within?: Element): Element => {
      const hits = findAllByText(text, within);
      const [only] = hits;
      if (hits.length !== 1 || !only) throw new Error(`expected one element with text ${String(text)}, found ${hits.length}; ${describe()}`);
      return only;
    };
    const handle: PageHandle = {
      route,
      root: container,
      text: () => collapse(textOf(container)),
      data: () => page.data,
      findAllByText,
      getByText,
      byClass: (name, within = container) =>
        elementsOf(within).filter((el) =>
          Array.from(el.classList).some((c) => c === name || (c.endsWith(`--${name}`) && !c.slice(0, -name.length - 2).includes('--'))),
        ),
      tap: (target, within) => tapElement(target instanceof Element ? target : getByText(target, within)),
      waitFor: (check, opts) => waitFor(check, describe, opts),
      waitForText: async (text, opts) => {
        await waitFor(() => (typeof text === 'string' ? handle.text().includes(text) : text.test(handle.text())), describe, opts);
      },
      unmount: () => {
        page.detach();
        container.remove();
      },
    };
    // The first render is asynchronous (React commits, then Taro setData): wait until the page shows something.
    await handle.waitFor(() => handle.text().length > 0);
    return handle;
  }

  booted = { distDir, app: launched, renderPage };
  return booted;
}
