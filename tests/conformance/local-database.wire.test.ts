/**
 * The local database engine on the wire, for requests @cloudbase/node-sdk 3.18.3 cannot send (so the SDK-driven
 * conformance suite cannot reach them): a count, aggregation or multi-document update/remove that carries a
 * transactionId, and aggregation pipelines that name other collections. Local only.
 */
import { EJSON } from 'bson';
import { LocalDatabase, TRANSACTION_SINGLE_DOCUMENT_ONLY, type DbBody } from '../../local-cloud/db/engine';

const ejson = (v: Parameters<typeof EJSON.stringify>[0]): string => EJSON.stringify(v, { relaxed: false });
const docsOf = (r: Record<string, unknown>): unknown[] =>
  ((r.data as { list?: string[] } | undefined)?.list ?? []).map((s) => EJSON.parse(s, { relaxed: true }));

describe('local database engine: the wire', () => {
  let db: LocalDatabase;
  const call = (body: DbBody): Record<string, unknown> => db.handle(body);
  const all = (coll: string): unknown[] =>
    docsOf(call({ action: 'database.getDocument', collectionName: coll, queryType: 'WHERE', order: ejson([{ field: '_id', direction: 'asc' }]) }));

  beforeEach(() => {
    db = new LocalDatabase({ file: ':memory:' });
    for (const name of ['accounts', 'venues']) call({ action: 'database.addCollection', collectionName: name });
    call({ action: 'database.insertDocument', collectionName: 'accounts', data: [ejson({ _id: 'a', n: 1 }), ejson({ _id: 'b', n: 2 })] });
  });
  afterEach(() => db.close());

  describe('a transaction takes single-document operations only', () => {
    const refused: Array<[string, Omit<DbBody, 'transactionId'>]> = [
      ['count', { action: 'database.calculateDocument', collectionName: 'accounts', queryType: 'WHERE', query: ejson({ n: 1 }) }],
      ['aggregate', { action: 'database.aggregateDocuments', collectionName: 'accounts', stages: [{ stageKey: '$match', stageValue: ejson({}) }] }],
      ['where().get()', { action: 'database.getDocument', collectionName: 'accounts', queryType: 'WHERE', query: ejson({ n: 1 }), limit: 100 }],
      ['where().update()', { action: 'database.modifyDocument', collectionName: 'accounts', queryType: 'WHERE', query: ejson({ n: 1 }), data: ejson({ $set: { n: 9 } }), multi: true, merge: true }],
      ['where({_id}).update()', { action: 'database.modifyDocument', collectionName: 'accounts', queryType: 'WHERE', query: ejson({ _id: 'b' }), data: ejson({ $set: { n: 9 } }), merge: true }],
      ['where().remove()', { action: 'database.removeDocument', collectionName: 'accounts', queryType: 'WHERE', query: ejson({ n: 2 }), multi: true }],
      ['where().updateAndReturn()', { action: 'database.modifyAndReturnDoc', collectionName: 'accounts', queryType: 'WHERE', query: ejson({ n: 2 }), data: ejson({ $set: { n: 9 } }) }],
    ];

    it.each(refused)('refuses %s with a transactionId, ends the transaction and commits none of its writes', (_what, body) => {
      const { transactionId } = call({ action: 'database.startTransaction' }) as { transactionId: string };
      const write = call({
        action: 'database.modifyDocument',
        collectionName: 'accounts',
        transactionId,
        queryType: 'DOC',
        query: ejson({ _id: 'a' }),
        data: ejson({ $set: { n: 100 } }),
        merge: true,
      });
      expect(write.code).toBeUndefined();

      const answer = call({ ...body, transactionId });
      expect(answer.code).toBe(TRANSACTION_SINGLE_DOCUMENT_ONLY);
      expect(answer.message).toMatch(/single-document operations only/);
      expect(answer.data).toBeUndefined();

      // The transaction is over: committing it fails and nothing it wrote is there.
      expect(call({ action: 'database.commitTransaction', transactionId }).code).toBe('DATABASE_TRANSACTION_FAIL');
      expect(all('accounts')).toEqual([
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2 },
      ]);
      expect(db.stats().openTransactions).toBe(0);
    });

    it('still answers doc(id) operations and add inside a transaction', () => {
      const { transactionId } = call({ action: 'database.startTransaction' }) as { transactionId: string };
      const doc = { action: 'database.getDocument', collectionName: 'accounts', transactionId, queryType: 'DOC', query: ejson({ _id: 'a' }) };
      expect(docsOf(call(doc))).toEqual([{ _id: 'a', n: 1 }]);
      expect(call({ ...doc, action: 'database.modifyDocument', data: ejson({ $set: { n: 5 } }), merge: true, multi: false }).code).toBeUndefined();
      expect(call({ action: 'database.removeDocument', collectionName: 'accounts', transactionId, queryType: 'DOC', query: ejson({ _id: 'b' }), multi: false }).code).toBeUndefined();
      expect(call({ action: 'database.insertDocument', collectionName: 'accounts', transactionId, data: [ejson({ _id: 'c', n: 3 })] }).code).toBeUndefined();
      expect(call({ action: 'database.commitTransaction', transactionId }).code).toBeUndefined();
      expect(all('accounts')).toEqual([
        { _id: 'a', n: 5 },
        { _id: 'c', n: 3 },
      ]);
    });
  });

  describe('$lookup', () => {
    const aggregate = (coll: string, stages: Array<Record<string, unknown>>): Record<string, unknown> =>
      call({
        action: 'database.aggregateDocuments',
        collectionName: coll,
        stages: stages.map((s) => {
          const [stageKey, value] = Object.entries(s)[0] as [string, Record<string, unknown> | string];
          return { stageKey, stageValue: ejson(value) };
        }),
      });

    beforeEach(() => {
      call({ action: 'database.insertDocument', collectionName: 'venues', data: [ejson({ _id: 'v1', name: '会议室', account: 'a' })] });
    });

    it('joins a collection that does not exist as nothing, as MongoDB does', () => {
      const r = aggregate('accounts', [{ $lookup: { from: 'no_such_collection', localField: '_id', foreignField: 'account', as: 'x' } }, { $sort: { _id: 1 } }]);
      expect(r.code).toBeUndefined();
      expect(docsOf(r)).toEqual([
        { _id: 'a', n: 1, x: [] },
        { _id: 'b', n: 2, x: [] },
      ]);
    });

    it('sees committed documents only, not an open transaction’s', () => {
      const { transactionId } = call({ action: 'database.startTransaction' }) as { transactionId: string };
      call({ action: 'database.insertDocument', collectionName: 'venues', transactionId, data: [ejson({ _id: 'v2', name: '活动室', account: 'b' })] });
      const r = aggregate('accounts', [{ $lookup: { from: 'venues', localField: '_id', foreignField: 'account', as: 'venues' } }, { $sort: { _id: 1 } }]);
      expect(docsOf(r)).toEqual([
        { _id: 'a', n: 1, venues: [{ _id: 'v1', name: '会议室', account: 'a' }] },
        { _id: 'b', n: 2, venues: [] },
      ]);
    });

    it.each([
      ['an inline array as from', [{ $lookup: { from: [{ _id: 'fake' }], localField: '_id', foreignField: '_id', as: 'x' } }]],
      ['$out', [{ $out: 'venues' }]],
      ['$merge', [{ $merge: { into: 'venues' } }]],
      ['$merge inside a $lookup pipeline', [{ $lookup: { from: 'venues', pipeline: [{ $merge: { into: 'accounts' } }], as: 'x' } }]],
    ])('refuses %s with INVALID_PARAM and changes nothing', (_what, stages) => {
      const r = aggregate('accounts', stages);
      expect(r.code).toBe('INVALID_PARAM');
      expect(all('venues')).toEqual([{ _id: 'v1', name: '会议室', account: 'a' }]);
      expect(all('accounts')).toEqual([
        { _id: 'a', n: 1 },
        { _id: 'b', n: 2 },
      ]);
    });
  });
});
