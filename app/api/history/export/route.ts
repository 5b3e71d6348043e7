import { exportHistory } from "@/lib/actions/history-export";
import { exportRoute } from "@/lib/http/export-admission";
import { EXPORT_CONTENT_TYPE, exportFileName } from "@/lib/audit/export";
import { FILTER_KEYS, rawFilterFrom } from "@/lib/audit/filter";

export const dynamic = "force-dynamic";

const KNOWN_PARAMS = new Set<string>([...FILTER_KEYS, "format"]);

/** GET /api/history/export?<filter>&format=csv|jsonl — the current filter, streamed. */
export const GET = exportRoute(
  exportHistory,
  {},
  (req) => {
    const sp = new URL(req.url).searchParams;
    // The export has no paging: a cursor, a limit or any other unknown (or repeated) parameter is
    // refused rather than ignored, so what is exported is exactly what the URL says.
    const unknown = [...new Set(sp.keys())].filter((k) => !KNOWN_PARAMS.has(k) || sp.getAll(k).length > 1);
    if (unknown.length) {
      const message = `Unknown or repeated export parameter${unknown.length > 1 ? "s" : ""}: ${unknown
        .slice(0, 5)
        .map((k) => k.slice(0, 40))
        .join(", ")}.`;
      return Response.json({ error: { code: "Console.InvalidInput", message } }, { status: 400, headers: { "cache-control": "no-store" } });
    }
    return { ...rawFilterFrom(sp), format: sp.get("format") ?? undefined };
  },
  (data, body) => {
    const format = data.format;
    return new Response(body(data.stream), {
      headers: {
        "content-type": EXPORT_CONTENT_TYPE[format],
        "content-disposition": `attachment; filename="${exportFileName(format)}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
);
