import { OUTCOME_STYLE } from "./format";
import type { RowOutcome } from "@/lib/validation/history-params";

export function OutcomeBadge({ outcome }: { outcome: RowOutcome }) {
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${OUTCOME_STYLE[outcome] ?? OUTCOME_STYLE.unknown}`}>
      {outcome}
    </span>
  );
}
