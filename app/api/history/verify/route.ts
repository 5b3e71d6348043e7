import type { NextRequest } from "next/server";
import { chainStatus } from "@/lib/audit/chain-status";
import { can } from "@/lib/auth/permissions";
import { getActiveUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** GET /api/history/verify[?fresh=1] — the audit chain's status. A read: not audited. */
export async function GET(req: NextRequest) {
  const user = await getActiveUser();
  if (!user) return Response.json({ error: { code: "Console.Unauthenticated", message: "Sign in again." } }, { status: 401 });
  if (!can(user.role, "history.read")) return Response.json({ error: { code: "Console.Forbidden", message: "Not allowed." } }, { status: 403 });
  const status = await chainStatus(req.nextUrl.searchParams.get("fresh") === "1");
  return Response.json(status, { headers: { "cache-control": "no-store" } });
}
