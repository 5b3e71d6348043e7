import { useTranslations } from "next-intl";
import { LocalTime } from "@/components/operations/local-time";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Detail, DetailList } from "@/components/ui/field";
import { EmptyRow, Table, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { DeliveryView, DestinationView } from "@/lib/outbound/view";
import { DestinationControls } from "./destination-controls";
import { DestinationState, Receives } from "./destination-state";

/** /settings/destinations/<id>: what it receives, how far it is, its controls and its delivery log. */
export function DestinationDetail({ destination: d, deliveries }: { destination: DestinationView; deliveries: DeliveryView[] }) {
  const t = useTranslations("settings.destinations");
  const when = (iso: string | null) => (iso ? <LocalTime iso={iso} /> : t("detail.none"));
  return (
    <div className="space-y-6">
      <Breadcrumb label={t("detail.breadcrumb")} items={[{ label: t("title"), href: "/settings/destinations" }, { label: d.name }]} />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{d.name}</h1>
        <DestinationState state={d.state} />
        <span className="ml-auto">
          <DestinationControls id={d.id} name={d.name} paused={d.state === "paused"} lastSeq={d.lastSeq} />
        </span>
      </div>
      <section aria-label={d.name} className="card p-4">
        <DetailList columns={4}>
          <Detail label={t("kind")}>{t(`kinds.${d.kind}`)}</Detail>
          <Detail label={t("detail.url")}>
            <span className="break-all font-mono text-xs">{d.url}</span>
          </Detail>
          <Detail label={t("list.receives")}>
            <Receives destination={d} />
          </Detail>
          <Detail label={t("detail.filter")}>{d.filter.length ? d.filter.join(", ") : t("detail.everything")}</Detail>
          <Detail label={t("detail.cursor")}>{d.auditStream ? `#${d.lastSeq}` : t("detail.none")}</Detail>
          <Detail label={t("detail.lag")}>{t("seconds", { count: d.lagSeconds })}</Detail>
          <Detail label={t("detail.lastSuccess")}>{d.lastSuccessAt ? <LocalTime iso={d.lastSuccessAt} /> : t("never")}</Detail>
          <Detail label={t("detail.lastError")}>
            {d.lastError ? <span className="text-red-700 dark:text-red-300">{d.lastError}</span> : t("detail.none")}
          </Detail>
          {d.failingSince && <Detail label={t("detail.failingSince")}>{when(d.failingSince)}</Detail>}
          {d.retryAt && <Detail label={t("detail.retryAt")}>{when(d.retryAt)}</Detail>}
        </DetailList>
      </section>
      <h2 className="text-base font-semibold">{t("log.label")}</h2>
      <Table caption={t("log.label")} container="card">
        <THead>
          <Th>{t("log.at")}</Th>
          <Th>{t("log.event")}</Th>
          <Th>{t("log.outcome")}</Th>
          <Th>{t("log.status")}</Th>
          <Th>{t("log.latency")}</Th>
          <Th>{t("log.attempts")}</Th>
          <Th>{t("log.error")}</Th>
        </THead>
        <Tbody>
          {deliveries.map((r) => (
            <Tr key={`${r.stream}-${r.seq}`}>
              <Td className="text-xs">
                <LocalTime iso={r.at} />
              </Td>
              <Td className="font-mono text-xs">{r.eventId}</Td>
              <Td className="text-xs">{t(`outcomes.${r.outcome}`)}</Td>
              <Td className="font-mono text-xs">{r.status ?? ""}</Td>
              <Td className="whitespace-nowrap text-xs">{r.latencyMs !== null ? t("log.ms", { ms: r.latencyMs }) : ""}</Td>
              <Td className="text-xs">{r.attempts}</Td>
              <Td className="max-w-72 truncate text-xs text-red-700 dark:text-red-300" title={r.error ?? undefined}>
                {r.error ?? ""}
              </Td>
            </Tr>
          ))}
          {deliveries.length === 0 && <EmptyRow columns={7}>{t("log.empty")}</EmptyRow>}
        </Tbody>
      </Table>
    </div>
  );
}
