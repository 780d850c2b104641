/**
 * Conformance of the local database with CloudBase's documented semantics, driven through the real
 * @cloudbase/node-sdk. The same suite runs against a real CloudBase env when TCB_ENV_ID, TCB_SECRET_ID and
 * TCB_SECRET_KEY are set (it then works in a fresh collection per run).
 */
import tcb from '@cloudbase/node-sdk';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

type Db = ReturnType<ReturnType<typeof tcb.init>['database']>;
type Tx = Awaited<ReturnType<Db['startTransaction']>>;

const realEnv = process.env.TCB_ENV_ID && process.env.TCB_SECRET_ID && process.env.TCB_SECRET_KEY;
const targets: Array<'local' | 'cloudbase'> = realEnv ? ['local', 'cloudbase'] : ['local'];
if (!realEnv) {
  process.stdout.write('conformance: against the local database only — set TCB_ENV_ID, TCB_SECRET_ID, TCB_SECRET_KEY to also run against a real CloudBase env\n');
}

/** What CloudBase answers to an operation other than doc(id).get/set/update/remove or add inside a transaction. */
const TX_SINGLE_DOCUMENT_ONLY = 'DATABASE_TRANSACTION_FAIL';

const codeOf = (e: unknown): string | undefined => (e as { code?: string } | undefined)?.code;

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    const r = await p;
    // The SDK returns (not throws) some errors; both count.
    if (codeOf(r)) caught = r;
  } catch (e) {
    caught = e;
  }
  expect(codeOf(caught)).toBe(code);
}

describe.each(targets)('CloudBase database semantics (%s)', (target) => {
  let cloud: TestCloud | undefined;
  let db: Db;
  let coll: string;
  let n = 0;
  const fresh = async (): Promise<string> => {
    const name = `conf_${Date.now().toString(36)}_${++n}`;
    await db.createCollection(name);
    return name;
  };

  beforeAll(async () => {
    if (target === 'local') {
      cloud = await startTestCloud({ seed: false });
      db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
    } else {
      db = tcb.init({ env: process.env.TCB_ENV_ID, secretId: process.env.TCB_SECRET_ID, secretKey: process.env.TCB_SECRET_KEY }).database();
    }
  });
  afterAll(async () => {
    await cloud?.stop();
  });
  beforeEach(async () => {
    coll = await fresh();
  });

  it('stores a document under its own _id and refuses a second one with the same _id', async () => {
    const c = db.collection(coll);
    const added = await c.add({ _id: 'slot-1', who: 'A' });
    expect((added as { id: string }).id).toBe('slot-1');
    await expectCode(c.add({ _id: 'slot-1', who: 'B' }), 'DATABASE_DUPLICATE_WRITE');
    const res = await c.doc('slot-1').get();
    expect(res.data).toEqual([{ _id: 'slot-1', who: 'A' }]);
  });

  it('generates an _id when none is given', async () => {
    const added = (await db.collection(coll).add({ a: 1 })) as { id: string };
    expect(typeof added.id).toBe('string');
    expect(added.id.length).toBeGreaterThan(8);
  });

  it('returns 100 documents by default and at most 1000', async () => {
    const c = db.collection(coll);
    const docs = Array.from({ length: 1050 }, (_, i) => ({ _id: `d${String(i).padStart(4, '0')}`, i }));
    for (let i = 0; i < docs.length; i += 50) await Promise.all(docs.slice(i, i + 50).map((d) => c.add(d)));
    expect((await c.get()).data).toHaveLength(100);
    expect((await c.limit(20).get()).data).toHaveLength(20);
    expect((await c.limit(1000).get()).data).toHaveLength(1000);
    expect((await c.limit(5000).get()).data).toHaveLength(1000);
    expect((await c.count()).total).toBe(1050);
  });

  it('filters with query commands, sorts, skips and projects', async () => {
    const c = db.collection(coll);
    const _ = db.command;
    await Promise.all(
      [
        { _id: 'a', n: 1, tag: 'x', nested: { k: 'p' } },
        { _id: 'b', n: 5, tag: 'y', nested: { k: 'q' } },
        { _id: 'c', n: 3, tag: 'x', nested: { k: 'q' } },
        { _id: 'd', n: 9, tag: 'z' },
      ].map((d) => c.add(d)),
    );
    const ids = (r: { data: Array<{ _id: string }> }): string[] => r.data.map((d) => d._id);
    expect(ids(await c.where({ n: _.gt(2).and(_.lt(9)) }).orderBy('n', 'asc').get())).toEqual(['c', 'b']);
    expect(ids(await c.where({ tag: _.in(['x', 'z']) }).orderBy('n', 'desc').get())).toEqual(['d', 'c', 'a']);
    expect(ids(await c.where({ 'nested.k': 'q' }).orderBy('_id', 'asc').get())).toEqual(['b', 'c']);
    expect(ids(await c.where(_.or([{ n: 1 }, { tag: 'z' }])).orderBy('_id', 'asc').get())).toEqual(['a', 'd']);
    expect(ids(await c.where({ nested: _.exists(false) }).get())).toEqual(['d']);
    expect(ids(await c.where({ tag: _.neq('x') }).orderBy('n', 'asc').get())).toEqual(['b', 'd']);
    expect(ids(await c.where({ tag: db.RegExp({ regexp: '^[XY]$', options: 'i' }) }).orderBy('_id', 'asc').get())).toEqual(['a', 'b', 'c']);
    expect(ids(await c.orderBy('n', 'asc').skip(1).limit(2).get())).toEqual(['c', 'b']);
    const projected = await c.where({ _id: 'b' }).field({ n: true }).get();
    expect(projected.data).toEqual([{ _id: 'b', n: 5 }]);
    expect((await c.where({ tag: 'x' }).count()).total).toBe(2);
  });

  it('applies update operators and reports how many documents changed', async () => {
    const c = db.collection(coll);
    const _ = db.command;
    await c.add({ _id: 'u', n: 1, gone: true, list: ['a'], o: { p: 1, q: 2 } });
    const r = await c.doc('u').update({ n: _.inc(2), gone: _.remove(), list: _.push(['b']), 'o.p': 10 });
    expect(r.updated).toBe(1);
    expect((await c.doc('u').get()).data[0]).toEqual({ _id: 'u', n: 3, list: ['a', 'b'], o: { p: 10, q: 2 } });
    expect((await c.doc('missing').update({ n: 1 })).updated).toBe(0);
    expect((await c.where({ n: _.gt(100) }).update({ n: 0 })).updated).toBe(0);
  });

  it('replaces with set(), creating the document if needed', async () => {
    const c = db.collection(coll);
    await c.doc('s').set({ a: 1, b: 2 });
    await c.doc('s').set({ a: 5 });
    expect((await c.doc('s').get()).data[0]).toEqual({ _id: 's', a: 5 });
  });

  it('removes every matching document', async () => {
    const c = db.collection(coll);
    await Promise.all([1, 2, 3].map((i) => c.add({ _id: `r${i}`, even: i % 2 === 0 })));
    expect((await c.where({ even: false }).remove()).deleted).toBe(2);
    expect((await c.count()).total).toBe(1);
  });

  it('stamps serverDate with the server clock and returns Dates', async () => {
    const c = db.collection(coll);
    const before = Date.now();
    await c.add({ _id: 't', at: db.serverDate(), fixed: new Date('2026-12-01T00:00:00Z') });
    const doc = (await c.doc('t').get()).data[0] as { at: Date; fixed: Date };
    expect(doc.at).toBeInstanceOf(Date);
    expect(doc.at.getTime()).toBeGreaterThanOrEqual(before - 5000);
    expect(doc.fixed.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('lets a conditional update succeed exactly as often as its condition allows under 100 concurrent callers', async () => {
    const c = db.collection(coll);
    const _ = db.command;
    await c.add({ _id: 'cap', taken: 0, capacity: 10 });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => c.where({ _id: 'cap', taken: _.lt(10) }).update({ taken: _.inc(1) })),
    );
    const updated = results.map((r) => r.updated);
    expect(updated.every((u) => u === 0 || u === 1)).toBe(true);
    expect(updated.filter((u) => u === 1)).toHaveLength(10);
    expect((await c.doc('cap').get()).data[0]).toMatchObject({ taken: 10 });
  });

  it('commits a transaction atomically and rolls it back when the callback throws', async () => {
    const c = db.collection(coll);
    await c.add({ _id: 'acct', balance: 10 });
    const result = await db.runTransaction(async (tx: Tx) => {
      const cur = (await tx.collection(coll).doc('acct').get()).data as { balance: number };
      await tx.collection(coll).doc('acct').update({ balance: cur.balance - 3 });
      await tx.collection(coll).add({ _id: 'receipt', amount: 3 });
      return 'done';
    });
    expect(result).toBe('done');
    await expect(
      db.runTransaction(async (tx: Tx) => {
        await tx.collection(coll).doc('acct').update({ balance: 0 });
        await tx.collection(coll).add({ _id: 'receipt-2', amount: 7 });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await c.doc('acct').get()).data[0]).toMatchObject({ balance: 7 });
    expect((await c.count()).total).toBe(2);
  });

  it('reads from a snapshot and refuses a conflicting write', async () => {
    const c = db.collection(coll);
    await c.add({ _id: 'doc', v: 1 });
    const tx = await db.startTransaction();
    expect((await tx.collection(coll).doc('doc').get()).data).toMatchObject({ v: 1 });
    await c.doc('doc').update({ v: 2 });
    // Still the snapshot taken when the transaction began.
    expect((await tx.collection(coll).doc('doc').get()).data).toMatchObject({ v: 1 });
    await expectCode(tx.collection(coll).doc('doc').update({ v: 3 }), 'DATABASE_TRANSACTION_CONFLICT');
    await tx.rollback(undefined);
    expect((await c.doc('doc').get()).data[0]).toMatchObject({ v: 2 });
  });

  it('lets only one of two concurrent transactions write the same document', async () => {
    const c = db.collection(coll);
    await c.add({ _id: 'x', v: 0 });
    const t1 = await db.startTransaction();
    const t2 = await db.startTransaction();
    await t1.collection(coll).doc('x').update({ v: 1 });
    await expectCode(t2.collection(coll).doc('x').update({ v: 2 }), 'DATABASE_TRANSACTION_CONFLICT');
    await t2.rollback(undefined);
    await t1.commit();
    expect((await c.doc('x').get()).data[0]).toMatchObject({ v: 1 });
  });

  it('loses no increment when runTransaction retries on conflict', async () => {
    const c = db.collection(coll);
    await c.add({ _id: 'counter', n: 0 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        db.runTransaction(async (tx: Tx) => {
          const cur = (await tx.collection(coll).doc('counter').get()).data as { n: number };
          await tx.collection(coll).doc('counter').update({ n: cur.n + 1 });
        }),
      ),
    );
    const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
    for (const o of outcomes) if (o.status === 'rejected') expect(codeOf(o.reason)).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(ok).toBeGreaterThan(0);
    expect((await c.doc('counter').get()).data[0]).toMatchObject({ n: ok });
  });

  it('creates a deterministic _id in exactly one of 50 concurrent transactions', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        db.runTransaction(async (tx: Tx) => {
          const existing = (await tx.collection(coll).doc('venue:2026-12-01:0900').get()).data as unknown;
          if (existing) throw Object.assign(new Error('taken'), { code: 'TAKEN' });
          await tx.collection(coll).add({ _id: 'venue:2026-12-01:0900', holder: `user-${i}` });
          return i;
        }),
      ),
    );
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    for (const o of outcomes) {
      if (o.status === 'rejected') expect(['TAKEN', 'DATABASE_TRANSACTION_CONFLICT']).toContain(codeOf(o.reason));
    }
    const docs = (await db.collection(coll).get()).data as Array<{ holder: string }>;
    expect(docs).toHaveLength(1);
    expect(docs[0]?.holder).toBe(`user-${(winners[0] as PromiseFulfilledResult<number>).value}`);
  });

  // CloudBase transactions take single-document operations only: doc(id).get/set/update/remove and add.
  it('refuses a query inside a transaction, and the transaction commits none of its writes', async () => {
    const c = db.collection(coll);
    await c.add({ _id: 'a', n: 1 });
    await c.add({ _id: 'b', n: 2 });
    const queries: Array<[string, (tx: Tx) => Promise<unknown>]> = [
      ['where().get()', (tx) => tx.collection(coll).where({ n: 1 }).get()],
      ['get() of the whole collection', (tx) => tx.collection(coll).get()],
      ['where({_id}).get()', (tx) => tx.collection(coll).where({ _id: 'a' }).get()],
      ['where().updateAndReturn()', (tx) => tx.collection(coll).where({ n: 2 }).updateAndReturn({ n: 5 })],
    ];
    for (const [what, query] of queries) {
      let caught: unknown;
      try {
        await db.runTransaction(async (tx: Tx) => {
          await tx.collection(coll).doc('a').update({ touched: what });
          await tx.collection(coll).add({ _id: 'added-in-tx', what });
          await query(tx);
        }, 0);
      } catch (e) {
        caught = e;
      }
      expect([what, codeOf(caught)]).toEqual([what, TX_SINGLE_DOCUMENT_ONLY]);
    }
    const docs = (await c.orderBy('_id', 'asc').get()).data;
    expect(docs).toEqual([
      { _id: 'a', n: 1 },
      { _id: 'b', n: 2 },
    ]);
  });

  it('runs count, where().update(), where().remove() and aggregate() made through a transaction outside it (the SDK sends them without the transaction)', async () => {
    // @cloudbase/database 1.4.3 (node-sdk 3.18.3) drops the transactionId from these four requests, so CloudBase runs
    // them as ordinary requests: they do not see the transaction's writes and are not undone by its rollback.
    const c = db.collection(coll);
    await Promise.all([c.add({ _id: 'a', n: 1 }), c.add({ _id: 'b', n: 2 }), c.add({ _id: 'z', n: 9 })]);
    const seen: { count?: number; aggregated?: string[] } = {};
    await expect(
      db.runTransaction(async (tx: Tx) => {
        await tx.collection(coll).add({ _id: 'in-tx', n: 3 });
        seen.count = ((await tx.collection(coll).count()) as { total: number }).total;
        await tx.collection(coll).where({ _id: 'b' }).update({ n: 20 });
        await tx.collection(coll).where({ _id: 'z' }).remove();
        const agg = (await tx.collection(coll).aggregate().sort({ _id: 1 }).end()) as { data: Array<{ _id: string }> };
        seen.aggregated = agg.data.map((d) => d._id);
        throw new Error('roll back');
      }, 0),
    ).rejects.toThrow('roll back');
    expect(seen).toEqual({ count: 3, aggregated: ['a', 'b'] });
    const docs = (await c.orderBy('_id', 'asc').get()).data;
    expect(docs).toEqual([
      { _id: 'a', n: 1 },
      { _id: 'b', n: 20 },
    ]);
  });

  it('joins another collection with $lookup (localField/foreignField)', async () => {
    const venues = await fresh();
    await Promise.all([
      db.collection(venues).add({ _id: 'v1', name: '创益园 会议室' }),
      db.collection(venues).add({ _id: 'v2', name: '北大社区 活动室' }),
    ]);
    const c = db.collection(coll);
    await Promise.all([
      c.add({ _id: 'b1', venueId: 'v1' }),
      c.add({ _id: 'b2', venueId: 'v2' }),
      c.add({ _id: 'b3', venueId: 'gone' }),
    ]);
    const res = (await c
      .aggregate()
      .lookup({ from: venues, localField: 'venueId', foreignField: '_id', as: 'venue' })
      .sort({ _id: 1 })
      .end()) as { data: unknown[] };
    expect(res.data).toEqual([
      { _id: 'b1', venueId: 'v1', venue: [{ _id: 'v1', name: '创益园 会议室' }] },
      { _id: 'b2', venueId: 'v2', venue: [{ _id: 'v2', name: '北大社区 活动室' }] },
      { _id: 'b3', venueId: 'gone', venue: [] },
    ]);
  });

  it('joins another collection with $lookup (let/pipeline)', async () => {
    const _ = db.command;
    const $ = _.aggregate;
    const slots = await fresh();
    await Promise.all([
      db.collection(slots).add({ _id: 's1', venueId: 'v1', start: 9 }),
      db.collection(slots).add({ _id: 's2', venueId: 'v1', start: 14 }),
      db.collection(slots).add({ _id: 's3', venueId: 'v2', start: 15 }),
    ]);
    const c = db.collection(coll);
    await Promise.all([c.add({ _id: 'v1', from: 12 }), c.add({ _id: 'v2', from: 16 })]);
    const res = (await c
      .aggregate()
      .lookup({
        from: slots,
        let: { venue: '$_id', from: '$from' },
        pipeline: $.pipeline()
          .match(_.expr($.and([$.eq(['$venueId', '$$venue']), $.gte(['$start', '$$from'])])))
          .project({ _id: 0, start: 1 })
          .done(),
        as: 'later',
      })
      .sort({ _id: 1 })
      .end()) as { data: unknown[] };
    expect(res.data).toEqual([
      { _id: 'v1', from: 12, later: [{ start: 14 }] },
      { _id: 'v2', from: 16, later: [] },
    ]);
  });

  it('refuses to use a collection that does not exist', async () => {
    await expectCode(db.collection('no_such_collection_here').get(), 'DATABASE_COLLECTION_NOT_EXIST');
  });
});
