import { dateOf, monthDayText } from '../../../types/date-format';

/** Beijing quarters as the contract names them ('2026-Q4'), in words for the branch pages. */

const NUMERALS = ['一', '二', '三', '四'];

function parse(quarter: string): { year: number; q: number } | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  return m ? { year: Number(m[1]), q: Number(m[2]) } : null;
}

/** The quarter before: 2026-Q1 → 2025-Q4. */
export function previousQuarter(quarter: string): string {
  const p = parse(quarter);
  if (!p) return quarter;
  return p.q === 1 ? `${p.year - 1}-Q4` : `${p.year}-Q${p.q - 1}`;
}

/** '2026-Q4' → '2026年第四季度'. */
export function quarterText(quarter: string): string {
  const p = parse(quarter);
  return p ? `${p.year}年第${NUMERALS[p.q - 1]}季度` : quarter;
}

/**
 * The quarters the switcher offers, newest first: this one (the server's, so the phone's clock does not matter), the
 * one before, and two more; labelled 本季度, 上季度, then by name.
 */
export function quarterChoices(current: string, count = 4): Array<{ quarter: string; label: string }> {
  const out: Array<{ quarter: string; label: string }> = [];
  let q = current;
  for (let i = 0; i < count; i++) {
    out.push({ quarter: q, label: i === 0 ? '本季度' : i === 1 ? '上季度' : quarterText(q) });
    q = previousQuarter(q);
  }
  return out;
}

/** '2026-10' → '10月'. */
export function monthText(month: string): string {
  const m = /^\d{4}-(\d{2})$/.exec(month);
  return m ? `${Number(m[1])}月` : month;
}

/** A share 0…1 as a whole percentage: 0.666 → '67%'. */
export function percentText(rate: number): string {
  return `${Math.round(Math.max(0, Math.min(1, rate)) * 100)}%`;
}

/** A date 'YYYY-MM-DD' or an instant, as 'M月D日' (Beijing). */
export function dayText(dateOrInstant: string): string {
  return monthDayText(/^\d{4}-\d{2}-\d{2}$/.test(dateOrInstant) ? dateOrInstant : dateOf(dateOrInstant));
}
