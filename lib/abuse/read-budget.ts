import { ConsoleError } from "../errors";

export const RATE_LIMITED = "Console.RateLimited";

/**
 * How many upstream (ENS) loads one user may start per window through reads that bypass the
 * fleet cache. Cache hits cost nothing; only a caller that starts a load is charged. In memory,
 * per process.
 */
export class ReadBudget {
  private readonly used = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Charges one load to `userId`, or throws Console.RateLimited when the window's budget is spent. */
  charge(userId: string): void {
    const now = this.now();
    let u = this.used.get(userId);
    if (!u || now - u.start >= this.windowMs) {
      if (!u && this.used.size >= 10_000) for (const [k, v] of this.used) if (now - v.start >= this.windowMs) this.used.delete(k);
      u = { start: now, count: 0 };
      this.used.set(userId, u);
    }
    if (u.count >= this.limit) {
      const wait = Math.ceil((u.start + this.windowMs - now) / 1000);
      throw new ConsoleError(RATE_LIMITED, `Too many reads from ENS in a short time. Try again in ${wait} s.`, true, {
        words: { key: "server.readsThrottled", values: { wait } },
      });
    }
    u.count++;
  }
}
