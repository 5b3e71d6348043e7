"use client";

import { useTranslations } from "next-intl";
import { useSyncExternalStore } from "react";
import { cronProblem, isTimeZone, nextRuns } from "@/lib/schedules/occurrences";
import { formatInZone } from "./zone-time";

const never = () => () => {};

/** The times, in `timeZone`'s clocks, as a list named `label`. */
export function RunTimes({ label, times, timeZone }: { label: string; times: readonly string[]; timeZone: string }) {
  return (
    <ol aria-label={label} className="space-y-0.5 font-mono text-sm">
      {times.map((iso) => (
        <li key={iso}>
          <time dateTime={iso}>{formatInZone(iso, timeZone)}</time> <span className="text-xs text-slate-500">{timeZone}</span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The form's live preview: the next five runs of `repeat` (or the one time `runAt`) as the clocks
 * of `timeZone` read them. Computed in the browser only (the server renders nothing), as the
 * preview starts from the viewer's now.
 */
export function NextRunsPreview({ repeat, runAt, timeZone }: { repeat: string | null; runAt: string | null; timeZone: string }) {
  const t = useTranslations("schedules.form");
  const now = useSyncExternalStore(
    never,
    () => Math.floor(Date.now() / 60_000) * 60_000,
    () => null,
  );
  let body: React.ReactNode = null;
  if (now !== null && isTimeZone(timeZone)) {
    if (repeat !== null) {
      const runs = repeat.trim() && !cronProblem(repeat) ? nextRuns(repeat, timeZone, new Date(now), 5).map((d) => d.toISOString()) : null;
      body = runs ? <RunTimes label={t("previewLabel")} times={runs} timeZone={timeZone} /> : <p>{t("previewBadRule")}</p>;
    } else if (runAt) {
      body =
        new Date(runAt).getTime() > now ? (
          <RunTimes label={t("previewLabel")} times={[runAt]} timeZone={timeZone} />
        ) : (
          <p>{t("previewPast")}</p>
        );
    }
  }
  return (
    <section
      aria-labelledby="schedule-preview"
      className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
      aria-live="polite"
    >
      <h2 id="schedule-preview" className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
        {t("preview", { zone: timeZone })}
      </h2>
      {body}
    </section>
  );
}
