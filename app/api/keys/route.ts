import { listKeysCached } from "@/lib/keys/read";
import { readRoute } from "@/lib/http/read-route";

export const dynamic = "force-dynamic";

export const GET = readRoute("keys.read", async () => Response.json({ keys: await listKeysCached() }));
