import { accessReportFilter, rawReportFrom } from "@/lib/access-report/schema";
import { readAccessReport } from "@/lib/access-report/read";
import { decodeCursor } from "@/lib/audit/query";
import { BAD_CURSOR_MESSAGE, pageLimit } from "@/lib/audit/page-cursors";
import { readRoute } from "@/lib/http/read-route";
import { localizeMessage } from "@/lib/validation/localize";

export const dynamic = "force-dynamic";

/** GET /api/reports/access?instance|prefix|user&from&to[&before][&limit] — one page of the access report (auditors, admins). */
export const GET = readRoute("report.access_read", async (req, _user, _ctx, locale) => {
  const sp = new URL(req.url).searchParams;
  const rawBefore = sp.get("before");
  const before = rawBefore ? decodeCursor(rawBefore) : null;
  if (rawBefore && !before)
    return Response.json(
      { ok: false, error: { code: "Console.InvalidInput", message: localizeMessage(BAD_CURSOR_MESSAGE, locale) } },
      { status: 400 },
    );
  const parsed = accessReportFilter.safeParse(rawReportFrom(sp));
  if (!parsed.success)
    return Response.json(
      { ok: false, error: { code: "Console.InvalidInput", message: parsed.error.issues.map((i) => i.message).join("; ") } },
      { status: 400 },
    );
  return Response.json(await readAccessReport(parsed.data, { limit: pageLimit(sp.get("limit")), before }));
});
