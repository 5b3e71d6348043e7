import { readRoute } from "@/lib/http/read-route";
import { readOverview } from "@/lib/overview/read";

export const dynamic = "force-dynamic";

export const GET = readRoute("overview.read", async (_req, user) => Response.json(await readOverview(user)));
