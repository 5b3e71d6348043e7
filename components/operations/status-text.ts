import type { useTranslations } from "next-intl";
import type { JobSummaryView } from "@/lib/jobs/types";

type T = ReturnType<typeof useTranslations<"operations">>;

/** `K of N done` while it runs; `X ok, Y failed` (`, U unknown`, `, Z cancelled`) once it ended: the server's statusText, in the viewer's language. */
export function statusText(t: T, op: Pick<JobSummaryView, "state" | "total" | "done" | "counts">): string {
  const { ok, failed, unknown, cancelled } = op.counts;
  if (op.state === "queued" || op.state === "running") return t("status.progress", { done: String(op.done), total: String(op.total) });
  let s = t("status.ended", { ok: String(ok), failed: String(failed) });
  if (unknown) s += t("status.unknown", { count: String(unknown) });
  if (cancelled) s += t("status.cancelled", { count: String(cancelled) });
  return s;
}
