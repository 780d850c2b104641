import type { AuthoredCourse, Session } from '../../types';
import { courseService, type CourseDraftView, type SessionCode } from '../services/course';
import { useRotatingCode } from './useRotatingCode';
import { useRequest } from './useRequest';

export interface ListedCourse extends AuthoredCourse {
  /** Upcoming sessions (null: could not be read). */
  sessions: Session[] | null;
}

export interface SeriesGroup<T> {
  seriesId: string;
  series: string;
  courses: T[];
}

/** Courses under their series, in the catalogue's order. */
export function bySeries<T extends Pick<AuthoredCourse, 'seriesId' | 'series'>>(courses: T[]): Array<SeriesGroup<T>> {
  const groups: Array<SeriesGroup<T>> = [];
  for (const c of courses) {
    const g = groups.find((x) => x.seriesId === c.seriesId);
    if (g) g.courses.push(c);
    else groups.push({ seriesId: c.seriesId, series: c.series, courses: [c] });
  }
  return groups;
}

/** 课程管理: every course, published or not, with its upcoming sessions. */
export function useAuthorCourses() {
  return useRequest(async (): Promise<ListedCourse[]> => {
    const { courses } = await courseService.drafts();
    return Promise.all(
      courses.map(async (c) => ({
        ...c,
        sessions: await courseService.sessions(c.id).then(
          (s) => s,
          () => null,
        ),
      })),
    );
  }, []);
}

/** The series an author may file a course under. */
export function useSeries() {
  return useRequest(async () => (await courseService.drafts()).series, []);
}

/** A course as stored, for editing (undefined courseId: a new course, nothing to load). */
export function useCourseDraft(courseId: string | undefined) {
  return useRequest(async (): Promise<CourseDraftView | null> => (courseId ? courseService.draft(courseId) : null), [courseId]);
}

/**
 * The organiser's rotating check-in code of a session, fetched again when it expires. `active` false (page hidden)
 * stops the refreshes.
 */
export function useSessionCode(sessionId: string | undefined, active: boolean) {
  return useRotatingCode(sessionId, active, 'COURSE.SESSION_NOT_FOUND', (id): Promise<SessionCode> => courseService.sessionCode(id), (code) => code);
}
