import { createFunction, type Handlers, type RuntimeDeps } from '../_shared/runtime';
import { CourseRepository } from './course.repository';
import { CourseService } from './course.service';

const built = new WeakMap<RuntimeDeps, CourseService>();

/** One service per runtime (function instance). */
export const service = (deps: RuntimeDeps): CourseService => {
  let s = built.get(deps);
  if (!s) {
    s = new CourseService(new CourseRepository(deps.db), deps.clock);
    built.set(deps, s);
  }
  return s;
};

export const handlers = (deps: RuntimeDeps): Handlers<'course'> => {
  const courses = service(deps);
  return {
    list: (_input, ctx) => courses.list(ctx.caller),
    get: (input, ctx) => courses.get(ctx.caller, input.courseId),
    lesson: (input, ctx) => courses.lesson(ctx.caller, input.courseId),
    quiz: (input, ctx) => courses.quiz(ctx.caller, input.courseId),
    submitQuiz: (input, ctx) => courses.submitQuiz(ctx.caller, input),
    mine: (_input, ctx) => courses.mine(ctx.caller),
  };
};

export const main = createFunction('course', handlers);
