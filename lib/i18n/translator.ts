import { createTranslator } from "next-intl";
import { MESSAGES } from "./messages";
import type { Locale } from "./locales";

/** A translator for code outside React (the action wrapper, route handlers): no request context needed. */
export function translator(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale] });
}
