import { dateOf } from '../../../types/date-format';

/** '2026-12-03' (or an instant, read in Beijing) → '2026年12月3日'. */
export function certificateDate(at: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : dateOf(at);
  return date.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y: string, m: string, d: string) => `${y}年${Number(m)}月${Number(d)}日`);
}
