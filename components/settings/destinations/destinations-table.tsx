import { useTranslations } from "next-intl";
import Link from "next/link";
import { LocalTime } from "@/components/operations/local-time";
import { EmptyRow, Table, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { DestinationView } from "@/lib/outbound/view";
import { DestinationState, Receives } from "./destination-state";

/** /settings/destinations: every destination (name, kind, what it receives, state, lag, last success). */
export function DestinationsTable({ destinations }: { destinations: DestinationView[] }) {
  const t = useTranslations("settings.destinations");
  return (
    <Table caption={t("list.label")} container="card">
      <THead>
        <Th>{t("list.name")}</Th>
        <Th>{t("list.kind")}</Th>
        <Th>{t("list.receives")}</Th>
        <Th>{t("list.state")}</Th>
        <Th>{t("list.lag")}</Th>
        <Th>{t("list.lastSuccess")}</Th>
      </THead>
      <Tbody>
        {destinations.map((d) => (
          <Tr key={d.id} hover>
            <Td>
              <Link href={`/settings/destinations/${d.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                {d.name}
              </Link>
              <div className="max-w-72 truncate font-mono text-xs text-slate-500" title={d.url}>
                {d.url}
              </div>
            </Td>
            <Td>{t(`kinds.${d.kind}`)}</Td>
            <Td className="text-xs">
              <Receives destination={d} />
            </Td>
            <Td>
              <DestinationState state={d.state} />
            </Td>
            <Td className="whitespace-nowrap text-xs">{t("seconds", { count: d.lagSeconds })}</Td>
            <Td className="text-xs">{d.lastSuccessAt ? <LocalTime iso={d.lastSuccessAt} /> : t("never")}</Td>
          </Tr>
        ))}
        {destinations.length === 0 && <EmptyRow columns={6}>{t("list.empty")}</EmptyRow>}
      </Tbody>
    </Table>
  );
}
