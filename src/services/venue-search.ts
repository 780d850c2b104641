import type { AvailabilityInput, AvailabilityOutput, Quota } from '../../types';
import { call } from './client';

/** Free slots per date (the date strip, the free-slot search) and what the caller may still book. */
export const venueSearchService = {
  availability: (input: AvailabilityInput): Promise<AvailabilityOutput> => call('venue', 'availability', input),
  quota: (): Promise<Quota> => call('venue', 'quota', {}),
};

/** "您还可以预约N次", or why not: the line shown before the booking form opens. */
export function quotaText(q: Quota): string {
  if (q.suspendedUntil) return `因多次未按时签到，您的预约暂停到${Number(q.suspendedUntil.slice(5, 7))}月${Number(q.suspendedUntil.slice(8, 10))}日`;
  if (q.remaining <= 0) return `您已有${q.max}个预约，用完或取消一个后才能再约`;
  return `您还可以预约${q.remaining}次`;
}

/** A date's free slots in words (never colour alone): 满, 剩N段, 闭馆. */
export function freeText(day: { free: number; closed: boolean }): string {
  if (day.closed) return '闭馆';
  return day.free > 0 ? `剩${day.free}段` : '满';
}
