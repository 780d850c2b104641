import type { CourseDetail, Session } from '../../types';
import { courseService, pointsService, type MyCourses, type MyPoints } from '../services/course';
import { useRequest } from './useRequest';

/** The catalogue: every published course, with whether the caller has completed it. */
export const useCourses = () => useRequest(() => courseService.list(), []);

/** One course and its upcoming sessions (with the caller's own place in each). */
export const useCourse = (courseId: string) =>
  useRequest<{ course: CourseDetail; sessions: Session[] }>(async () => {
    const [course, sessions] = await Promise.all([courseService.get(courseId), courseService.sessions(courseId)]);
    return { course, sessions };
  }, [courseId]);

/**
 * 我的课程: upcoming places and completed courses, and the points total. The total is a courtesy beside the courses:
 * when it cannot be read, the courses still show (points is null).
 */
export const useMyCourses = () =>
  useRequest<{ mine: MyCourses; points: MyPoints | null }>(async () => {
    const [mine, points] = await Promise.all([courseService.mine(), pointsService.mine().catch(() => null)]);
    return { mine, points };
  }, []);
