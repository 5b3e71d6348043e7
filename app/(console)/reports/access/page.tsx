import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AccessTable } from "@/components/reports/access-table";
import { StandingAccessPanel } from "@/components/reports/standing-access";
import { ErrorPanel } from "@/components/ui/error-panel";
import { accessReportFilter, rawReportFrom, reportToSearchParams, standingInput } from "@/lib/access-report/schema";
import { readAccessReport, readStandingAccess } from "@/lib/access-report/read";
import type { AccessReportPage } from "@/lib/access-report/view";
import { decodeCursor } from "@/lib/audit/query";
import { pageLimit } from "@/lib/audit/page-cursors";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { timedStep } from "@/lib/log/steps";
import { observedPage } from "@/lib/request/observe";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reports.meta"))("title") };
}
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default function AccessReportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return observedPage("access_report", () => accessReportPage(searchParams));
}

async function accessReportPage(searchParams: Promise<SearchParams>) {
  const user = await timedStep("caller", requireUser);
  if (!can(user.role, "history.export")) {
    return <ErrorPanel>{deniedReason(user.role, "history.export", await getLocale())}</ErrorPanel>;
  }
  const sp = await searchParams;
  const t = await getTranslations("reports");
  const raw = rawReportFrom(sp);
  const parsed = accessReportFilter.safeParse(raw);
  const rawBefore = first(sp.before);
  const before = rawBefore ? decodeCursor(rawBefore) : null;
  const days = standingInput.safeParse({ days: first(sp.days) ?? undefined });
  let page: AccessReportPage | null = null;
  const problem = rawBefore && !before ? t("page.badCursor") : null;
  if (parsed.success && !problem) {
    page = await timedStep("read", () => readAccessReport(parsed.data, { limit: pageLimit(first(sp.limit)), before }));
  }
  const standing = await timedStep("standing", () => readStandingAccess(days.success ? days.data.days : 90));
  const qs = reportToSearchParams(raw);
  const exportHref = (format: "csv" | "jsonl") => {
    const q = new URLSearchParams(qs);
    q.set("format", format);
    return `/api/reports/access/export?${q}`;
  };
  const olderHref = (c: string) => {
    const q = new URLSearchParams(qs);
    q.set("before", c);
    return `/reports/access?${q}`;
  };
  const input = "input w-full";
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("intro")}</p>
      </div>
      <form method="get" action="/reports/access" aria-label={t("filters.label")} className="card grid gap-3 p-3 md:grid-cols-6">
        {(["instance", "prefix", "user"] as const).map((k) => (
          <label key={k} className="text-sm">
            <span className="block text-xs font-medium">{t(`filters.${k}`)}</span>
            <input className={input} name={k} defaultValue={raw[k] ?? ""} type={k === "user" ? "email" : "text"} />
          </label>
        ))}
        {(["from", "to"] as const).map((k) => (
          <label key={k} className="text-sm">
            <span className="block text-xs font-medium">{t(`filters.${k}`)}</span>
            <input className={input} name={k} defaultValue={raw[k] ?? ""} type="datetime-local" />
          </label>
        ))}
        <div className="flex items-end gap-2">
          <button type="submit" className="btn-primary">
            {t("filters.apply")}
          </button>
          <Link className="btn-secondary" href="/reports/access">
            {t("filters.clear")}
          </Link>
        </div>
        <p className="text-xs text-slate-500 md:col-span-6">{t("filters.oneScope")}</p>
      </form>
      {!parsed.success && (
        <ErrorPanel>
          {t("page.invalid", { issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") })}
        </ErrorPanel>
      )}
      {problem && <ErrorPanel>{problem}</ErrorPanel>}
      {page && (
        <>
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <span className="text-slate-600 dark:text-slate-400">
              {t("page.range", { from: page.range.from.slice(0, 16).replace("T", " "), to: page.range.to.slice(0, 16).replace("T", " ") })}
              {" · "}
              {t("page.count", { count: page.rows.length })}
            </span>
            <span className="ml-auto flex gap-2">
              <a className="btn-secondary" href={exportHref("csv")} download>
                {t("page.exportCsv")}
              </a>
              <a className="btn-secondary" href={exportHref("jsonl")} download>
                {t("page.exportJsonl")}
              </a>
            </span>
          </div>
          <div className="card p-2">
            <AccessTable rows={page.rows} caption={t("page.caption")} />
          </div>
          <nav aria-label={t("page.pagination")} className="flex gap-2">
            {before && (
              <Link className="btn-secondary" href={qs.size ? `/reports/access?${qs}` : "/reports/access"}>
                {t("page.newest")}
              </Link>
            )}
            {page.older && (
              <Link className="btn-secondary" href={olderHref(page.older)}>
                {t("page.older")}
              </Link>
            )}
          </nav>
          <p className="text-xs text-slate-500">{t("page.groupNote")}</p>
          <p className="text-xs text-slate-500">{t("page.verifyNote")}</p>
        </>
      )}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t("standing.title")}</h2>
        <form method="get" action="/reports/access" className="flex items-end gap-2 text-sm">
          {Object.entries(raw).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
          <label>
            <span className="block text-xs font-medium">{t("standing.days")}</span>
            <input className="input w-24" name="days" type="number" min={1} max={3650} defaultValue={days.success ? days.data.days : 90} />
          </label>
          <button type="submit" className="btn-secondary">
            {t("standing.apply")}
          </button>
        </form>
        <StandingAccessPanel standing={standing} />
      </section>
    </div>
  );
}
