/** One counter for every FreshReads of this instance, so a tick compares with any read's start. */
let seq = 0;

/** A tick: when a caller arrived (or when it last changed what a read would see). */
export function freshTick(): number {
  return ++seq;
}

/**
 * Per-instance sharing of committed reads (single flight): a caller that arrived at tick `since` may use any read of
 * the same key that *started* after `since` — it is a committed read taken after the caller arrived, as good as its
 * own — instead of sending another. A burst of sign-ups for one shift thus costs one seat read per wave, not one per
 * person, and a refusal ("every place is taken") still rests on a read taken after the request arrived. Memory never
 * decides alone: a read's result is only ever used by callers that arrived before it started.
 */
export class FreshReads<T> {
  private readonly last = new Map<string, { started: number; value: Promise<T> }>();

  constructor(private readonly max = 5_000) {}

  read(key: string, since: number, load: () => Promise<T>): Promise<T> {
    const cur = this.last.get(key);
    if (cur && cur.started > since) return cur.value;
    const started = freshTick();
    const value = load();
    if (this.last.size >= this.max) this.last.clear();
    this.last.set(key, { started, value });
    // A failed read is not shared with later callers.
    value.catch(() => {
      if (this.last.get(key)?.value === value) this.last.delete(key);
    });
    return value;
  }
}
