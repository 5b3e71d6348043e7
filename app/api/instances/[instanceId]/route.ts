import { readCaches } from "@/lib/abuse/read-caches";
import { readLogin } from "@/lib/instances/read";
import { toInstanceLoginView } from "@/lib/instances/login-view";
import { readRoute } from "@/lib/http/read-route";
import { instanceId } from "@/lib/validation/ids";

export const dynamic = "force-dynamic";

// Shared briefly per instance (one ENS call for a room of readers), and each user may start only
// so many ENS reads a minute: without both, a viewer could spend the AccessKey's ENS quota.
export const GET = readRoute("instance.read", async (_req, user, ctx: { params: Promise<{ instanceId: string }> }) => {
  const id = instanceId.safeParse((await ctx.params).instanceId);
  if (!id.success)
    return Response.json({ ok: false, error: { code: "Console.InvalidInput", message: "Not an instance id." } }, { status: 400 });
  const reads = readCaches();
  return Response.json(
    toInstanceLoginView(
      await reads.instanceLogin.get(
        id.data,
        () => readLogin(id.data),
        () => reads.budget.charge(user.id),
      ),
    ),
  );
});
