import type { NextRequest } from "next/server";
import { exportInstances } from "@/lib/actions/instances-export";
import { INSTANCE_EXPORTS_PER_MINUTE } from "@/lib/abuse/export-limiter";
import { admitExport, releasedWhenDone } from "@/lib/http/export-admission";

export const dynamic = "force-dynamic";

const STATUS: Record<string, number> = { "Console.Unauthenticated": 401, "Console.Forbidden": 403, "Console.InvalidInput": 400 };

/** GET /api/instances/export?format=csv|jsonl&<the instances page's filters> — every matching row, streamed. */
export async function GET(req: NextRequest) {
  const sp = new URLSearchParams(req.nextUrl.searchParams);
  const format = sp.get("format") ?? undefined;
  sp.delete("format");
  // Scroll position and row selection are not part of what is exported.
  sp.delete("at");
  const admitted = await admitExport(req, "instances.export", "fleet.read", { perMinute: INSTANCE_EXPORTS_PER_MINUTE });
  if (!admitted.ok) return admitted.response;
  const result = await exportInstances({ format, view: sp.toString() }).catch((e: unknown) => {
    admitted.slot?.release();
    throw e;
  });
  if (!result.ok) {
    admitted.slot?.release();
    return Response.json({ error: result.error }, { status: STATUS[result.error.code] ?? 500 });
  }
  const ext = format === "jsonl" ? "jsonl" : "csv";
  const at = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return new Response(releasedWhenDone(result.data.stream, admitted.slot), {
    headers: {
      "content-type": ext === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="aic-instances-${at}.${ext}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-total-rows": String(result.data.rows),
    },
  });
}
