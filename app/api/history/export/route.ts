import type { NextRequest } from "next/server";
import { exportHistory } from "@/lib/actions/history-export";
import { admitExport, releasedWhenDone } from "@/lib/http/export-admission";
import { EXPORT_CONTENT_TYPE, exportFileName } from "@/lib/audit/export";
import { FILTER_KEYS, rawFilterFrom } from "@/lib/validation/history-filter";

export const dynamic = "force-dynamic";

const KNOWN_PARAMS = new Set<string>([...FILTER_KEYS, "format"]);

const STATUS: Record<string, number> = { "Console.Unauthenticated": 401, "Console.Forbidden": 403, "Console.InvalidInput": 400 };

/** GET /api/history/export?<filter>&format=csv|jsonl — the current filter, streamed. */
export async function GET(req: NextRequest) {
  const sp = req.nextUrl.searchParams;
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
  const raw = { ...rawFilterFrom(sp), format: sp.get("format") ?? undefined };
  const admitted = await admitExport(req, "history.export", "history.export");
  if (!admitted.ok) return admitted.response;
  const result = await exportHistory(raw).catch((e: unknown) => {
    admitted.slot?.release();
    throw e;
  });
  if (!result.ok) {
    admitted.slot?.release();
    return Response.json({ error: result.error }, { status: STATUS[result.error.code] ?? 500 });
  }
  const format = sp.get("format") === "jsonl" ? "jsonl" : "csv";
  return new Response(releasedWhenDone(result.data, admitted.slot), {
    headers: {
      "content-type": EXPORT_CONTENT_TYPE[format],
      "content-disposition": `attachment; filename="${exportFileName(format)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
