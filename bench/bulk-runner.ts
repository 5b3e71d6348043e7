// The browser-side runner the bulk dialog used before the operations engine: kept for bench/bulk-toggle.ts (bulk_toggle_in_process), which measures that old path for comparison.
import type { ActionResult } from "@/lib/actions/result";

export interface BulkItemResult {
  id: string;
  ok: boolean;
  code?: string;
  message?: string;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Runs `call` over `ids` with bounded concurrency. An item the server calls `retryable` (refused
 * before anything was done, e.g. ENS throttling) waits (exponential backoff, shared by all workers
 * so the whole run slows down) and is tried again; other errors are final.
 */
export async function runBulk(
  ids: string[],
  call: (id: string) => Promise<ActionResult<unknown>>,
  opts: { concurrency?: number; maxRetries?: number; signal?: AbortSignal; onItem?: (r: BulkItemResult, done: number) => void } = {},
): Promise<BulkItemResult[]> {
  const results: BulkItemResult[] = [];
  let next = 0;
  let pauseUntil = 0;
  let refusedStreak = 0;
  const worker = async () => {
    while (next < ids.length && !opts.signal?.aborted) {
      const id = ids[next++];
      let result: BulkItemResult | null = null;
      for (let attempt = 0; !result; attempt++) {
        const wait = pauseUntil - Date.now();
        if (wait > 0) await sleep(wait, opts.signal);
        let res: ActionResult<unknown>;
        try {
          res = await call(id);
        } catch {
          res = { ok: false, error: { code: "Console.Network", message: "The console could not be reached." } };
        }
        if (res.ok) {
          refusedStreak = 0;
          result = { id, ok: true };
        } else if (res.error.retryable && attempt < (opts.maxRetries ?? 6)) {
          refusedStreak++;
          pauseUntil = Math.max(pauseUntil, Date.now() + Math.min(250 * 2 ** Math.min(refusedStreak, 5), 8000) * (0.5 + Math.random() / 2));
        } else {
          result = { id, ok: false, code: res.error.code, message: res.error.message };
        }
      }
      results.push(result);
      opts.onItem?.(result, results.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, ids.length) }, worker));
  return results;
}
