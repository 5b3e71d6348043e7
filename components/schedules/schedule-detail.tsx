import { useTranslations } from "next-intl";
import Link from "next/link";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { Detail, DetailList } from "@/components/ui/field";
import { EmptyRow, Table, Tbody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { ScheduleRunView, ScheduleView } from "@/lib/schedules/view";
import { RunTimes } from "./next-runs";
import { ScheduleControls } from "./schedule-controls";
import { ScheduleState, ScheduleWhen } from "./schedule-state";
import { actionKey, scheduleState } from "./words";
import { formatInZone, stopFailuresText } from "./zone-time";

/** /schedules/<id>: the schedule, its next five runs (in its time zone) and its runs, each linked to its operation. */
export function ScheduleDetail({ schedule: s, runs }: { schedule: ScheduleView; runs: ScheduleRunView[] }) {
  const t = useTranslations("schedules");
  const at = (iso: string) => <time dateTime={iso}>{`${formatInZone(iso, s.timeZone)} ${s.timeZone}`}</time>;
  return (
    <div className="space-y-6">
      <Breadcrumb label={t("detail.breadcrumb")} items={[{ label: t("title"), href: "/schedules" }, { label: s.name }]} />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{s.name}</h1>
        <ScheduleState schedule={s} />
        {s.canManage && (
          <span className="ml-auto">
            <ScheduleControls id={s.id} name={s.name} paused={s.paused} />
          </span>
        )}
      </div>
      {scheduleState(s) === "awaiting" && s.approvalRequestId && (
        <p className="text-sm">
          {t("detail.awaiting")}{" "}
          <Link href={`/requests/${s.approvalRequestId}`} className="text-sky-700 hover:underline dark:text-sky-400">
            {t("list.approvalRequest")}
          </Link>
        </p>
      )}
      <section aria-labelledby="schedule-details" className="card p-4">
        <h2 id="schedule-details" className="sr-only">
          {t("detail.details")}
        </h2>
        <DetailList columns={4}>
          <Detail label={t("detail.action")}>{t(`actions.${actionKey(s.action)}`)}</Detail>
          {s.action === "login.open" && (
            <>
              <Detail label={t("detail.key")}>{s.keyName ?? (s.keyGroup ? t("detail.keyGroup", { group: s.keyGroup }) : "")}</Detail>
              <Detail label={t("detail.duration")}>
                {s.durationMinutes !== null ? t("detail.minutes", { count: s.durationMinutes }) : ""}
              </Detail>
            </>
          )}
          <Detail label={t("detail.target")}>
            {s.viewName ? (
              <Link href={`/instances?view=${s.viewId}`} className="text-sky-700 hover:underline dark:text-sky-400">
                {s.viewName}
              </Link>
            ) : (
              <span className="text-red-700 dark:text-red-300">{t("detail.viewDeleted")}</span>
            )}
          </Detail>
          <Detail label={t("detail.when")}>
            <ScheduleWhen schedule={s} />
          </Detail>
          <Detail label={t("detail.timeZone")}>{s.timeZone}</Detail>
          <Detail label={t("detail.owner")}>{s.ownerEmail}</Detail>
          <Detail label={t("detail.reason")}>{s.reason}</Detail>
          <Detail label={t("detail.maxInstances")}>{String(s.maxInstances)}</Detail>
          <Detail label={t("detail.maxConcurrent")}>{String(s.maxConcurrent)}</Detail>
          <Detail label={t("detail.maxPerSecond")}>{String(s.maxPerSecond)}</Detail>
          <Detail label={t("detail.stopFailures")}>{stopFailuresText(s) || t("detail.noStop")}</Detail>
          <Detail label={t("detail.grace")}>{t("detail.minutes", { count: s.graceMinutes })}</Detail>
          <Detail label={t("detail.created")}>{at(s.createdAt)}</Detail>
          <Detail label={t("detail.updated")}>{at(s.updatedAt)}</Detail>
        </DetailList>
      </section>
      <section aria-labelledby="schedule-next" className="card space-y-2 p-4">
        <h2 id="schedule-next" className="font-semibold">
          {t("detail.nextRuns", { zone: s.timeZone })}
        </h2>
        {s.nextRuns.length ? (
          <RunTimes label={t("detail.nextRunsLabel")} times={s.nextRuns} timeZone={s.timeZone} />
        ) : (
          <p className="text-sm text-slate-500">{t("detail.noNextRuns")}</p>
        )}
      </section>
      <section aria-labelledby="schedule-runs" className="card space-y-2 p-4">
        <h2 id="schedule-runs" className="font-semibold">
          {t("runs.title")}
        </h2>
        <Table caption={t("runs.caption")} container="scroll">
          <THead>
            <Th>{t("runs.occurrence")}</Th>
            <Th>{t("runs.state")}</Th>
            <Th>{t("runs.reason")}</Th>
            <Th>{t("runs.operation")}</Th>
          </THead>
          <Tbody>
            {runs.map((r) => (
              <Tr key={r.occurrence}>
                <Td className="whitespace-nowrap font-mono text-xs">{at(r.occurrence)}</Td>
                <Td>{t(`runs.states.${r.state}`)}</Td>
                <Td className="text-xs">{r.reason ?? ""}</Td>
                <Td className="font-mono text-xs">
                  {r.operationId && (
                    <Link
                      href={`/operations/${r.operationId}`}
                      aria-label={t("runs.openOperation", { id: r.operationId })}
                      className="text-sky-700 hover:underline dark:text-sky-400"
                      translate="no"
                    >
                      {r.operationId.slice(0, 8)}
                    </Link>
                  )}
                </Td>
              </Tr>
            ))}
            {runs.length === 0 && <EmptyRow columns={4}>{t("runs.empty")}</EmptyRow>}
          </Tbody>
        </Table>
      </section>
    </div>
  );
}
