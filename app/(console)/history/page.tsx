import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ChainStatus } from "@/components/history/chain-status";
import { HistoryFilters } from "@/components/history/history-filters";
import { HistoryTable } from "@/components/history/history-table";
import { ErrorPanel } from "@/components/ui/error-panel";
import { encodeCursor, HistoryTimeoutError, type Cursor } from "@/lib/audit/query";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readHistoryPage } from "@/lib/history/read";
import { timedStep } from "@/lib/log/steps";
import { observedPage } from "@/lib/request/observe";
import type { HistoryPage } from "@/lib/history/view";
import { pageLimit, parsePageCursors } from "@/lib/audit/page-cursors";
import { filterToSearchParams, isFiltered, parseFilter, rawFilterFrom } from "@/lib/audit/filter";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("history.meta"))("title") };
}
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default function HistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return observedPage("history", () => historyPage(searchParams));
}

async function historyPage(searchParams: Promise<SearchParams>) {
  const user = await timedStep("caller", requireUser);
  const sp = await searchParams;
  const raw = rawFilterFrom(sp);
  if (!can(user.role, "history.read")) {
    return <ErrorPanel>{deniedReason(user.role, "history.read", await getLocale())}</ErrorPanel>;
  }
  const t = await getTranslations("history");
  const parsed = parseFilter(sp);
  const cursors = parsePageCursors(sp);
  const { before, after } = cursors.ok ? cursors : { before: null, after: null };
  let page: HistoryPage = { rows: [], older: null, newer: null };
  let problem: string | null = cursors.ok ? null : t("page.badCursor");
  if (parsed.success && cursors.ok) {
    try {
      page = await timedStep("read", () => readHistoryPage(user, parsed.data, { limit: pageLimit(first(sp.limit)), before, after }));
    } catch (e) {
      if (!(e instanceof HistoryTimeoutError)) throw e;
      problem = t("page.timeout");
    }
  }

  const filterQs = filterToSearchParams(raw);
  const withCursor = (key: "before" | "after", c: Cursor) => {
    const q = new URLSearchParams(filterQs);
    q.set(key, encodeCursor(c));
    return `/history?${q}`;
  };
  const exportHref = (format: "csv" | "jsonl") => {
    const q = new URLSearchParams(filterQs);
    q.set("format", format);
    return `/api/history/export?${q}`;
  };
  const canExport = can(user.role, "history.export");

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <ChainStatus />
      </div>
      {/* Keyed by the filters, so Back, Clear and links reset the inputs to what the URL says. */}
      <HistoryFilters key={filterQs.toString()} initial={raw} />
      {!parsed.success && (
        <ErrorPanel>
          {t("page.invalidFilters", {
            issues: parsed.error.issues
              .map((i) => t("page.issue", { path: i.path.join(".") || t("page.filterPath"), message: i.message }))
              .join(t("page.issueSeparator")),
          })}
        </ErrorPanel>
      )}
      {problem && <ErrorPanel>{problem}</ErrorPanel>}
      {page.incomplete && (
        <div role="status" className="card border-amber-300 p-3 text-sm text-amber-900 dark:border-amber-800 dark:text-amber-200">
          {t("page.incomplete")}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="text-slate-600 dark:text-slate-400">
          {t(parsed.success && isFiltered(parsed.data) ? "page.countFiltered" : "page.count", { count: page.rows.length })}
        </span>
        {canExport && parsed.success && (
          <span className="ml-auto flex gap-2">
            <a className="btn-secondary" href={exportHref("csv")} download>
              {t("page.exportCsv")}
            </a>
            <a className="btn-secondary" href={exportHref("jsonl")} download>
              {t("page.exportJsonl")}
            </a>
          </span>
        )}
      </div>
      <div className="card p-2">
        <HistoryTable rows={page.rows} caption={t("page.caption")} />
      </div>
      <nav aria-label={t("page.pagination")} className="flex gap-2">
        {(before || after) && (
          <Link className="btn-secondary" href={filterQs.size ? `/history?${filterQs}` : "/history"}>
            {t("page.newest")}
          </Link>
        )}
        {page.newer && (
          <Link className="btn-secondary" href={withCursor("after", page.newer)}>
            {t("page.newer")}
          </Link>
        )}
        {page.older && (
          <Link className="btn-secondary" href={withCursor("before", page.older)}>
            {t("page.nextPage")}
          </Link>
        )}
      </nav>
    </div>
  );
}
