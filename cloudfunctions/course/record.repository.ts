import { addDays } from '../../types/beijing-time';
import { appendAudit, type AuditEntry } from '../_shared/audit';
import { branchMembers, MAX_BRANCH_MEMBERS, type PartyBranchDoc } from '../_shared/branches';
import { Collections } from '../_shared/collections';
import { type Database, dbErrorCode } from '../_shared/db';
import { enqueueNotification } from '../_shared/notifications';
import { getDoc, retryingTransaction } from '../_shared/tx';
import type { CompletionDoc } from './completions';

/** How many days a reminded member is left alone: reminded on a Beijing day, not again before the same weekday next week. */
export const REMIND_EVERY_DAYS = 7;
/** A page of completions (CloudBase answers at most 1000 documents a query). */
const PAGE = 1000;

/**
 * `course_reminders/<branchId>:<openid>:<Beijing date>`: a reminder a secretary sent. The id is the member's day, so
 * two secretaries (or two instances) reminding the same member the same day write the same id and the database lets
 * only one through; the days before are read in the same transaction.
 */
export interface ReminderDoc {
  _id: string;
  branchId: string;
  openid: string;
  date: string;
  at: Date;
  /** Who sent it (an openid; the pseudonym once they deleted their account). */
  by: string;
}

/** Who to remind for which branch, by whom, with what message, and the call's audit entry (its summary is written here). */
export interface RemindRequest {
  branchId: string;
  branchName: string;
  /** The members to remind (those reminded in the last 7 days are skipped). */
  members: string[];
  by: string;
  /** Today's Beijing date. */
  today: string;
  message: { title: string; body: string };
  audit: Omit<AuditEntry, 'summary'>;
}

export const reminderIdOf = (branchId: string, openid: string, date: string): string => `${branchId}:${openid}:${date}`;

/** The branch's organization-life record as stored: branches, members, completions with a branchId, reminders. */
export class RecordRepository {
  constructor(private readonly db: () => Database) {}

  branch(branchId: string): Promise<PartyBranchDoc | null> {
    return getDoc<PartyBranchDoc>(this.db(), Collections.partyBranches, branchId);
  }

  members(branchId: string): Promise<Array<{ openid: string; nickname: string | null }>> {
    return branchMembers(this.db(), branchId);
  }

  /** Completions credited to the branch with a Beijing date in [from, to], newest first. */
  async completions(branchId: string, from: string, to: string): Promise<CompletionDoc[]> {
    const db = this.db();
    const _ = db.command;
    const out: CompletionDoc[] = [];
    for (let page = 0; ; page++) {
      const res = await db
        .collection(Collections.courseCompletions)
        .where({ branchId, date: _.gte(from).and(_.lte(to)) })
        .orderBy('at', 'desc')
        .orderBy('_id', 'asc')
        .skip(page * PAGE)
        .limit(PAGE)
        .get();
      const docs = res.data as CompletionDoc[];
      out.push(...docs);
      if (docs.length < PAGE) return out;
    }
  }

  /** Each person's latest completion date for the branch up to `to` (any quarter). One aggregation. */
  async lastDates(branchId: string, openids: string[], to: string): Promise<Map<string, string>> {
    if (openids.length === 0) return new Map();
    const db = this.db();
    const $ = db.command.aggregate;
    const res = (await db
      .collection(Collections.courseCompletions)
      .aggregate()
      .match({ branchId, openid: db.command.in(openids), date: db.command.lte(to) })
      .group({ _id: '$openid', last: $.max('$date') })
      .limit(MAX_BRANCH_MEMBERS)
      .end()) as { data: Array<{ _id: string; last: string }> };
    return new Map(res.data.map((r) => [r._id, r.last]));
  }

  /** Nicknames of these people (absent: no such user any more). */
  async nicknames(openids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const db = this.db();
    for (let i = 0; i < openids.length; i += 100) {
      const res = await db
        .collection(Collections.users)
        .where({ _id: db.command.in(openids.slice(i, i + 100)) })
        .field({ nickname: true })
        .limit(100)
        .get();
      for (const u of res.data as Array<{ _id: string; nickname?: unknown }>) if (typeof u.nickname === 'string') out.set(u._id, u.nickname);
    }
    return out;
  }

  /** When each of these members was last reminded for the branch. One aggregation. */
  async lastReminded(branchId: string, openids: string[]): Promise<Map<string, Date>> {
    if (openids.length === 0) return new Map();
    const db = this.db();
    const $ = db.command.aggregate;
    const res = (await db
      .collection(Collections.courseReminders)
      .aggregate()
      .match({ branchId, openid: db.command.in(openids) })
      .group({ _id: '$openid', at: $.max('$at') })
      .limit(MAX_BRANCH_MEMBERS)
      .end()) as { data: Array<{ _id: string; at: Date | string }> };
    return new Map(res.data.map((r) => [r._id, new Date(r.at)]));
  }

  /**
   * Reminds each member not reminded for the branch in the last 7 Beijing days (today included): one transaction
   * writes each reminder document (its id the member's day: a racing reminder of the same member conflicts or is
   * refused, and the retry reads it), the member's message, and one audit entry for the call.
   */
  async remind(
    r: RemindRequest,
    now: number,
  ): Promise<{ reminded: string[]; skipped: string[] }> {
    // A reminder another call committed after this transaction's reads is a conflict (retried) or, at the insert, a
    // duplicate id: then the whole transaction runs again and reads it.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.remindOnce(r, now);
      } catch (e) {
        if (dbErrorCode(e) !== 'DATABASE_DUPLICATE_WRITE' || attempt >= 5) throw e;
      }
    }
  }

  private remindOnce(
    r: RemindRequest,
    now: number,
  ): Promise<{ reminded: string[]; skipped: string[] }> {
    return retryingTransaction(this.db(), async (tx) => {
      const reminded: string[] = [];
      const skipped: string[] = [];
      for (const openid of r.members) {
        let recent = false;
        for (let d = 0; d < REMIND_EVERY_DAYS && !recent; d++) {
          recent = (await getDoc(tx, Collections.courseReminders, reminderIdOf(r.branchId, openid, addDays(r.today, -d)))) !== null;
        }
        if (recent) {
          skipped.push(openid);
          continue;
        }
        const doc: ReminderDoc = { _id: reminderIdOf(r.branchId, openid, r.today), branchId: r.branchId, openid, date: r.today, at: new Date(now), by: r.by };
        await tx.collection(Collections.courseReminders).add(doc);
        await enqueueNotification(tx, { openid, kind: 'course_reminder', title: r.message.title, body: r.message.body }, now);
        reminded.push(openid);
      }
      await appendAudit(tx, { ...r.audit, summary: `提醒${r.branchName}本季度未学习的党员：提醒${reminded.length}人，7天内已提醒过${skipped.length}人` }, now);
      return { reminded, skipped };
    });
  }
}
