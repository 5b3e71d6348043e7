"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionLabel } from "@/components/history/action-label";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Table, TableMessage, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { JobListFilter } from "@/lib/jobs/schema";
import { operationListSearch, operationsQuery } from "@/lib/queries/operations";
import { LocalTime } from "./local-time";
import { OperationFilters } from "./operation-filters";
import { OperationStateBadge } from "./state-badges";
import { selectionText } from "./selection-text";
import { statusText } from "./status-text";

const href = (f: JobListFilter) => {
  const qs = operationListSearch(f).toString();
  return qs ? `/operations?${qs}` : "/operations";
};

/** The operations list, newest first, one page of the server's cursor paging at a time. */
export function OperationsView({ filter }: { filter: JobListFilter }) {
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
      {list.isError && <ErrorPanel>{list.error.message}</ErrorPanel>}
      <div className="card overflow-x-auto p-2">
        {list.isPending ? (
          <TableMessage>{t("list.loading")}</TableMessage>
        ) : rows.length === 0 ? (
          <TableMessage>{t(filtered ? "list.emptyFiltered" : "list.empty")}</TableMessage>
        ) : (
          <Table caption={t("list.caption")} container="none">
            <THead>
              <Th>{t("list.kind")}</Th>
              <Th>{t("list.who")}</Th>
              <Th>{t("list.when")}</Th>
              <Th>{t("list.state")}</Th>
              <Th>{t("list.progress")}</Th>
              <Th>{t("list.status")}</Th>
            </THead>
            <Tbody>
              {rows.map((r) => (
                <Tr key={r.id} hover>
                  <Td>
                    <Link href={`/operations/${r.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                      {actionLabel(r.kind)}
                    </Link>
                    <div className="max-w-64 truncate text-xs text-slate-500" title={selectionText(t, r.selection)}>
                      {selectionText(t, r.selection)}
                    </div>
                    {r.scheduleId && (
                      <Link
                        href={`/schedules/${r.scheduleId}`}
                        className="block max-w-64 truncate text-xs text-sky-700 hover:underline dark:text-sky-400"
                      >
                        {t("list.schedule", { name: r.scheduleName ?? r.scheduleId })}
                      </Link>
                    )}
                  </Td>
                  <Td className="max-w-48 truncate text-xs" title={r.actorEmail ?? undefined}>
                    {r.actorEmail ?? "—"}
                  </Td>
                  <Td className="text-xs">
                    <LocalTime iso={r.createdAt} />
                  </Td>
                  <Td>
                    <OperationStateBadge state={r.state} />
                  </Td>
                  <Td className="font-mono text-xs">
                    {r.done}/{r.total}
                  </Td>
                  <Td className="text-xs">{statusText(t, r)}</Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
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
