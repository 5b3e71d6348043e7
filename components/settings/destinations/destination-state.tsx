import clsx from "clsx";
import { useTranslations } from "next-intl";
import type { DestinationView } from "@/lib/outbound/view";

/** Active, Paused or Failing, as a badge. */
export function DestinationState({ state }: { state: DestinationView["state"] }) {
  const t = useTranslations("settings.destinations.states");
  return (
    <span
      className={clsx(
        "rounded px-1.5 py-0.5 text-xs font-medium",
        state === "active" && "bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200",
        state === "paused" && "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
        state === "failing" && "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200",
      )}
    >
      {t(state)}
    </span>
  );
}

/** What a destination receives, in words: the streams, and how many filter entries narrow them. */
export function Receives({ destination: d }: { destination: DestinationView }) {
  const t = useTranslations("settings.destinations.receives");
  const streams = [d.auditStream && t("audit"), d.notifications && t("notifications")].filter(Boolean).join(", ");
  return (
    <>
      {streams}
      {d.filter.length > 0 && <span className="text-slate-500"> ({t("filtered", { count: d.filter.length })})</span>}
    </>
  );
}
