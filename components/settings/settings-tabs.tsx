"use client";

import clsx from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

const TABS = [
  { key: "access", href: "/settings/access" },
  { key: "destinations", href: "/settings/destinations" },
] as const;

/** The settings pages (admins): Access policy and Destinations, the current one marked. */
export function SettingsTabs() {
  const t = useTranslations("settings.tabs");
  const path = usePathname();
  return (
    <nav aria-label={t("label")} className="flex flex-wrap gap-1 border-b border-slate-200 text-sm dark:border-slate-800">
      {TABS.map((tab) => {
        const current = path === tab.href || path.startsWith(`${tab.href}/`);
        return (
          <Link
            key={tab.key}
            href={tab.href}
            aria-current={current ? "page" : undefined}
            className={clsx(
              "-mb-px border-b-2 px-3 py-2",
              current
                ? "border-sky-600 font-medium text-slate-900 dark:text-white"
                : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white",
            )}
          >
            {t(tab.key)}
          </Link>
        );
      })}
    </nav>
  );
}
