import { trackInFlight } from "../lifecycle";
import { currentRequestContext, withRequestContext, type RequestContext } from "../log/context";
import { logger } from "../log/logger";
import { stepsOf } from "../log/steps";

const pageLog = logger("page");

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

/**
 * A page's data work in a request frame of its own: its reads' steps (caller, read…) and one log
 * line (`page <name>`, duration, steps) say where a page's time goes, as they do for actions.
 */
export function observedPage<T>(name: string, run: () => Promise<T>): Promise<T> {
  return observed({ route: `page:${name}` }, run, ({ thrown, durationMs, ctx }) => {
    const fields = { route: `page:${name}`, durationMs, steps: stepsOf(ctx.steps) };
    // A throw is a redirect (sign in again) or an error Next reports itself.
    pageLog.info(thrown === undefined ? fields : { ...fields, thrown: true }, `page ${name}`);
  });
}
