import { trackInFlight } from "../lifecycle";
import { currentRequestContext, withRequestContext, type RequestContext } from "../log/context";

/**
 * The frame of every request, action or read route: its own request context (a fresh `reqId` on
 * every line it logs), counted in flight (a shutdown waits for it), timed, and closed by exactly
 * one `done` call with its duration, whether it answered or threw.
 */
export function observed<T>(
  fields: Omit<RequestContext, "reqId">,
  run: (ctx: RequestContext) => Promise<T>,
  done: (end: { value?: T; thrown?: unknown; durationMs: number; ctx: RequestContext }) => void,
): Promise<T> {
  return withRequestContext(fields, async (ctx) => {
    const started = performance.now();
    const durationMs = () => Math.round(performance.now() - started);
    let value: T;
    try {
      value = await trackInFlight(() => run(ctx));
    } catch (thrown) {
      done({ thrown, durationMs: durationMs(), ctx });
      throw thrown;
    }
    done({ value, durationMs: durationMs(), ctx });
    return value;
  });
}

/** Names the request's action in its context, once known (the input may decide it): later lines carry it. */
export function nameRequest(action: string): void {
  const ctx = currentRequestContext();
  if (ctx) ctx.action = action;
}
