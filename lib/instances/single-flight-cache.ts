/**
 * A tiny time-boxed cache where concurrent callers share one in-flight load, so a room full of
 * staff opening the list costs one upstream listing, not one each.
 */
export class SingleFlightCache<T> {
  private value: { data: T; at: number } | null = null;
  private inflight: Promise<T> | null = null;
  private generation = 0;

  constructor(
    private readonly ttlMs: () => number,
    private readonly load: () => Promise<T>,
  ) {}

  async get(opts: { fresh?: boolean } = {}): Promise<{ data: T; at: number }> {
    if (!opts.fresh && this.value && Date.now() - this.value.at < this.ttlMs()) return this.value;
    if (!this.inflight) {
      const gen = this.generation;
      const started = Date.now();
      this.inflight = this.load().finally(() => (this.inflight = null));
      const data = await this.inflight;
      if (gen === this.generation) this.value = { data, at: started };
      return { data, at: started };
    }
    const data = await this.inflight;
    return { data, at: this.value?.at ?? Date.now() };
  }

  invalidate(): void {
    this.generation++;
    this.value = null;
  }
}
