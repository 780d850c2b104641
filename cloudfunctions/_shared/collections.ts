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
  /** Station membership, `_id` = `stationId:openid` (one per person and station): pending, member, declined, left. */
  stationMembers: 'station_members',
  /** Announcements station managers write on their station's page. */
  stationPosts: 'station_posts',
  /** Volunteer registrations, `_id` = openid: real name, phone, consent time, leaderboard choice. */
  volunteers: 'volunteers',
  /** Service shifts at stations. */
  shifts: 'shifts',
  /** One document per held place, `_id` = `shiftId:seat:N` (N = 1…capacity): the database itself refuses an overfill. */
  shiftSeats: 'shift_seats',
  /** One document per person and shift, `_id` = `shiftId:openid`: confirmed, waitlisted or cancelled; check-in/out. */
  shiftSignups: 'shift_signups',
  /** The append-only hours ledger: credits, honour hours, compensating corrections. Never updated. */
  hoursLedger: 'hours_ledger',
  /** Issued 志愿服务记录证明, `_id` = the certificate number. */
  certificates: 'volunteer_certificates',
  /**
   * The one append-only 红色积分 ledger, `_id` = `<openid>|<sourceType>|<sourceId>`: the database itself refuses a second
   * credit for the same source. Never updated (erasure pseudonymises).
   */
  pointsLedger: 'points_ledger',
  /** Per person, source type and Beijing day, `_id` = `<openid>:<sourceType>:<date>`: points credited (the daily cap). */
  pointsDaily: 'points_daily',
  /** Course series (组织生活会怎么开, 发展党员流程, 三会一课规范, 党费收缴与使用). */
  courseSeries: 'course_series',
  /** The course catalogue, with each course's online lesson (text and image blocks, a video URL). */
  courses: 'courses',
  /** Quiz question banks, one document per question; the only place answers are kept. Never sent to a client as is. */
  courseQuestions: 'course_questions',
  /**
   * Quiz attempts (`kind: 'attempt'`, random `_id`: the drawn question ids and, once submitted, the result) and the
   * day's submission slots (`kind: 'slot'`, `_id` = `<openid>:<courseId>:<Beijing date>:<n>`, n = 1…3, taken in the
   * submit transaction: no fourth submission that day).
   */
  quizAttempts: 'quiz_attempts',
  /** One document per person and course completed, `_id` = `<openid>:<courseId>`. */
  courseCompletions: 'course_completions',
  /** Offline sessions of courses: time, place (and the venue booking holding it), capacity, state. */
  courseSessions: 'course_sessions',
  /**
   * Places in sessions: seats `<sessionId>:seat:<n>` (n = 1…capacity; the database refuses a second holder, so a
   * session never has more people enrolled than seats) and waitlist tickets `<sessionId>:ticket:<n>` (n increasing in
   * arrival order, never reused).
   */
  sessionPlaces: 'session_places',
  /** One document per person and session, `_id` = `<sessionId>:<openid>`: enrolled, waitlisted or cancelled, check-in. */
  sessionSignups: 'session_signups',
  /** Party branches (联合党支部): name, the social organizations they are made of. Members are `party_member` grants. */
  partyBranches: 'party_branches',
  /** Reminders a branch secretary sent, `_id` = `<branchId>:<openid>:<Beijing date>`: at most one per member every 7 days. */
  courseReminders: 'course_reminders',
  /** Activities branches post: draft, published or cancelled; time, place (and the venue booking holding it), capacity. */
  activities: 'activities',
  /**
   * Places in activities: seats `<activityId>:seat:<n>` (n = 1…capacity; the database refuses a second holder) and
   * waitlist tickets `<activityId>:ticket:<n>` (arrival order, never reused).
   */
  activityPlaces: 'activity_places',
  /** One document per person and activity, `_id` = `<activityId>:<openid>`: confirmed, waitlisted or cancelled, check-in. */
  activitySignups: 'activity_signups',
  /**
   * Images people uploaded and the server accepted (`_id` = a random id): the stored, resized file, who posted it, what
   * it illustrates, and the image check (checking, pass, rejected) with WeChat's trace_id.
   */
  images: 'images',
  /**
   * Rollup facts: one small append-only document per counted event (`_id` derived from the event, so the database
   * refuses counting it twice), written in the event's own transaction (no shared hot document), folded into
   * `rollups` by the timer and then deleted. See _shared/rollups.ts.
   */
  rollupFacts: 'rollup_facts',
  /** Monthly counters by street (`_id` = `<YYYY-MM>:<streetId>`) and the fold's meta document (`_id` = `meta`). */
  rollups: 'rollups',
  /** Monthly counters by organization (`_id` = `<YYYY-MM>:org:<orgId>`): bookings in its name, its members' hours. */
  orgRollups: 'org_rollups',
  /** Distinct-count marks (`_id` = `<what>:<period>:<key>:<openid>`): a person counted once per period. */
  rollupMarks: 'rollup_marks',
} as const;

export type CollectionName = (typeof Collections)[keyof typeof Collections];
