import clsx from "clsx";
import { TRANSITORY_STATES } from "@/lib/instances/types";

const STABLE_BAD = new Set(["failed", "down", "terminating", "stopping"]);

/** Transitory states pulse in amber; failures are red; steady states are calm. */
export function StateBadge({ value }: { value: string }) {
  const transitory = TRANSITORY_STATES.has(value) || value === "pending" || value === "starting";
  return (
    <span
      className={clsx(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium",
        transitory && "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200",
        STABLE_BAD.has(value) && "bg-red-100 text-red-900 dark:bg-red-900/40 dark:text-red-200",
        !transitory && !STABLE_BAD.has(value) && "bg-emerald-50 text-emerald-800 dark:bg-emerald-900/30 dark:text-emerald-200",
      )}
    >
      {transitory && <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-amber-500" />}
      {value || "—"}
    </span>
  );
}
