"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionLabel } from "@/components/history/action-label";
import type { OperationListFilter } from "@/lib/operations/schema";
import { operationListSearch, operationsQuery } from "@/lib/queries/operations";
import { LocalTime } from "./local-time";
import { OperationFilters } from "./operation-filters";
import { OperationStateBadge } from "./state-badges";
import { selectionText } from "./selection-text";
import { statusText } from "./status-text";

const th = "px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-2 py-1.5 align-top";

const href = (f: OperationListFilter) => {
  const qs = operationListSearch(f).toString();
  return qs ? `/operations?${qs}` : "/operations";
};

/** The operations list, newest first, one page of the server's cursor paging at a time. */
export function OperationsView({ filter }: { filter: OperationListFilter }) {
  const t = useTranslations("operations");
  const actionLabel = useActionLabel();
  const list = useQuery(operationsQuery(filter));
  const rows = list.data?.rows ?? [];
  const filtered = Boolean(filter.kind || filter.state || filter.actor);
  const withoutCursor = { ...filter, cursor: undefined };
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      {/* Keyed by the filters, so Back, Clear and links reset the inputs to what the URL says. */}
      <OperationFilters key={operationListSearch(withoutCursor).toString()} initial={filter} />
      {list.isError && (
        <p role="alert" className="card border-red-300 p-3 text-sm text-red-800 dark:border-red-800 dark:text-red-300">
          {list.error.message}
        </p>
      )}
      <div className="card overflow-x-auto p-2">
        {list.isPending ? (
          <p className="py-6 text-sm text-slate-500">{t("list.loading")}</p>
        ) : rows.length === 0 ? (
          <p className="py-6 text-sm text-slate-500">{t(filtered ? "list.emptyFiltered" : "list.empty")}</p>
        ) : (
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">{t("list.caption")}</caption>
            <thead className="border-b border-slate-200 dark:border-slate-800">
              <tr>
                <th className={th}>{t("list.kind")}</th>
                <th className={th}>{t("list.who")}</th>
                <th className={th}>{t("list.when")}</th>
                <th className={th}>{t("list.state")}</th>
                <th className={th}>{t("list.progress")}</th>
                <th className={th}>{t("list.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50">
                  <td className={td}>
                    <Link href={`/operations/${r.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                      {actionLabel(r.kind)}
                    </Link>
                    <div className="max-w-64 truncate text-xs text-slate-500" title={selectionText(t, r.selection)}>
                      {selectionText(t, r.selection)}
                    </div>
                  </td>
                  <td className={`${td} max-w-48 truncate text-xs`} title={r.actorEmail ?? undefined}>
                    {r.actorEmail ?? "—"}
                  </td>
                  <td className={`${td} text-xs`}>
                    <LocalTime iso={r.createdAt} />
                  </td>
                  <td className={td}>
                    <OperationStateBadge state={r.state} />
                  </td>
                  <td className={`${td} font-mono text-xs`}>
                    {r.done}/{r.total}
                  </td>
                  <td className={`${td} text-xs`}>{statusText(t, r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <nav aria-label={t("list.pagination")} className="flex gap-2">
        {filter.cursor && (
          <Link className="btn-secondary" href={href(withoutCursor)}>
            {t("list.newest")}
          </Link>
        )}
        {list.data?.next && (
          <Link className="btn-secondary" href={href({ ...filter, cursor: list.data.next })}>
            {t("list.older")}
          </Link>
        )}
      </nav>
    </div>
  );
}
