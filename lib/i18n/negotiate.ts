import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./locales";

/** The console language that best fits a browser's Accept-Language (zh, zh-Hans, zh-SG → zh-CN), else English. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const asked = new Negotiator({ headers: { "accept-language": acceptLanguage } }).languages().filter((l) => l !== "*");
  try {
    const found = match(asked, [...LOCALES], DEFAULT_LOCALE);
    return isLocale(found) ? found : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}
