import { readRoute } from "@/lib/http/read-route";
import { readRequestCounts } from "@/lib/requests/read";

export const dynamic = "force-dynamic";

/** The navigation's counts: requests the caller may approve now, break-glass opens awaiting review. */
export const GET = readRoute("requests.read", async (_req, user) => Response.json(await readRequestCounts(user)));
