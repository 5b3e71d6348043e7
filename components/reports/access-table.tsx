import Link from "next/link";
import { useTranslations } from "next-intl";
import { EmptyRow, Table, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { IntervalView } from "@/lib/access-report/view";

const utc = (iso: string) => `${iso.slice(0, 19).replace("T", " ")}Z`;

/** The access report's intervals: one row each, newest opening first. */
export function AccessTable({ rows, caption }: { rows: IntervalView[]; caption: string }) {
  const t = useTranslations("reports");
  return (
    <Table caption={caption} container="none">
      <THead>
        <Th>{t("columns.instance")}</Th>
        <Th>{t("columns.from")}</Th>
        <Th>{t("columns.to")}</Th>
        <Th>{t("columns.key")}</Th>
        <Th>{t("columns.opener")}</Th>
        <Th>{t("columns.reason")}</Th>
        <Th>{t("columns.request")}</Th>
        <Th>{t("columns.ended")}</Th>
      </THead>
      <Tbody>
        {rows.length === 0 && <EmptyRow columns={8}>{t("page.empty")}</EmptyRow>}
        {rows.map((r) => (
          <Tr key={r.openOperationId} data-testid="access-interval">
            <Td className="font-mono text-xs">
              <Link className="underline" href={`/instances/${encodeURIComponent(r.instanceId)}`}>
                {r.instanceId}
              </Link>
            </Td>
            <Td className="whitespace-nowrap font-mono text-xs">
              {r.origin === "outside" ? t("cell.outside", { at: utc(r.from) }) : utc(r.from)}
            </Td>
            <Td className="whitespace-nowrap font-mono text-xs">{r.to ? utc(r.to) : t("cell.stillOpen")}</Td>
            <Td className="text-xs">
              {r.keyName && (
                <div>
                  <span className="font-mono">{r.keyName}</span>{" "}
                  <span className="text-slate-500">{r.keyOwner ? t("cell.owner", { email: r.keyOwner }) : t("cell.noOwner")}</span>
                </div>
              )}
              {r.keyGroup && (
                <div>
                  {r.groupPeople !== null
                    ? t("cell.sharedGroup", { group: r.keyGroup, count: r.groupPeople })
                    : t("cell.sharedGroupUnknown", { group: r.keyGroup })}
                </div>
              )}
              {r.keys && <div>{t("cell.outsideKeys", { keys: r.keys.join(", ") })}</div>}
            </Td>
            <Td className="text-xs">{r.openedBy}</Td>
            <Td className="max-w-xs text-xs">
              <div className="break-words">{r.reason}</div>
              <div className="text-slate-500">{r.expiresAt ? t("cell.expires", { at: utc(r.expiresAt) }) : t("cell.noExpiry")}</div>
              {r.extends.map((e) => (
                <div key={e.at} className="text-slate-500">
                  {t("cell.extended", { at: utc(e.at), by: e.by ?? "", to: e.expiresAt ? utc(e.expiresAt) : "" })}
                </div>
              ))}
              {r.adoptedBy && <div className="text-slate-500">{t("cell.adopted", { by: r.adoptedBy })}</div>}
            </Td>
            <Td className="text-xs">
              {r.origin === "break_glass" ? (
                t("cell.breakGlass")
              ) : r.requestId ? (
                <>
                  <Link className="font-mono underline" href={`/requests/${encodeURIComponent(r.requestId)}`}>
                    {r.requestId.slice(0, 8)}
                  </Link>
                  {r.approvedBy.length > 0 && <div>{t("cell.approvedBy", { names: r.approvedBy.join(", ") })}</div>}
                </>
              ) : r.origin === "outside" ? (
                ""
              ) : (
                t("cell.direct")
              )}
            </Td>
            <Td className="text-xs">
              <div>{endingText(t, r)}</div>
              <Link className="text-slate-500 underline" href={`/history/${r.endOperationId ?? r.openOperationId}`}>
                {t("cell.history")}
              </Link>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function endingText(t: ReturnType<typeof useTranslations<"reports">>, r: IntervalView): string {
  switch (r.ending) {
    case "closed":
      return t("cell.endedClosed", { by: r.endedBy ?? "" });
    case "expiry":
      return t("cell.endedExpiry");
    case "offboarding":
      return t("cell.endedOffboarding");
    case "replaced":
      return t("cell.endedReplaced", { by: r.endedBy ?? "" });
    default:
      return t("cell.endedOpen");
  }
}
