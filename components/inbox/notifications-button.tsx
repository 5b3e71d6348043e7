"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import clsx from "clsx";
import { inboxUnreadQuery } from "@/lib/queries/inbox";

/**
 * The header's way to the inbox, with the count of unread notifications (a live query: a new
 * notification shows within seconds, without a reload). Its name is "Notifications", or
 * "Notifications 3" while 3 are unread.
 */
export function NotificationsButton() {
  const t = useTranslations("inbox.button");
  const pathname = usePathname();
  const { data } = useQuery(inboxUnreadQuery);
  const unread = data?.unread ?? 0;
  const active = pathname === "/inbox";
  return (
    <Link
      href="/inbox"
      aria-current={active ? "page" : undefined}
      aria-label={unread > 0 ? t("withCount", { count: unread }) : t("label")}
      title={unread > 0 ? t("unread", { count: unread }) : t("label")}
      className={clsx("btn-secondary relative inline-flex items-center gap-1.5", active && "bg-slate-100 dark:bg-slate-800")}
    >
      <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
        <path d="M10 2a6 6 0 0 0-6 6v2.6l-1.3 2.6A1 1 0 0 0 3.6 15h12.8a1 1 0 0 0 .9-1.4L16 10.6V8a6 6 0 0 0-6-6Zm0 16a2.5 2.5 0 0 1-2.4-2h4.8a2.5 2.5 0 0 1-2.4 2Z" />
      </svg>
      {unread > 0 && (
        <span
          aria-hidden
          data-testid="notifications-badge"
          className="rounded-full bg-red-600 px-1.5 text-xs font-semibold leading-5 text-white dark:bg-red-500"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}
