import { useEffect, useRef, useState } from 'react';
import type { AuthoredCourse, Session } from '../../types';
import { CallError } from '../services/client';
import { courseService, type CourseDraftView, type SessionCode } from '../services/course';
import { messageFor } from '../services/messages';
import { refreshDelay } from './useStewardCode';
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

/** After a failed fetch (network, server), the next try. */
const CODE_RETRY_MS = 30_000;

/**
 * The organiser's rotating check-in code of a session, fetched again when it expires (the organiser's display for
 * others to read; no one is asked to act before it changes). `active` false (page hidden) stops the refreshes.
 */
export function useSessionCode(sessionId: string | undefined, active: boolean) {
  const [data, setData] = useState<SessionCode | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    if (!active) return undefined;
    const mine = ++seq.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setLoading(true);
    (async () => {
      if (!sessionId) throw new CallError({ code: 'COURSE.SESSION_NOT_FOUND', message: 'no sessionId' });
      return courseService.sessionCode(sessionId);
    })().then(
      (code) => {
        if (mine !== seq.current) return;
        setData(code);
        setError(null);
        setLoading(false);
        timer = setTimeout(() => setTick((t) => t + 1), refreshDelay(code.expiresAt, code.stepSeconds, Date.now()));
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setData(undefined);
        setError(messageFor(e));
        setLoading(false);
        if (!(e instanceof CallError) || e.code === 'UNAVAILABLE' || e.code === 'INTERNAL') timer = setTimeout(() => setTick((t) => t + 1), CODE_RETRY_MS);
      },
    );
    return () => {
      seq.current++;
      if (timer) clearTimeout(timer);
    };
  }, [sessionId, active, tick]);

  return { data, error, loading, reload: () => setTick((t) => t + 1) };
}
