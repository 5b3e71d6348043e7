import { ConsoleError } from "../errors";
import { processSingleton } from "../singleton";
import { RATE_LIMITED } from "./read-budget";

/** Exports one user may run at once, and all users together, per process. */
export const EXPORTS_AT_ONCE_PER_USER = 1;
export const EXPORTS_AT_ONCE = 2;
/** Instance exports one user may start per minute (each is an audit event). */
export const INSTANCE_EXPORTS_PER_MINUTE = 6;

/** A running export's place; `release` (idempotent) frees it when the export ends, however it ends. */
export interface ExportSlot {
  release(): void;
}

export interface ExportLimits {
  perUser: number;
  total: number;
}

/**
 * Bounds the exports (history and instances) of a process: at most `perUser` running for one
 * user and `total` for everyone, and, where asked, a number started per user and minute. A
 * refusal throws Console.RateLimited with the words the user reads. In memory, per process.
 */
export class ExportLimiter {
  private readonly running = new Map<string, number>();
  private total = 0;
  private readonly started = new Map<string, number[]>();

  constructor(
    private readonly limits: ExportLimits = { perUser: EXPORTS_AT_ONCE_PER_USER, total: EXPORTS_AT_ONCE },
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a slot for `userId`'s export, or throws Console.RateLimited. */
  start(userId: string, opts: { perMinute?: number } = {}): ExportSlot {
    const mine = this.running.get(userId) ?? 0;
    if (mine >= this.limits.perUser)
      throw new ConsoleError(RATE_LIMITED, "You already have an export running. Wait for it to finish, then try again.", true, {
        words: { key: "server.exportRunning" },
      });
    if (this.total >= this.limits.total)
      throw new ConsoleError(RATE_LIMITED, "Too many exports are running on the console. Try again in a minute.", true, {
        words: { key: "server.exportsBusy" },
      });
    if (opts.perMinute !== undefined) this.charge(userId, opts.perMinute);
    this.running.set(userId, mine + 1);
    this.total++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const n = (this.running.get(userId) ?? 1) - 1;
        if (n > 0) this.running.set(userId, n);
        else this.running.delete(userId);
      },
    };
  }

  private charge(userId: string, perMinute: number): void {
    const now = this.now();
    if (!this.started.has(userId) && this.started.size >= 10_000) this.prune(now);
    const recent = (this.started.get(userId) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= perMinute) {
      const wait = Math.max(1, Math.ceil((recent[0] + 60_000 - now) / 1000));
      this.started.set(userId, recent);
      throw new ConsoleError(RATE_LIMITED, `Too many exports in a short time. Try again in ${wait} s.`, true, {
        words: { key: "server.exportsThrottled", values: { wait } },
      });
    }
    recent.push(now);
    this.started.set(userId, recent);
  }

  private prune(now: number): void {
    for (const [k, ts] of this.started) if (!ts.some((t) => now - t < 60_000)) this.started.delete(k);
  }
}

/** The process's export limiter, shared by the history and instance export routes. */
export function sharedExportLimiter(): ExportLimiter {
  return processSingleton("export-limiter", () => new ExportLimiter());
}
