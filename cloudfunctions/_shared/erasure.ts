import { Collections } from './collections';
import type { Database } from './db';
import { erasureMarkerId } from './privacy';
import { getDoc, type Writer } from './tx';

/**
 * Whether a person's account is being (or has been) deleted — every write about them is then refused. An account
 * deletion first marks their booking account (`erasing: true`), the document booking transactions read and write, so a
 * transaction racing the deletion conflicts; once the deletion is done only the deletion marker remains. Either says so.
 * Inside a transaction, pass the transaction: the reads then take part in its conflict detection.
 */
export async function accountErasing(w: Writer, openid: string): Promise<boolean> {
  const account = await getDoc<{ erasing?: boolean }>(w, Collections.bookingAccounts, openid);
  if (account) return account.erasing === true;
  return (await getDoc(w, Collections.bookingAccounts, erasureMarkerId(openid))) !== null;
}

/** The same question outside a transaction, in one query. */
export async function accountErasingNow(db: Database, openid: string): Promise<boolean> {
  const marker = erasureMarkerId(openid);
  const res = await db.collection(Collections.bookingAccounts).where({ _id: db.command.in([openid, marker]) }).field({ erasing: true }).limit(2).get();
  return (res.data as Array<{ _id: string; erasing?: boolean }>).some((d) => d._id === marker || d.erasing === true);
}
