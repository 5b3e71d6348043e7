"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import clsx from "clsx";
import { requestCountsQuery } from "@/lib/queries/requests";

const LINKS = ["overview", "instances", "operations", "schedules", "images", "keys", "history"] as const;
type LinkName = (typeof LINKS)[number] | "requests" | "reports" | "users" | "settings";

/** Where each link leads, where it is not `/<name>`; it is active on that path and below `/<name>`. */
const HREFS: Partial<Record<LinkName, string>> = { settings: "/settings/access", reports: "/reports/access" };

/**
 * The console's navigation. `canReadRequests`: the Requests link, with the count of requests the
 * viewer may approve now (a live query: it changes without a reload); `canReport`: Reports (the
 * access review, auditors and admins); `isAdmin`: Users and Settings.
 */
export function ConsoleNav({
  isAdmin,
  canReadRequests,
  canReport = false,
}: {
  isAdmin: boolean;
  canReadRequests: boolean;
  canReport?: boolean;
}) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const counts = useQuery({ ...requestCountsQuery, enabled: canReadRequests });
  const toApprove = canReadRequests ? (counts.data?.toApprove ?? 0) : 0;
  const links: LinkName[] = [...LINKS];
  if (canReadRequests) links.splice(3, 0, "requests");
  if (canReport) links.push("reports");
  if (isAdmin) links.push("users", "settings");
  return (
    <nav aria-label={t("label")} className="flex items-center gap-1">
      {links.map((l) => {
        const href = HREFS[l] ?? `/${l}`;
        const base = `/${l}`;
        const active = pathname === base || pathname.startsWith(`${base}/`);
        const badge = l === "requests" && toApprove > 0 ? toApprove : 0;
        return (
          <Link
            key={l}
            href={href}
            aria-current={active ? "page" : undefined}
            // The count is in the name ("Requests 2"); what it counts, in the description.
            aria-label={badge ? t("requestsWithCount", { count: badge }) : undefined}
            title={badge ? t("toApprove", { count: badge }) : undefined}
            className={clsx(
              "inline-flex items-center gap-1.5 whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm font-medium",
              active
                ? "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white"
                : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white",
            )}
          >
            {t(`links.${l}`)}
            {badge > 0 && (
              <span
                aria-hidden
                data-testid="requests-badge"
                className="rounded-full bg-amber-500 px-1.5 text-xs font-semibold leading-5 text-white dark:bg-amber-600"
              >
                {badge}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
