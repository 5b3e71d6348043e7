import clsx from "clsx";
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ScheduleView } from "@/lib/schedules/view";
import { scheduleState } from "./words";
import { formatInZone } from "./zone-time";

const STYLE = {
  active: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  paused: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
  awaiting: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
} as const;

/** Active, Paused or Awaiting approval; the last with a link to its approval request. */
export function ScheduleState({ schedule }: { schedule: Pick<ScheduleView, "paused" | "approved" | "approvalRequestId"> }) {
  const t = useTranslations("schedules");
  const state = scheduleState(schedule);
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <span
        data-testid="schedule-state"
        className={clsx("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium", STYLE[state])}
      >
        {t(`states.${state}`)}
      </span>
      {state === "awaiting" && schedule.approvalRequestId && (
        <Link href={`/requests/${schedule.approvalRequestId}`} className="text-xs text-sky-700 hover:underline dark:text-sky-400">
          {t("list.approvalRequest")}
        </Link>
      )}
    </span>
  );
}

/** "0 2 * * * (Asia/Shanghai)" or "Once at 2026-12-08 02:00 (Asia/Shanghai)". */
export function ScheduleWhen({ schedule }: { schedule: Pick<ScheduleView, "repeat" | "runAt" | "timeZone"> }) {
  const t = useTranslations("schedules.when");
  return (
    <span>
      {schedule.repeat
        ? t("repeat", { rule: schedule.repeat, zone: schedule.timeZone })
        : t("once", { time: schedule.runAt ? formatInZone(schedule.runAt, schedule.timeZone) : "—", zone: schedule.timeZone })}
    </span>
  );
}
