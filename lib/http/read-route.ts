import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { appendEvent } from "../audit/append";
import { clientIp } from "../auth/request-info";
import { can, type Permission } from "../auth/permissions";
import { getActiveUser, type ActiveUser } from "../auth/session";
import { getDb } from "../db/client";
import { toActionError } from "../actions/safe-action";

export const READ_ROUTE = Symbol.for("aic-console.read-route");

/**
 * A GET route handler that only reads: the same session and role checks as the action wrapper,
 * denials audited; reads themselves are not audited (they change nothing).
 */
export function readRoute<C>(name: string, permission: Permission, handler: (req: Request, user: ActiveUser, ctx: C) => Promise<Response>) {
  const GET = async (req: Request, ctx: C): Promise<Response> => {
    const user = await getActiveUser();
    if (!user || !can(user.role, permission)) {
      const h = await headers();
      const code = user ? "Console.Forbidden" : "Console.Unauthenticated";
      await appendEvent(await getDb(), {
        operationId: randomUUID(),
        actor: user ? { id: user.id, email: user.email, role: user.role } : null,
        action: name,
        target: null,
        params: { url: new URL(req.url).pathname },
        phase: "completed",
        outcome: "denied",
        errorCode: code,
        errorMessage: user ? `Role ${user.role} may not ${permission}` : "Not signed in",
        sourceIp: clientIp(h),
        userAgent: h.get("user-agent"),
      });
      return Response.json({ ok: false, error: { code, message: user ? "Your role is not allowed to do this." : "Sign in first." } }, { status: user ? 403 : 401 });
    }
    try {
      return await handler(req, user, ctx);
    } catch (e) {
      const error = toActionError(e);
      return Response.json({ ok: false, error }, { status: error.code.startsWith("Console.") ? 500 : 502 });
    }
  };
  return Object.assign(GET, { [READ_ROUTE]: { name, permission } });
}
