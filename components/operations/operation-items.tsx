import Link from "next/link";
import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, TableMessage, Tbody, Td, Th, THead, ThHidden, Tr } from "@/components/ui/table";
import type { JobItemView } from "@/lib/jobs/types";
import { ResolutionNote } from "@/components/history/resolution-note";
import { ItemStateBadge } from "./state-badges";
import { stopReasonText } from "./stop-reason";
import { useRecordedErrorText } from "@/components/recorded-error";

/** The items of one operation, in the order they were submitted. */
export function OperationItems({ items }: { items: JobItemView[] }) {
  const t = useTranslations("operations.items");
  const ops = useTranslations("operations");
  const recorded = useRecordedErrorText();
  const message = (i: JobItemView) =>
    (i.code === "Console.StoppedOnFailures" && stopReasonText(ops, i.message)) ||
    (i.code ? recorded(i.code, i.message) : (i.message ?? ""));
  if (!items.length) return <TableMessage>{t("empty")}</TableMessage>;
  return (
    <Table caption={t("caption")}>
      <THead>
        <Th>{t("instance")}</Th>
        <Th>{t("state")}</Th>
        <Th>{t("code")}</Th>
        <Th>{t("message")}</Th>
        <Th>RequestId</Th>
        <ThHidden label={t("history")} />
      </THead>
      <Tbody>
        {items.map((i, n) => (
          <Tr key={`${n}:${i.instanceId}`}>
            <Td className="font-mono text-xs">
              <Link href={`/instances/${encodeURIComponent(i.instanceId)}`} className="text-sky-700 hover:underline dark:text-sky-400">
                {i.instanceId}
              </Link>
            </Td>
            <Td className="whitespace-nowrap">
              <ItemStateBadge state={i.state} />
              {i.state === "unknown" && i.resolution && <ResolutionNote found={i.resolution} />}
            </Td>
            <Td className="font-mono text-xs" translate="no">
              {i.code ?? ""}
            </Td>
            <Td className="max-w-md text-xs">{message(i)}</Td>
            <Td className="whitespace-nowrap font-mono text-xs">
              {i.requestId && (
                <>
                  {i.requestId} <CopyButton value={i.requestId} label={t("copyRequestId", { id: i.requestId })} />
                </>
              )}
            </Td>
            <Td className="text-xs">
              {i.auditOperationId && (
                <Link href={`/history/${encodeURIComponent(i.auditOperationId)}`} className="text-sky-700 underline dark:text-sky-400">
                  {t("historyLink")}
                </Link>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
