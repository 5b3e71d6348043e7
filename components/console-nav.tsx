"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import clsx from "clsx";

const LINKS = ["overview", "instances", "operations", "images", "keys", "history"] as const;

export function ConsoleNav({ isAdmin }: { isAdmin: boolean }) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  const links = isAdmin ? [...LINKS, "users" as const] : LINKS;
  return (
    <nav aria-label={t("label")} className="flex items-center gap-1">
      {links.map((l) => {
        const href = `/${l}`;
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={l}
            href={href}
            aria-current={active ? "page" : undefined}
            className={clsx(
              "rounded-md px-3 py-1.5 text-sm font-medium",
              active
                ? "bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white"
                : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white",
            )}
          >
            {t(`links.${l}`)}
          </Link>
        );
      })}
    </nav>
  );
}
