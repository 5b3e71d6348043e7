import { exportAccessReport } from "@/lib/actions/access-report";
import { reportFileName } from "@/lib/access-report/export";
import { REPORT_KEYS, rawReportFrom } from "@/lib/access-report/schema";
import { EXPORT_CONTENT_TYPE } from "@/lib/audit/export";
import { exportRoute } from "@/lib/http/export-admission";

export const dynamic = "force-dynamic";

const KNOWN_PARAMS = new Set<string>([...REPORT_KEYS, "format"]);

/** GET /api/reports/access/export?<report filter>&format=csv|jsonl — the whole report, streamed (auditors, admins). */
export const GET = exportRoute(
  exportAccessReport,
  {},
  (req) => {
    const sp = new URL(req.url).searchParams;
    // No paging: an unknown (or repeated) parameter is refused, so what is exported is what the URL says.
    const unknown = [...new Set(sp.keys())].filter((k) => !KNOWN_PARAMS.has(k) || sp.getAll(k).length > 1);
    if (unknown.length) {
      const message = `Unknown or repeated export parameter${unknown.length > 1 ? "s" : ""}: ${unknown
        .slice(0, 5)
        .map((k) => k.slice(0, 40))
        .join(", ")}.`;
      return Response.json({ error: { code: "Console.InvalidInput", message } }, { status: 400, headers: { "cache-control": "no-store" } });
    }
    const raw = Object.fromEntries(Object.entries(rawReportFrom(sp)).filter(([, v]) => v !== undefined));
    return { ...raw, format: sp.get("format") ?? undefined };
  },
  (data, body) =>
    new Response(body(data.stream), {
      headers: {
        "content-type": EXPORT_CONTENT_TYPE[data.format],
        "content-disposition": `attachment; filename="${reportFileName(data.format)}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    }),
);
