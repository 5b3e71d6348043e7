import type { useTranslations } from "next-intl";

type T = ReturnType<typeof useTranslations<"operations">>;

/**
 * The reason an item was not started because its operation stopped on failures
 * (Console.StoppedOnFailures, lib/jobs/job-rate.ts), in the viewer's language; null for any other
 * text (shown as recorded).
 */
export function stopReasonText(t: T, message: string | null): string | null {
  const m = message && /^Stopped: (\d+) of (\d+) items failed \(more than (\d+)(%?) failed\)\.$/.exec(message);
  if (!m) return null;
  const values = { failed: m[1], total: m[2], limit: m[3] };
  return m[4] ? t("items.stoppedPercent", values) : t("items.stoppedCount", values);
}
