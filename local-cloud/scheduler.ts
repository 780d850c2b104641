import fs from 'node:fs';
import type { FunctionMain } from './server';

/**
 * Runs cloud functions' timer triggers locally on the schedule cloudbaserc.json gives them, with CloudBase's 7-field
 * cron (second minute hour day month weekday year) read in Beijing time (UTC+8), and the event CloudBase sends:
 * `{Type: 'Timer', TriggerName, Time}`, and the context a timer trigger gets: `TCB_SOURCE: 'wx_trigger'` and no user.
 */

const BEIJING_OFFSET_MS = 8 * 3600_000;
const RANGES: Array<[number, number]> = [
  [0, 59],
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
  [1970, 2099],
];

function parseField(field: string, [lo, hi]: [number, number]): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad cron step in "${field}"`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [lo, hi];
    else if (range?.includes('-')) [from, to] = range.split('-').map(Number) as [number, number];
    else {
      from = Number(range);
      to = stepText === undefined ? from : hi;
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < lo || to > hi || from > to) throw new Error(`bad cron field "${field}"`);
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export type CronMatcher = (ms: number) => boolean;

export function parseCron(expr: string): CronMatcher {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 7) throw new Error(`cron "${expr}" must have 7 fields (sec min hour day month weekday year)`);
  const sets = fields.map((f, i) => parseField(f, RANGES[i] as [number, number]));
  return (ms) => {
    const d = new Date(ms + BEIJING_OFFSET_MS);
    const values = [d.getUTCSeconds(), d.getUTCMinutes(), d.getUTCHours(), d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCDay(), d.getUTCFullYear()];
    return values.every((v, i) => (sets[i] as Set<number>).has(v));
  };
}

export interface TimerTrigger {
  fn: string;
  name: string;
  cron: string;
}

export function triggersFrom(cloudbasercPath: string): TimerTrigger[] {
  const rc = JSON.parse(fs.readFileSync(cloudbasercPath, 'utf8')) as {
    functions?: Array<{ name: string; triggers?: Array<{ name: string; type: string; config: string }> }>;
  };
  return (rc.functions ?? []).flatMap((f) =>
    (f.triggers ?? []).filter((t) => t.type === 'timer').map((t) => ({ fn: f.name, name: t.name, cron: t.config })),
  );
}

/** The invocation context of a timer trigger: its source, and no WX_OPENID (no user called it). */
export const TIMER_CONTEXT = { environment: JSON.stringify({ TCB_SOURCE: 'wx_trigger' }) };

export function startScheduler(
  triggers: TimerTrigger[],
  functions: Record<string, FunctionMain>,
  options: { now?: () => number; onError?: (e: unknown) => void } = {},
): { stop(): void } {
  const now = options.now ?? Date.now;
  const plans = triggers.map((t) => ({ ...t, matches: parseCron(t.cron), running: false, last: -1 }));
  const timer = setInterval(() => {
    const second = Math.floor(now() / 1000);
    for (const plan of plans) {
      const main = functions[plan.fn];
      // Never two runs of one trigger at once; never twice in one second.
      if (!main || plan.running || plan.last === second || !plan.matches(second * 1000)) continue;
      plan.running = true;
      plan.last = second;
      main({ Type: 'Timer', TriggerName: plan.name, Time: new Date(second * 1000).toISOString() }, TIMER_CONTEXT)
        .catch((e: unknown) => options.onError?.(e))
        .finally(() => {
          plan.running = false;
        });
    }
  }, 250);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
