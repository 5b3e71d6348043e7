import clsx from "clsx";
import { useTranslations } from "next-intl";
import type { RequestState } from "@/lib/requests/schema";

const NEUTRAL = "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200";
const WAITING = "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200";
const GOOD = "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200";
const BAD = "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200";
const STOPPED = "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200";

const STYLE: Record<RequestState, string> = {
  pending: WAITING,
  approved: GOOD,
  done: GOOD,
  denied: BAD,
  failed: BAD,
  expired: STOPPED,
  cancelled: NEUTRAL,
};

/** A request's state in words (Pending, Approved, Denied, Expired, Cancelled, Done, Failed). */
export function RequestStateBadge({ state }: { state: RequestState }) {
  const t = useTranslations("requests.states");
  return (
    <span className={clsx("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium", STYLE[state] ?? NEUTRAL)}>
      {t(state)}
    </span>
  );
}
