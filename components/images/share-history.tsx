import clsx from "clsx";
import { useTranslations } from "next-intl";
import type { ShareHistoryRow } from "@/lib/images/view";
import { useRecordedErrorText } from "@/components/recorded-error";
import { Table, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";

const fmt = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, " UTC");

/** Who shared this image with which UIDs, when, and how it ended (from the audit log). */
export function ShareHistory({ rows }: { rows: ShareHistoryRow[] }) {
  const t = useTranslations("images.history");
  const recorded = useRecordedErrorText();
  return (
    <section aria-labelledby="share-history-title" className="space-y-2">
      <h2 id="share-history-title" className="text-lg font-semibold">
        {t("title")}
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("empty")}</p>
      ) : (
        <Table aria-labelledby="share-history-title" container="card">
          <THead>
            <Th>{t("when")}</Th>
            <Th>{t("who")}</Th>
            <Th>{t("recipients")}</Th>
            <Th>{t("outcome")}</Th>
            <Th>RequestId</Th>
          </THead>
          <Tbody>
            {rows.map((r) => (
              <Tr key={r.operationId}>
                <Td className="whitespace-nowrap tabular-nums">
                  <time dateTime={r.at}>{fmt(r.at)}</time>
                </Td>
                <Td>{r.actorEmail ?? "—"}</Td>
                <Td className="max-w-md font-mono text-xs break-all">
                  <span className="font-sans text-slate-500">{r.users.length} · </span>
                  {r.users.join(", ")}
                </Td>
                <Td>
                  <span
                    className={clsx(
                      "font-medium",
                      r.outcome === "success"
                        ? "text-emerald-700 dark:text-emerald-400"
                        : r.outcome
                          ? "text-red-700 dark:text-red-400"
                          : "text-amber-700",
                    )}
                  >
                    {r.outcome ? t("result", { outcome: r.outcome }) : t("inProgress")}
                  </span>
                  {r.errorCode && (
                    <div className="font-mono text-xs" translate="no">
                      {r.errorCode}
                    </div>
                  )}
                  {r.errorMessage && (
                    <div className="text-xs text-slate-600 dark:text-slate-400">
                      {r.errorCode ? recorded(r.errorCode, r.errorMessage) : r.errorMessage}
                    </div>
                  )}
                </Td>
                <Td className="font-mono text-xs">{r.ensRequestId ?? "—"}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
    </section>
  );
}
