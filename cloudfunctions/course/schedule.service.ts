import { createHash, randomBytes } from 'node:crypto';
import { beijingDate, parseInstant, toBeijingIso } from '../../types/beijing-time';
import { shortDateTime } from '../../types/date-format';
import type { ActionOutput, ParsedInput } from '../../types';
import type { Caller } from '../_shared/caller';
import type { Clock } from '../_shared/clock';
import { dbErrorCode } from '../_shared/db';
import { DomainError } from '../_shared/errors';
import { resolveRequestedSlots, type GridSlot } from '../_shared/slot-grid';
import { courseBooking, courseBookingId, isBlackoutEntry, SlotHeld, type TakenSlot, type VenueDoc } from '../_shared/venue-ledger';
import { CANCEL_BATCH, type ScheduleRepository } from './schedule.repository';
import type { SessionDoc } from './session.docs';
import type { SessionRepository } from './session.repository';
import { toSession } from './session.service';

const MINUTE = 60_000;
/** The timer looks for stragglers in sessions cancelled up to this long ago. */
const STRAGGLER_WINDOW_MS = 7 * 24 * 60 * MINUTE;

/**
 * A session's id derives from the admin's requestId (so a replay that outlives the runtime's idempotency record still
 * finds the session it made, and one request can never make two); without one it is random.
 */
export function sessionIdFor(openid: string, requestId: string | undefined): string {
  if (!requestId) return `ses_${randomBytes(12).toString('hex')}`;
  return `ses_${createHash('sha256').update(`${openid}:course.schedule:${requestId}`).digest('hex').slice(0, 24)}`;
}

/** Why a venue slot cannot be had for a session: another booking holds it, or the venue is closed that day. */
function venueTaken(reason: 'closed' | 'booked', start: number): DomainError {
  return new DomainError('COURSE.VENUE_TAKEN', `the venue is ${reason} at ${toBeijingIso(start)}`, undefined, { reason, start: toBeijingIso(start) });
}

const reasonOf = (holder: TakenSlot['holder']): 'closed' | 'booked' => (isBlackoutEntry(holder) ? 'closed' : 'booked');

/** Scheduling sessions (into catalogue venues through the venue booking engine) and cancelling them. */
export class ScheduleService {
  constructor(
    private readonly repo: ScheduleRepository,
    private readonly places: Pick<SessionRepository, 'counts'>,
    private readonly clock: Clock,
  ) {}

  /** The one Session view (sessions' toSession), with its seats taken and people waiting; the admin holds no place. */
  private async view(doc: SessionDoc): Promise<ActionOutput<'course', 'schedule'>> {
    const counts = await this.places.counts([doc._id]);
    return toSession(doc, counts.get(doc._id) ?? { taken: 0, waiting: 0 }, null);
  }

  async schedule(caller: Caller, input: ParsedInput<'course', 'schedule'>, clientRequestId: string | undefined, requestId: string): Promise<ActionOutput<'course', 'schedule'>> {
    const now = this.clock.now();
    const id = sessionIdFor(caller.openid, clientRequestId);
    // A replay (its runtime record gone) answers the session it made.
    const made = await this.repo.session(id);
    if (made) return this.view(made);

    const course = await this.repo.course(input.courseId);
    if (!course) throw new DomainError('COURSE.NOT_FOUND', 'no such course');
    const start = parseInstant(input.start);
    const minutes = input.minutes ?? course.minutes;
    let venue: VenueDoc | null = null;
    let slots: GridSlot[] = [];
    let date = beijingDate(start);
    let end = start + minutes * MINUTE;
    if (input.venueId !== undefined) {
      venue = await this.repo.venue(input.venueId);
      if (!venue || !venue.active) throw new DomainError('VENUE.NOT_FOUND', 'no such venue');
      if (input.capacity > venue.capacity) {
        throw new DomainError('VENUE.OVER_CAPACITY', `the venue seats at most ${venue.capacity}`, { capacity: `这个场地最多容纳${venue.capacity}人` }, { capacity: String(venue.capacity) });
      }
      // The session covers whole slots of the venue: its length rounded up.
      const count = Math.ceil(minutes / venue.slotMinutes);
      const starts = Array.from({ length: count }, (_, i) => start + i * venue!.slotMinutes * MINUTE);
      try {
        ({ date, slots } = resolveRequestedSlots(venue, starts, now));
      } catch (e) {
        // A date the venue's copy says is closed: the same answer as a closed date found in the ledger.
        if (e instanceof DomainError && e.code === 'VENUE.BLACKOUT') throw venueTaken('closed', start);
        throw e;
      }
      end = (slots[slots.length - 1] as GridSlot).end;
    } else {
      if (!input.place) throw new DomainError('INPUT.INVALID', 'place is required without a venue', { place: '请写清上课地点，或选择一个场地' });
      if (start <= now) throw new DomainError('INPUT.INVALID', 'the session must start in the future', { start: '开始时间要晚于现在' });
    }

    const doc: SessionDoc = {
      _id: id,
      courseId: course._id,
      courseTitle: course.title,
      membersOnly: course.membersOnly,
      start: new Date(start),
      end: new Date(end),
      place: venue ? venue.name : (input.place as string),
      address: venue ? venue.address : '',
      venueId: venue?._id ?? null,
      bookingId: venue ? courseBookingId(id) : null,
      capacity: input.capacity,
      state: 'open',
      cancelReason: null,
      by: caller.openid,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    };
    const booking = venue ? courseBooking({ sessionId: id, venue, date, slots, courseTitle: course.title, capacity: input.capacity, now }) : null;

    const scope: Record<string, string> = { courseId: course._id, ...(venue ? { venueId: venue._id, ...(venue.streetId ? { streetId: venue.streetId } : {}) } : {}) };
    /** After a conflict: a slot now held by someone else is the answer; our own committed session is a replay. */
    const settle = async (): Promise<SessionDoc | undefined> => {
      const mine = await this.repo.session(id);
      if (mine) return mine;
      for (const slot of slots) {
        const holder = await this.repo.ledgerEntry(slot.key);
        if (holder && holder.bookingId !== booking?._id) throw venueTaken(reasonOf(holder), slot.start);
      }
      return undefined;
    };
    let saved: SessionDoc;
    try {
      saved = await this.repo.transaction(
        now,
        async (tx) => {
          const existing = await tx.session(id);
          if (existing) return existing;
          if (booking) await tx.bookVenue(booking, slots);
          await tx.addSession(doc);
          await tx.audit({
            actor: caller.openid,
            action: 'course.schedule',
            target: `session:${id}`,
            summary: `《${course.title}》 ${shortDateTime(start)} ${doc.place}，${doc.capacity}座${booking ? `，场地预约 ${booking._id}` : ''}`,
            requestId,
            scope,
          });
          return doc;
        },
        { beforeRetry: settle },
      );
    } catch (e) {
      if (e instanceof SlotHeld) throw venueTaken(reasonOf(e.taken.holder), slots.find((s) => s.key === e.taken.key)?.start ?? start);
      if (dbErrorCode(e) !== 'DATABASE_TRANSACTION_CONFLICT') throw e;
      const settled = await settle();
      if (!settled) throw new DomainError('CONFLICT', 'too much contention, try again');
      saved = settled;
    }
    return this.view(saved);
  }

  /**
   * Cancels a session before its start. The first transaction cancels the session, its venue booking (freeing the
   * slots) and the first CANCEL_BATCH sign-ups with a message each, and writes the audit entry; the remaining sign-ups
   * follow in transactions of CANCEL_BATCH each. Once the session is cancelled nobody can sign up, so the batches only
   * shrink; if a call stops between batches, calling again finishes them (a cancelled session is answered as it is).
   */
  async cancelSession(caller: Caller, input: ParsedInput<'course', 'cancelSession'>, requestId: string): Promise<ActionOutput<'course', 'cancelSession'>> {
    const now = this.clock.now();
    const found = await this.repo.session(input.sessionId);
    if (!found) throw new DomainError('COURSE.SESSION_NOT_FOUND', 'no such session');
    if (found.state !== 'cancelled' && new Date(found.start).getTime() <= now) {
      throw new DomainError('COURSE.SIGNUP_CLOSED', 'the session has started', undefined, { start: toBeijingIso(new Date(found.start).getTime()) });
    }
    await this.cancelInBatches(found, { reason: input.reason, actor: caller.openid, requestId }, now, found.state !== 'cancelled');
    return this.view((await this.repo.session(found._id)) as SessionDoc);
  }

  /**
   * Timer step: a sign-up that committed just after its session was cancelled (it began before the cancellation and
   * did not see it) is ended here with the same message, so nobody holds a place in a cancelled session for long.
   */
  async tick(): Promise<{ stragglersEnded: number }> {
    const now = this.clock.now();
    let ended = 0;
    for (const found of await this.repo.cancelledSince(new Date(now - STRAGGLER_WINDOW_MS))) {
      const live = await this.repo.liveSignups(found._id, CANCEL_BATCH);
      if (live.length === 0) continue;
      ended += await this.cancelInBatches(found, { reason: found.cancelReason ?? '组织者取消', actor: 'system', requestId: `course.tick:${now}` }, now, false);
    }
    return { stragglersEnded: ended };
  }

  /**
   * The first batch (when `first`) cancels the session, its venue booking and writes the audit entry; every batch ends
   * up to CANCEL_BATCH live sign-ups with a message each. Returns how many sign-ups were ended.
   */
  private async cancelInBatches(found: SessionDoc, by: { reason: string; actor: string; requestId: string }, now: number, startFirst: boolean): Promise<number> {
    const when = shortDateTime(new Date(found.start).getTime());
    let ended = 0;
    for (let first = startFirst; ; first = false) {
      const batch = await this.repo.liveSignups(found._id, CANCEL_BATCH);
      if (!first && batch.length === 0) break;
      await this.repo.transaction(now, async (tx) => {
        const session = await tx.session(found._id);
        if (!session) throw new DomainError('COURSE.SESSION_NOT_FOUND', 'no such session');
        if (first && session.state !== 'cancelled') {
          if (new Date(session.start).getTime() <= now) throw new DomainError('COURSE.SIGNUP_CLOSED', 'the session has started');
          await tx.updateSession(session._id, { state: 'cancelled', cancelReason: by.reason });
          const booking = session.bookingId ? await tx.booking(session.bookingId) : null;
          if (booking && booking.state === 'confirmed') await tx.cancelBooking(booking);
          await tx.audit({
            actor: by.actor,
            action: 'course.cancelSession',
            target: `session:${session._id}`,
            summary: `open → cancelled: ${by.reason}`,
            requestId: by.requestId,
            scope: { courseId: session.courseId, ...(session.venueId ? { venueId: session.venueId } : {}) },
          });
        }
        for (const s of batch) {
          const cur = await tx.signup(s._id);
          if (!cur || (cur.state !== 'enrolled' && cur.state !== 'waitlisted')) continue;
          await tx.cancelSignup(cur);
          ended += 1;
          await tx.notify({
            openid: cur.openid,
            kind: 'course_session_cancelled',
            title: '课程已取消',
            body: `您报名的《${session.courseTitle}》（${when}，${session.place}）已取消：${by.reason}。给您带来不便，请谅解。`,
            sessionId: session._id,
            courseId: session.courseId,
          });
        }
      });
    }
    return ended;
  }
}
