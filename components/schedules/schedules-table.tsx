import { useTranslations } from "next-intl";
import Link from "next/link";
import { EmptyRow, Table, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { ScheduleView } from "@/lib/schedules/view";
import { ScheduleState, ScheduleWhen } from "./schedule-state";
import { actionKey } from "./words";
import { formatInZone } from "./zone-time";

/** /schedules: every schedule, by name (name, action, target view, when, next run, owner, state). */
export function SchedulesTable({ rows }: { rows: ScheduleView[] }) {
  const t = useTranslations("schedules");
  return (
    <Table caption={t("list.caption")} container="card">
      <THead>
        <Th>{t("list.name")}</Th>
        <Th>{t("list.action")}</Th>
        <Th>{t("list.target")}</Th>
        <Th>{t("list.when")}</Th>
        <Th>{t("list.nextRun")}</Th>
        <Th>{t("list.owner")}</Th>
        <Th>{t("list.state")}</Th>
      </THead>
      <Tbody>
        {rows.map((s) => (
          <Tr key={s.id} hover>
            <Td>
              <Link href={`/schedules/${s.id}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                {s.name}
              </Link>
            </Td>
            <Td>{t(`actions.${actionKey(s.action)}`)}</Td>
            <Td>
              {s.viewName ? (
                <Link href={`/instances?view=${s.viewId}`} className="text-sky-700 hover:underline dark:text-sky-400">
                  {s.viewName}
                </Link>
              ) : (
                <span className="text-xs text-red-700 dark:text-red-300">{t("list.viewDeleted")}</span>
              )}
            </Td>
            <Td className="text-xs">
              <ScheduleWhen schedule={s} />
            </Td>
            <Td className="whitespace-nowrap font-mono text-xs">
              {s.nextRuns[0] ? (
                <time dateTime={s.nextRuns[0]}>{formatInZone(s.nextRuns[0], s.timeZone)}</time>
              ) : (
                <span className="font-sans text-slate-500">{t("list.none")}</span>
              )}
            </Td>
            <Td className="max-w-48 truncate text-xs" title={s.ownerEmail}>
              {s.ownerEmail}
            </Td>
            <Td>
              <ScheduleState schedule={s} />
            </Td>
          </Tr>
        ))}
        {rows.length === 0 && <EmptyRow columns={7}>{t("list.empty")}</EmptyRow>}
      </Tbody>
    </Table>
  );
}
