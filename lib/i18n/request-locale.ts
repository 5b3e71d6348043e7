import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { getActiveUser } from "../auth/session";
import { negotiateLocale } from "./negotiate";
import type { Locale } from "./locales";

/** The user's chosen language, else the browser's (Accept-Language), else English. */
export function localeFor(user: { locale?: Locale | null } | null, acceptLanguage: string | null): Locale {
  return user?.locale ?? negotiateLocale(acceptLanguage);
}

/** This request's language (once per request). */
export const requestLocale = cache(async (): Promise<Locale> => {
  const h = await headers();
  const user = h.get("cookie") ? await getActiveUser().catch(() => null) : null;
  return localeFor(user, h.get("accept-language"));
});
