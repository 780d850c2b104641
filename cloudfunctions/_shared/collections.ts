/** The one map of collection names. Repositories use these; nothing else touches the database. */
export const Collections = {
  users: 'users',
  streets: 'streets',
  communities: 'communities',
  venues: 'venues',
  stations: 'stations',
  organizations: 'organizations',
  bookings: 'bookings',
  /** One document per held slot, `_id` = `venueId:YYYY-MM-DD:HHmm`: the database itself refuses a double booking. */
  slotLedger: 'slot_ledger',
  /** Per-person booking account (`_id` = openid): active future bookings (the quota counter) and suspension. */
  bookingAccounts: 'booking_accounts',
  bookingStrikes: 'booking_strikes',
  waitlist: 'venue_waitlist',
  /** Responses of mutating calls by `openid:fn.action:requestId`, so a replay returns the first response. */
  idempotencyKeys: 'idempotency_keys',
  /** Transactional outbox of notifications (我的消息; subscribe messages in production). */
  notifications: 'notifications',
  /** Per-openid, per-action, per-minute call counters (rate limits shared by every function instance). */
  rateLimits: 'rate_limits',
  auditLog: 'audit_log',
} as const;

export type CollectionName = (typeof Collections)[keyof typeof Collections];
