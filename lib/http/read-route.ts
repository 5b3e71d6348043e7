import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import type { AuditAction } from "../audit/actions";
import { appendEvent } from "../audit/append";
import { clientIp } from "../auth/request-info";
import { can, type Permission } from "../auth/permissions";
import { getActiveUser, type ActiveUser } from "../auth/session";
import { getDb } from "../db/client";
import { toActionError, withWords } from "../errors";
import { localeFor } from "../i18n/locale-for";
import type { Locale } from "../i18n/locales";
import { localizeError } from "../actions/localize-error";
import { sharedRefusalLimiter } from "../abuse/refusals";
import { RATE_LIMITED } from "../abuse/read-budget";
import { countHttpRequest } from "../metrics/record";
import { setRequestUser, withRequestContext } from "../log/context";
import { trackInFlight } from "../lifecycle";
import { logger } from "../log/logger";

const log = logger("http");

export const READ_ROUTE = Symbol.for("aic-console.read-route");

/**
 * A GET route handler that only reads: the same session and role checks as the action wrapper,
 * denials audited; reads themselves are not audited (they change nothing). Its errors are in the
 * caller's language, which the handler is given for its own.
 */
export function readRoute<C>(
  name: AuditAction,
  permission: Permission,
  handler: (req: Request, user: ActiveUser, ctx: C, locale: Locale) => Promise<Response>,
) {
  const answer = async (req: Request, ctx: C): Promise<Response> => {
    const user = await getActiveUser();
    setRequestUser(user);
    const locale = localeFor(user, req.headers.get("accept-language"));
    if (!user || !can(user.role, permission)) {
      const h = await headers();
      const code = user ? "Console.Forbidden" : "Console.Unauthenticated";
      const db = await getDb();
      const actor = user ? { id: user.id, email: user.email, role: user.role } : null;
      const sourceIp = clientIp(h);
      // Past the per-client limit a denial is counted for a summary, not logged one by one (lib/abuse).
      if (sharedRefusalLimiter().admit({ ip: sourceIp, actor, action: name, code }, (e) => appendEvent(db, e))) {
        await appendEvent(db, {
          operationId: randomUUID(),
          actor,
          action: name,
          target: null,
          params: { url: new URL(req.url).pathname },
          phase: "completed",
          outcome: "denied",
          errorCode: code,
          errorMessage: user ? `Role ${user.role} may not ${permission}` : "Not signed in",
          sourceIp,
          userAgent: h.get("user-agent"),
        });
      }
      const error = user
        ? withWords({ code, message: "Your role is not allowed to do this." }, { key: "forbiddenRead" })
        : withWords({ code, message: "Sign in first." }, { key: "signInFirst" });
      return Response.json({ ok: false, error: localizeError(error, locale) }, { status: user ? 403 : 401 });
    }
    try {
      return await handler(req, user, ctx, locale);
    } catch (e) {
      const error = toActionError(e);
      const status = error.code === RATE_LIMITED ? 429 : error.code.startsWith("Console.") ? 500 : 502;
      return Response.json(
        { ok: false, error: localizeError(error, locale) },
        { status, headers: status === 429 ? { "retry-after": "60" } : undefined },
      );
    }
  };
  // Each request runs in its own request context (lib/log) with a fresh `reqId`, which the
  // response names in `x-request-id`; it ends with one line: route, status, duration.
  const GET = (req: Request, ctx: C): Promise<Response> =>
    withRequestContext({ route: name }, async ({ reqId }) => {
      const started = performance.now();
      const line = (status: number) => ({
        route: name,
        method: req.method,
        path: new URL(req.url).pathname,
        status,
        durationMs: Math.round(performance.now() - started),
      });
      const res = await trackInFlight(() => answer(req, ctx)).catch((e: unknown) => {
        countHttpRequest(name, 500);
        log.error({ ...line(500), err: e }, `${name} 500`);
        throw e;
      });
      countHttpRequest(name, res.status);
      const fields = line(res.status);
      if (res.status >= 500) log.warn(fields, `${name} ${res.status}`);
      else log.info(fields, `${name} ${res.status}`);
      try {
        res.headers.set("x-request-id", reqId);
      } catch {
        // A response with immutable headers (a fetched one passed through) keeps its own.
      }
      return res;
    });
  return Object.assign(GET, { [READ_ROUTE]: { name, permission } });
}
