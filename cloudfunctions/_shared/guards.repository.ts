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
}

export type Claim = { kind: 'mine' } | { kind: 'replay'; response: Envelope<unknown> } | { kind: 'mismatch' } | { kind: 'running' };

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

  /** Claims a requestId for this call, or reports what an earlier call with it did. */
  async claim(key: string, inputHash: string, now: Date, expiresAt: Date): Promise<Claim> {
    const doc: ClaimDoc = { _id: key, inputHash, state: 'running', response: null, createdAt: now, expiresAt };
    try {
      await this.db().collection(Collections.idempotencyKeys).add(doc);
      return { kind: 'mine' };
    } catch (e) {
      if (dbErrorCode(e) !== 'DATABASE_DUPLICATE_WRITE') throw e;
    }
    const prior = await getDoc<ClaimDoc>(this.db(), Collections.idempotencyKeys, key);
    if (!prior) return this.claim(key, inputHash, now, expiresAt);
    if (prior.inputHash !== inputHash) return { kind: 'mismatch' };
    if (prior.state === 'done' && prior.response) return { kind: 'replay', response: prior.response };
    return { kind: 'running' };
  }

  async complete(key: string, response: Envelope<unknown>): Promise<void> {
    await this.db().collection(Collections.idempotencyKeys).doc(key).update({ state: 'done', response });
  }

  /** Gives a requestId back after an unexpected failure, so the client's retry runs again. */
  async release(key: string): Promise<void> {
    await this.db().collection(Collections.idempotencyKeys).doc(key).remove();
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
