import clsx from "clsx";
import { useTranslations } from "next-intl";
import { TRANSITORY_STATES } from "@/lib/instances/view";

const STABLE_BAD = new Set(["failed", "down", "terminating", "stopping"]);

/** An ENS state or status in the viewer's words; a value the console does not know is shown as ENS wrote it. */
export function useStateLabel(): (value: string) => string {
  const t = useTranslations("instances.states");
  return (value) => (value && t.has(value as "running") ? t(value as "running") : value);
}

/** Transitory states pulse in amber; failures are red; steady states are calm. */
export function StateBadge({ value }: { value: string }) {
  const label = useStateLabel();
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
      {label(value) || "—"}
    </span>
  );
}
