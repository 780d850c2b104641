import { z } from 'zod';
import { IdSchema } from './common';
import { ANYONE, defineAction, OWNER } from './define';

/** How many questions a quiz draws from the course's bank, and how many must be right to pass. */
export const QUIZ_QUESTIONS = 3;
export const QUIZ_PASS = 2;
/** Quiz attempts a person may start per course and Beijing day. */
export const QUIZ_ATTEMPTS_PER_DAY = 3;

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
    summary: 'The caller’s completed courses, newest first, with the Beijing date and the points credited.',
    input: z.strictObject({}),
    output: z.object({ completed: z.array(z.object({ courseId: z.string(), title: z.string(), series: z.string(), completedAt: z.string(), date: z.string(), points: z.number().int(), via: z.literal('online') })) }),
    mutates: false,
  }),
};
