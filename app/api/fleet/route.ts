import { fleetIndex } from "@/lib/instances/fleet-index/live-index";
import { fleetWindowInput } from "@/lib/instances/fleet-index/window";
import { getFleetPage } from "@/lib/instances/read";
import { parseView } from "@/lib/instances/list-params";
import { readRoute } from "@/lib/http/read-route";

export const dynamic = "force-dynamic";

/**
 * GET /api/fleet?<the instances view>&offset=&limit=[&facets=1][&fresh=1]: one window of the
 * view, its counts, and (facets=1) the values for the filter menus; filtered on the server.
 */
export const GET = readRoute("fleet.read", async (req) => {
  const sp = new URL(req.url).searchParams;
  const win = fleetWindowInput.safeParse(
    Object.fromEntries(["offset", "limit", "facets", "fresh"].flatMap((k) => (sp.has(k) ? [[k, sp.get(k)]] : []))),
  );
  if (!win.success)
    return Response.json(
      { ok: false, error: { code: "Console.InvalidInput", message: win.error.issues.map((i) => i.message).join("; ") } },
      { status: 400 },
    );
  const { offset, limit, facets, fresh } = win.data;
  const page = await getFleetPage(parseView(sp), { offset, limit }, { fresh: fresh === "1" });
  return Response.json(facets === "1" ? { ...page, facets: (await fleetIndex()).facets() } : page);
});
