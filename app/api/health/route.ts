import { databaseReachable } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Liveness and database reachability; public, reveals nothing else. */
export async function GET() {
  return (await databaseReachable()) ? Response.json({ ok: true }) : Response.json({ ok: false }, { status: 503 });
}
