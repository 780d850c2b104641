import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { LocalDatabase } from '../../local-cloud/db/engine';
import { pointSdkAt, startLocalServer } from '../../local-cloud/server';

describe('local database persistence', () => {
  it('keeps every acknowledged write across a restart on the same file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'redsail-persist-'));
    const file = path.join(dir, 'db.sqlite');
    process.env.RED_SAIL_LOG = 'off';

    const first = new LocalDatabase({ file });
    first.store.createCollection('bookings');
    const server = await startLocalServer({ db: first, functions: {} });
    pointSdkAt(server.url);
    const db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
    const _ = db.command;
    await db.collection('bookings').add({ _id: 'b1', state: 'confirmed', at: new Date('2026-12-01T01:00:00Z') });
    await db.collection('bookings').doc('b1').update({ state: 'cancelled', strikes: _.inc(1) });
    await db.runTransaction(async (tx: { collection(name: string): { add(doc: object): Promise<unknown> } }) => {
      await tx.collection('bookings').add({ _id: 'b2', state: 'pending' });
    });
    await server.close();
    first.close();

    const second = new LocalDatabase({ file });
    const read = second.handle({ action: 'database.getDocument', collectionName: 'bookings', query: '{}', order: '{"_id":1}' }) as unknown as {
      data: { list: string[] };
    };
    const docs = read.data.list.map((s) => JSON.parse(s) as Record<string, unknown>);
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ _id: 'b1', state: 'cancelled' });
    expect(docs[1]).toMatchObject({ _id: 'b2', state: 'pending' });
    expect(second.store.seq).toBe(3);
    second.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
