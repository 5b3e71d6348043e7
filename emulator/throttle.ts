// Token bucket per AccessKey + action: rate `qps` tokens/s, burst `qps`. qps 0 = unlimited.
export class Throttle {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly qps: number) {}

  /** Takes one token; false when the bucket is empty. */
  take(accessKeyId: string, action: string, now: number): boolean {
    if (!(this.qps > 0)) return true;
    const id = `${accessKeyId}\n${action}`;
    let b = this.buckets.get(id);
    if (!b) this.buckets.set(id, (b = { tokens: this.qps, at: now }));
    b.tokens = Math.min(this.qps, b.tokens + ((now - b.at) / 1000) * this.qps);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  clear(): void {
    this.buckets.clear();
  }
}
