/**
 * Course sessions written straight into `course_sessions`, as scheduling stores them (tests of seats, the waitlist and
 * attendance need sessions whatever state the scheduling code is in).
 */
import { beijingInstant } from '../../types/beijing-time';
import type { SessionDoc } from '../../cloudfunctions/course/session.docs';
import type { VolunteerWorld } from './volunteer';

/** The seeded residents' course and members-only course. */
export const OPEN_COURSE_ID = 'course-shyk-basics';
export const MEMBERS_COURSE_ID = 'course-dfsj-standard';

let seq = 0;
const $date = (t: number) => ({ $date: new Date(t).toISOString() });

/** Writes a 30-minute session (default: tomorrow, 2026-12-02 10:00 Beijing, 10 seats, the open course); answers its id. */
export function writeSession(
  w: Pick<VolunteerWorld, 'cloud'>,
  o: { courseId?: string; capacity?: number; start?: number; state?: SessionDoc['state']; id?: string } = {},
): string {
  const id = o.id ?? `cs-test-${process.pid}-${++seq}`;
  const start = o.start ?? beijingInstant('2026-12-02', '10:00');
  const courseId = o.courseId ?? OPEN_COURSE_ID;
  const created = $date(beijingInstant('2026-11-30', '09:00'));
  const doc = {
    _id: id,
    courseId,
    courseTitle: courseId === OPEN_COURSE_ID ? '三会一课基本规范' : '测试课程',
    membersOnly: courseId === MEMBERS_COURSE_ID,
    start: $date(start),
    end: $date(start + 30 * 60_000),
    place: '创益园多功能厅',
    address: '芝罘区创益园二楼',
    venueId: null,
    bookingId: null,
    capacity: o.capacity ?? 10,
    state: o.state ?? 'open',
    cancelReason: o.state === 'cancelled' ? '讲师临时有事' : null,
    by: 'demo-district-admin',
    createdAt: created,
    updatedAt: created,
  };
  w.cloud.db.handle({ action: 'database.insertDocument', collectionName: 'course_sessions', data: [JSON.stringify(doc)] });
  return id;
}
