import type { ActionOutput, CourseDetail, CourseDraft, CourseSummary, QuizResult, Session } from '../../types';
import { call, newRequestId } from './client';

export type CourseLesson = ActionOutput<'course', 'lesson'>;
export type CourseQuiz = ActionOutput<'course', 'quiz'>;
export type MyCourses = ActionOutput<'course', 'mine'>;
export type SignUpResult = ActionOutput<'course', 'signUp'>;
export type SessionCode = ActionOutput<'course', 'sessionCode'>;
export type BranchRecordView = ActionOutput<'course', 'branchRecord'>;
export type RecordExport = ActionOutput<'course', 'exportRecord'>;
export type CourseDraftView = ActionOutput<'course', 'draft'>;
export type MyPoints = ActionOutput<'points', 'mine'>;
export type BranchRanking = ActionOutput<'points', 'ranking'>;

/**
 * 党课 (15分钟组织生活) on the client. Mutations take a `requestId`: one per user intent, reused when retrying that
 * intent, so a retry after a lost reply never takes a second seat or submits a quiz twice.
 */
export const courseService = {
  list: async (): Promise<CourseSummary[]> => (await call('course', 'list', {})).courses,
  get: (courseId: string): Promise<CourseDetail> => call('course', 'get', { courseId }),
  sessions: async (courseId: string): Promise<Session[]> => (await call('course', 'sessions', { courseId })).sessions,
  signUp: (sessionId: string, requestId: string = newRequestId()): Promise<SignUpResult> => call('course', 'signUp', { sessionId }, { requestId }),
  cancel: (sessionId: string, requestId: string = newRequestId()): Promise<ActionOutput<'course', 'cancel'>> =>
    call('course', 'cancel', { sessionId }, { requestId }),
  checkIn: (sessionId: string, code: string): Promise<ActionOutput<'course', 'checkIn'>> =>
    call('course', 'checkIn', { sessionId, code }, { requestId: newRequestId() }),
  lesson: (courseId: string): Promise<CourseLesson> => call('course', 'lesson', { courseId }),
  quiz: (courseId: string, requestId: string = newRequestId()): Promise<CourseQuiz> => call('course', 'quiz', { courseId }, { requestId }),
  submitQuiz: (courseId: string, attemptId: string, answers: Array<{ questionId: string; choice: number }>, requestId: string = newRequestId()): Promise<QuizResult> =>
    call('course', 'submitQuiz', { courseId, attemptId, answers }, { requestId }),
  mine: (): Promise<MyCourses> => call('course', 'mine', {}),
  // for organisers and authors (district admins)
  sessionCode: (sessionId: string): Promise<SessionCode> => call('course', 'sessionCode', { sessionId }),
  schedule: (input: { courseId: string; start: string; minutes?: number; capacity: number; venueId?: string; place?: string }, requestId: string = newRequestId()): Promise<Session> =>
    call('course', 'schedule', input, { requestId }),
  cancelSession: (sessionId: string, reason: string, requestId: string = newRequestId()): Promise<Session> =>
    call('course', 'cancelSession', { sessionId, reason }, { requestId }),
  drafts: (): Promise<ActionOutput<'course', 'drafts'>> => call('course', 'drafts', {}),
  draft: (courseId: string): Promise<CourseDraftView> => call('course', 'draft', { courseId }),
  save: (course: CourseDraft, courseId?: string, requestId: string = newRequestId()): Promise<{ courseId: string }> =>
    call('course', 'save', courseId ? { courseId, course } : { course }, { requestId }),
  // for branch secretaries
  branchRecord: (quarter?: string, branchId?: string): Promise<BranchRecordView> =>
    call('course', 'branchRecord', { ...(quarter ? { quarter } : {}), ...(branchId ? { branchId } : {}) }),
  remind: (branchId?: string, requestId: string = newRequestId()): Promise<ActionOutput<'course', 'remind'>> =>
    call('course', 'remind', branchId ? { branchId } : {}, { requestId }),
  exportRecord: (quarter?: string, branchId?: string): Promise<RecordExport> =>
    call('course', 'exportRecord', { ...(quarter ? { quarter } : {}), ...(branchId ? { branchId } : {}) }),
};

/** 红色积分. */
export const pointsService = {
  mine: (): Promise<MyPoints> => call('points', 'mine', {}),
  ranking: (month?: string, branchId?: string): Promise<BranchRanking> =>
    call('points', 'ranking', { ...(month ? { month } : {}), ...(branchId ? { branchId } : {}) }),
};
