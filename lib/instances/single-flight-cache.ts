/**
 * A tiny time-boxed cache where concurrent callers share one in-flight load, so a room full of
 * staff opening the list costs one upstream listing, not one each.
 *
 * A load only serves callers of its own generation: after `invalidate()` (this console made a
 * change), a load that started before is neither joined nor cached, since it may hold the state
 * from before the change. A `fresh` read (Refresh) skips the cached value but joins a load of the
 * current generation, so a room pressing Refresh still costs one listing, and the cached value
 * stays until a newer one has loaded.
 */
export class SingleFlightCache<T> {
  private value: { data: T; at: number } | null = null;
  private inflight: { promise: Promise<T>; gen: number; at: number } | null = null;
  private generation = 0;

  constructor(
    private readonly ttlMs: () => number,
    private readonly load: () => Promise<T>,
  ) {}

  async get(opts: { fresh?: boolean } = {}): Promise<{ data: T; at: number }> {
    if (!opts.fresh && this.value && Date.now() - this.value.at < this.ttlMs()) return this.value;
    const current = this.inflight;
    if (current && current.gen === this.generation) return { data: await current.promise, at: current.at };
    const mine = { gen: this.generation, at: Date.now(), promise: this.load() };
    this.inflight = mine;
    try {
      const data = await mine.promise;
      if (mine.gen === this.generation) this.value = { data, at: mine.at };
      return { data, at: mine.at };
    } finally {
      if (this.inflight === mine) this.inflight = null;
    }
  }

  invalidate(): void {
    this.generation++;
    this.value = null;
  }
}
