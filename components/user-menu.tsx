"use client";

import { signOut } from "next-auth/react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { setLanguage } from "@/lib/actions/users";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import { showErrorToast } from "./error-toast";

const itemClass = "w-full rounded px-3 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800";

/** The signed-in user's menu: who they are, My keys (roles that keep their own keys), the language, sign out. */
export function UserMenu({ email, role, myKeys = false }: { email: string; role: string; myKeys?: boolean }) {
  const t = useTranslations("common.userMenu");
  const me = useTranslations("me.menu");
  const roles = useTranslations("common.roles");
  const locale = useLocale();
  const router = useRouter();
  const [changing, startChange] = useTransition();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);
  // Kept on the server with the user; the page is rendered again in the new language.
  const choose = (next: Locale) =>
    startChange(async () => {
      const res = await setLanguage({ locale: next });
      if (!res.ok) return showErrorToast(t("languageNotSaved"), res.error);
      setOpen(false);
      router.refresh();
    });
  const roleName = (roles.has(role as "viewer") ? roles(role as "viewer") : role) as string;
  return (
    <div ref={ref} className="relative">
      <button type="button" className="btn-secondary" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span className="max-w-48 truncate">{email}</span>
        <span className="rounded bg-slate-200 px-1.5 text-xs uppercase dark:bg-slate-700">{roleName}</span>
      </button>
      {open && (
        <div role="menu" aria-label={t("label")} className="card absolute right-0 mt-1 w-64 p-1">
          <div className="px-3 py-2 text-sm">
            <div className="truncate font-medium">{email}</div>
            <div className="text-slate-500">{t("role", { role: roleName })}</div>
          </div>
          {myKeys && (
            <Link
              href="/me/keys"
              role="menuitem"
              className={`${itemClass} block border-t border-slate-200 dark:border-slate-700`}
              onClick={() => setOpen(false)}
            >
              {me("myKeys")}
            </Link>
          )}
          <div
            role="group"
            aria-labelledby="user-menu-language"
            aria-busy={changing || undefined}
            className="border-t border-slate-200 py-1 dark:border-slate-700"
          >
            <div id="user-menu-language" className="px-3 py-1 text-xs font-medium text-slate-500">
              {t("language")}
            </div>
            {LOCALES.map((l) => (
              <button
                key={l}
                type="button"
                role="menuitemradio"
                aria-checked={l === locale}
                lang={l}
                className={itemClass}
                disabled={changing}
                onClick={() => l !== locale && choose(l)}
              >
                <span aria-hidden className="mr-2 inline-block w-3">
                  {l === locale ? "✓" : ""}
                </span>
                {LOCALE_NAMES[l]}
              </button>
            ))}
          </div>
          <button
            type="button"
            role="menuitem"
            className={`${itemClass} border-t border-slate-200 dark:border-slate-700`}
            onClick={() => signOut({ redirectTo: "/login" })}
          >
            {t("signOut")}
          </button>
        </div>
      )}
    </div>
  );
}
