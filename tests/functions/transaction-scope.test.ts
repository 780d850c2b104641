/**
 * Transactions take single-document operations only (CloudBase's rule). The SDK's transaction collection also offers
 * `where`, `count` and `aggregate`, which either fail on the platform or silently run outside the transaction, so the
 * project's `runTransaction` hands its work a collection with `doc(id)` and `add` only, at run time as in its type.
 */
import { database } from '../../cloudfunctions/_shared/db';
import { getDoc, runTransaction, type TxCollection } from '../../cloudfunctions/_shared/tx';
import { startTestCloud, type TestCloud } from '../support/local-cloud';

let cloud: TestCloud;
beforeAll(async () => {
  cloud = await startTestCloud({ seed: false });
});
afterAll(() => cloud.stop());

describe('runTransaction', () => {
  it('offers a transaction doc(id) and add only: no query, count or aggregate that would escape it', async () => {
    const offered = await runTransaction(database(), async (tx) => {
      const coll = tx.collection('audit_log') as TxCollection & Record<string, unknown>;
      return { keys: Object.keys(coll).sort(), where: typeof coll.where, count: typeof coll.count, aggregate: typeof coll.aggregate };
    }, 0);
    expect(offered).toEqual({ keys: ['add', 'doc'], where: 'undefined', count: 'undefined', aggregate: 'undefined' });
  });

  it('still commits what doc(id) and add write, and rolls all of it back when the work throws', async () => {
    await runTransaction(database(), async (tx) => {
      await tx.collection('audit_log').add({ _id: 'tx-kept', summary: 'kept' });
      await tx.collection('audit_log').doc('tx-kept').update({ summary: 'kept and updated' });
    }, 0);
    await expect(
      runTransaction(database(), async (tx) => {
        await tx.collection('audit_log').add({ _id: 'tx-lost', summary: 'lost' });
        throw new Error('changed my mind');
      }, 0),
    ).rejects.toThrow('changed my mind');
    expect(await getDoc(database(), 'audit_log', 'tx-kept')).toMatchObject({ summary: 'kept and updated' });
    expect(await getDoc(database(), 'audit_log', 'tx-lost')).toBeNull();
  });
});
