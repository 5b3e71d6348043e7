import { readRoute } from "@/lib/http/read-route";
import { listOperations } from "@/lib/operations/read";
import { operationListFilter } from "@/lib/operations/schema";

export const dynamic = "force-dynamic";

export const GET = readRoute("operations.read", "fleet.read", async (req, user) => {
  const sp = new URL(req.url).searchParams;
  const filter = operationListFilter.parse({
    kind: sp.get("kind") ?? undefined,
    state: sp.get("state") ?? undefined,
    actor: sp.get("actor") ?? undefined,
    cursor: sp.get("cursor") ?? undefined,
  });
  return Response.json(await listOperations(user, filter));
});
