import { useState } from 'react';
import type { ManagedBooking } from '../../types';
import { CallError } from '../services/client';
import { messageFor } from '../services/messages';
import { venueService } from '../services/venue';
import { useRequest, type RequestState } from './useRequest';

export type Outcome = { ok: true; booking: ManagedBooking } | { ok: false; message: string };

export interface PendingBookings extends RequestState<ManagedBooking[]> {
  /** Still waiting for a decision, oldest start first; handled ones leave the list at once. */
  bookings: ManagedBooking[];
  /** The booking being approved or rejected right now (its buttons wait). */
  busyId: string | null;
  approve: (bookingId: string) => Promise<Outcome>;
  reject: (bookingId: string, reason: string) => Promise<Outcome>;
}

/** Someone else decided it, or it lapsed, while the list was open: the list is out of date. */
const isStale = (e: unknown): boolean => e instanceof CallError && (e.code === 'VENUE.BOOKING_STATE' || e.code === 'VENUE.BOOKING_NOT_FOUND');

/** Pending bookings across the venues I manage, and the two decisions on them. */
export function useManagePending(): PendingBookings {
  const state = useRequest(() => venueService.pending(), []);
  const [handled, setHandled] = useState<ReadonlySet<string>>(() => new Set());
  const [busyId, setBusyId] = useState<string | null>(null);

  const decide = async (bookingId: string, run: () => Promise<ManagedBooking>): Promise<Outcome> => {
    if (busyId) return { ok: false, message: '上一条还在处理，请稍等' };
    setBusyId(bookingId);
    try {
      const booking = await run();
      setHandled((prev) => new Set(prev).add(bookingId));
      return { ok: true, booking };
    } catch (e) {
      if (isStale(e)) {
        state.reload();
        return { ok: false, message: '这条预约已经有人处理过或已失效，列表已刷新' };
      }
      return { ok: false, message: messageFor(e) };
    } finally {
      setBusyId(null);
    }
  };

  return {
    ...state,
    bookings: (state.data ?? []).filter((b) => !handled.has(b.id)),
    busyId,
    approve: (bookingId) => decide(bookingId, () => venueService.approve(bookingId)),
    reject: (bookingId, reason) => decide(bookingId, () => venueService.reject(bookingId, reason.trim())),
  };
}
