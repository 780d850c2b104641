import { contentChecker } from '../_shared/content-security';
import { createFunction, type Handlers, type RuntimeDeps, type Timers } from '../_shared/runtime';
import { AuthoringRepository } from './authoring.repository';
import { AuthoringService } from './authoring.service';
import { CourseRepository } from './course.repository';
import { CourseService } from './course.service';
import { RecordRepository } from './record.repository';
import { RecordService } from './record.service';
import { ScheduleRepository } from './schedule.repository';
import { ScheduleService } from './schedule.service';
import { SessionRepository } from './session.repository';
import { SessionService } from './session.service';

interface Services {
  courses: CourseService;
  sessions: SessionService;
  scheduling: ScheduleService;
  records: RecordService;
  authoring: AuthoringService;
}

const built = new WeakMap<RuntimeDeps, Services>();

/** One set of services per runtime (function instance). */
export const services = (deps: RuntimeDeps): Services => {
  let s = built.get(deps);
  if (!s) {
    const sessions = new SessionService(new SessionRepository(deps.db), deps.clock);
    s = {
      courses: new CourseService(new CourseRepository(deps.db), deps.clock, sessions),
      sessions,
      scheduling: new ScheduleService(new ScheduleRepository(deps.db), new SessionRepository(deps.db), deps.clock),
      records: new RecordService(new RecordRepository(deps.db), deps.clock),
      authoring: new AuthoringService(new AuthoringRepository(deps.db), deps.clock, () => contentChecker(deps)),
    };
    built.set(deps, s);
  }
  return s;
};

/** The catalogue and lesson service (kept for the tests that reach it directly). */
export const service = (deps: RuntimeDeps): CourseService => services(deps).courses;

export const handlers = (deps: RuntimeDeps): Handlers<'course'> => {
  const { courses, sessions, scheduling, records, authoring } = services(deps);
  return {
    list: (_input, ctx) => courses.list(ctx.caller),
    get: (input, ctx) => courses.get(ctx.caller, input.courseId),
    lesson: (input, ctx) => courses.lesson(ctx.caller, input.courseId),
    quiz: (input, ctx) => courses.quiz(ctx.caller, input.courseId),
    submitQuiz: (input, ctx) => courses.submitQuiz(ctx.caller, input),
    mine: (_input, ctx) => courses.mine(ctx.caller),
    sessions: (input, ctx) => sessions.sessions(ctx.caller, input.courseId),
    signUp: (input, ctx) => sessions.signUp(ctx.caller, input.sessionId),
    cancel: (input, ctx) => sessions.cancel(ctx.caller, input.sessionId),
    checkIn: (input, ctx) => sessions.checkIn(ctx.caller, input),
    sessionCode: (input, ctx) => sessions.sessionCode(ctx.caller, input.sessionId),
    schedule: (input, ctx) => scheduling.schedule(ctx.caller, input, ctx.clientRequestId, ctx.requestId),
    cancelSession: (input, ctx) => scheduling.cancelSession(ctx.caller, input, ctx.requestId),
    drafts: () => authoring.drafts(),
    draft: (input, ctx) => authoring.draft(ctx.caller, input.courseId),
    save: (input, ctx) => authoring.save(ctx.caller, input, ctx.requestId),
    branchRecord: (input, ctx) => records.branchRecord(ctx.caller, input),
    remind: (input, ctx) => records.remind(ctx.caller, input, ctx.requestId),
    exportRecord: (input, ctx) => records.exportRecord(ctx.caller, input),
  };
};

/** Timer trigger `tick` (every minute, cloudbaserc.json): seats people waiting wherever a session has a seat free. */
export const timers = (deps: RuntimeDeps): Timers => ({
  tick: async () => ({ ...(await services(deps).sessions.tick()), ...(await services(deps).scheduling.tick()) }),
});

export const main = createFunction('course', handlers, undefined, timers);
