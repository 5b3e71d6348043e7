"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { Fragment, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { ROLES, type Role } from "@/lib/roles";
import { targetHref } from "./format";
import type { HistoryRow } from "@/lib/history/row";
import { LocalTime } from "./local-time";
import { OperationDetail } from "./operation-detail";
import { OutcomeBadge } from "./outcome-badge";
import { ResolutionNote } from "./resolution-note";

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
const th = "px-2 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-500";
const td = "px-2 py-1.5 align-top";

/** One row per operation; a row's Details button expands its params and both events. */
export function HistoryTable({ rows, caption, compact = false }: { rows: HistoryRow[]; caption: string; compact?: boolean }) {
  const t = useTranslations("history");
  const [open, setOpen] = useState<string | null>(null);
  if (!rows.length) return <p className="py-6 text-sm text-slate-500">{t("table.empty")}</p>;
  const role = (r: string) => (isRole(r) || r === "system" || r === "cli" ? t(`roles.${r}`) : r);
  const cols = compact ? 8 : 12;
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 dark:border-slate-800">
          <tr>
            <th className={th}>
              <span className="sr-only">{t("table.details")}</span>
            </th>
            <th className={th}>{t("table.time")}</th>
            <th className={th}>{t("table.actor")}</th>
            <th className={th}>{t("table.action")}</th>
            {!compact && <th className={th}>{t("table.target")}</th>}
            <th className={th}>{t("table.params")}</th>
            <th className={th}>{t("table.outcome")}</th>
            <th className={th}>{t("table.error")}</th>
            <th className={th}>RequestId</th>
            {!compact && <th className={th}>{t("table.duration")}</th>}
            {!compact && <th className={th}>{t("table.sourceIp")}</th>}
            {!compact && <th className={th}>{t("table.bulk")}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const expanded = open === r.operationId;
            const href = targetHref(r.targetType, r.targetId);
            const detailId = `op-${r.operationId}`;
            return (
              <Fragment key={r.operationId}>
                <tr
                  className="cursor-pointer border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50"
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest("a,button")) return;
                    setOpen(expanded ? null : r.operationId);
                  }}
                >
                  <td className={td}>
                    <button
                      type="button"
                      className="rounded px-1.5 text-xs text-sky-700 hover:bg-slate-100 dark:text-sky-400 dark:hover:bg-slate-800"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailId : undefined}
                      aria-label={t("table.detailsOf", { action: r.action, target: r.targetId ?? "", at: r.at }).replace(/\s+/g, " ")}
                      onClick={() => setOpen(expanded ? null : r.operationId)}
                    >
                      {expanded ? "▾" : "▸"}
                    </button>
                  </td>
                  <td className={td}>
                    <LocalTime iso={r.at} />
                  </td>
                  <td className={td}>
                    <div className="max-w-44 truncate text-xs" title={r.actorEmail ?? undefined}>
                      {(r.actorEmail && <span translate="no">{r.actorEmail}</span>) ??
                        (r.hidden.includes("actor") ? (
                          <span className="italic text-slate-500">{t("table.hidden")}</span>
                        ) : (
                          t("table.anonymous")
                        ))}
                    </div>
                    {r.actorRole && <div className="text-xs text-slate-500">{role(r.actorRole)}</div>}
                  </td>
                  <td className={`${td} font-mono text-xs`} translate="no">
                    {r.action}
                  </td>
                  {!compact && (
                    <td className={`${td} max-w-40 truncate text-xs`} title={r.targetId ?? undefined} translate="no">
                      {href ? (
                        <Link href={href} className="text-sky-700 underline dark:text-sky-400">
                          {r.targetId}
                        </Link>
                      ) : (
                        (r.targetId ?? "")
                      )}
                    </td>
                  )}
                  <td className={`${td} max-w-48 truncate text-xs`} title={r.summary} translate="no">
                    {r.summary}
                  </td>
                  <td className={`${td} whitespace-nowrap`}>
                    <OutcomeBadge outcome={r.outcome} />
                    {r.resolution && <ResolutionNote {...r.resolution} />}
                  </td>
                  <td className={`${td} font-mono text-xs`} title={r.errorMessage ?? undefined} translate="no">
                    {r.errorCode ?? ""}
                  </td>
                  <td className={`${td} whitespace-nowrap font-mono text-xs`}>
                    {r.ensRequestId && (
                      <>
                        <span className="inline-block max-w-28 truncate align-bottom" title={r.ensRequestId}>
                          {r.ensRequestId}
                        </span>
                        <CopyButton value={r.ensRequestId} label={t("table.copyRequestId", { id: r.ensRequestId })} />
                      </>
                    )}
                  </td>
                  {!compact && (
                    <td className={`${td} whitespace-nowrap text-xs`}>
                      {r.durationMs !== null ? t("table.durationMs", { ms: String(r.durationMs) }) : ""}
                    </td>
                  )}
                  {!compact && (
                    <td className={`${td} font-mono text-xs`}>
                      {r.sourceIp ??
                        (r.hidden.includes("source address") ? (
                          <span className="font-sans italic text-slate-500">{t("table.hidden")}</span>
                        ) : (
                          ""
                        ))}
                    </td>
                  )}
                  {!compact && (
                    <td className={`${td} text-xs`}>
                      {r.bulkId && (
                        <Link href={`/history?bulk=${encodeURIComponent(r.bulkId)}`} className="text-sky-700 underline dark:text-sky-400">
                          {t("table.bulkLink")}
                        </Link>
                      )}
                    </td>
                  )}
                </tr>
                {expanded && (
                  <tr id={detailId} className="border-b border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/60">
                    <td colSpan={cols} className="p-3">
                      <OperationDetail row={r} more={`/history/${r.operationId}`} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
