/**
 * Stored shapes of the volunteer slice (collections in _shared/collections.ts). Instants are Dates (UTC instants);
 * calendars are Beijing. Repositories read and write these; services hold the rules.
 */

/** `volunteers/<openid>`: the registration (consent to the volunteer terms is the `registeredAt` call). */
export interface VolunteerDoc {
  _id: string;
  realName: string;
  phone: string;
  termsVersion: string;
  registeredAt: Date;
  updatedAt: Date;
  /** Leaderboard by name (default true). */
  showOnLeaderboard: boolean;
  /** The person's street when they registered (leaderboard by street), from their profile. */
  streetId: string | null;
}

export interface ShiftDoc {
  _id: string;
  stationId: string;
  stationName: string;
  streetId: string;
  title: string;
  description: string;
  start: Date;
  end: Date;
  /** Beijing date of the start (calendar queries). */
  date: string;
  capacity: number;
  place: string;
  /** GCJ-02 point of the geofence, or null (no fence). */
  location: { latitude: number; longitude: number } | null;
  radiusM: number | null;
  skills: string[];
  openTo: 'all' | 'members';
  state: 'open' | 'cancelled';
  createdBy: string;
  createdAt: Date;
}

/** `shift_seats/<shiftId>:seat:<n>` (n = 1…capacity): who holds that place. Created and removed, never updated. */
export interface SeatDoc {
  _id: string;
  shiftId: string;
  seat: number;
  openid: string;
  at: Date;
}

/** `shift_signups/<shiftId>:<openid>`: one per person and shift. */
export interface SignupDoc {
  _id: string;
  shiftId: string;
  stationId: string;
  openid: string;
  state: 'confirmed' | 'waitlisted' | 'cancelled';
  /** The seat held while confirmed. */
  seat: number | null;
  /** Waitlist order: when the person asked to wait (earliest first). */
  waitingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  /** Cancelled less than 2 hours before the start. */
  lateCancel: boolean;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
  /** Metres from the fence's centre at check-in / check-out (never the location itself). */
  checkInDistanceM: number | null;
  checkOutDistanceM: number | null;
  /** Hours credited for this shift (check-out or the manager's confirmation). */
  hours: number;
}

/** `hours_ledger`: append-only. A correction is a new entry with `correctsId`; nothing is ever updated or removed. */
export interface HoursEntryDoc {
  _id: string;
  openid: string;
  stationId: string;
  stationName: string;
  streetId: string;
  shiftId: string | null;
  shiftTitle: string | null;
  /** Whole quarter hours (hours × 4), so sums are exact; may be negative for a correction. */
  quarters: number;
  source: 'checkout' | 'confirmed' | 'honour' | 'correction';
  reason: string | null;
  /** Who made the entry (openid) and their name at the time. */
  by: string;
  byName: string;
  at: Date;
  /** Beijing 'YYYY-MM' of `at` (leaderboard by month) and the Beijing date of the service credited. */
  month: string;
  serviceDate: string;
  correctsId: string | null;
}

/** `volunteer_certificates/<number>`. */
export interface CertificateDoc {
  _id: string;
  openid: string;
  name: string;
  quarters: number;
  periodFrom: string;
  periodTo: string;
  stations: string[];
  issuedAt: Date;
}
