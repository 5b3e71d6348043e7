import type { Metadata } from "next";
import Link from "next/link";
import { ChainStatus } from "@/components/history/chain-status";
import { HistoryFilters } from "@/components/history/history-filters";
import { HistoryTable } from "@/components/history/history-table";
import { encodeCursor, HistoryTimeoutError, type Cursor } from "@/lib/audit/query";
import { can, deniedReason } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { readHistoryPage } from "@/lib/history/queries";
import type { HistoryPage } from "@/lib/history/view";
import { pageLimit, parsePageCursors } from "@/lib/validation/history-cursor";
import { filterToSearchParams, isFiltered, parseFilter, rawFilterFrom } from "@/lib/validation/history-filter";

export const metadata: Metadata = { title: "History · AIC Console" };
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function HistoryPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const raw = rawFilterFrom(sp);
  if (!can(user.role, "history.read")) {
    return <p role="alert">{deniedReason(user.role, "history.read")}</p>;
  }
  const parsed = parseFilter(sp);
  const cursors = parsePageCursors(sp);
  const { before, after } = cursors.ok ? cursors : { before: null, after: null };
  let page: HistoryPage = { rows: [], older: null, newer: null };
  let problem: string | null = cursors.ok ? null : cursors.message;
  if (parsed.success && cursors.ok) {
    try {
      page = await readHistoryPage(user, parsed.data, { limit: pageLimit(first(sp.limit)), before, after });
    } catch (e) {
      if (!(e instanceof HistoryTimeoutError)) throw e;
      problem = e.message;
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
        <h1 className="text-xl font-semibold">History</h1>
        <ChainStatus />
      </div>
      {/* Keyed by the filters, so Back, Clear and links reset the inputs to what the URL says. */}
      <HistoryFilters key={filterQs.toString()} initial={raw} />
      {!parsed.success && (
        <div role="alert" className="card border-red-300 p-3 text-sm text-red-800 dark:border-red-800 dark:text-red-300">
          These filters are not valid: {parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`).join("; ")}
        </div>
      )}
      {problem && (
        <div role="alert" className="card border-red-300 p-3 text-sm text-red-800 dark:border-red-800 dark:text-red-300">
          {problem}
        </div>
      )}
      {page.incomplete && (
        <div role="status" className="card border-amber-300 p-3 text-sm text-amber-900 dark:border-amber-800 dark:text-amber-200">
          The search stopped at its time budget before filling this page. Older events were not searched yet: use Next page to search on, or
          narrow the search with a date range, an actor or an action.
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span className="text-slate-600 dark:text-slate-400">
          {page.rows.length} operation{page.rows.length === 1 ? "" : "s"} on this page
          {parsed.success && isFiltered(parsed.data) ? ", filtered" : ""}
        </span>
        {canExport && parsed.success && (
          <span className="ml-auto flex gap-2">
            <a className="btn-secondary" href={exportHref("csv")} download>
              Export CSV
            </a>
            <a className="btn-secondary" href={exportHref("jsonl")} download>
              Export JSON Lines
            </a>
          </span>
        )}
      </div>
      <div className="card p-2">
        <HistoryTable rows={page.rows} caption="Operations, newest first" />
      </div>
      <nav aria-label="Pagination" className="flex gap-2">
        {(before || after) && (
          <Link className="btn-secondary" href={filterQs.size ? `/history?${filterQs}` : "/history"}>
            Newest
          </Link>
        )}
        {page.newer && (
          <Link className="btn-secondary" href={withCursor("after", page.newer)}>
            Newer
          </Link>
        )}
        {page.older && (
          <Link className="btn-secondary" href={withCursor("before", page.older)}>
            Next page
          </Link>
        )}
      </nav>
    </div>
  );
}
