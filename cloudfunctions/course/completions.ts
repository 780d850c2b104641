import { beijingDate } from '../../types/beijing-time';
import { Collections } from '../_shared/collections';
import { creditPoints } from '../_shared/points';
import { completionContribution, recordChange } from '../_shared/rollups';
import { getDoc, type Writer } from '../_shared/tx';

/**
 * One document per person and course completed, `_id` = `<openid>:<courseId>`: the person's own record (course.mine)
 * and, with `branchId`, a line of their branch's organization-life record. On account deletion it is kept for the
 * branch record under a pseudonym (the person's name is not stored here).
 */
export interface CompletionDoc {
  _id: string;
  openid: string;
  courseId: string;
  courseTitle: string;
  via: 'online' | 'offline';
  /** The quiz attempt (online) or the session (offline) that completed it. */
  attemptId: string | null;
  sessionId: string | null;
  /** The party branch the person belonged to when they completed it (null: not a party member then). */
  branchId: string | null;
  points: number;
  at: Date;
  /** Beijing date. */
  date: string;
}

export const completionIdOf = (openid: string, courseId: string): string => `${openid}:${courseId}`;

/** The person's party branch: the branch of their `party_member` grant (the first one, if several). */
export async function branchOf(w: Writer, openid: string): Promise<string | null> {
  const user = await getDoc<{ roles?: Array<{ role: string; scope?: { branchId?: string } }> }>(w, Collections.users, openid);
  return user?.roles?.find((g) => g.role === 'party_member' && g.scope?.branchId)?.scope?.branchId ?? null;
}

/**
 * Records a completion, INSIDE the caller's transaction, once per person and course: when the person has completed the
 * course before (online or in person) nothing is written and `fresh` is false. Otherwise the completion is written with
 * the person's branch and the points are credited through the one 红色积分 ledger (source: the lesson for online, the
 * session for offline — each credited once by the ledger's own uniqueness).
 */
export async function recordCompletion(
  w: Writer,
  c: { openid: string; courseId: string; courseTitle: string; via: 'online' | 'offline'; attemptId?: string; sessionId?: string; points: number; reason: string },
  now: number,
): Promise<{ fresh: boolean; points: number }> {
  const id = completionIdOf(c.openid, c.courseId);
  if (await getDoc<CompletionDoc>(w, Collections.courseCompletions, id)) return { fresh: false, points: 0 };
  let points = 0;
  if (c.points > 0) {
    const credit = await creditPoints(
      w,
      {
        openid: c.openid,
        points: c.points,
        sourceType: c.via === 'online' ? 'course_lesson' : 'course_session',
        sourceId: c.via === 'online' ? c.courseId : (c.sessionId ?? c.courseId),
        reason: c.reason,
        by: 'system',
      },
      now,
    );
    points = credit.credited;
  }
  const doc: Omit<CompletionDoc, '_id'> = {
    openid: c.openid,
    courseId: c.courseId,
    courseTitle: c.courseTitle,
    via: c.via,
    attemptId: c.attemptId ?? null,
    sessionId: c.sessionId ?? null,
    branchId: await branchOf(w, c.openid),
    points,
    at: new Date(now),
    date: beijingDate(now),
  };
  await w.collection(Collections.courseCompletions).doc(id).set(doc);
  const person = await getDoc<{ streetId?: string | null }>(w, Collections.users, c.openid);
  await recordChange(w, null, completionContribution(doc, person?.streetId), now);
  return { fresh: true, points };
}
