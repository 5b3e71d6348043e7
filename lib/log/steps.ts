import { currentRequestContext } from "./context";

/**
 * Where a request's time goes, step by step: the caller (session, user row), the input, the audit
 * log's writes, ENS calls, and the handler as a whole (its ENS and database work included). Kept in
 * the request's context, so code deep in a call adds to it without being passed anything; the
 * request's one log line carries the steps, and read routes answer them in Server-Timing.
 */
export function addStep(step: string, ms: number): void {
  const ctx = currentRequestContext();
  if (!ctx) return;
  ctx.steps ??= {};
  ctx.steps[step] = (ctx.steps[step] ?? 0) + ms;
}

export async function timedStep<T>(step: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await run();
  } finally {
    addStep(step, performance.now() - started);
  }
}

/** The steps rounded to 0.1 ms, for a log line. */
export function stepsOf(steps: Record<string, number> | undefined): Record<string, number> | undefined {
  if (!steps) return undefined;
  return Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}

/** The steps as a Server-Timing header value (`caller;dur=1.2, handler;dur=20.5`). */
export function serverTiming(steps: Record<string, number> | undefined, totalMs: number): string {
  const parts = Object.entries(steps ?? {}).map(([k, v]) => `${k};dur=${v.toFixed(1)}`);
  return [...parts, `total;dur=${totalMs.toFixed(1)}`].join(", ");
}
