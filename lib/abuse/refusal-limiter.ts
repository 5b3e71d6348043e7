import { randomUUID } from "node:crypto";
import type { Actor, NewEvent } from "../audit/append";
import { addressKey } from "./client-address";
import { logger } from "../log/logger";

const log = logger("abuse");

/** The audit action of a summary. No refused call can be named so (see `refusedIdentity`). */
export const REFUSALS_SUMMARISED = "console.refusals_summarised";

/** A refused call as the server saw it: every field is the server's own, none is read from the input. */
export interface Refusal {
  ip: string | null;
  /** The signed-in user of a denied call; null for an anonymous one. */
  actor: Actor | null;
  /** The audit name the refusal would have had. */
  action: string;
  code: string;
}

export type WriteEvent = (event: NewEvent) => Promise<unknown>;

interface Bucket {
  address: string;
  actor: Actor | null;
  start: number;
  count: number;
  suppressed: number;
  byCode: Map<string, number>;
  byAction: Map<string, number>;
  write: WriteEvent | null;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface RefusalLimiterOptions {
  /** Refusals per window and bucket that are still audited one by one. */
  limit: number;
  windowMs: number;
  /** Buckets kept at most; past that, new clients share one overflow bucket. */
  maxBuckets?: number;
  now?: () => number;
}

const MAX_KINDS = 20;
const OVERFLOW = "overflow";

/**
 * Counts refused calls (anonymous, denied) per client address (IPv6 by /64) and, for a signed-in
 * caller, per user at that address, so an anonymous flood never hides a colleague's denied call
 * behind the same NAT. The first `limit` refusals of a window are audited as usual; the rest are
 * only counted, and one summary event per bucket and window carries the count. The summary is
 * written when the window ends (an unref'd timer) or, if that timer has not run yet, on the
 * bucket's next refusal.
 *
 * In memory, per process: with several console processes each one summarises what it saw, so
 * the log holds at most one summary per bucket, window and process. A summary still pending when
 * the process stops is lost (at most one window's count).
 */
export class RefusalLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly writing = new Set<Promise<unknown>>();
  private readonly now: () => number;
  private readonly maxBuckets: number;

  constructor(private readonly opts: RefusalLimiterOptions) {
    this.now = opts.now ?? Date.now;
    this.maxBuckets = opts.maxBuckets ?? 10_000;
  }

  /** True: audit this refusal as usual. False: it is counted for its bucket's summary. */
  admit(refusal: Refusal, write: WriteEvent): boolean {
    const now = this.now();
    let key = bucketKey(refusal);
    let bucket = this.buckets.get(key);
    if (bucket && now - bucket.start >= this.opts.windowMs) {
      this.close(key, bucket);
      bucket = undefined;
    }
    if (!bucket) {
      if (this.buckets.size >= this.maxBuckets) this.prune(now);
      if (this.buckets.size >= this.maxBuckets) {
        key = OVERFLOW;
        bucket = this.buckets.get(key);
      }
      if (!bucket) {
        const overflow = key === OVERFLOW;
        bucket = {
          address: overflow ? "(many addresses)" : addressKey(refusal.ip),
          actor: overflow ? null : refusal.actor,
          start: now,
          count: 0,
          suppressed: 0,
          byCode: new Map(),
          byAction: new Map(),
          write: null,
          timer: null,
        };
        this.buckets.set(key, bucket);
      }
    }
    bucket.count++;
    if (bucket.count <= this.opts.limit) return true;
    bucket.suppressed++;
    tally(bucket.byCode, refusal.code);
    tally(bucket.byAction, refusal.action);
    bucket.write = write;
    if (!bucket.timer) {
      const b = bucket;
      const k = key;
      b.timer = setTimeout(() => this.close(k, b), Math.max(0, b.start + this.opts.windowMs - now));
      b.timer.unref?.();
    }
    return false;
  }

  /** Writes every pending summary now and forgets all counts (tests, shutdown). */
  async flushAll(): Promise<void> {
    for (const [key, bucket] of [...this.buckets]) this.close(key, bucket);
    await this.settled();
  }

  /** Resolves when every summary write started so far has ended. */
  async settled(): Promise<void> {
    while (this.writing.size) await Promise.allSettled([...this.writing]);
  }

  private close(key: string, bucket: Bucket): void {
    if (this.buckets.get(key) === bucket) this.buckets.delete(key);
    if (bucket.timer) clearTimeout(bucket.timer);
    bucket.timer = null;
    const write = bucket.write;
    bucket.write = null;
    if (!bucket.suppressed || !write) return;
    const end = Math.min(this.now(), bucket.start + this.opts.windowMs);
    const p = write(summaryEvent(bucket, end)).catch((e) =>
      log.error({ address: bucket.address, err: e }, "could not write the refusal summary"),
    );
    this.writing.add(p);
    void p.finally(() => this.writing.delete(p));
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) if (now - bucket.start >= this.opts.windowMs) this.close(key, bucket);
  }
}

function bucketKey(r: Refusal): string {
  return `${addressKey(r.ip)}|${r.actor?.id ?? r.actor?.email ?? "anonymous"}`;
}

function tally(counts: Map<string, number>, kind: string): void {
  const k = counts.has(kind) || counts.size < MAX_KINDS ? kind : "other";
  counts.set(k, (counts.get(k) ?? 0) + 1);
}

/** The one event a window's suppressed refusals leave: counts only, built from server-side state. */
export function summaryEvent(
  bucket: Pick<Bucket, "address" | "actor" | "start" | "suppressed" | "byCode" | "byAction">,
  end: number,
): NewEvent {
  const window = { from: new Date(bucket.start).toISOString(), to: new Date(end).toISOString() };
  return {
    operationId: randomUUID(),
    actor: bucket.actor,
    action: REFUSALS_SUMMARISED,
    target: null,
    params: {
      suppressed: bucket.suppressed,
      window,
      address: bucket.address,
      byCode: Object.fromEntries(bucket.byCode),
      byAction: Object.fromEntries(bucket.byAction),
    },
    phase: "completed",
    outcome: "denied",
    errorCode: "Console.RateLimited",
    errorMessage: `${bucket.suppressed} more refused call(s) from ${bucket.address} in this window were counted, not logged one by one.`,
    sourceIp: bucket.address,
    userAgent: null,
  };
}
