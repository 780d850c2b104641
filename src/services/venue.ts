import type { Booking, BookInput, ManagedBooking, VenueDay, VenueDetail, VenueListInput, VenueSummary, WaitlistInput } from '../../types';
import { call, newRequestId } from './client';

/**
 * Venue booking on the client. Mutations take a `requestId`: create one per user intent (e.g. when the form opens)
 * and reuse it when retrying, so a retry after a lost reply never books twice.
 */
export const venueService = {
  list: async (filters: VenueListInput = {}): Promise<VenueSummary[]> => (await call('venue', 'list', filters)).venues,
  areas: async (): Promise<Array<{ id: string; name: string; communities: Array<{ id: string; name: string }> }>> =>
    (await call('venue', 'areas', {})).streets,
  get: (venueId: string): Promise<{ venue: VenueDetail; organizations: Array<{ id: string; name: string }> }> => call('venue', 'get', { venueId }),
  slots: (venueId: string, date: string): Promise<VenueDay> => call('venue', 'slots', { venueId, date }),
  book: (input: BookInput, requestId: string): Promise<Booking> => call('venue', 'book', input, { requestId }),
  cancel: (bookingId: string, requestId: string = newRequestId()): Promise<Booking & { penalised: boolean }> =>
    call('venue', 'cancel', { bookingId }, { requestId }),
  mine: async (when: 'upcoming' | 'past'): Promise<Booking[]> => (await call('venue', 'mine', { when })).bookings,
  checkIn: (venueId: string, code: string): Promise<Booking> => call('venue', 'checkIn', { venueId, code }, { requestId: newRequestId() }),
  joinWaitlist: (input: WaitlistInput): Promise<{ position: number; start: string }> => call('venue', 'joinWaitlist', input, { requestId: newRequestId() }),
  leaveWaitlist: (venueId: string, start: string): Promise<{ left: boolean }> => call('venue', 'leaveWaitlist', { venueId, start }, { requestId: newRequestId() }),
  // managers
  managed: async (): Promise<VenueSummary[]> => (await call('venue', 'managed', {})).venues,
  schedule: (venueId?: string, date?: string): Promise<{ date: string; bookings: ManagedBooking[] }> =>
    call('venue', 'schedule', { ...(venueId ? { venueId } : {}), ...(date ? { date } : {}) }),
  pending: async (): Promise<ManagedBooking[]> => (await call('venue', 'pending', {})).bookings,
  approve: (bookingId: string): Promise<ManagedBooking> => call('venue', 'approve', { bookingId }, { requestId: newRequestId() }),
  reject: (bookingId: string, reason: string): Promise<ManagedBooking> => call('venue', 'reject', { bookingId, reason }, { requestId: newRequestId() }),
  /** `venueId` null: the code is looked up across every venue the manager manages. */
  checkInBooking: (venueId: string | null, code: string): Promise<ManagedBooking> =>
    call('venue', 'checkInBooking', { ...(venueId ? { venueId } : {}), code }, { requestId: newRequestId() }),
  venueCode: (venueId: string): Promise<{ venueId: string; date: string; code: string }> => call('venue', 'venueCode', { venueId }),
  setBlackout: (venueId: string, date: string, closed: boolean): Promise<{ venueId: string; blackoutDates: string[] }> =>
    call('venue', 'setBlackout', { venueId, date, closed }, { requestId: newRequestId() }),
};
