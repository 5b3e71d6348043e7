import clsx from "clsx";
import { useTranslations } from "next-intl";
import type { ShareHistoryRow } from "@/lib/images/share-history";
import { useRecordedErrorText } from "@/components/recorded-error";

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
        <div className="card overflow-x-auto">
          <table aria-labelledby="share-history-title" className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t("when")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("who")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("recipients")}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t("outcome")}
                </th>
                <th scope="col" className="px-3 py-2">
                  RequestId
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.operationId} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                  <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                    <time dateTime={r.at}>{fmt(r.at)}</time>
                  </td>
                  <td className="px-3 py-2">{r.actorEmail ?? "—"}</td>
                  <td className="max-w-md px-3 py-2 font-mono text-xs break-all">
                    <span className="font-sans text-slate-500">{r.users.length} · </span>
                    {r.users.join(", ")}
                  </td>
                  <td className="px-3 py-2">
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
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{r.ensRequestId ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
