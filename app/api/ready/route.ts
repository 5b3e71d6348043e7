import { readiness } from "@/lib/metrics/readiness";

export const dynamic = "force-dynamic";

/** Readiness for a load balancer: public; when not ready, names the failing checks and nothing else. */
export async function GET() {
  const r = await readiness();
  return Response.json(r, { status: r.ok ? 200 : 503 });
}
