import { randomUUID } from 'node:crypto';
import type { Envelope } from '../../types';
import { Collections } from './collections';
import { type Database, dbErrorCode } from './db';
import { getDoc } from './tx';

interface ClaimDoc {
  _id: string;
  inputHash: string;
  state: 'running' | 'done';
  response: Envelope<unknown> | null;
  createdAt: Date;
  expiresAt: Date;
  /** Who holds a running claim: a token per claim, so only its holder completes or releases it. */
  owner?: string;
  /** Until when a running claim is its owner's; after it, a retry may take the claim over (the owner is presumed dead). */
  leaseUntil?: Date;
}

export type Claim =
  | { kind: 'mine'; owner: string; takenOver: boolean }
  | { kind: 'replay'; response: Envelope<unknown> }
  | { kind: 'mismatch' }
  | { kind: 'running' };

/** Rate-limit counters and idempotency records: the runtime's guards, kept in the database so every instance shares them. */
export class GuardsRepository {
  constructor(private readonly db: () => Database) {}

  /** Counts one call in this minute's window; false when the window is already full. */
  async consume(id: string, limit: number, expiresAt: Date): Promise<boolean> {
    const db = this.db();
    const _ = db.command;
    const counters = db.collection(Collections.rateLimits);
    const bump = async (): Promise<boolean> => {
      const res = (await counters.where({ _id: id, count: _.lt(limit) }).update({ count: _.inc(1) })) as { updated?: number };
      return res.updated === 1;
    };
    // Most people make one call a minute: creating the window's counter is then the only round trip.
    try {
      await counters.add({ _id: id, count: 1, expiresAt });
      return true;
    } catch (e) {
      if (dbErrorCode(e) !== 'DATABASE_DUPLICATE_WRITE') throw e;
      return bump();
    }
  }

  /**
   * Claims a requestId for this call, or reports what an earlier call with it did. A claim left running past its lease
   * (its call crashed or was killed) is taken over with a conditional update on its owner token, so of many concurrent
   * retries exactly one wins; the others see it running.
   */
  async claim(key: string, inputHash: string, now: Date, expiresAt: Date, leaseUntil: Date): Promise<Claim> {
    const owner = randomUUID();
    const doc: ClaimDoc = { _id: key, inputHash, state: 'running', response: null, createdAt: now, expiresAt, owner, leaseUntil };
    const claims = this.db().collection(Collections.idempotencyKeys);
    try {
      await claims.add(doc);
      return { kind: 'mine', owner, takenOver: false };
    } catch (e) {
      if (dbErrorCode(e) !== 'DATABASE_DUPLICATE_WRITE') throw e;
    }
    const prior = await getDoc<ClaimDoc>(this.db(), Collections.idempotencyKeys, key);
    if (!prior) return this.claim(key, inputHash, now, expiresAt, leaseUntil);
    if (prior.inputHash !== inputHash) return { kind: 'mismatch' };
    if (prior.state === 'done' && prior.response) return { kind: 'replay', response: prior.response };
    // Claims written before leases existed have none: their lease is as long as this one, from their creation.
    const priorLease = prior.leaseUntil ? new Date(prior.leaseUntil).getTime() : new Date(prior.createdAt).getTime() + (leaseUntil.getTime() - now.getTime());
    if (priorLease > now.getTime()) return { kind: 'running' };
    const _ = this.db().command;
    const res = (await claims
      .where({ _id: key, state: 'running', owner: prior.owner ?? _.exists(false) })
      .update({ owner, leaseUntil, expiresAt })) as { updated?: number };
    return res.updated === 1 ? { kind: 'mine', owner, takenOver: true } : { kind: 'running' };
  }

  /** Stores the response of a claim's call; false (and nothing changes) when the claim is no longer `owner`'s. */
  async complete(key: string, owner: string, response: Envelope<unknown>): Promise<boolean> {
    const res = (await this.db().collection(Collections.idempotencyKeys).where({ _id: key, owner, state: 'running' }).update({ state: 'done', response })) as { updated?: number };
    return res.updated === 1;
  }

  /** Gives a requestId back after an unexpected failure, so the client's retry runs again — only if it is still `owner`'s. */
  async release(key: string, owner: string): Promise<boolean> {
    const res = (await this.db().collection(Collections.idempotencyKeys).where({ _id: key, owner, state: 'running' }).remove()) as { deleted?: number };
    return res.deleted === 1;
  }

  /** Deletes expired counters and idempotency records (timer housekeeping). */
  async purgeExpired(now: Date): Promise<number> {
    const db = this.db();
    const _ = db.command;
    let deleted = 0;
    for (const coll of [Collections.rateLimits, Collections.idempotencyKeys]) {
      const res = (await db.collection(coll).where({ expiresAt: _.lt(now) }).remove()) as { deleted?: number };
      deleted += res.deleted ?? 0;
    }
    return deleted;
  }
}
