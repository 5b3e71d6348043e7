import Link from "next/link";
import { useTranslations } from "next-intl";
import { LocalTime } from "@/components/operations/local-time";
import { Table, TableMessage, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { RequestView } from "@/lib/requests/view";
import { askText } from "./ask-text";
import { requestHref, shortId } from "./href";
import { RequestStateBadge } from "./request-state-badge";

/** One page of requests, newest first: each links to its page. */
export function RequestsTable({ rows, filtered }: { rows: RequestView[]; filtered: boolean }) {
  const t = useTranslations("requests");
  const tOps = useTranslations("operations");
  if (rows.length === 0) return <TableMessage>{t(filtered ? "list.emptyFiltered" : "list.empty")}</TableMessage>;
  return (
    <Table caption={t("list.caption")} container="none">
      <THead>
        <Th>{t("list.request")}</Th>
        <Th>{t("list.kind")}</Th>
        <Th>{t("list.what")}</Th>
        <Th>{t("list.requester")}</Th>
        <Th>{t("list.reason")}</Th>
        <Th>{t("list.state")}</Th>
        <Th>{t("list.created")}</Th>
      </THead>
      <Tbody>
        {rows.map((r) => {
          const what = askText(t, tOps, r.ask);
          return (
            <Tr key={r.id} hover>
              <Td>
                <Link
                  href={requestHref(r.id)}
                  aria-label={t("list.open", { id: r.id })}
                  title={r.id}
                  translate="no"
                  className="font-mono text-xs font-medium text-sky-700 hover:underline dark:text-sky-400"
                >
                  {shortId(r.id)}
                </Link>
              </Td>
              <Td className="whitespace-nowrap text-xs">{t(`kinds.${r.kind}`)}</Td>
              <Td className="max-w-72 truncate text-xs" title={what}>
                {what}
              </Td>
              <Td className="max-w-48 truncate text-xs" title={r.requesterEmail}>
                {r.requesterEmail}
              </Td>
              <Td className="max-w-64 truncate text-xs" title={r.reason}>
                {r.reason}
              </Td>
              <Td>
                <RequestStateBadge state={r.state} />
              </Td>
              <Td className="text-xs">
                <LocalTime iso={r.createdAt} />
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
