import { config } from "@/lib/config";
import { bearerMatches } from "@/lib/metrics/bearer";
import { scrapedRegistry } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

/**
 * Prometheus metrics, for the scraper that presents CONSOLE_METRICS_TOKEN as a bearer token (a
 * browser session grants nothing here). Without the variable, metrics are off: 404.
 */
export async function GET(req: Request) {
  const token = config().CONSOLE_METRICS_TOKEN;
  if (!token) return new Response(null, { status: 404 });
  if (!bearerMatches(req.headers.get("authorization"), token))
    return new Response(null, { status: 401, headers: { "www-authenticate": "Bearer" } });
  const registry = scrapedRegistry();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
