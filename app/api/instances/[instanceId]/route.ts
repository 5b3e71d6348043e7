import { readLogin } from "@/lib/instances/fleet";
import { readRoute } from "@/lib/http/read-route";
import { instanceId } from "@/lib/validation/login";

export const dynamic = "force-dynamic";

export const GET = readRoute("instance.read", "fleet.read", async (_req, _user, ctx: { params: Promise<{ instanceId: string }> }) => {
  const id = instanceId.safeParse((await ctx.params).instanceId);
  if (!id.success) return Response.json({ ok: false, error: { code: "Console.InvalidInput", message: "Not an instance id." } }, { status: 400 });
  return Response.json(await readLogin(id.data));
});
