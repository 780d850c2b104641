import { courseService, pointsService } from '../services/course';
import { useRequest } from './useRequest';

/** A course's online lesson (text, images, video URL). */
export const useLesson = (courseId: string) => useRequest(() => courseService.lesson(courseId), [courseId]);

/** The caller's 红色积分: total, this month, and the entries. */
export const useMyPoints = () => useRequest(() => pointsService.mine(), []);

/** The caller's branch's monthly ranking; `enabled` false (not a party member) asks nothing. */
export const useBranchRanking = (month: string | undefined, enabled: boolean) =>
  useRequest(() => (enabled && month ? pointsService.ranking(month) : Promise.resolve(null)), [month, enabled]);
