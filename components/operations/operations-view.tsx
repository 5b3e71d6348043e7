"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { OperationListFilter } from "@/lib/operations/schema";
import { operationListSearch, operationsQuery } from "@/lib/queries/operations";
import { LocalTime } from "./local-time";
import { OperationFilters } from "./operation-filters";
import { OperationStateBadge } from "./state-badges";

const th = "px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-2 py-1.5 align-top";

const href = (f: OperationListFilter) => {
  const qs = operationListSearch(f).toString();
  return qs ? `/operations?${qs}` : "/operations";
};

/** The operations list, newest first, one page of the server's cursor paging at a time. */
export function OperationsView({ filter }: { filter: OperationListFilter }) {
  const list = useQuery(operationsQuery(filter));
  const rows = list.data?.rows ?? [];
  const filtered = Boolean(filter.kind || filter.state || filter.actor);
  const withoutCursor = { ...filter, cursor: undefined };
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Operations</h1>
      {/* Keyed by the filters, so Back, Clear and links reset the inputs to what the URL says. */}
      <OperationFilters key={operationListSearch(withoutCursor).toString()} initial={filter} />
      {list.isError && (
        <p role="alert" className="card border-red-300 p-3 text-sm text-red-800 dark:border-red-800 dark:text-red-300">
          {list.error.message}
        </p>
      )}
      <div className="card overflow-x-auto p-2">
        {list.isPending ? (
          <p className="py-6 text-sm text-slate-500">Loading…</p>
        ) : rows.length === 0 ? (
          <p className="py-6 text-sm text-slate-500">{filtered ? "No operation matches these filters." : "No operations yet."}</p>
        ) : (
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">Operations, newest first</caption>
            <thead className="border-b border-slate-200 dark:border-slate-800">
              <tr>
                <th className={th}>Kind</th>
                <th className={th}>Who</th>
                <th className={th}>When</th>
                <th className={th}>State</th>
                <th className={th}>Progress</th>
                <th className={th}>Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50">
                  <td className={td}>
                    <Link href={`/operations/${r.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                      {r.kindLabel}
                    </Link>
                    <div className="max-w-64 truncate text-xs text-slate-500" title={r.selection}>
                      {r.selection}
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
                  <td className={`${td} text-xs`}>{r.statusText}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <nav aria-label="Pagination" className="flex gap-2">
        {filter.cursor && (
          <Link className="btn-secondary" href={href(withoutCursor)}>
            Newest
          </Link>
        )}
        {list.data?.next && (
          <Link className="btn-secondary" href={href({ ...filter, cursor: list.data.next })}>
            Older
          </Link>
        )}
      </nav>
    </div>
  );
}
