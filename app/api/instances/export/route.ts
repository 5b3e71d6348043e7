import { exportInstances } from "@/lib/actions/instances-export";
import { INSTANCE_EXPORTS_PER_MINUTE } from "@/lib/abuse/export-limiter";
import { exportRoute } from "@/lib/http/export-admission";

export const dynamic = "force-dynamic";

/** GET /api/instances/export?format=csv|jsonl&<the instances page's filters> — every matching row, streamed. */
export const GET = exportRoute(
  exportInstances,
  { perMinute: INSTANCE_EXPORTS_PER_MINUTE },
  (req) => {
    const sp = new URLSearchParams(new URL(req.url).searchParams);
    const format = sp.get("format") ?? undefined;
    sp.delete("format");
    // Scroll position and row selection are not part of what is exported.
    sp.delete("at");
    return { format, view: sp.toString() };
  },
  (data, body) => {
    const at = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
    return new Response(body(data.stream), {
      headers: {
        "content-type": data.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="aic-instances-${at}.${data.format}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
        "x-total-rows": String(data.rows),
      },
    });
  },
);
