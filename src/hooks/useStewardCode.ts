import { useEffect, useRef, useState } from 'react';
import type { RosterEntry, ShiftSummary } from '../../types';
import { CallError } from '../services/client';
import { messageFor } from '../services/messages';
import { stewardService, type ShiftCode } from '../services/steward';

export interface CodeScreen {
  code: ShiftCode;
  shift: ShiftSummary;
  checkedIn: number;
  checkedOut: number;
}

const counts = (entries: RosterEntry[]) => ({
  checkedIn: entries.filter((e) => e.checkedInAt !== null).length,
  checkedOut: entries.filter((e) => e.checkedOutAt !== null).length,
});

/** After a failed fetch (network, server), the next try. */
const CODE_RETRY_MS = 30_000;

/**
 * When to fetch the next code: at `expiresAt`. The server's clock decides the steps; the phone's clock may be off (or,
 * on a demo runtime, hours away), so a wait that is not within one step is replaced by one step.
 */
export function refreshDelay(expiresAt: string, stepSeconds: number, now: number): number {
  const stepMs = Math.max(1, stepSeconds) * 1000;
  const wait = Date.parse(expiresAt) - now;
  return Number.isFinite(wait) && wait > 500 && wait <= 2 * stepMs ? wait + 250 : stepMs;
}

/**
 * The rotating check-in code of a shift I manage, with the shift and its 签到 / 签退 counts; fetched again when the
 * code expires, without anyone touching the phone (the manager's display — not a timed interaction for the user).
 * `active` false (page hidden) stops the refreshes.
 */
export function useStewardCode(shiftId: string | undefined, active: boolean) {
  const [data, setData] = useState<CodeScreen | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    if (!active) return undefined;
    const mine = ++seq.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLoading(true);
    (async () => {
      if (!shiftId) throw new CallError({ code: 'SHIFT.NOT_FOUND', message: 'no shiftId' });
      const [code, roster] = await Promise.all([stewardService.code(shiftId), stewardService.roster(shiftId)]);
      return { code, shift: roster.shift, ...counts(roster.entries) };
    })().then(
      (screen) => {
        if (mine !== seq.current) return;
        setData(screen);
        setError(null);
        setLoading(false);
        timer = setTimeout(() => setTick((t) => t + 1), refreshDelay(screen.code.expiresAt, screen.code.stepSeconds, Date.now()));
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        // An old code on screen would be refused: show the problem instead of it (with 重新加载), and, as the phone
        // is left standing for others, try again by itself a step later (a weak signal at the door passes).
        setData(undefined);
        setError(messageFor(e));
        setLoading(false);
        if (!(e instanceof CallError) || e.code === 'UNAVAILABLE' || e.code === 'INTERNAL') {
          timer = setTimeout(() => setTick((t) => t + 1), CODE_RETRY_MS);
        }
      },
    );
    return () => {
      seq.current++;
      if (timer) clearTimeout(timer);
    };
  }, [shiftId, active, tick]);

  return { data, error, loading, reload: () => setTick((t) => t + 1) };
}
