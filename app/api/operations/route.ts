import { readRoute } from "@/lib/http/read-route";
import { isJobCursor } from "@/lib/jobs/cursor";
import { listJobs } from "@/lib/jobs/read";
import { jobListFilter } from "@/lib/jobs/schema";
import { BAD_CURSOR_MESSAGE } from "@/lib/audit/page-cursors";
import { localizeMessage } from "@/lib/validation/localize";

export const dynamic = "force-dynamic";

export const GET = readRoute("operations.read", async (req, user, _ctx, locale) => {
  const sp = new URL(req.url).searchParams;
  // A cursor the list did not write is refused, like the history's, before anything reaches SQL.
  const cursors = sp.getAll("cursor");
  if (cursors.length > 1 || (cursors.length === 1 && !isJobCursor(cursors[0])))
    return Response.json(
      { ok: false, error: { code: "Console.InvalidInput", message: localizeMessage(BAD_CURSOR_MESSAGE, locale) } },
      { status: 400 },
    );
  const filter = jobListFilter.parse({
    kind: sp.get("kind") ?? undefined,
    state: sp.get("state") ?? undefined,
    actor: sp.get("actor") ?? undefined,
    cursor: cursors[0],
  });
  return Response.json(await listJobs(user, filter));
});
