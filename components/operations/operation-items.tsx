import Link from "next/link";
import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/ui/copy-button";
import type { OperationItemView } from "@/lib/operations/types";
import { ResolutionNote } from "@/components/history/resolution-note";
import { ItemStateBadge } from "./state-badges";
import { useRecordedErrorText } from "@/components/recorded-error";

const th = "px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-2 py-1.5 align-top";

/** The items of one operation, in the order they were submitted. */
export function OperationItems({ items }: { items: OperationItemView[] }) {
  const t = useTranslations("operations.items");
  const recorded = useRecordedErrorText();
  if (!items.length) return <p className="py-6 text-sm text-slate-500">{t("empty")}</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            <th className={th}>{t("instance")}</th>
            <th className={th}>{t("state")}</th>
            <th className={th}>{t("code")}</th>
            <th className={th}>{t("message")}</th>
            <th className={th}>RequestId</th>
            <th className={th}>
              <span className="sr-only">{t("history")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((i, n) => (
            <tr key={`${n}:${i.instanceId}`} className="border-b border-slate-100 dark:border-slate-800">
              <td className={`${td} font-mono text-xs`}>
                <Link href={`/instances/${encodeURIComponent(i.instanceId)}`} className="text-sky-700 hover:underline dark:text-sky-400">
                  {i.instanceId}
                </Link>
              </td>
              <td className={`${td} whitespace-nowrap`}>
                <ItemStateBadge state={i.state} />
                {i.state === "unknown" && i.resolution && <ResolutionNote found={i.resolution} />}
              </td>
              <td className={`${td} font-mono text-xs`} translate="no">
                {i.code ?? ""}
              </td>
              <td className={`${td} max-w-md text-xs`}>{i.code ? recorded(i.code, i.message) : (i.message ?? "")}</td>
              <td className={`${td} whitespace-nowrap font-mono text-xs`}>
                {i.requestId && (
                  <>
                    {i.requestId} <CopyButton value={i.requestId} label={t("copyRequestId", { id: i.requestId })} />
                  </>
                )}
              </td>
              <td className={`${td} text-xs`}>
                {i.auditOperationId && (
                  <Link href={`/history/${encodeURIComponent(i.auditOperationId)}`} className="text-sky-700 underline dark:text-sky-400">
                    {t("historyLink")}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
