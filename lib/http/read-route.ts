import "server-only";
import { actionPermission, type ActionName } from "../audit/vocabulary";
import type { Permission } from "../auth/permissions";
import type { ActiveUser } from "../auth/session";
import { toActionError } from "../errors";
import type { Locale } from "../i18n/locales";
import { localizeError } from "../actions/localize-error";
import { RATE_LIMITED } from "../abuse/read-budget";
import { countHttpRequest } from "../metrics/record";
import { logger } from "../log/logger";
import { resolveCaller } from "../request/caller";
import { refusalOf } from "../request/authorize";
import { recordRefusal } from "../request/record-refusal";
import { observed } from "../request/observe";
import { serverTiming, stepsOf, timedStep } from "../log/steps";
import { config } from "../config";
import { routeCallerSources } from "../request/next-sources";

const log = logger("http");

export const READ_ROUTE = Symbol.for("aic-console.read-route");
export interface ReadRouteMeta {
  name: ActionName;
  permission: Permission;
}

/** Server-Timing tells the caller where the time went: on where asked (CONSOLE_SERVER_TIMING), else outside production builds. */
const timingAnswered = () => config().CONSOLE_SERVER_TIMING ?? process.env.NODE_ENV !== "production";

const statusOf = (code: string) => (code === RATE_LIMITED ? 429 : code.startsWith("Console.") ? 500 : 502);

/**
 * A GET route handler, in the steps of the action wrapper (lib/request): its request frame, the
 * caller, the permission its name has in the audit registry, denials audited (with the path, never
 * the query). Reads themselves are not audited (they change nothing). Its errors are in the
 * caller's language, which the handler is given for its own.
 */
export function readRoute<C>(name: ActionName, handler: (req: Request, user: ActiveUser, ctx: C, locale: Locale) => Promise<Response>) {
  const permission = actionPermission(name);
  const answer = async (req: Request, ctx: C): Promise<Response> => {
    const caller = await timedStep("caller", () => resolveCaller(routeCallerSources(req)));
    const refusal = refusalOf(caller.user, permission);
    if (refusal || !caller.user) {
      const params = { url: new URL(req.url).pathname };
      await recordRefusal(caller, { action: name, target: null, params, outcome: "denied", error: refusal! });
      return Response.json({ ok: false, error: localizeError(refusal!, caller.locale) }, { status: caller.user ? 403 : 401 });
    }
    try {
      return await timedStep("handler", () => handler(req, caller.user!, ctx, caller.locale));
    } catch (e) {
      const error = toActionError(e);
      const status = statusOf(error.code);
      return Response.json(
        { ok: false, error: localizeError(error, caller.locale) },
        { status, headers: status === 429 ? { "retry-after": "60" } : undefined },
      );
    }
  };
  // The response names the request's `reqId` in `x-request-id`; the request ends with one line: route, status, duration.
  const GET = (req: Request, ctx: C): Promise<Response> =>
    observed(
      { route: name },
      async (rc) => {
        const started = performance.now();
        const res = await answer(req, ctx);
        try {
          res.headers.set("x-request-id", rc.reqId);
          if (timingAnswered()) res.headers.set("server-timing", serverTiming(rc.steps, performance.now() - started));
        } catch {
          // A response with immutable headers (a fetched one passed through) keeps its own.
        }
        return res;
      },
      ({ value, thrown, durationMs, ctx: rc }) => {
        const status = value?.status ?? 500;
        const fields = { route: name, method: req.method, path: new URL(req.url).pathname, status, durationMs, steps: stepsOf(rc.steps) };
        countHttpRequest(name, status);
        if (thrown !== undefined) log.error({ ...fields, err: thrown }, `${name} 500`);
        else if (status >= 500) log.warn(fields, `${name} ${status}`);
        else log.info(fields, `${name} ${status}`);
      },
    );
  const meta: ReadRouteMeta = { name, permission };
  return Object.assign(GET, { [READ_ROUTE]: meta });
}
