import type { RowOutcome } from "@/lib/audit/filter-params";

/** `2026-11-22 06:13:06.123 UTC` */
export function formatUtc(iso: string): string {
  return `${iso.replace("T", " ").replace(/Z$/, "")} UTC`;
}

export function targetHref(type: string | null, id: string | null): string | null {
  if (!id) return null;
  if (type === "instance") return `/instances/${encodeURIComponent(id)}`;
  if (type === "image") return `/images/${encodeURIComponent(id)}/share`;
  return null;
}

export const OUTCOME_STYLE: Record<RowOutcome, string> = {
  success: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  failure: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  denied: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200",
  rejected: "bg-orange-100 text-orange-900 dark:bg-orange-900/50 dark:text-orange-200",
  unknown: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100",
  pending: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
};
