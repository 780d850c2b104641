import { z } from 'zod';
import { IdSchema } from './common';
import { ANYONE, defineAction, OWNER, type Access } from './define';
import { InstantSchema } from './venue';
import { QUIZ_ATTEMPTS_PER_DAY, QUIZ_PASS, QUIZ_QUESTIONS } from './course-rules';

export * from './course-rules';

/** District admins author the catalogue, schedule sessions and show their check-in codes. */
export const COURSE_AUTHORS: Access = { roles: ['district_admin'], objects: 'managed' };
/** A branch secretary keeps their own branch's organization-life record; a district admin may read any branch's. */
export const BRANCH_KEEPERS: Access = { roles: ['branch_secretary', 'district_admin'], objects: 'managed' };

export const CourseSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  /** The series' name (e.g. 三会一课规范). */
  series: z.string(),
  seriesId: z.string(),
  /** Only party members may take it. */
  membersOnly: z.boolean(),
  summary: z.string(),
  teacher: z.string(),
  minutes: z.number().int(),
  /** Has an online lesson with a quiz. */
  hasLesson: z.boolean(),
  /** The caller has passed its quiz. */
  myCompleted: z.boolean(),
  /** Offline sessions still to start (not cancelled): the 线下课 tag. */
  upcomingSessions: z.number().int(),
});
export type CourseSummary = z.infer<typeof CourseSummarySchema>;

export const CourseDetailSchema = CourseSummarySchema.extend({
  goals: z.array(z.string()),
  teacherTitle: z.string(),
  /** Whether the caller may take the course; when not, why (a code and plain words). */
  canTake: z.boolean(),
  reason: z.object({ code: z.literal('COURSE.MEMBERS_ONLY'), message: z.string() }).nullable(),
});
export type CourseDetail = z.infer<typeof CourseDetailSchema>;

export const LessonBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image'), url: z.string(), caption: z.string() }),
]);
export type LessonBlock = z.infer<typeof LessonBlockSchema>;

/** A drawn question: its text and options only — never which option is right. */
export const QuizQuestionSchema = z.object({ id: z.string(), text: z.string(), options: z.array(z.string()) });
export type QuizQuestion = z.infer<typeof QuizQuestionSchema>;

export const QuizResultSchema = z.object({
  attemptId: z.string(),
  correct: z.number().int(),
  total: z.number().int(),
  passed: z.boolean(),
  /** Per drawn question, whether the answer was right (which option is right is not said). */
  results: z.array(z.object({ questionId: z.string(), correct: z.boolean() })),
  /** Points credited by this submission (only the first pass earns points). */
  points: z.number().int(),
  completed: z.boolean(),
  attemptsLeftToday: z.number().int(),
});
export type QuizResult = z.infer<typeof QuizResultSchema>;

const CourseIdInput = z.strictObject({ courseId: IdSchema });
const SessionIdInput = z.strictObject({ sessionId: IdSchema });

/** An offline session as a resident sees it. */
export const SessionSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  membersOnly: z.boolean(),
  /** Beijing ISO instants. */
  start: z.string(),
  end: z.string(),
  place: z.string(),
  address: z.string(),
  /** The catalogue venue booked for it, if any. */
  venueId: z.string().nullable(),
  capacity: z.number().int(),
  /** Seats taken. */
  taken: z.number().int(),
  waiting: z.number().int(),
  state: z.enum(['open', 'cancelled']),
  cancelReason: z.string().nullable(),
  /** The caller's place: enrolled (with check-in time once checked in) or waiting (1-based position). */
  mine: z
    .object({ state: z.enum(['enrolled', 'waitlisted']), position: z.number().int().nullable(), checkedInAt: z.string().nullable() })
    .nullable(),
  freeCancelUntil: z.string(),
  checkInOpensAt: z.string(),
  checkInClosesAt: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

export const ScheduleInputSchema = z.strictObject({
  courseId: IdSchema,
  start: InstantSchema,
  /** Minutes (default the course's length, rounded up to the venue's slots). */
  minutes: z.number().int().min(15, '至少15分钟').max(240, '最长4小时').optional(),
  capacity: z.number().int().min(1, '至少1个座位').max(1000, '最多1000个座位'),
  venueId: IdSchema.optional(),
  /** Where, when no catalogue venue is booked (required then). */
  place: z.string().trim().min(2, '请写清上课地点').max(100, '地点请不超过100字').optional(),
});
export type ScheduleInput = z.infer<typeof ScheduleInputSchema>;

/** A course in the editor's list: published or not, with the size of its bank. */
export const AuthoredCourseSchema = CourseSummarySchema.omit({ myCompleted: true, upcomingSessions: true }).extend({ published: z.boolean(), questions: z.number().int() });
export type AuthoredCourse = z.infer<typeof AuthoredCourseSchema>;

/** A course as the editor writes it. */
export const CourseDraftSchema = z.strictObject({
  title: z.string().trim().min(2, '课程名称至少2个字').max(40, '课程名称请不超过40字'),
  seriesId: IdSchema,
  membersOnly: z.boolean(),
  summary: z.string().trim().min(5, '简介至少5个字').max(300, '简介请不超过300字'),
  goals: z.array(z.string().trim().min(2).max(60)).min(1, '至少写一条学习目标').max(6),
  teacher: z.string().trim().min(2).max(20),
  teacherTitle: z.string().trim().max(40).default(''),
  minutes: z.number().int().min(5).max(60),
  points: z.number().int().min(0).max(20),
  published: z.boolean(),
  lesson: z
    .strictObject({
      blocks: z.array(LessonBlockSchema).min(1, '课程内容不能为空').max(40),
      videoUrl: z.string().url('视频地址不对').max(500).nullable(),
    })
    .nullable(),
  questions: z
    .array(
      z.strictObject({
        id: IdSchema.optional(),
        text: z.string().trim().min(4, '题目至少4个字').max(200),
        options: z.array(z.string().trim().min(1).max(80)).min(2, '至少2个选项').max(6, '最多6个选项'),
        answer: z.number().int().min(0).max(5),
        explanation: z.string().trim().max(300).default(''),
      }),
    )
    .max(50),
});
export type CourseDraft = z.infer<typeof CourseDraftSchema>;

/** A Beijing quarter, e.g. 2026-Q4. */
export const QuarterSchema = z.string().regex(/^20\d\d-Q[1-4]$/, '季度格式不对');
const BranchQuarterInput = z.strictObject({ branchId: IdSchema.optional(), quarter: QuarterSchema.optional() });

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const BranchRecordSchema = z.object({
  branchId: z.string(),
  branchName: z.string(),
  /** The organizations the (joint) branch is made of. */
  organizations: z.array(z.string()),
  quarter: z.string(),
  /** The quarter's Beijing months, e.g. ['2026-10', '2026-11', '2026-12']. */
  months: z.array(z.string()),
  /** Completions of the quarter, newest first; names in full for the branch's own secretary. */
  entries: z.array(z.object({ date: z.string(), courseId: z.string(), courseTitle: z.string(), memberId: z.string(), name: z.string(), via: z.enum(['online', 'offline']) })),
  /** Per member: completions per month of the quarter and the share of months with at least one. */
  members: z.array(
    z.object({ memberId: z.string(), name: z.string(), perMonth: z.array(z.number().int()), total: z.number().int(), rate: z.number(), lastDate: z.string().nullable() }),
  ),
  /** Per month: share of members with at least one completion that month. */
  monthly: z.array(z.object({ month: z.string(), completions: z.number().int(), active: z.number().int(), rate: z.number() })),
  /** Members with no completion this quarter (the reminder goes to them). */
  inactive: z.array(z.object({ memberId: z.string(), name: z.string(), remindedAt: z.string().nullable() })),
});
export type BranchRecord = z.infer<typeof BranchRecordSchema>;

export const courseContract = {
  list: defineAction({
    access: ANYONE,
    summary: 'The course catalogue: every published course with its series, whether it is for party members only, its teacher and length, whether it has an online lesson, and whether the caller has completed it.',
    input: z.strictObject({}),
    output: z.object({ courses: z.array(CourseSummarySchema) }),
    mutates: false,
  }),
  get: defineAction({
    access: ANYONE,
    summary: 'One course: summary, learning goals, teacher, and whether the caller may take it (members-only courses need the party_member role; otherwise `reason` says why not).',
    input: CourseIdInput,
    output: CourseDetailSchema,
    mutates: false,
    errors: ['COURSE.NOT_FOUND'],
  }),
  lesson: defineAction({
    access: ANYONE,
    summary: 'The online lesson of a course the caller may take: text and image blocks, and a video URL when the course has one.',
    input: CourseIdInput,
    output: z.object({ courseId: z.string(), title: z.string(), blocks: z.array(LessonBlockSchema), videoUrl: z.string().nullable() }),
    mutates: false,
    errors: ['COURSE.NOT_FOUND', 'COURSE.MEMBERS_ONLY', 'COURSE.NO_LESSON'],
  }),
  quiz: defineAction({
    access: ANYONE,
    summary: `Starts a quiz attempt: ${QUIZ_QUESTIONS} questions drawn at random from the course's bank, with their options and never the answers. An unsubmitted attempt of today is returned again; at most ${QUIZ_ATTEMPTS_PER_DAY} attempts per course and Beijing day.`,
    input: CourseIdInput,
    output: z.object({ courseId: z.string(), attemptId: z.string(), questions: z.array(QuizQuestionSchema), attemptsLeftToday: z.number().int() }),
    mutates: true,
    perMinute: 20,
    errors: ['COURSE.NOT_FOUND', 'COURSE.MEMBERS_ONLY', 'COURSE.NO_LESSON', 'COURSE.QUIZ_LIMIT'],
  }),
  submitQuiz: defineAction({
    access: OWNER,
    summary: `Submits the answers (an option index per drawn question, exactly the attempt's questions), checked on the server: at least ${QUIZ_PASS} of ${QUIZ_QUESTIONS} right passes. The first pass records the completion (once per person and course) and credits 红色积分 in the same transaction. Submitting an attempt again answers its first result.`,
    input: z.strictObject({
      courseId: IdSchema,
      attemptId: IdSchema,
      answers: z.array(z.strictObject({ questionId: IdSchema, choice: z.number().int().min(0).max(9) })).min(1).max(QUIZ_QUESTIONS),
    }),
    output: QuizResultSchema,
    mutates: true,
    perMinute: 20,
    errors: ['COURSE.NOT_FOUND', 'COURSE.MEMBERS_ONLY', 'COURSE.ATTEMPT_NOT_FOUND', 'COURSE.QUIZ_LIMIT', 'ACCOUNT.DELETING'],
  }),
  mine: defineAction({
    access: OWNER,
    summary:
      'The caller’s courses: upcoming sessions they hold a place in (enrolled or waiting, with their position), soonest first; completed courses, newest first, with the Beijing date, online or in person, and the points credited.',
    input: z.strictObject({}),
    output: z.object({
      upcoming: z.array(SessionSchema),
      completed: z.array(
        z.object({ courseId: z.string(), title: z.string(), series: z.string(), completedAt: z.string(), date: z.string(), points: z.number().int(), via: z.enum(['online', 'offline']) }),
      ),
    }),
    mutates: false,
  }),
  sessions: defineAction({
    access: ANYONE,
    summary: 'Upcoming offline sessions of a course (not cancelled, not yet ended), soonest first, each with its capacity, places taken, people waiting and the caller’s own place.',
    input: CourseIdInput,
    output: z.object({ courseId: z.string(), sessions: z.array(SessionSchema) }),
    mutates: false,
    errors: ['COURSE.NOT_FOUND'],
  }),
  signUp: defineAction({
    access: OWNER,
    summary:
      'Takes a seat in a session (the database holds the capacity: one seat document per place) or, when it is full, a place in its waitlist in arrival order. One place per person: signing up again answers the place already held. Members-only courses need the party_member role.',
    input: SessionIdInput,
    output: z.object({ sessionId: z.string(), state: z.enum(['enrolled', 'waitlisted']), position: z.number().int().optional(), session: SessionSchema }),
    mutates: true,
    perMinute: 20,
    errors: ['COURSE.SESSION_NOT_FOUND', 'COURSE.MEMBERS_ONLY', 'COURSE.SESSION_CANCELLED', 'COURSE.SIGNUP_CLOSED', 'ACCOUNT.DELETING'],
  }),
  cancel: defineAction({
    access: OWNER,
    summary:
      'Gives up the caller’s place: a waiting place at any time, a seat until 2 hours before the start. A freed seat goes, in the same transaction, to the first person waiting, who gets a message.',
    input: SessionIdInput,
    output: z.object({ sessionId: z.string(), state: z.literal('cancelled'), promoted: z.boolean() }),
    mutates: true,
    errors: ['COURSE.SESSION_NOT_FOUND', 'COURSE.NOT_SIGNED_UP', 'COURSE.CANCEL_CLOSED'],
  }),
  checkIn: defineAction({
    access: OWNER,
    summary:
      'Attendance: the six-digit code the organiser shows (it changes every 30 seconds; the current and the previous code are accepted), from 15 minutes before to 15 minutes after the start. Records the completion (in person) for the caller and their branch and credits 红色积分, once.',
    input: z.strictObject({ sessionId: IdSchema, code: z.string().regex(/^\d{6}$/, '签到码是6位数字') }),
    output: z.object({ sessionId: z.string(), checkedInAt: z.string(), points: z.number().int() }),
    mutates: true,
    perMinute: 20,
    errors: ['COURSE.SESSION_NOT_FOUND', 'COURSE.NOT_SIGNED_UP', 'COURSE.NOT_ENROLLED', 'COURSE.CHECKIN_CLOSED', 'COURSE.CODE_WRONG', 'COURSE.ALREADY_CHECKED_IN', 'COURSE.SESSION_CANCELLED', 'ACCOUNT.DELETING'],
  }),
  sessionCode: defineAction({
    access: COURSE_AUTHORS,
    summary: 'For the organiser: the session (course, time, place) and its rotating check-in code (six digits and the QR payload, this 30-second step), and how many are enrolled, waiting and checked in.',
    input: SessionIdInput,
    output: z.object({
      sessionId: z.string(),
      /** Which session the organiser is showing the code of. */
      courseTitle: z.string(),
      start: z.string(),
      end: z.string(),
      place: z.string(),
      code: z.string(),
      qr: z.string(),
      expiresAt: z.string(),
      stepSeconds: z.number().int(),
      enrolled: z.number().int(),
      waiting: z.number().int(),
      checkedIn: z.number().int(),
    }),
    mutates: false,
    errors: ['COURSE.SESSION_NOT_FOUND'],
  }),
  schedule: defineAction({
    access: COURSE_AUTHORS,
    summary:
      'Schedules an offline session of a course. With a catalogue venue the venue is booked through the venue booking engine in the same transaction (its slots covering the session): a taken or closed slot fails the whole call with COURSE.VENUE_TAKEN and nothing is created. Without a venue, `place` names where it is.',
    input: ScheduleInputSchema,
    output: SessionSchema,
    mutates: true,
    errors: ['COURSE.NOT_FOUND', 'COURSE.VENUE_TAKEN', 'VENUE.NOT_FOUND', 'VENUE.OUTSIDE_HOURS', 'VENUE.OUTSIDE_WINDOW', 'VENUE.OVER_CAPACITY', 'VENUE.TOO_MANY_SLOTS'],
  }),
  cancelSession: defineAction({
    access: COURSE_AUTHORS,
    summary: 'Cancels a session before it starts: frees its venue booking, and every enrolled and waiting person gets a message with the reason.',
    input: z.strictObject({ sessionId: IdSchema, reason: z.string().trim().min(2, '请写明取消原因').max(100, '原因请不超过100字') }),
    output: SessionSchema,
    mutates: true,
    errors: ['COURSE.SESSION_NOT_FOUND', 'COURSE.SIGNUP_CLOSED'],
  }),
  drafts: defineAction({
    access: COURSE_AUTHORS,
    summary: 'For the course editor: every series, and every course published or not, with whether it is published and how many questions its bank holds (never the questions).',
    input: z.strictObject({}),
    output: z.object({ series: z.array(z.object({ id: z.string(), name: z.string() })), courses: z.array(AuthoredCourseSchema) }),
    mutates: false,
  }),
  draft: defineAction({
    access: COURSE_AUTHORS,
    summary: 'For the course editor: a course as stored, published or not, with its lesson and its whole question bank including the right answers and explanations (authors only).',
    input: CourseIdInput,
    output: CourseDraftSchema.extend({ id: z.string() }),
    mutates: false,
    errors: ['COURSE.NOT_FOUND'],
  }),
  save: defineAction({
    access: COURSE_AUTHORS,
    summary:
      'Creates (no courseId) or replaces a course with its lesson and question bank. A course with a lesson needs at least 3 questions. Questions not in the new bank are removed; quiz attempts already drawn keep working only with the questions that remain.',
    input: z.strictObject({ courseId: IdSchema.optional(), course: CourseDraftSchema }),
    output: z.object({ courseId: z.string() }),
    mutates: true,
    errors: ['COURSE.NOT_FOUND', 'COURSE.BANK_TOO_SMALL', 'CONTENT.REJECTED'],
  }),
  branchRecord: defineAction({
    access: BRANCH_KEEPERS,
    summary:
      'The organization-life record (三会一课) of a party branch (default the caller’s own) for a Beijing quarter (default this one): every completion with its date, course, member and whether in person or online; per member and per month the share of members who did a course; and the members with no course this quarter.',
    input: BranchQuarterInput,
    output: BranchRecordSchema,
    mutates: false,
    errors: ['COURSE.BRANCH_NOT_FOUND'],
  }),
  remind: defineAction({
    access: BRANCH_KEEPERS,
    summary: 'Sends each member of the branch with no course this quarter a reminder message (at most one per member every 7 days; the others are counted as skipped).',
    input: z.strictObject({ branchId: IdSchema.optional() }),
    output: z.object({ branchId: z.string(), reminded: z.number().int(), skipped: z.number().int() }),
    mutates: true,
    perMinute: 5,
    errors: ['COURSE.BRANCH_NOT_FOUND'],
  }),
  exportRecord: defineAction({
    access: BRANCH_KEEPERS,
    summary: 'The branch’s record for a quarter as an Excel workbook (.xlsx, base64): a sheet of completions and a sheet of members with their rates.',
    input: BranchQuarterInput,
    output: z.object({ filename: z.string(), mimeType: z.literal(XLSX_MIME), base64: z.string(), rows: z.number().int() }),
    mutates: false,
    errors: ['COURSE.BRANCH_NOT_FOUND'],
  }),
};
