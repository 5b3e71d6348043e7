/**
 * A keyed, time-boxed read cache where concurrent callers of one key share one in-flight load
 * (after `invalidate()` a load that started before is neither joined nor kept, since it may hold the
 * state from before this console's change). `beforeLoad` runs only when this caller is about to
 * start a load, so a per-user budget is charged for upstream calls, not for cache hits.
 */
export class KeyedReadCache<T> {
  private readonly entries = new Map<string, { value?: { data: T; at: number }; inflight?: { promise: Promise<T>; gen: number } }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: () => number,
    private readonly maxKeys = 2000,
  ) {}

  async get(key: string, load: () => Promise<T>, beforeLoad?: () => void): Promise<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      this.makeRoom();
      entry = {};
      this.entries.set(key, entry);
    }
    if (entry.value && Date.now() - entry.value.at < this.ttlMs()) return entry.value.data;
    if (entry.inflight && entry.inflight.gen === this.generation) return entry.inflight.promise;
    beforeLoad?.();
    const mine = { gen: this.generation, promise: load() };
    const at = Date.now();
    entry.inflight = mine;
    try {
      const data = await mine.promise;
      if (mine.gen === this.generation) entry.value = { data, at };
      return data;
    } finally {
      if (entry.inflight === mine) entry.inflight = undefined;
    }
  }

  invalidate(): void {
    this.generation++;
    for (const entry of this.entries.values()) entry.value = undefined;
  }

  private makeRoom(): void {
    if (this.entries.size < this.maxKeys) return;
    const now = Date.now();
    for (const [key, e] of this.entries) if (!e.inflight && (!e.value || now - e.value.at >= this.ttlMs())) this.entries.delete(key);
    // Still full of fresh entries: drop the oldest half (Map keeps insertion order).
    if (this.entries.size >= this.maxKeys) for (const key of [...this.entries.keys()].slice(0, this.maxKeys / 2)) this.entries.delete(key);
  }
}
