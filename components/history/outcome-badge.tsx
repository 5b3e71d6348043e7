import { useTranslations } from "next-intl";
import { OUTCOME_STYLE } from "./format";
import type { RowOutcome } from "@/lib/audit/filter-params";

export function OutcomeBadge({ outcome }: { outcome: RowOutcome }) {
  const t = useTranslations("history.outcomes");
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${OUTCOME_STYLE[outcome] ?? OUTCOME_STYLE.unknown}`}>
      {OUTCOME_STYLE[outcome] ? t(outcome) : outcome}
    </span>
  );
}
