import { chainStatus } from "@/lib/audit/chain-status";
import { readRoute } from "@/lib/http/read-route";

export const dynamic = "force-dynamic";

/** GET /api/history/verify[?fresh=1] — the audit chain's status. A read: not audited. */
export const GET = readRoute("history.verify", async (req) => {
  const status = await chainStatus(new URL(req.url).searchParams.get("fresh") === "1");
  return Response.json(status, { headers: { "cache-control": "no-store" } });
});
