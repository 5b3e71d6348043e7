import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { renderUser } from "./session";
import { localeFor } from "../i18n/locale-for";
import type { Locale } from "../i18n/locales";

export { localeFor } from "../i18n/locale-for";

/** This request's language (once per request). */
export const requestLocale = cache(async (): Promise<Locale> => {
  const h = await headers();
  const user = h.get("cookie") ? await renderUser().catch(() => null) : null;
  return localeFor(user, h.get("accept-language"));
});
