import { getFleet } from "@/lib/instances/fleet";
import { readRoute } from "@/lib/http/read-route";

export const dynamic = "force-dynamic";

export const GET = readRoute("fleet.read", "fleet.read", async (req) => {
  const fresh = new URL(req.url).searchParams.get("fresh") === "1";
  return Response.json(await getFleet({ fresh }));
});
