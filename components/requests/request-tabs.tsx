import clsx from "clsx";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { RequestListFilter, RequestTab } from "@/lib/requests/schema";
import type { RequestCounts } from "@/lib/requests/view";
import { requestsHref } from "./href";

/**
 * The /requests tabs, links in the URL (`?tab=`): only those the viewer's role may open. A tab
 * with a count shows it beside its name; its accessible name stays the tab's name, the count is
 * its description.
 */
export function RequestTabs({ tabs, filter, counts }: { tabs: readonly RequestTab[]; filter: RequestListFilter; counts?: RequestCounts }) {
  const t = useTranslations("requests.tabs");
  const countOf = (tab: RequestTab) => (tab === "approve" ? counts?.toApprove : tab === "review" ? counts?.toReview : undefined);
  return (
    <nav aria-label={t("label")} className="flex flex-wrap gap-1 border-b border-slate-200 text-sm dark:border-slate-800">
      {tabs.map((tab) => {
        const current = tab === filter.tab;
        const count = countOf(tab);
        const descId = `requests-tab-${tab}-count`;
        return (
          <span key={tab} className="flex items-center">
            <Link
              href={requestsHref(tab === "review" ? { tab } : { tab, state: filter.state, kind: filter.kind })}
              aria-current={current ? "page" : undefined}
              aria-describedby={count !== undefined ? descId : undefined}
              className={clsx(
                "-mb-px flex items-center gap-2 border-b-2 px-3 py-2",
                current
                  ? "border-sky-600 font-medium text-slate-900 dark:text-white"
                  : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white",
              )}
            >
              {t(tab)}
              {count !== undefined && count > 0 && (
                <span
                  aria-hidden="true"
                  className="rounded-full bg-sky-600 px-1.5 py-0.5 text-xs font-semibold leading-none text-white dark:bg-sky-500"
                >
                  {count}
                </span>
              )}
            </Link>
            {count !== undefined && (
              <span id={descId} className="sr-only">
                {t(tab === "approve" ? "approveCount" : "reviewCount", { count })}
              </span>
            )}
          </span>
        );
      })}
    </nav>
  );
}
