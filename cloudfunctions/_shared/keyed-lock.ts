/**
 * Per-instance admission control for hot keys (a popular slot, a nearly full activity). Within one function
 * instance, work on the same keys runs one at a time, so a burst does not turn into a storm of conflicting database
 * transactions; across instances the database still decides. Keys are taken in sorted order, so no deadlock.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: Array<() => void> = [];
    try {
      for (const key of sorted) {
        const previous = this.tails.get(key) ?? Promise.resolve();
        let release!: () => void;
        const mine = new Promise<void>((r) => (release = r));
        const tail = previous.then(() => mine);
        this.tails.set(key, tail);
        releases.push(() => {
          release();
          if (this.tails.get(key) === tail) this.tails.delete(key);
        });
        await previous;
      }
      return await work();
    } finally {
      for (const r of releases.reverse()) r();
    }
  }
}

/**
 * Remembers, briefly, keys this instance has seen taken in committed state, so a burst of hopeless attempts is
 * answered without a database round trip. It only ever refuses; it never grants — the database does that.
 */
export class RecentlyTaken {
  private readonly until = new Map<string, { until: number; holder: string | null }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly max = 10_000,
  ) {}

  /** `holder`: what holds the key (e.g. the booking id), when known. */
  mark(key: string, holder: string | null): void {
    if (this.until.size >= this.max) this.until.clear();
    this.until.set(key, { until: this.now() + this.ttlMs, holder });
  }

  forget(key: string): void {
    this.until.delete(key);
  }

  /** undefined: not known to be taken; otherwise the holder (null if unknown). */
  holder(key: string): string | null | undefined {
    const t = this.until.get(key);
    if (t === undefined) return undefined;
    if (t.until < this.now()) {
      this.until.delete(key);
      return undefined;
    }
    return t.holder;
  }
}
