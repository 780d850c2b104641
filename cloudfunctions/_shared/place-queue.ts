import type { Database } from './db';
import { dbErrorCode } from './db';
import { accountErasing } from './erasure';
import { DomainError } from './errors';
import { enqueueNotification } from './notifications';
import { claimPlace, freeSeatNumbers, seatIdOf } from './seats';
import { getDoc, type Transaction } from './tx';

/** Transactions one sign-up may run (each a committed read and one try) before it gives up with an error. */
export const PLACE_ATTEMPTS = 1000;
/** At most this many queued sign-ups of one owner are placed in one transaction (group commit). */
export const PLACE_BATCH = 50;
/** How long this instance trusts its own "it is full" (it only ever sends people who wait to the waitlist). */
const FULL_MEMORY_MS = 2_000;
const MAX = 1000;

export const ticketIdOf = (ownerId: string, n: number): string => `${ownerId}:ticket:${n}`;
export const signupIdOf = (ownerId: string, openid: string): string => `${ownerId}:${openid}`;

/** What owns places: a course session, an activity. */
export interface PlaceOwner {
  _id: string;
  capacity: number;
}

/** A person's one sign-up document of an owner (`_id` = `<ownerId>:<openid>`); the placed state is the slice's own name. */
export interface PlaceSignup {
  _id: string;
  openid: string;
  state: string;
  seat: number | null;
  ticket: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A seat `<ownerId>:seat:<n>` or a waitlist ticket `<ownerId>:ticket:<n>` (plus the owner field, e.g. sessionId). */
export interface PlaceDoc {
  _id: string;
  kind: 'seat' | 'ticket';
  n: number;
  openid: string;
  /** Tickets: 'waiting' until promoted or given up (a ticket is never reused). */
  state?: 'waiting' | 'done';
  at: Date;
}

export type PlaceCounts = { taken: number; waiting: number };
/** A message the engine writes in the transaction that placed, waitlisted or promoted someone (the openid is added). */
export type PlaceMessage = Omit<Parameters<typeof enqueueNotification>[1], 'openid'>;

/** What a slice tells the engine about its places. */
export interface PlaceQueueAdapter<O extends PlaceOwner, S extends PlaceSignup> {
  db: () => Database;
  /** Collections: the owners, their places (seats and tickets) and the sign-ups. */
  owners: string;
  places: string;
  signups: string;
  /** The owner's id field on places and sign-ups (`sessionId`, `activityId`). */
  ownerField: string;
  /** The state of a sign-up holding a seat (`enrolled`, `confirmed`); waiting is `waitlisted`, given up `cancelled`. */
  placed: string;
  /** Runs one transaction (the slice's repository: a place for instrumentation). */
  transaction<T>(now: number, work: (tx: Transaction) => Promise<T>, options: { attempts?: number }): Promise<T>;
  /** Throws the slice's refusal when the owner, as this transaction reads it, takes no sign-ups any more. */
  assertOpen(owner: O | null, now: number): void;
  /** Whether free seats of the owner still go to the people waiting (open, not started). */
  promotable(owner: O, now: number): boolean;
  /** The person's new sign-up (placed state, no seat, no ticket); `prior` is their cancelled one, if any. */
  newSignup(owner: O, openid: string, now: number, prior: S | null): S;
  message(kind: 'placed' | 'waitlisted' | 'promoted', owner: O): PlaceMessage;
  /** The refusal of someone who would not wait when every place is taken (slices where everyone waits have none). */
  full?: () => DomainError;
  /** Owners still to start that may have people waiting (the timer's candidates). */
  upcomingIds(now: number): Promise<string[]>;
  /** Called in the transaction after each write of a sign-up, with the sign-up as it was (the dashboard's rollups). */
  signupWritten?(tx: Transaction, before: S | null, after: S): Promise<void>;
}

/** A place taken, with the waitlist position and the owner's counts when the batch worked them out for everyone. */
export interface Placed<S> {
  signup: S;
  position?: number;
  counts?: PlaceCounts;
}

/** One try at a place: the place (new or already held), or 'retry' (someone else got that number: read again). */
type Try<S> = { signup: S } | 'retry';
/** A batch's outcome per person (by openid): the place, or the refusal decided for that person alone. */
type BatchOutcome<S> = Map<string, S | DomainError>;
/** A sign-up waiting in this instance's queue of its owner: answered with its place or its own refusal. */
interface Waiter<S> {
  openid: string;
  wait: boolean;
  resolve: (p: Placed<S>) => void;
  reject: (e: unknown) => void;
}

/** The waiting person a cancellation meant to promote is no longer first (read again). */
class StaleCandidate extends Error {}
/** Another transaction holds (or has just committed) the ticket number tried: try again from that number. */
class TicketBusy extends Error {
  constructor(readonly n: number) {
    super(`ticket ${n} is being taken`);
  }
}

const pause = (max: number): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * max));
const accountDeleting = (): DomainError => new DomainError('ACCOUNT.DELETING', 'the account is being deleted');

/** Seats taken and people waiting per owner, from a places collection (one aggregate). */
export async function placeCounts(db: Database, places: string, ownerField: string, ownerIds: string[]): Promise<Map<string, PlaceCounts>> {
  const out = new Map(ownerIds.map((id) => [id, { taken: 0, waiting: 0 }]));
  if (ownerIds.length === 0) return out;
  const res = (await db
    .collection(places)
    .aggregate()
    .match({ [ownerField]: db.command.in(ownerIds) })
    .group({ _id: { owner: `$${ownerField}`, kind: '$kind', state: '$state' }, n: { $sum: 1 } })
    .limit(MAX)
    .end()) as { data?: Array<{ _id: { owner: string; kind: string; state?: string | null }; n: number }> };
  for (const r of res.data ?? []) {
    const c = out.get(r._id.owner);
    if (!c) continue;
    // Any other kind (an activity's closed seat numbers) is nobody's place.
    if (r._id.kind === 'seat') c.taken += r.n;
    else if (r._id.kind === 'ticket' && r._id.state === 'waiting') c.waiting += r.n;
  }
  return out;
}

/**
 * THE place engine (course sessions and activities): seats and the waitlist, cancellation with promotion.
 *
 * Capacity is held by the database: a seat is `<places>/<ownerId>:seat:<n>` (n = 1…capacity), created with `add` in
 * the same transaction as the person's one sign-up document, so no seat has two holders and none exists beyond the
 * capacity. When every seat is held (or the free ones belong to people already waiting), a person who waits takes the
 * next waitlist ticket `<ownerId>:ticket:<n>`: numbers probed upward from the highest known one, each claimed by `add`
 * (the database refuses a number twice), the ticket written last in its transaction so that a ticket is never rolled
 * back after a later number was taken — tickets are gap-free, in the order the database accepted them. A person's
 * position is 1 + the waiting tickets below theirs. Someone who would not wait gets the slice's refusal, nothing
 * written.
 *
 * Group commit: within one instance the sign-ups of one owner queue up (arrival order at this instance) while a
 * transaction of that owner runs; the next transaction takes up to PLACE_BATCH of them. While seats are free for
 * newcomers they are seated one per transaction (first in the queue first); once it is full, one transaction writes
 * every queued person's sign-up and message and then claims their tickets, consecutive numbers in queue order, last.
 * Each person is decided on their own inside it (a place already held is their answer, an account being deleted or
 * someone who would not wait refuses only them), so one refusal does not fail the others. Two instances collide at
 * most once per batch.
 */
export class PlaceQueue<O extends PlaceOwner, S extends PlaceSignup> {
  /** Per owner: the sign-ups of this instance waiting for the running transaction (present while one drains). */
  private readonly queues = new Map<string, Array<Waiter<S>>>();
  /** Per owner: the highest ticket number this instance knows is committed (tickets are never removed). */
  private readonly highest = new Map<string, number>();
  /** Per owner: when this instance last saw it full (real time). */
  private readonly fullSeen = new Map<string, number>();

  constructor(
    private readonly a: PlaceQueueAdapter<O, S>,
    private readonly now: () => number,
  ) {}

  // ------------------------------------------------------------------ reads (committed)

  private where(ownerId: string, more: object): object {
    return { [this.a.ownerField]: ownerId, ...more };
  }

  signup(ownerId: string, openid: string): Promise<S | null> {
    return getDoc<S>(this.a.db(), this.a.signups, signupIdOf(ownerId, openid));
  }

  counts(ownerIds: string[]): Promise<Map<string, PlaceCounts>> {
    return placeCounts(this.a.db(), this.a.places, this.a.ownerField, ownerIds);
  }

  /** The committed seat numbers of an owner (at most its capacity). */
  async seatNumbers(ownerId: string): Promise<number[]> {
    const res = await this.a.db().collection(this.a.places).where(this.where(ownerId, { kind: 'seat' })).field({ n: true }).limit(MAX).get();
    return (res.data as Array<{ n: number }>).map((p) => p.n);
  }

  /** The highest ticket number of an owner (0 when none): tickets are never removed, so this only grows. */
  async highestTicket(ownerId: string): Promise<number> {
    const res = await this.a.db().collection(this.a.places).where(this.where(ownerId, { kind: 'ticket' })).orderBy('n', 'desc').field({ n: true }).limit(1).get();
    return (res.data as Array<{ n: number }>)[0]?.n ?? 0;
  }

  /** The first `limit` waiting tickets, lowest number (earliest arrival) first. */
  async waitingTickets(ownerId: string, limit: number): Promise<PlaceDoc[]> {
    const res = await this.a.db().collection(this.a.places).where(this.where(ownerId, { kind: 'ticket', state: 'waiting' })).orderBy('n', 'asc').limit(limit).get();
    return res.data as PlaceDoc[];
  }

  /** Waiting tickets numbered below `n` (all of them when `n` is omitted). */
  async waitingBelow(ownerId: string, n = Number.MAX_SAFE_INTEGER): Promise<number> {
    const db = this.a.db();
    const res = (await db.collection(this.a.places).where(this.where(ownerId, { kind: 'ticket', state: 'waiting', n: db.command.lt(n) })).count()) as { total?: number };
    return res.total ?? 0;
  }

  /** 1-based place in the waitlist: one more than the waiting tickets below the person's. */
  async positionOf(ownerId: string, s: S): Promise<number> {
    return 1 + (await this.waitingBelow(ownerId, s.ticket ?? 0));
  }

  // ------------------------------------------------------------------ sign-up

  /**
   * A place for the person (after the slice's own checks): the place they hold already, a seat, a ticket when they
   * `wait`, or the slice's refusal. A new first in line with a seat free (freed while nobody waited) is seated at once.
   */
  async take(owner: O, openid: string, wait: boolean): Promise<Placed<S>> {
    if (!wait && !this.a.full) throw new Error('this slice has no refusal for someone who will not wait');
    const held = await this.signup(owner._id, openid);
    if (held && held.state !== 'cancelled') return { signup: held };
    const placed = await this.enqueue(owner, openid, wait);
    if (placed.signup.state !== 'waitlisted') return { signup: placed.signup };
    const position = placed.position ?? (await this.positionOf(owner._id, placed.signup));
    if (position === 1 && (await this.promote(owner._id)) > 0) return { signup: (await this.signup(owner._id, openid)) ?? placed.signup };
    return { ...placed, position };
  }

  /** Joins this instance's queue of the owner; the first to arrive with no queue running starts draining it. */
  private enqueue(owner: O, openid: string, wait: boolean): Promise<Placed<S>> {
    return new Promise((resolve, reject) => {
      const queued = this.queues.get(owner._id);
      if (queued) {
        queued.push({ openid, wait, resolve, reject });
        return;
      }
      const q: Array<Waiter<S>> = [{ openid, wait, resolve, reject }];
      this.queues.set(owner._id, q);
      void this.drain(owner, q);
    });
  }

  /** Places the queue batch by batch (everyone who arrived while a transaction ran goes into the next one). */
  private async drain(owner: O, q: Array<Waiter<S>>): Promise<void> {
    try {
      while (q.length > 0) {
        const batch = q.splice(0, PLACE_BATCH);
        try {
          await this.takePlaces(owner, batch);
        } catch (e) {
          for (const w of batch) w.reject(e); // settled ones stay settled
        }
      }
    } finally {
      this.queues.delete(owner._id);
    }
  }

  /**
   * One batch: a seat for the first in the queue while seats are free for newcomers, else tickets (or refusals) for all.
   * After a lost try the owner is read again: its capacity may have shrunk (the numbers above it are then held by the
   * slice, so trying them again would never succeed).
   */
  private async takePlaces(first: O, batch: Array<Waiter<S>>): Promise<void> {
    let owner = first;
    const reread = async (): Promise<void> => {
      owner = (await getDoc<O>(this.a.db(), this.a.owners, first._id)) ?? owner;
    };
    let left = batch;
    for (let attempt = 0, failures = 0; left.length > 0; attempt++) {
      if (attempt >= PLACE_ATTEMPTS) throw new Error(`no place settled in ${owner._id} after ${PLACE_ATTEMPTS} attempts`);
      const now = this.now();
      // Memory of "full" only sends people to the waitlist: someone who would not wait is refused on a fresh read.
      const free = await this.freeForNewcomers(owner, left.every((w) => w.wait));
      if (free.length > 0) {
        const openid = (left[0] as Waiter<S>).openid;
        // Everyone of the batch with this openid gets the same answer (one place per person).
        const same = left.filter((w) => w.openid === openid);
        try {
          const outcome = await this.trySeat(owner, openid, free[Math.floor(Math.random() * free.length)] as number, now);
          if (outcome === 'retry') {
            if (failures++ > 0) await pause(Math.min(20, 1 + failures));
            await reread();
            continue;
          }
          for (const w of same) w.resolve({ signup: outcome.signup });
        } catch (e) {
          for (const w of same) w.reject(e);
        }
        left = left.filter((w) => w.openid !== openid);
        failures = 0;
        continue;
      }
      const people = new Map<string, boolean>();
      for (const w of left) people.set(w.openid, (people.get(w.openid) ?? false) || w.wait);
      const outcome = await this.tryTickets(owner, people, now);
      if (outcome === 'busy') {
        await pause(Math.min(20, 2 + failures++));
        continue;
      }
      if (outcome === 'retry') {
        if (failures++ > 0) await pause(Math.min(20, 1 + failures));
        continue;
      }
      // The answers' positions and counts are read once for the batch, while the next batch already runs.
      void this.answerBatch(owner, left, outcome);
      return;
    }
  }

  /**
   * Answers a ticketed batch: when the new tickets are consecutive (no other instance's number among them), the
   * positions are one count for all (the first one's, then one more each) and the owner's counts one query;
   * otherwise each caller reads their own.
   */
  private async answerBatch(owner: O, waiters: Array<Waiter<S>>, outcome: BatchOutcome<S>): Promise<void> {
    const fresh = new Set<number>();
    for (const r of outcome.values()) if (!(r instanceof DomainError) && r.state === 'waitlisted' && r.ticket !== null) fresh.add(r.ticket);
    const tickets = [...fresh].sort((a, b) => a - b);
    const first = tickets[0];
    let shared: { base: number; counts: PlaceCounts | undefined } | null = null;
    if (first !== undefined && tickets.length > 1 && tickets[tickets.length - 1] === first + tickets.length - 1) {
      try {
        const [below, counts] = await Promise.all([this.waitingBelow(owner._id, first), this.counts([owner._id])]);
        shared = { base: 1 + below - first, counts: counts.get(owner._id) };
      } catch {
        shared = null;
      }
    }
    for (const w of waiters) {
      const r = outcome.get(w.openid);
      if (r instanceof DomainError) w.reject(r);
      else if (!r) w.reject(new Error(`no outcome for ${w.openid}`));
      else if (shared && r.state === 'waitlisted' && r.ticket !== null && fresh.has(r.ticket)) w.resolve({ signup: r, position: shared.base + r.ticket, counts: shared.counts });
      else w.resolve({ signup: r });
    }
  }

  /** Seats a newcomer may take: free seats beyond the people already waiting (those are theirs). Committed reads. */
  private async freeForNewcomers(owner: O, trustMemory: boolean): Promise<number[]> {
    const seen = this.fullSeen.get(owner._id);
    if (trustMemory && seen !== undefined && Date.now() - seen < FULL_MEMORY_MS) return [];
    const [seats, waiting] = await Promise.all([this.seatNumbers(owner._id), this.waitingBelow(owner._id)]);
    const free = freeSeatNumbers(owner.capacity, seats);
    if (free.length <= waiting) {
      if (this.fullSeen.size > 5_000) this.fullSeen.clear();
      this.fullSeen.set(owner._id, Date.now());
      return [];
    }
    return free;
  }

  /** A committed place of the person (a parallel call of theirs may have placed them), or 'retry'. */
  private async settle(owner: O, openid: string): Promise<Try<S>> {
    const s = await this.signup(owner._id, openid);
    return s && s.state !== 'cancelled' ? { signup: s } : 'retry';
  }

  private async readOwner(tx: Transaction, id: string): Promise<O | null> {
    return getDoc<O>(tx, this.a.owners, id);
  }

  private async putSignup(tx: Transaction, doc: S): Promise<void> {
    const { _id, ...rest } = doc;
    const before = this.a.signupWritten ? await getDoc<S>(tx, this.a.signups, _id) : null;
    await tx.collection(this.a.signups).doc(_id).set(rest);
    await this.a.signupWritten?.(tx, before, doc);
  }

  private claim(tx: Transaction, ownerId: string, place: Omit<PlaceDoc, '_id'> & { _id?: string }): Promise<'held' | 'taken'> {
    const _id = place.kind === 'seat' ? seatIdOf(ownerId, place.n) : ticketIdOf(ownerId, place.n);
    return claimPlace(tx, this.a.places, { ...place, _id, [this.a.ownerField]: ownerId });
  }

  private async closeTicket(tx: Transaction, id: string): Promise<void> {
    await tx.collection(this.a.places).doc(id).update({ state: 'done' });
  }

  private notify(tx: Transaction, openid: string, kind: 'placed' | 'waitlisted' | 'promoted', owner: O, now: number): Promise<void> {
    return enqueueNotification(tx, { ...this.a.message(kind, owner), openid }, now);
  }

  /** One transaction: seat `n` (refused by the database if held) and the sign-up, with the message. */
  private async trySeat(owner: O, openid: string, n: number, now: number): Promise<Try<S>> {
    try {
      return await this.a.transaction<Try<S>>(
        now,
        async (tx) => {
          const cur = await getDoc<S>(tx, this.a.signups, signupIdOf(owner._id, openid));
          if (cur && cur.state !== 'cancelled') return { signup: cur };
          if (await accountErasing(tx, openid)) throw accountDeleting();
          this.a.assertOpen(await this.readOwner(tx, owner._id), now);
          if ((await this.claim(tx, owner._id, { kind: 'seat', n, openid, at: new Date(now) })) === 'taken') return 'retry';
          const doc: S = { ...this.a.newSignup(owner, openid, now, cur), state: this.a.placed, seat: n };
          await this.putSignup(tx, doc);
          await this.notify(tx, openid, 'placed', owner, now);
          return { signup: doc };
        },
        { attempts: 1 },
      );
    } catch (e) {
      if (dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') return this.settle(owner, openid);
      throw e;
    }
  }

  /**
   * One transaction for the people queued (in queue order, with whether they wait): each one's sign-up and message
   * first (someone already holding a place is answered with it, someone leaving their account or not waiting is
   * refused alone), then the next free ticket numbers, one per person in order, claimed last — a conflict (another
   * instance holds or just committed a number) rolls everything back before any ticket is ours, so held tickets always
   * commit together and numbers stay gap-free.
   */
  private async tryTickets(owner: O, people: Map<string, boolean>, now: number): Promise<BatchOutcome<S> | 'retry' | 'busy'> {
    const known = this.highest.get(owner._id);
    let n = (known === undefined ? await this.highestTicket(owner._id) : known) + 1;
    try {
      const out = await this.a.transaction<BatchOutcome<S>>(
        now,
        async (tx) => {
          const outcome: BatchOutcome<S> = new Map();
          const toPlace: S[] = [];
          let refused = false;
          for (const [openid, wait] of people) {
            const cur = await getDoc<S>(tx, this.a.signups, signupIdOf(owner._id, openid));
            if (cur && cur.state !== 'cancelled') outcome.set(openid, cur);
            else if (await accountErasing(tx, openid)) outcome.set(openid, accountDeleting());
            else if (!wait) {
              outcome.set(openid, this.a.full!());
              refused = true;
            } else toPlace.push({ ...this.a.newSignup(owner, openid, now, cur), state: 'waitlisted' });
          }
          if (toPlace.length === 0 && !refused) return outcome;
          this.a.assertOpen(await this.readOwner(tx, owner._id), now);
          if (toPlace.length === 0) return outcome;
          for (const doc of toPlace) {
            await this.putSignup(tx, doc);
            await this.notify(tx, doc.openid, 'waitlisted', owner, now);
          }
          const tickets: number[] = [];
          for (const doc of toPlace) {
            for (;;) {
              const claimed = await this.claim(tx, owner._id, { kind: 'ticket', n, openid: doc.openid, state: 'waiting', at: new Date(now) }).catch((e: unknown) => {
                if (dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') throw new TicketBusy(n);
                throw e;
              });
              if (claimed === 'held') break;
              // Committed before this transaction began: known taken, whatever happens next.
              this.remember(owner._id, n);
              n += 1;
            }
            tickets.push(n);
            n += 1;
          }
          // Rewrites of documents this transaction already holds: they cannot conflict any more.
          for (const [i, doc] of toPlace.entries()) {
            const placed: S = { ...doc, ticket: tickets[i] as number };
            await this.putSignup(tx, placed);
            outcome.set(doc.openid, placed);
          }
          return outcome;
        },
        { attempts: 1 },
      );
      for (const r of out.values()) if (!(r instanceof DomainError) && r.ticket !== null) this.remember(owner._id, r.ticket);
      return out;
    } catch (e) {
      // A number is another transaction's (in flight, or committed after this one began): read the committed highest
      // number again and start from there (numbers this batch held were rolled back with it and are free again).
      if (e instanceof TicketBusy) {
        this.remember(owner._id, await this.highestTicket(owner._id));
        return 'busy';
      }
      if (dbErrorCode(e) === 'DATABASE_TRANSACTION_CONFLICT') return 'retry';
      throw e;
    }
  }

  private remember(ownerId: string, n: number): void {
    if (this.highest.size > 5_000) this.highest.clear();
    if ((this.highest.get(ownerId) ?? 0) < n) this.highest.set(ownerId, n);
  }

  // ------------------------------------------------------------------ giving up a place, promotion

  /**
   * The person gives up their place (`verify` checks the sign-up, committed and again in the transaction, and throws the
   * slice's refusals). A seat given up while `open` goes, in the same transaction, to the first in line (with a
   * message); left free, the next in line gets it after. Returns whether someone was promoted in the transaction.
   */
  async leave(owner: O, openid: string, open: boolean, verify: (s: S | null) => S): Promise<{ promoted: boolean; was: S }> {
    const now = this.now();
    const id = signupIdOf(owner._id, openid);
    let held = verify(await this.signup(owner._id, openid));
    for (let round = 0; ; round++) {
      // Position 1, read committed: tickets only ever join behind it, so it stays first unless it leaves (checked below).
      const first = held.state === this.a.placed && open ? (await this.waitingTickets(owner._id, 1))[0] : undefined;
      try {
        const done = await this.a.transaction(
          now,
          async (tx) => {
            const cur = verify(await getDoc<S>(tx, this.a.signups, id));
            let passed = false;
            if (cur.state === 'waitlisted') {
              if (cur.ticket !== null) await this.closeTicket(tx, ticketIdOf(owner._id, cur.ticket));
            } else if (cur.seat !== null) {
              const seat = seatIdOf(owner._id, cur.seat);
              passed = first ? await this.passOn(tx, owner, seat, cur.seat, first._id, now) : false;
              if (!passed) await tx.collection(this.a.places).doc(seat).remove();
            }
            await this.putSignup(tx, { ...cur, state: 'cancelled', seat: null, ticket: null, updatedAt: new Date(now) });
            return { promoted: passed, was: cur };
          },
          {},
        );
        // A seat left free (no one waiting, or the first in line is leaving their account): the next in line gets it.
        if (!done.promoted && held.state === this.a.placed && open) await this.promote(owner._id).catch(() => 0);
        return done;
      } catch (e) {
        if (!(e instanceof StaleCandidate) || round >= 20) throw e;
        held = verify(await this.signup(owner._id, openid));
      }
    }
  }

  /**
   * Inside a cancellation's transaction: seat `seatId` (number `n`) goes to the holder of waiting ticket `ticketId`, who
   * gets a message. False when they are leaving their account (the seat is then freed and the promotion goes on).
   */
  private async passOn(tx: Transaction, owner: O, seatId: string, n: number, ticketId: string, now: number): Promise<boolean> {
    const ticket = await getDoc<PlaceDoc>(tx, this.a.places, ticketId);
    if (!ticket || ticket.state !== 'waiting') throw new StaleCandidate();
    const next = await getDoc<S>(tx, this.a.signups, signupIdOf(owner._id, ticket.openid));
    if (!next || next.state !== 'waitlisted' || (await accountErasing(tx, ticket.openid))) return false;
    await tx.collection(this.a.places).doc(seatId).update({ openid: ticket.openid, at: new Date(now) });
    await this.seat(tx, owner, next, ticketId, n, now);
    return true;
  }

  /** The waiting person `next` takes seat `n`: their ticket is done, their sign-up placed, and they are told. */
  private async seat(tx: Transaction, owner: O, next: S, ticketId: string, n: number, now: number): Promise<void> {
    await this.closeTicket(tx, ticketId);
    await this.putSignup(tx, { ...next, state: this.a.placed, seat: n, ticket: null, updatedAt: new Date(now) });
    await this.notify(tx, next.openid, 'promoted', owner, now);
  }

  /** Gives free seats of an upcoming owner to the people waiting, first in line first. Returns how many were seated. */
  async promote(ownerId: string): Promise<number> {
    let promoted = 0;
    for (let round = 0; round < 1000; round++) {
      const now = this.now();
      const owner = await getDoc<O>(this.a.db(), this.a.owners, ownerId);
      if (!owner || !this.a.promotable(owner, now)) return promoted;
      const [seats, next] = await Promise.all([this.seatNumbers(ownerId), this.waitingTickets(ownerId, 1)]);
      const n = freeSeatNumbers(owner.capacity, seats)[0];
      const first = next[0];
      if (n === undefined || !first) return promoted;
      let outcome: 'promoted' | 'gone' | 'taken';
      try {
        outcome = await this.a.transaction(
          now,
          async (tx) => {
            const ticket = await getDoc<PlaceDoc>(tx, this.a.places, first._id);
            if (!ticket || ticket.state !== 'waiting') return 'gone' as const;
            const cur = await getDoc<S>(tx, this.a.signups, signupIdOf(ownerId, ticket.openid));
            if (!cur || cur.state !== 'waitlisted' || (await accountErasing(tx, ticket.openid))) {
              // Not waiting any more (or leaving their account): the ticket is given up, the next one is first.
              await this.closeTicket(tx, ticket._id);
              if (cur && cur.state === 'waitlisted') await this.putSignup(tx, { ...cur, state: 'cancelled', ticket: null, updatedAt: new Date(now) });
              return 'gone' as const;
            }
            if ((await this.claim(tx, ownerId, { kind: 'seat', n, openid: ticket.openid, at: new Date(now) })) === 'taken') return 'taken' as const;
            await this.seat(tx, owner, cur, ticket._id, n, now);
            return 'promoted' as const;
          },
          { attempts: 3 },
        );
      } catch (e) {
        if (dbErrorCode(e) !== 'DATABASE_TRANSACTION_CONFLICT') throw e;
        outcome = 'taken';
      }
      if (outcome === 'promoted') promoted += 1;
      else if (outcome === 'taken') await pause(20);
    }
    return promoted;
  }

  /** Owners still to start with someone waiting (the timer's work list), in the order `upcomingIds` gives. */
  async idsWithWaiting(now: number): Promise<string[]> {
    const db = this.a.db();
    const ids = await this.a.upcomingIds(now);
    const waiting = new Set<string>();
    for (let i = 0; i < ids.length; i += 100) {
      const res = (await db
        .collection(this.a.places)
        .aggregate()
        .match({ kind: 'ticket', state: 'waiting', [this.a.ownerField]: db.command.in(ids.slice(i, i + 100)) })
        .group({ _id: `$${this.a.ownerField}` })
        .limit(MAX)
        .end()) as { data?: Array<{ _id: string }> };
      for (const r of res.data ?? []) waiting.add(r._id);
    }
    return ids.filter((id) => waiting.has(id));
  }

  /** Timer: seats waiting people wherever an upcoming owner has a seat free (heals a crash between cancel and promotion). */
  async tick(): Promise<{ withWaiting: number; promoted: number }> {
    const ids = await this.idsWithWaiting(this.now());
    let promoted = 0;
    for (const id of ids) promoted += await this.promote(id);
    return { withWaiting: ids.length, promoted };
  }
}
