import { negotiateLocale } from "./negotiate";
import type { Locale } from "./locales";

// Apart from request-locale.ts (which reads the request through next/headers), so the action
// wrapper and route helpers can use it with the user and header they already hold.

/** The user's chosen language, else the browser's (Accept-Language), else English. */
export function localeFor(user: { locale?: Locale | null } | null, acceptLanguage: string | null | undefined): Locale {
  return user?.locale ?? negotiateLocale(acceptLanguage);
}
