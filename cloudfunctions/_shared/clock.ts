/** Injectable time source: services never call Date.now() directly, so tests can travel in time. */
export interface Clock {
  now(): number;
}

/**
 * What only the local runtime (local-cloud/, never deployed) installs in its own process before it loads the function
 * bundles: a demo clock offset (DEMO_CLOCK) and a stand-in for WeChat's phone-number exchange. The bundles read no
 * environment variable for either; in production nothing sets this, so the platform's clock and WeChat are used.
 */
export interface LocalRuntimeHooks {
  /** Added to the real time: the demo clock. */
  clockOffsetMs?: number;
  /** Turns a dev phone-number code into a number (no WeChat locally); null for a code it does not know. */
  phoneNumberForCode?: (code: string) => string | null;
  /**
   * The local stand-in for WeChat's open API (no WeChat locally): `/wxa/media_check_async` answers a trace_id and
   * pushes the verdict to the function later, as WeChat does (local-cloud/wechat.ts).
   */
  wxOpenApi?: (apiName: string, requestData: Record<string, unknown>) => Promise<unknown>;
}

export const LOCAL_RUNTIME_HOOKS = Symbol.for('red-sail.local-runtime-hooks');

export function localRuntimeHooks(): LocalRuntimeHooks | undefined {
  return (globalThis as { [LOCAL_RUNTIME_HOOKS]?: LocalRuntimeHooks })[LOCAL_RUNTIME_HOOKS];
}

/** Real time (plus the local runtime's demo offset, when it set one). */
export const systemClock: Clock = { now: () => Date.now() + (localRuntimeHooks()?.clockOffsetMs ?? 0) };

/** A clock tests can set and advance. */
export class FakeClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
