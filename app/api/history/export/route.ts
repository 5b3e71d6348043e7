import type { NextRequest } from "next/server";
import { exportHistory } from "@/lib/actions/history-export";
import { EXPORT_CONTENT_TYPE, exportFileName } from "@/lib/audit/export";
import { rawFilterFrom } from "@/lib/validation/history-filter";

export const dynamic = "force-dynamic";

const STATUS: Record<string, number> = { "Console.Unauthenticated": 401, "Console.Forbidden": 403, "Console.InvalidInput": 400 };

/** GET /api/history/export?<filter>&format=csv|jsonl — the current filter, streamed. */
export async function GET(req: NextRequest) {
  const sp = req.nextUrl.searchParams;
  const raw = { ...rawFilterFrom(sp), format: sp.get("format") ?? undefined };
  const result = await exportHistory(raw);
  if (!result.ok) {
    return Response.json({ error: result.error }, { status: STATUS[result.error.code] ?? 500 });
  }
  const format = sp.get("format") === "jsonl" ? "jsonl" : "csv";
  return new Response(result.data, {
    headers: {
      "content-type": EXPORT_CONTENT_TYPE[format],
      "content-disposition": `attachment; filename="${exportFileName(format)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
