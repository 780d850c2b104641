import { LOCAL_RUNTIME_HOOKS, type LocalRuntimeHooks } from '../cloudfunctions/_shared/clock';

/**
 * The local runtime's demo clock and its stand-in for WeChat's phone-number exchange. Only the local runtime (never
 * deployed) installs them, in its own process, before it loads the function bundles; the bundles themselves read no
 * DEMO_CLOCK variable, so in production it means nothing.
 *
 * DEMO_CLOCK is either an instant with its offset, `2026-12-03T09:20+08:00` (the clock starts there and runs on), or a
 * shift from the real time: `+2d`, `-3h`, `+90m` (d, h, m). It moves the functions' clock and the database's
 * serverDate together.
 */
export function parseDemoClock(value: string | undefined, realNow: number = Date.now()): number {
  const v = (value ?? '').trim();
  if (v === '') return 0;
  const shift = /^([+-])(\d{1,5})([dhm])$/.exec(v);
  if (shift) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[shift[3] as 'd' | 'h' | 'm'];
    return (shift[1] === '-' ? -1 : 1) * Number(shift[2]) * unit;
  }
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(instant)) {
    throw new Error(`DEMO_CLOCK must be an instant with its offset (2026-12-03T09:20+08:00) or a shift (+2d, -3h, +90m); got "${v}"`);
  }
  return instant - realNow;
}

/** Local stand-in for WeChat's phone-number code: `dev-13812345678` stands for 13812345678. Anything else is refused. */
export function devPhoneNumberForCode(code: string): string | null {
  const m = /^dev-(1[3-9]\d{9})$/.exec(code);
  return m ? (m[1] as string) : null;
}

/** Installs the local runtime's hooks in this process (see LocalRuntimeHooks); returns a function that removes them. */
export function installLocalRuntimeHooks(hooks: LocalRuntimeHooks): () => void {
  const g = globalThis as { [LOCAL_RUNTIME_HOOKS]?: LocalRuntimeHooks };
  g[LOCAL_RUNTIME_HOOKS] = hooks;
  return () => {
    delete g[LOCAL_RUNTIME_HOOKS];
  };
}
