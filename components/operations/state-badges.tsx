import { useTranslations } from "next-intl";
import type { ItemState, JobListKind, JobState } from "@/lib/jobs/types";

/** Where each kind's short name ("Reboot") lives under `operations.kinds`. */
export const KIND_KEY = {
  "login.open": "login_open",
  "login.close": "login_close",
  "instance.reboot": "instance_reboot",
  "instance.reset": "instance_reset",
  "user.offboard": "user_offboard",
} as const satisfies Record<JobListKind, string>;

const badge = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium";
const NEUTRAL = "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200";
const ACTIVE = "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200";
const GOOD = "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200";
const BAD = "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200";
const STOPPED = "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200";
const UNSURE = "bg-slate-300 text-slate-900 dark:bg-slate-600 dark:text-white";

const OPERATION_STYLE: Record<JobState, string> = { queued: NEUTRAL, running: ACTIVE, finished: GOOD, cancelled: STOPPED };
const ITEM_STYLE: Record<ItemState, string> = {
  pending: NEUTRAL,
  running: ACTIVE,
  ok: GOOD,
  failed: BAD,
  unknown: UNSURE,
  cancelled: STOPPED,
};

function Badge({ value, style, live }: { value: string; style: string; live: boolean }) {
  return (
    <span className={`${badge} ${style}`}>
      {live && <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-sky-500" />}
      {value}
    </span>
  );
}

export function OperationStateBadge({ state }: { state: JobState }) {
  const t = useTranslations("operations.states");
  return <Badge value={t(state)} style={OPERATION_STYLE[state] ?? NEUTRAL} live={state === "running"} />;
}

export function ItemStateBadge({ state }: { state: ItemState }) {
  const t = useTranslations("operations.itemStates");
  return <Badge value={t(state)} style={ITEM_STYLE[state] ?? NEUTRAL} live={state === "running"} />;
}
