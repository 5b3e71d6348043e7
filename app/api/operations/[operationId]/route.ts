import { readRoute } from "@/lib/http/read-route";
import { readJob } from "@/lib/jobs/read";
import { ITEM_STATES } from "@/lib/jobs/types";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const GET = readRoute("operations.read", async (req, user, ctx: { params: Promise<{ operationId: string }> }) => {
  const id = (await ctx.params).operationId;
  const notFound = () => Response.json({ ok: false, error: { code: "Console.NotFound", message: "No such operation." } }, { status: 404 });
  if (!UUID.test(id)) return notFound();
  const raw = new URL(req.url).searchParams.get("items");
  const items = ITEM_STATES.find((s) => s === raw);
  const op = await readJob(user, id, items);
  return op ? Response.json(op) : notFound();
});
