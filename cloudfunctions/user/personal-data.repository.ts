import { createHash } from 'node:crypto';
import { Collections } from '../_shared/collections';
import { type Database, dbErrorCode } from '../_shared/db';
import { type FileStore, uploadFolderOf } from '../_shared/files';
import { ERASED_NAME, ERASED_PURPOSE, erasureMarkerId, newPseudonym, type ErasureMarker } from '../_shared/privacy';
import { eraseRollupMarks } from '../_shared/rollups';
import { getDoc, runTransaction } from '../_shared/tx';

type Doc = Record<string, unknown> & { _id: string };

const MAX = 1000;
/** Booking states that hold slots (kept in step with the venue function's HOLDING_STATES). */
const HOLDING = ['pending', 'confirmed', 'checked_in'];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A stored response with the deleted person taken out: their name, phone and the purpose they typed are replaced,
 * their openid becomes the pseudonym. Used on other people's idempotency records (a manager's approve answer).
 */
export function redact(value: unknown, openid: string, pseudonym: string): unknown {
  if (typeof value === 'string') return value.split(openid).join(pseudonym);
  if (Array.isArray(value)) return value.map((v) => redact(v, openid, pseudonym));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'bookerName' || k === 'nickname') out[k] = ERASED_NAME;
    else if (k === 'phone' || k === 'phoneMasked') out[k] = null;
    else if (k === 'purpose') out[k] = ERASED_PURPOSE;
    else out[k] = redact(v, openid, pseudonym);
  }
  return out;
}

/**
 * Everything stored about one person, across collections: for export (PIPL access) and erasure (PIPL deletion).
 * Keep this list in step with Collections — the privacy tests scan every document of every collection after a deletion.
 */
export class PersonalDataRepository {
  constructor(
    private readonly db: () => Database,
    /** Where uploads and stored pictures lie (the erasure removes the person's); only the erasure uses it. */
    private readonly files?: () => FileStore,
  ) {}

  private async all(coll: string, where: object): Promise<Doc[]> {
    const res = await this.db().collection(coll).where(where).limit(MAX).get();
    return res.data as Doc[];
  }

  async gather(openid: string): Promise<{ user: Doc | null; bookings: Doc[]; waitlist: Doc[]; messages: Doc[]; strikes: Doc[]; account: Doc | null; volunteer: Doc | null }> {
    const [users, bookings, waitlist, messages, strikes, accounts, volunteers] = await Promise.all([
      this.all(Collections.users, { _id: openid }),
      this.all(Collections.bookings, { openid }),
      this.all(Collections.waitlist, { openid }),
      this.all(Collections.notifications, { openid }),
      this.all(Collections.bookingStrikes, { openid }),
      this.all(Collections.bookingAccounts, { _id: openid }),
      this.all(Collections.volunteers, { _id: openid }),
    ]);
    return { user: users[0] ?? null, bookings, waitlist, messages, strikes, account: accounts[0] ?? null, volunteer: volunteers[0] ?? null };
  }

  /** The person's applications to and memberships of stations (exported; erased with them). */
  stationMemberships(openid: string): Promise<Doc[]> {
    return this.all(Collections.stationMembers, { openid });
  }

  /** The person's places on service shifts: sign-ups (every state, with check-in/out) and held seats (exported). */
  async shiftPlaces(openid: string): Promise<{ signups: Doc[]; seats: Doc[] }> {
    const [signups, seats] = await Promise.all([this.all(Collections.shiftSignups, { openid }), this.all(Collections.shiftSeats, { openid })]);
    return { signups, seats };
  }

  /** The person's 红色积分 ledger entries (exported; removed with them). */
  pointsEntries(openid: string): Promise<Doc[]> {
    return this.all(Collections.pointsLedger, { openid });
  }

  /** The person's course completions and quiz attempts (with their daily submission slots); exported, erased with them. */
  async courses(openid: string): Promise<{ completions: Doc[]; attempts: Doc[] }> {
    const [completions, attempts] = await Promise.all([this.all(Collections.courseCompletions, { openid }), this.all(Collections.quizAttempts, { openid })]);
    return { completions, attempts };
  }

  /**
   * The person's activity places (sign-ups in every state, held seats and waitlist tickets), the activities they
   * created or last changed as an organiser, and the pictures they uploaded (exported).
   */
  async activities(openid: string): Promise<{ signups: Doc[]; places: Doc[]; organised: Doc[]; images: Doc[] }> {
    const _ = this.db().command;
    const [signups, places, organised, images] = await Promise.all([
      this.all(Collections.activitySignups, { openid }),
      this.all(Collections.activityPlaces, { openid }),
      this.all(Collections.activities, _.or([{ createdBy: openid }, { updatedBy: openid }])),
      this.all(Collections.images, { openid }),
    ]);
    return { signups, places, organised, images };
  }

  /** The person's places in course sessions: sign-ups in every state (with check-in), held seats and waitlist tickets (exported). */
  async sessionPlaces(openid: string): Promise<{ signups: Doc[]; places: Doc[] }> {
    const [signups, places] = await Promise.all([this.all(Collections.sessionSignups, { openid }), this.all(Collections.sessionPlaces, { openid })]);
    return { signups, places };
  }

  /** The person's claims to lead a social organization (the `claim` on the organization; exported, cleared on erasure). */
  orgClaims(openid: string): Promise<Doc[]> {
    return this.all(Collections.organizations, { 'claim.openid': openid });
  }

  /** The person's hours ledger entries and issued certificates (exported). */
  async volunteerHours(openid: string): Promise<{ hoursLedger: Doc[]; certificates: Doc[] }> {
    const [hoursLedger, certificates] = await Promise.all([this.all(Collections.hoursLedger, { openid }), this.all(Collections.certificates, { openid })]);
    return { hoursLedger, certificates };
  }

  // ------------------------------------------------------------------ the deletion marker

  marker(openid: string): Promise<ErasureMarker | null> {
    return getDoc<ErasureMarker>(this.db(), Collections.bookingAccounts, erasureMarkerId(openid));
  }

  /**
   * Starts (or resumes) a deletion: the marker is 'erasing' and holds the pseudonym. A deletion that was interrupted,
   * or runs twice at once, keeps the first pseudonym.
   */
  async beginErasure(openid: string, now: number): Promise<string> {
    const db = this.db();
    const id = erasureMarkerId(openid);
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.marker(openid);
      if (current?.state === 'erasing' && current.pseudonym) return current.pseudonym;
      const pseudonym = newPseudonym();
      if (!current) {
        try {
          await db.collection(Collections.bookingAccounts).add({ _id: id, state: 'erasing', pseudonym, since: new Date(now) });
          return pseudonym;
        } catch (e) {
          if (dbErrorCode(e) !== 'DATABASE_DUPLICATE_WRITE') throw e;
          continue;
        }
      }
      const res = (await db.collection(Collections.bookingAccounts).where({ _id: id, state: 'erased' }).update({ state: 'erasing', pseudonym, since: new Date(now) })) as { updated?: number };
      if (res.updated === 1) return pseudonym;
    }
    throw new Error('could not start the erasure');
  }

  /**
   * Marks the person's booking account document (which every booking transaction reads and writes) as erasing, in a
   * transaction: a booking, cancellation, waitlist place or manager's answer racing this conflicts, and retried, is
   * refused.
   */
  async markAccount(openid: string, now: number): Promise<void> {
    await runTransaction(
      this.db(),
      async (tx) => {
        const doc = await getDoc<Doc>(tx, Collections.bookingAccounts, openid);
        await tx.collection(Collections.bookingAccounts).doc(openid).set({
          active: typeof doc?.active === 'number' ? doc.active : 0,
          suspendedUntil: doc?.suspendedUntil ?? null,
          updatedAt: new Date(now),
          erasing: true,
        });
      },
      20,
    );
  }

  /** The deletion is done: the marker forgets the pseudonym and keeps refusing writes until the person comes back. */
  async finishErasure(openid: string): Promise<void> {
    await this.db().collection(Collections.bookingAccounts).where({ _id: erasureMarkerId(openid), state: 'erasing' }).update({ state: 'erased', pseudonym: null });
  }

  /** The person opens the app again after a finished deletion: they start afresh. Refused while a deletion runs. */
  async forgetErasure(openid: string): Promise<'none' | 'forgotten' | 'erasing'> {
    const current = await this.marker(openid);
    if (!current) return 'none';
    if (current.state === 'erasing') return 'erasing';
    await this.db().collection(Collections.bookingAccounts).where({ _id: current._id, state: 'erased' }).remove();
    return 'forgotten';
  }

  // ------------------------------------------------------------------ erasure steps

  async removeProfile(openid: string): Promise<void> {
    await this.db().collection(Collections.users).where({ _id: openid }).remove();
  }

  /**
   * Waits (at most `maxMs`) until the calls that were running when the account was marked have stored their answers,
   * so an answer about this person (a manager's approve) is stored before the erasure looks for it. Calls that
   * start later are refused by the marker.
   */
  async settleInFlight(maxMs: number): Promise<void> {
    const db = this.db();
    const running = (await this.all(Collections.idempotencyKeys, { state: 'running' })).map((d) => d._id);
    for (let waited = 0; running.length > 0 && waited < maxMs; waited += 50) {
      await sleep(50);
      const still = await this.all(Collections.idempotencyKeys, { _id: db.command.in(running), state: 'running' });
      running.splice(0, running.length, ...still.map((d) => d._id));
    }
  }

  async holdingBookings(openid: string, now: number): Promise<number> {
    const _ = this.db().command;
    const res = (await this.db().collection(Collections.bookings).where({ openid, state: _.in(HOLDING), end: _.gt(new Date(now)) }).count()) as { total?: number };
    return res.total ?? 0;
  }

  /**
   * Erases the person: past bookings and the slot ledger go under the pseudonym without phone or purpose; waitlist
   * places, messages, strikes and the booking account go; the audit trail stays with the pseudonym as actor and
   * target; other people's stored answers about them are redacted; their own stored answers and rate-limit counters
   * go. Safe to run again. Returns how many bookings are kept under the pseudonym.
   */
  async eraseRecords(openid: string, pseudonym: string): Promise<number> {
    const db = this.db();
    const _ = db.command;
    const bookingIds = (await this.all(Collections.bookings, { openid: _.in([openid, pseudonym]) })).map((d) => d._id);
    await db.collection(Collections.bookings).where({ openid }).update({ openid: pseudonym, phone: null, purpose: ERASED_PURPOSE, inputHash: '' });
    await db.collection(Collections.slotLedger).where({ openid }).update({ openid: pseudonym });
    for (const coll of [Collections.waitlist, Collections.notifications, Collections.bookingStrikes]) {
      await db.collection(coll).where({ openid }).remove();
    }
    await db.collection(Collections.stationMembers).where({ openid }).remove();
    // Shift places go, past and future (their ids name the person): a future seat is freed, and the volunteer timer
    // gives it to the next person waiting within a minute. Hours stay in the ledger under the pseudonym.
    await db.collection(Collections.shiftSeats).where({ openid }).remove();
    await db.collection(Collections.shiftSignups).where({ openid }).remove();
    // Activity places go, past and future (a sign-up's id names the person): a seat is freed, and the activity timer
    // gives it to the next person waiting; a waitlist ticket stays, given up, so tickets keep their arrival order.
    await db.collection(Collections.activityPlaces).where({ openid, kind: 'seat' }).remove();
    await db.collection(Collections.activityPlaces).where({ openid, kind: 'ticket' }).update({ openid: pseudonym, state: 'done' });
    await db.collection(Collections.activitySignups).where({ openid }).remove();
    // Course session places the same way: a seat is freed (the course timer seats the next person waiting), a ticket
    // stays given up under the pseudonym, the sign-ups (whose ids name the person) go.
    await db.collection(Collections.sessionPlaces).where({ openid, kind: 'seat' }).remove();
    await db.collection(Collections.sessionPlaces).where({ openid, kind: 'ticket' }).update({ openid: pseudonym, state: 'done' });
    await db.collection(Collections.sessionSignups).where({ openid }).remove();
    // Activities they organised stay with their branch, and so do the covers on them, under the pseudonym; pictures
    // they uploaded that are no activity's cover go, stored file and record, and so do their raw uploads.
    await db.collection(Collections.activities).where({ createdBy: openid }).update({ createdBy: pseudonym });
    await db.collection(Collections.activities).where({ updatedBy: openid }).update({ updatedBy: pseudonym });
    await this.eraseFiles(openid);
    await db.collection(Collections.images).where({ openid }).update({ openid: pseudonym });
    // A claim to lead an organization goes (waiting or accepted): the organization waits for a leader again; its
    // leader membership went with the profile.
    await db.collection(Collections.organizations).where({ 'claim.openid': openid }).update({ claim: null });
    // Station posts they wrote stay on the station's page, without their name.
    await db.collection(Collections.stationPosts).where({ authorOpenid: openid }).update({ authorOpenid: pseudonym, authorName: ERASED_NAME });
    // The volunteer registration (real name, phone) goes.
    await db.collection(Collections.volunteers).where({ _id: openid }).remove();
    // Certificates go (verify then says not found). Hours ledger entries stay, so station and street totals stay
    // true, but lose the link to the person: their openid (and `by`, for entries they earned or made) becomes the
    // pseudonym; byName (the manager who made an entry) is kept. The ledger is otherwise never updated.
    await db.collection(Collections.certificates).where({ openid }).remove();
    // 红色积分 are the person's own (no total of others rests on them): their entries and daily counters go (the entry
    // ids name them); on entries they granted to others, `by` becomes the pseudonym.
    await db.collection(Collections.pointsLedger).where({ openid }).remove();
    await db.collection(Collections.pointsDaily).where({ openid }).remove();
    await db.collection(Collections.pointsLedger).where({ by: openid }).update({ by: pseudonym });
    // Completions credited to a party branch stay on the branch's organization-life record, under the pseudonym (the
    // record then says 已注销用户); the others, and quiz attempts, go. Reminders sent to them go; on reminders they
    // sent as a secretary, `by` becomes the pseudonym.
    await this.rekeyCompletions(openid, pseudonym);
    await db.collection(Collections.quizAttempts).where({ openid }).remove();
    await db.collection(Collections.courseReminders).where({ openid }).remove();
    await db.collection(Collections.courseReminders).where({ by: openid }).update({ by: pseudonym });
    const rekeyed = await this.rekeyLedgerEntries(openid, pseudonym);
    await db.collection(Collections.hoursLedger).where({ openid }).update({ openid: pseudonym });
    await db.collection(Collections.hoursLedger).where({ by: openid }).update({ by: pseudonym });
    // The dashboard's distinct-count marks (and pending facts) name the person: put under the pseudonym, counts stay.
    await eraseRollupMarks(db, openid, pseudonym);
    // The audit trail is kept (who approved what, whose roles changed), under the pseudonym.
    await db.collection(Collections.auditLog).where({ actor: openid }).update({ actor: pseudonym });
    await db.collection(Collections.auditLog).where({ target: `user:${openid}` }).update({ target: `user:${pseudonym}` });
    // Other people's stored answers about this person (a manager's approve, an admin's role grant).
    const answers: Doc[] = await this.all(Collections.idempotencyKeys, { 'response.data.openid': openid });
    // A manager's stored correction of an entry whose id named the person.
    for (let i = 0; i < rekeyed.length; i += 100) {
      answers.push(...(await this.all(Collections.idempotencyKeys, { 'response.data.correctsId': _.in(rekeyed.slice(i, i + 100)) })));
    }
    for (let i = 0; i < bookingIds.length; i += 100) {
      answers.push(...(await this.all(Collections.idempotencyKeys, { 'response.data.id': _.in(bookingIds.slice(i, i + 100)) })));
    }
    for (const a of answers) {
      const { _id, ...rest } = a;
      await db.collection(Collections.idempotencyKeys).doc(_id).set({ ...rest, response: redact(rest.response, openid, pseudonym) });
    }
    await this.sweepGuards(openid);
    await db.collection(Collections.bookingAccounts).where({ _id: openid }).remove();
    const kept = (await db.collection(Collections.bookings).where({ openid: pseudonym }).count()) as { total?: number };
    return kept.total ?? 0;
  }

  /**
   * The person's files. A picture they uploaded stays (record and stored file, put under the pseudonym by the caller)
   * while an activity — whatever its state; activities stay with their branch — has it as its cover; every other one
   * goes, its stored file first, then its record (so a re-run after an interruption still finds the file). Then every
   * raw upload in their folder `uploads/<openid>/` goes (uploads the server accepted were deleted when accepted; what
   * is left are refused and abandoned ones). A store that cannot list folders (CloudBase storage) leaves the raw
   * uploads the server never accepted: they stay private to their uploader by the storage rule. Safe to run again.
   */
  private async eraseFiles(openid: string): Promise<void> {
    const db = this.db();
    const files = this.files?.();
    if (!files) throw new Error('the erasure needs the file store');
    for (const image of await this.all(Collections.images, { openid })) {
      const covers = (await db.collection(Collections.activities).where({ coverImageId: image._id }).count()) as { total?: number };
      if ((covers.total ?? 0) > 0) continue;
      if (typeof image.fileId === 'string' && image.fileId !== '') await files.remove(image.fileId);
      await db.collection(Collections.images).doc(image._id).remove();
    }
    for (const fileId of (await files.list(uploadFolderOf(openid))) ?? []) await files.remove(fileId);
  }

  /**
   * Hours ledger entries whose `_id` names the person (a check-out credit's id is derived from the sign-up,
   * `shiftId:openid`) move to an id drawn from the pseudonym, and corrections pointing at them follow; the erasure is
   * the one time ledger entries are rewritten. Safe to run again (the new id is the same for the same pseudonym).
   * Returns the old ids.
   */
  private async rekeyLedgerEntries(openid: string, pseudonym: string): Promise<string[]> {
    const db = this.db();
    const _ = db.command;
    const moved: string[] = [];
    for (let round = 0; round < 100; round++) {
      const named = (await this.all(Collections.hoursLedger, { openid: _.in([openid, pseudonym]) })).filter((d) => d._id.includes(openid));
      if (named.length === 0) break;
      for (const { _id, ...rest } of named) {
        const id = `h_${createHash('sha256').update(`${pseudonym}:${_id}`).digest('hex').slice(0, 24)}`;
        try {
          await db.collection(Collections.hoursLedger).add({ _id: id, ...rest, openid: pseudonym, by: rest.by === openid ? pseudonym : rest.by });
        } catch (e) {
          if (dbErrorCode(e) !== 'DATABASE_DUPLICATE_WRITE') throw e;
        }
        await db.collection(Collections.hoursLedger).where({ correctsId: _id }).update({ correctsId: id });
        await db.collection(Collections.hoursLedger).doc(_id).remove();
        moved.push(_id);
      }
    }
    return moved;
  }

  /**
   * The person's course completions: those with a branch move to an id drawn from the pseudonym (the old id,
   * `<openid>:<courseId>`, names them) with the pseudonym as `openid` and without the quiz attempt (which goes); course,
   * date, in person or online, points and branch stay. Completions without a branch go. Safe to run again.
   */
  private async rekeyCompletions(openid: string, pseudonym: string): Promise<void> {
    const db = this.db();
    for (let round = 0; round < 100; round++) {
      const mine = await this.all(Collections.courseCompletions, { openid });
      if (mine.length === 0) return;
      for (const { _id, ...rest } of mine) {
        if (typeof rest.branchId === 'string') {
          const id = `c_${createHash('sha256').update(`${pseudonym}:${_id}`).digest('hex').slice(0, 24)}`;
          try {
            await db.collection(Collections.courseCompletions).add({ _id: id, ...rest, openid: pseudonym, attemptId: null });
          } catch (e) {
            if (dbErrorCode(e) !== 'DATABASE_DUPLICATE_WRITE') throw e;
          }
        }
        await db.collection(Collections.courseCompletions).doc(_id).remove();
      }
    }
  }

  /** Removes the person's own idempotency records and rate-limit counters (`<openid>:fn.action:…`). Returns how many. */
  async sweepGuards(openid: string): Promise<number> {
    const db = this.db();
    // Every id starting with "<openid>:" (";" is the character after ":"), as a range on the key.
    const mine = { _id: db.command.gte(`${openid}:`).and(db.command.lt(`${openid};`)) };
    let removed = 0;
    for (const coll of [Collections.idempotencyKeys, Collections.rateLimits]) {
      const res = (await db.collection(coll).where(mine).remove()) as { deleted?: number };
      removed += res.deleted ?? 0;
    }
    return removed;
  }
}
