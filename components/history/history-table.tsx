"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { Fragment, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { Table, TableMessage, Tbody, Td, Th, THead, ThHidden, Tr } from "@/components/ui/table";
import { ROLES, type Role } from "@/lib/roles";
import { targetHref } from "./format";
import type { HistoryRow } from "@/lib/history/row";
import { LocalTime } from "./local-time";
import { OperationDetail } from "./operation-detail";
import { OutcomeBadge } from "./outcome-badge";
import { ResolutionNote } from "./resolution-note";

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** One row per operation; a row's Details button expands its params and both events. */
export function HistoryTable({ rows, caption, compact = false }: { rows: HistoryRow[]; caption: string; compact?: boolean }) {
  const t = useTranslations("history");
  const [open, setOpen] = useState<string | null>(null);
  if (!rows.length) return <TableMessage>{t("table.empty")}</TableMessage>;
  const role = (r: string) => (isRole(r) || r === "system" || r === "cli" ? t(`roles.${r}`) : r);
  const cols = compact ? 8 : 12;
  return (
    <Table caption={caption}>
      <THead>
        <ThHidden label={t("table.details")} />
        <Th>{t("table.time")}</Th>
        <Th>{t("table.actor")}</Th>
        <Th>{t("table.action")}</Th>
        {!compact && <Th>{t("table.target")}</Th>}
        <Th>{t("table.params")}</Th>
        <Th>{t("table.outcome")}</Th>
        <Th>{t("table.error")}</Th>
        <Th>RequestId</Th>
        {!compact && <Th>{t("table.duration")}</Th>}
        {!compact && <Th>{t("table.sourceIp")}</Th>}
        {!compact && <Th>{t("table.bulk")}</Th>}
      </THead>
      <Tbody>
        {rows.map((r) => {
          const expanded = open === r.operationId;
          const href = targetHref(r.targetType, r.targetId);
          const detailId = `op-${r.operationId}`;
          return (
            <Fragment key={r.operationId}>
              <Tr
                hover
                className="cursor-pointer"
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest("a,button")) return;
                  setOpen(expanded ? null : r.operationId);
                }}
              >
                <Td>
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
                </Td>
                <Td>
                  <LocalTime iso={r.at} />
                </Td>
                <Td>
                  <div className="max-w-44 truncate text-xs" title={r.actorEmail ?? undefined}>
                    {(r.actorEmail && <span translate="no">{r.actorEmail}</span>) ??
                      (r.hidden.includes("actor") ? (
                        <span className="italic text-slate-500">{t("table.hidden")}</span>
                      ) : (
                        t("table.anonymous")
                      ))}
                  </div>
                  {r.actorRole && <div className="text-xs text-slate-500">{role(r.actorRole)}</div>}
                </Td>
                <Td className="font-mono text-xs" translate="no">
                  {r.action}
                </Td>
                {!compact && (
                  <Td className="max-w-40 truncate text-xs" title={r.targetId ?? undefined} translate="no">
                    {href ? (
                      <Link href={href} className="text-sky-700 underline dark:text-sky-400">
                        {r.targetId}
                      </Link>
                    ) : (
                      (r.targetId ?? "")
                    )}
                  </Td>
                )}
                <Td className="max-w-48 truncate text-xs" title={r.summary} translate="no">
                  {r.summary}
                </Td>
                <Td className="whitespace-nowrap">
                  <OutcomeBadge outcome={r.outcome} />
                  {r.resolution && <ResolutionNote {...r.resolution} />}
                </Td>
                <Td className="font-mono text-xs" title={r.errorMessage ?? undefined} translate="no">
                  {r.errorCode ?? ""}
                </Td>
                <Td className="whitespace-nowrap font-mono text-xs">
                  {r.ensRequestId && (
                    <>
                      <span className="inline-block max-w-28 truncate align-bottom" title={r.ensRequestId}>
                        {r.ensRequestId}
                      </span>
                      <CopyButton value={r.ensRequestId} label={t("table.copyRequestId", { id: r.ensRequestId })} />
                    </>
                  )}
                </Td>
                {!compact && (
                  <Td className="whitespace-nowrap text-xs">
                    {r.durationMs !== null ? t("table.durationMs", { ms: String(r.durationMs) }) : ""}
                  </Td>
                )}
                {!compact && (
                  <Td className="font-mono text-xs">
                    {r.sourceIp ??
                      (r.hidden.includes("source address") ? (
                        <span className="font-sans italic text-slate-500">{t("table.hidden")}</span>
                      ) : (
                        ""
                      ))}
                  </Td>
                )}
                {!compact && (
                  <Td className="text-xs">
                    {r.bulkId && (
                      <Link href={`/history?bulk=${encodeURIComponent(r.bulkId)}`} className="text-sky-700 underline dark:text-sky-400">
                        {t("table.bulkLink")}
                      </Link>
                    )}
                  </Td>
                )}
              </Tr>
              {expanded && (
                <Tr id={detailId} className="bg-slate-50 dark:bg-slate-900/60">
                  <td colSpan={cols} className="p-3">
                    <OperationDetail row={r} more={`/history/${r.operationId}`} />
                  </td>
                </Tr>
              )}
            </Fragment>
          );
        })}
      </Tbody>
    </Table>
  );
}
