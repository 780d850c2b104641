import type { Database } from './db';

/** What both a database handle and a transaction offer: `collection(name)`. */
export interface Writer {
  collection(name: string): ReturnType<Database['collection']>;
}

export type Transaction = Awaited<ReturnType<Database['startTransaction']>> & Writer;

/** `doc(id).get()` answers `{data: doc|null}` inside a transaction and `{data: [doc]}` outside. */
export async function getDoc<T>(w: Writer, coll: string, id: string): Promise<T | null> {
  const res = (await w.collection(coll).doc(id).get()) as { data: unknown };
  const data = res.data;
  if (Array.isArray(data)) return (data[0] as T | undefined) ?? null;
  return (data as T | null) ?? null;
}
